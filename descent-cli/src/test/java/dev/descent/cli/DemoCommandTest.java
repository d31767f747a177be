package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void writesEveryPictureAndAnIndexThatShowsThemAll(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("demo");
        Cli cli = Cli.run("demo", "--out", out.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        Set<String> written = new TreeSet<>();
        try (Stream<Path> files = Files.list(out)) {
            files.filter(f -> f.toString().endsWith(".png")).forEach(f -> written.add(f.getFileName().toString()));
        }
        assertThat(written).contains("lr-quadratic.png", "lr-rosenbrock.png", "minima.png", "minima-himmelblau.png",
                "race.png", "race-loss.png");
        for (String image : written) {
            assertThat(ImageIO.read(out.resolve(image).toFile())).as(image).isNotNull();
        }
        String html = Files.readString(out.resolve("index.html"));
        Set<String> referenced = new TreeSet<>();
        Matcher matcher = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        while (matcher.find()) {
            referenced.add(matcher.group(1));
        }
        assertThat(referenced).isEqualTo(written);
        assertThat(html).contains("six-hump camel").contains("Several global minima").contains("learning rate");
        assertThat(cli.out()).contains("wrote").contains("DIVERGED").contains("lbfgs m=10").contains("himmelblau");
        // the camel's minima as the literature gives them: two global at -1.0316, four local, each labelled so
        assertThat(cli.out().lines().filter(l -> l.startsWith("six-hump-camel") && l.contains("f = -1.03163 global")))
                .hasSize(2);
        assertThat(cli.out().lines().filter(l -> l.startsWith("six-hump-camel") && l.contains(" local from "))).hasSize(4);
        // the three regimes share three times the steps the good rate needs, so the small one is unfinished
        java.util.regex.Matcher good = Pattern.compile("quadratic  gd lr=\\S+ +\\S+ +(\\d+) .*GRADIENT_TOLERANCE")
                .matcher(cli.out());
        assertThat(good.find()).isTrue();
        long budget = Math.max(30, 3 * Long.parseLong(good.group(1)));
        assertThat(cli.out()).containsPattern("quadratic  gd lr=\\S+ +\\S+ +" + budget + " .*MAX_ITERATIONS");
    }
}
