package dev.descent.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class ContourPlotTest {

    static final ToDoubleFunction<double[]> BOWL = p -> p[0] * p[0] + 4 * p[1] * p[1];
    static final ToDoubleFunction<double[]> ROSENBROCK =
            p -> (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);

    static List<double[]> line(double[] from, double[] to, int steps) {
        List<double[]> points = new ArrayList<>();
        for (int k = 0; k <= steps; k++) {
            double t = k / (double) steps;
            points.add(new double[] {from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])});
        }
        return points;
    }

    @Test
    void pngHasTheRequestedSizeAndThePathIsDrawnWhereItsPointsMap(@TempDir Path dir) throws IOException {
        Color red = new Color(0xFF0000);
        List<double[]> points = line(new double[] {-1.5, -0.8}, new double[] {1.2, 0.9}, 8);
        ContourPlot plot = ContourPlot.of(BOWL, new Range(-2, 2, -1, 1)).title("bowl")
                .path(new Trajectory("gd", points, red)).minimum(new double[] {0, 0});
        Path file = dir.resolve("bowl.png");
        plot.write(file, 700, 500);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(700);
        assertThat(image.getHeight()).isEqualTo(500);
        // midway between two consecutive points the line is red; well off the line it is not
        for (int k = 0; k + 1 < points.size(); k++) {
            double[] a = plot.pixelOf(points.get(k), 700, 500);
            double[] b = plot.pixelOf(points.get(k + 1), 700, 500);
            int x = (int) Math.round((a[0] + b[0]) / 2);
            int y = (int) Math.round((a[1] + b[1]) / 2);
            assertThat(redNear(image, x, y)).as("segment %d at (%d, %d)", k, x, y).isTrue();
        }
        double[] away = plot.pixelOf(new double[] {1.5, -0.8}, 700, 500);
        assertThat(redNear(image, (int) away[0], (int) away[1])).isFalse();
        // the known minimum is a white star at (0, 0)
        double[] star = plot.pixelOf(new double[] {0, 0}, 700, 500);
        assertThat(image.getRGB((int) Math.round(star[0]), (int) Math.round(star[1])) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    /** A red pixel within one pixel of (x, y): antialiasing spreads a 2-pixel line over its neighbours. */
    static boolean redNear(BufferedImage image, int x, int y) {
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                if (isRed(image.getRGB(x + dx, y + dy))) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isRed(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return r > 150 && g < 90 && b < 90;
    }

    @Test
    void svgHoldsOnePathElementPerRunAndTheRequestedSize(@TempDir Path dir) throws Exception {
        ContourPlot plot = ContourPlot.of(ROSENBROCK, new Range(-2, 2, -1, 3));
        for (int k = 0; k < 3; k++) {
            plot = plot.path(new Trajectory("run " + k, line(new double[] {-1.5 + k, 2}, new double[] {1, 1}, 20 + k)));
        }
        Path file = dir.resolve("r.svg");
        plot.write(file, 640, 560);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = factory.newDocumentBuilder().parse(file.toFile());
        Element root = svg.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("640");
        assertThat(root.getAttribute("height")).isEqualTo("560");
        assertThat(pathsOutsideDefs(svg)).isEqualTo(3);
        assertThat(Files.readString(file)).contains("data:image/png;base64,").contains(">run 2<");
    }

    static int pathsOutsideDefs(Document svg) {
        NodeList paths = svg.getElementsByTagName("path");
        int count = 0;
        for (int i = 0; i < paths.getLength(); i++) {
            Node parent = paths.item(i).getParentNode();
            boolean inDefs = false;
            for (Node n = parent; n != null; n = n.getParentNode()) {
                inDefs |= "defs".equals(n.getNodeName()) || "clipPath".equals(n.getNodeName());
            }
            count += inDefs ? 0 : 1;
        }
        return count;
    }

    @Test
    void aPathLeavingTheFrameIsClippedAndItsExitMarked(@TempDir Path dir) throws IOException {
        Color red = new Color(0xFF0000);
        List<double[]> points = List.of(new double[] {0, 0}, new double[] {0.5, 0}, new double[] {5, 0}, new double[] {50, 0});
        ContourPlot plot = ContourPlot.of(BOWL, new Range(-1, 1, -1, 1)).path(new Trajectory("overshoot", points, red));
        Path file = dir.resolve("exit.png");
        plot.write(file, 600, 500);
        BufferedImage image = ImageIO.read(file.toFile());
        double[] border = plot.pixelOf(new double[] {1, 0}, 600, 500);
        // the exit triangle sits just inside the right border
        assertThat(redNear(image, (int) border[0] - 4, (int) Math.round(border[1]))).isTrue();
        // nothing red to the right of the frame (the colour bar is there)
        assertThat(redNear(image, (int) border[0] + 20, (int) Math.round(border[1]))).isFalse();
    }

    /**
     * An overshoot that comes back is drawn whole and ends in its square, with no exit triangle and a
     * legend that says it was outside for a while; a path that ends outside is cut at its first exit.
     */
    @Test
    void aPathThatComesBackIsNotDrawnAsOneThatLeaves(@TempDir Path dir) throws IOException {
        Color red = new Color(0xFF0000);
        List<double[]> back = List.of(new double[] {-0.5, 0}, new double[] {3, 0}, new double[] {0.2, 0.1});
        ContourPlot plot = ContourPlot.of(BOWL, new Range(-1, 1, -1, 1)).path(new Trajectory("overshoot", back, red));
        Path file = dir.resolve("back.png");
        plot.write(file, 600, 500);
        BufferedImage image = ImageIO.read(file.toFile());
        double[] end = plot.pixelOf(new double[] {0.2, 0.1}, 600, 500);
        assertThat(redNear(image, (int) end[0], (int) end[1])).as("the end square").isTrue();
        Path svg = dir.resolve("back.svg");
        plot.write(svg, 600, 500);
        assertThat(Files.readString(svg)).contains("overshoot (outside the frame for a while from step 1)")
                .doesNotContain("left the frame");
        Path gone = dir.resolve("gone.svg");
        ContourPlot.of(BOWL, new Range(-1, 1, -1, 1)).path(new Trajectory("diverging", List.of(new double[] {0, 0},
                new double[] {3, 0}, new double[] {0.5, 0}, new double[] {9, 0}), red)).write(gone, 600, 500);
        assertThat(Files.readString(gone)).contains("diverging (left the frame at step 1)");
    }

    /** A long path's dots are thinned, and its legend says how. */
    @Test
    void aThinnedPathSaysEveryHowManyStepsItDots(@TempDir Path dir) throws IOException {
        List<double[]> spiral = new ArrayList<>();
        for (int k = 0; k < 4000; k++) {
            double r = 0.9 * Math.exp(-k / 1000.0);
            spiral.add(new double[] {r * Math.cos(k / 50.0), r * Math.sin(k / 50.0)});
        }
        Path svg = dir.resolve("spiral.svg");
        ContourPlot.of(BOWL, new Range(-1, 1, -1, 1)).path(new Trajectory("spiral", spiral)).write(svg, 600, 500);
        int stride = (int) Math.ceil(4000 / (double) ContourPlot.MAX_DOTS);
        assertThat(Files.readString(svg)).contains("spiral (a dot every " + stride + " steps)");
    }

    /** A run has one colour in every picture: the k-th path of a contour plot and the k-th loss curve share it. */
    @Test
    void pathsAndLossCurvesShareTheirColours(@TempDir Path dir) throws IOException {
        ContourPlot plot = ContourPlot.of(BOWL, new Range(-1, 1, -1, 1));
        List<LossCurves.Series> series = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            plot = plot.path(new Trajectory("run " + k, List.of(new double[] {-0.9 + 0.3 * k, 0.5}, new double[] {0, 0})));
            series.add(new LossCurves.Series("run " + k, new double[] {0, 1, 2}, new double[] {3, 2, 1},
                    new double[] {1, 0.5, 0.25}));
        }
        Path paths = dir.resolve("paths.svg");
        Path curves = dir.resolve("curves.svg");
        plot.write(paths, 600, 500);
        new LossCurves(series, "curves").write(curves, 900, 420);
        String a = Files.readString(paths);
        String b = Files.readString(curves);
        for (int k = 0; k < 6; k++) {
            Color c = Style.palette(k);
            String rgb = "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
            assertThat(a).as("path %d", k).contains(rgb);
            assertThat(b).as("curve %d", k).contains(rgb);
            assertThat(c).as("readable on white").isNotEqualTo(Color.WHITE);
        }
    }

    /** An error rate that reaches 0 stays on a log axis, on its bottom edge, and the axis says so. */
    @Test
    void aZeroOnALogAxisIsDrawnOnTheBottomEdgeAndSaid(@TempDir Path dir) throws IOException {
        Path svg = dir.resolve("errors.svg");
        new LossCurves(List.of(new LossCurves.Series("train", new double[] {1, 2, 3, 4}, new double[] {1, 0.5, 0.2, 0.1},
                new double[] {0.3, 0.1, 0, 0})), "training", "loss", "error rate", "epoch").write(svg, 900, 420);
        assertThat(Files.readString(svg)).contains("error rate, 0 on the bottom edge (log scale)");
        Path plain = dir.resolve("plain.svg");
        new LossCurves(List.of(new LossCurves.Series("train", new double[] {1, 2}, new double[] {1, 0.5},
                new double[] {0.3, 0.1})), "training", "loss", "error rate", "epoch").write(plain, 900, 420);
        assertThat(Files.readString(plain)).contains("error rate (log scale)").doesNotContain("bottom edge");
    }

    @Test
    void theInfeasibleSideOfABoxIsVeiledAndTheFeasibleSideLeftAsItWas(@TempDir Path dir) throws IOException {
        ContourPlot plain = ContourPlot.of(BOWL, new Range(-2, 2, -1, 1));
        ContourPlot boxed = plain.feasibleBox(-1, Double.POSITIVE_INFINITY, -0.5, 0.5);
        plain.write(dir.resolve("plain.png"), 600, 500);
        boxed.write(dir.resolve("boxed.png"), 600, 500);
        BufferedImage before = ImageIO.read(dir.resolve("plain.png").toFile());
        BufferedImage after = ImageIO.read(dir.resolve("boxed.png").toFile());
        double[] outside = plain.pixelOf(new double[] {-1.5, 0}, 600, 500);   // left of x = -1
        double[] above = plain.pixelOf(new double[] {1.5, 0.8}, 600, 500);    // above y = 0.5
        double[] inside = plain.pixelOf(new double[] {0.3, 0.2}, 600, 500);
        assertThat(brightness(after, outside)).isLessThan(brightness(before, outside) * 0.6);
        assertThat(brightness(after, above)).isLessThan(brightness(before, above) * 0.6);
        assertThat(after.getRGB((int) inside[0], (int) inside[1])).isEqualTo(before.getRGB((int) inside[0], (int) inside[1]));
        assertThatThrownBy(() -> plain.feasibleBox(1, 0, 0, 1)).hasMessageContaining("lower <= upper");
    }

    private static double brightness(BufferedImage image, double[] pixel) {
        Color c = new Color(image.getRGB((int) pixel[0], (int) pixel[1]));
        return c.getRed() + c.getGreen() + c.getBlue();
    }

    @Test
    void clippingKeepsTheVisiblePart() {
        java.awt.geom.Rectangle2D frame = new java.awt.geom.Rectangle2D.Double(0, 0, 10, 10);
        assertThat(ContourPlot.clip(new double[] {1, 1}, new double[] {5, 5}, frame)).containsExactly(1, 1, 5, 5);
        assertThat(ContourPlot.clip(new double[] {5, 5}, new double[] {15, 5}, frame)).containsExactly(5, 5, 10, 5);
        assertThat(ContourPlot.clip(new double[] {-5, 5}, new double[] {15, 5}, frame)).containsExactly(0, 5, 10, 5);
        assertThat(ContourPlot.clip(new double[] {-5, -5}, new double[] {-1, 20}, frame)).isNull();
        assertThat(ContourPlot.clip(new double[] {5, 5}, new double[] {Double.NaN, 5}, frame)).containsExactly(5, 5, 5, 5);
    }

    @Test
    void sideBySidePanelsShareOneScale(@TempDir Path dir) throws IOException {
        List<ContourPlot> panels = new ArrayList<>();
        for (double lr : new double[] {0.01, 0.3, 0.1}) {
            panels.add(ContourPlot.of(BOWL, new Range(-2, 2, -1, 1)).title("lr " + lr)
                    .path(new Trajectory("lr " + lr, line(new double[] {-1.5, 0.8}, new double[] {0, 0}, 10))));
        }
        Path png = dir.resolve("lr.png");
        Path svg = dir.resolve("lr.svg");
        ContourPlot.writeSideBySide(panels, "learning rates", png, 1200, 450);
        ContourPlot.writeSideBySide(panels, "learning rates", svg, 1200, 450);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(450);
        assertThat(Files.readString(svg)).contains("learning rates");
    }

    @Test
    void badRequestsAreRefusedAndNothingIsLeftBehind(@TempDir Path dir) throws IOException {
        ContourPlot plot = ContourPlot.of(BOWL, new Range(-1, 1, -1, 1));
        assertThatThrownBy(() -> plot.write(dir.resolve("x.jpg"), 100, 100))
                .hasMessageContaining("must end in .png or .svg");
        assertThatThrownBy(() -> plot.write(dir.resolve("x.png"), 10, 100))
                .hasMessage("width and height must be in [64, 10000]: 10x100");
        Path existing = dir.resolve("keep.png");
        Files.writeString(existing, "old");
        assertThatThrownBy(() -> Figure.write(existing, 100, 100, (g, w, h) -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(Files.readString(existing)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(existing);
        }
        assertThatThrownBy(() -> Range.parse("1:2")).hasMessage("range must look like xmin:xmax,ymin:ymax, got '1:2'");
        assertThatThrownBy(() -> Range.parse("2:1,0:1")).hasMessageContaining("needs finite xmin < xmax");
        assertThat(Range.parse("-2:2,-1:3")).isEqualTo(new Range(-2, 2, -1, 3));
    }

    @Test
    void rangeAroundPointsIgnoresRunawayPoints() {
        Range range = Range.around(List.of(new double[] {0, 0}, new double[] {1, 2}, new double[] {1e30, 0}), 0.1, 0.5, 100);
        assertThat(range.xMin()).isLessThan(0);
        assertThat(range.xMax()).isBetween(1.0, 2.0);
        assertThat(range.yMax()).isBetween(2.0, 3.0);
    }

    @Test
    void lossCurvesRenderBothPanels(@TempDir Path dir) throws IOException {
        double[] iterations = {0, 1, 2, 3, 4};
        LossCurves curves = new LossCurves(List.of(
                new LossCurves.Series("a", iterations, new double[] {10, 1, 0.1, 0.01, 0.001}, new double[] {5, 2, 1, 0.5, 0.1}),
                new LossCurves.Series("b", iterations, new double[] {-1, -2, -3, -3.5, -3.6}, new double[] {5, 2, 1, 0.5, 0})),
                "curves");
        Path file = dir.resolve("loss.png");
        curves.write(file, 900, 420);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isEqualTo(420);
        assertThatThrownBy(() -> new LossCurves.Series("bad", new double[2], new double[3], new double[3]))
                .hasMessage("series 'bad' has columns of different lengths");
    }
}
