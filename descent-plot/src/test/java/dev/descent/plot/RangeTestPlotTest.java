package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Objectives;
import dev.descent.optim.Sgd;
import dev.descent.rangetest.LearningRateFinder;
import dev.descent.rangetest.RangeTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class RangeTestPlotTest {

    /** The range test of gradient descent on {@code 1/2 h x^2} from 1 (plus {@code offset}), suggested rate about 1/h. */
    static RangeTest quadratic(double h, double offset) {
        return LearningRateFinder.defaults().run(new Sgd(1),
                Objectives.of(1, (x, g) -> {
                    g[0] = h * x[0];
                    return 0.5 * h * x[0] * x[0] + offset;
                }), new double[] {1});
    }

    static boolean blueNear(BufferedImage image, int x, int y) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                int rgb = image.getRGB(x + dx, y + dy);
                if ((rgb & 0xFFFFFF) == 0x1F77B4) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void thePngShowsTheSmoothedCurveAndTheSuggestedRateAsARedLine(@TempDir Path dir) throws IOException {
        RangeTest test = quadratic(100, 0);
        RangeTestPlot plot = new RangeTestPlot(test, "sgd on 1/2 100 x^2");
        Path file = dir.resolve("lr.png");
        plot.write(file, 900, 560);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(560);
        // the dashed line at the suggested rate: red pixels down its column, and none a decade away
        int column = (int) Math.round(plot.suggestionColumn(900, 560));
        int red = 0;
        int redElsewhere = 0;
        for (int y = 100; y < 380; y++) {
            red += ContourPlotTest.redNear(image, column, y) ? 1 : 0;
            redElsewhere += ContourPlotTest.redNear(image, column + 80, y) ? 1 : 0;
        }
        assertThat(red).isGreaterThan(120);
        assertThat(redElsewhere).isZero();
        // the smoothed loss passes where its values map
        for (int step : new int[] {20, 40, 60}) {
            double x = new LogPanelProbe(test).x(step, 900, 560);
            assertThat(blueNear(image, (int) Math.round(x), (int) Math.round(plot.smoothedRow(step, 900, 560))))
                    .as("step %d", step).isTrue();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // written by rename: no temporary file is left
        }
    }

    /** The column of a step's rate, as the plot maps it. */
    record LogPanelProbe(RangeTest test) {
        double x(int step, int width, int height) {
            double fraction = (Math.log10(test.rates()[step]) - Math.log10(1e-7)) / (Math.log10(10) - Math.log10(1e-7));
            return 84 + fraction * (width - 84 - 32);
        }
    }

    @Test
    void theSvgHoldsTheSuggestionsLabelAndTheRequestedSize(@TempDir Path dir) throws Exception {
        RangeTest test = quadratic(100, 0);
        Path file = dir.resolve("lr.svg");
        new RangeTestPlot(test, "sgd").write(file, 800, 500);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = factory.newDocumentBuilder().parse(file.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getAttribute("width")).isEqualTo("800");
        String text = Files.readString(file);
        assertThat(text).contains(">suggested lr " + dev.descent.optim.Optimizer.shortNumber(test.suggestedRate()) + "<")
                .contains("stopped at lr").contains("learning rate (log scale)");
    }

    @Test
    void negativeLossesAreDrawnAboveTheirMinimum(@TempDir Path dir) throws IOException {
        RangeTest test = quadratic(100, -3);
        Path file = dir.resolve("shifted.svg");
        new RangeTestPlot(test, "shifted").write(file, 800, 500);
        assertThat(Files.readString(file)).contains("loss - min loss (min = -3)");
    }

    @Test
    void aBadExtensionIsRefusedAndNothingIsWritten(@TempDir Path dir) throws IOException {
        RangeTest test = quadratic(100, 0);
        assertThatThrownBy(() -> new RangeTestPlot(test, "x").write(dir.resolve("lr.jpg"), 800, 500))
                .hasMessage("the output must end in .png or .svg: " + dir.resolve("lr.jpg"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
