package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.ml.Pipeline;
import dev.descent.ml.model.ModelSpec;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.rangetest.LearningRateFinder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent train --find-lr}: the range test on the run train would make, printed and drawn. */
class RangeTestCommandTest {

    /** y = 3 x1 - 2 x2 + noise, 300 rows: least squares, on which SGD diverges past a rate the test must find. */
    static Path csv(Path dir) throws IOException {
        Random random = new Random(5);
        StringBuilder text = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 300; i++) {
            double x1 = random.nextGaussian();
            double x2 = 4 * random.nextGaussian();
            text.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", x1, x2, 3 * x1 - 2 * x2 + 0.3 * random.nextGaussian()));
        }
        Path file = dir.resolve("small.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void printsTheSuggestedRateAndDrawsAPng(@TempDir Path dir) throws IOException {
        Path data = csv(dir);
        Path plot = dir.resolve("lr.png");
        Cli cli = Cli.run("train", "--data", data.toString(), "--model", "linear", "--optimizer", "sgd", "--find-lr",
                "--find-lr-plot", plot.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).isEmpty();
        String[] lines = cli.out().split("\\R");
        assertThat(lines[0]).isEqualTo("learning-rate range test of linear with sgd, batches of 32, on small.csv (300 rows, "
                + "2 features, target 'y')");
        assertThat(lines[1]).startsWith("swept lr 1e-07 to ").contains(" of 100 steps, then stopped: the smoothed loss ")
                .contains("rose past 4 x its minimum");
        assertThat(lines[2]).startsWith("lowest smoothed loss ");
        assertThat(lines[3]).matches("suggested learning rate: [0-9.e-]+ \\(a tenth of the rate at the lowest smoothed loss\\)");
        String rate = lines[3].split(" ")[3];
        assertThat(lines[4]).isEqualTo("  train with: --lr " + rate);
        assertThat(lines[5]).isEqualTo("plotted " + plot);
        BufferedImage image = ImageIO.read(plot.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(560);
        // least squares with standardized features: the fastest rate of SGD is about 1 / (largest curvature), about 1
        assertThat(Double.parseDouble(rate)).isBetween(0.1, 3.0);

        // the same sweep as the library's on the pipeline train would run, and training with it works
        Pipeline pipeline = Pipeline.of(data.toString(), ModelSpec.parse("linear")).plan(plan -> plan.optimizer(new Sgd(1e-3)));
        assertThat(Optimizer.shortNumber(pipeline.findLearningRate(LearningRateFinder.defaults()).test().suggestedRate()))
                .isEqualTo(rate);
        Cli trained = Cli.run("train", "--data", data.toString(), "--model", "linear", "--optimizer", "sgd", "--lr", rate,
                "--epochs", "20");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.err()).isEmpty();
    }

    @Test
    void jsonHoldsTheCurveAndAnSvgIsValid(@TempDir Path dir) throws Exception {
        Path data = csv(dir);
        Path plot = dir.resolve("sub/lr.svg");
        Cli cli = Cli.run("train", "--data", data.toString(), "--model", "linear", "--optimizer", "adam", "--batch-size", "16",
                "--find-lr", "--find-lr-plot", plot.toString(), "--find-lr-range", "1e-5,100", "--find-lr-steps", "90",
                "--format", "json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(cli.out());
        assertThat(json.get("optimizer").asText()).isEqualTo("adam");
        assertThat(json.get("batchSize").asInt()).isEqualTo(16);
        assertThat(json.get("minLr").asDouble()).isEqualTo(1e-5);
        assertThat(json.get("maxLr").asDouble()).isEqualTo(100);
        assertThat(json.get("steps").asInt()).isEqualTo(90);
        JsonNode curve = json.get("curve");
        assertThat(curve).hasSize(json.get("stepsTaken").asInt());
        assertThat(curve.get(0).get("lr").asDouble()).isEqualTo(1e-5);
        double minimum = json.get("minimumLr").asDouble();
        assertThat(json.get("suggestedLr").asDouble()).isEqualTo(minimum / 10);
        assertThat(json.get("plot").asText()).isEqualTo(plot.toString());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertThat(factory.newDocumentBuilder().parse(plot.toFile()).getDocumentElement().getTagName()).isEqualTo("svg");
        try (Stream<Path> files = Files.list(plot.getParent())) {
            assertThat(files).containsExactly(plot);
        }
    }

    @Test
    void theMlpsDefaultOptimizerIsSwept() {
        Cli cli = Cli.run("train", "--data", "iris", "--model", "mlp:8", "--find-lr", "--find-lr-steps", "60", "--quiet");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).startsWith("learning-rate range test of mlp:8:relu with adam, batches of 32, on iris")
                .contains("  train with: --lr ");
    }

    @Test
    void whatDoesNotFitIsRefusedByOption(@TempDir Path dir) throws IOException {
        Path data = csv(dir);
        String[] base = {"train", "--data", data.toString(), "--model", "linear"};
        TrainCommandTest.assertError(Cli.run(concat(base, "--find-lr")), "--find-lr: linear trains with lbfgs by default, whose "
                + "line search sets every step, so there is no learning rate to find; choose a first-order optimizer, such "
                + "as --optimizer sgd or --optimizer adam");
        TrainCommandTest.assertError(Cli.run(concat(base, "--optimizer", "gd", "--line-search", "armijo", "--find-lr")),
                "--find-lr: it does not apply to gd+armijo: its line search sets the length of every step");
        TrainCommandTest.assertError(Cli.run(concat(base, "--optimizer", "sgd", "--maximize", "--find-lr")),
                "--find-lr: it does not apply to sgd lr=0.001, which maximizes");
        TrainCommandTest.assertError(Cli.run(concat(base, "--find-lr-plot", "x.png")), "--find-lr-plot applies only with --find-lr");
        TrainCommandTest.assertError(Cli.run(concat(base, "--find-lr-steps", "50")), "--find-lr-steps applies only with --find-lr");
        String[] sweep = concat(base, "--optimizer", "sgd", "--find-lr");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--find-lr-range", "10,1e-7")),
                "--find-lr-range must be two learning rates MIN,MAX with 0 < MIN < MAX: 10.0,1.0E-7");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--find-lr-range", "0,1")),
                "--find-lr-range must be two learning rates MIN,MAX with 0 < MIN < MAX: 0.0,1.0");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--find-lr-range", "1e-3")),
                "--find-lr-range must be two learning rates MIN,MAX with 0 < MIN < MAX: 0.001");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--find-lr-range", "1e-3,abc")), "--find-lr-range: 'abc' is not a number");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--find-lr-steps", "1")), "--find-lr-steps must be in [2, 100000]: 1");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--find-lr-plot", dir.resolve("lr.jpg").toString())),
                "--find-lr-plot: the output must end in .png or .svg");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--save", dir.resolve("m.json").toString())),
                "--save does not apply with --find-lr: the range test trains nothing");
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--plot", dir.resolve("p.png").toString())),
                "--plot draws the curves of a training run; with --find-lr use --find-lr-plot FILE");
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        TrainCommandTest.assertError(Cli.run(concat(sweep, "--find-lr-plot", folder.toString())),
                "--find-lr-plot " + folder + ": cannot write");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("small.csv", "folder.png");
        }
    }

    static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
