package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class PlotCommandTest {

    static BufferedImage png(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("decodes as PNG").isNotNull();
        return image;
    }

    static int runPaths(Path svgFile) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = factory.newDocumentBuilder().parse(svgFile.toFile());
        NodeList paths = svg.getElementsByTagName("path");
        int count = 0;
        for (int i = 0; i < paths.getLength(); i++) {
            boolean inDefs = false;
            for (Node n = paths.item(i).getParentNode(); n != null; n = n.getParentNode()) {
                inDefs |= "defs".equals(n.getNodeName()) || "clipPath".equals(n.getNodeName());
            }
            count += inDefs ? 0 : 1;
        }
        return count;
    }

    @Test
    void learningRateComparisonFindsTooSmallTooLargeAndGoodByRunning(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lr.png");
        Cli cli = Cli.run("plot", "--function", "quadratic", "--compare-lr", "-o", file.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        BufferedImage image = png(file);
        assertThat(image.getWidth()).isEqualTo(1500);
        assertThat(image.getHeight()).isEqualTo(620);
        // 0.5 (x^2 + 10 y^2): gradient descent diverges above 2 / 10 and is fastest near 2 / (10 + 1)
        assertThat(cli.out()).contains("the learning rates of gd from (-4, 1.5), searched from 1e-7 to 1000");
        assertThat(rate(cli.out(), "too large")).isGreaterThan(0.2);
        assertThat(rate(cli.out(), "good")).isBetween(0.1, 0.2);
        assertThat(rate(cli.out(), "too small")).isLessThan(0.1);
        assertThat(line(cli.out(), "too large")).containsPattern("diverged at step \\d+$");
        assertThat(line(cli.out(), "good")).containsPattern("converged in \\d+ steps$");
        assertThat(line(cli.out(), "too small")).endsWith("still descending");
    }

    private static String line(String out, String regime) {
        return out.lines().filter(l -> l.startsWith("  " + regime + " ")).findFirst().orElseThrow();
    }

    private static double rate(String out, String regime) {
        return Double.parseDouble(line(out, regime).replaceAll(".* lr = (\\S+) .*", "$1"));
    }

    /**
     * The issue's three optimizers on x^2 + 5 y^2 + x y from (2, 1.5), as JSON: each panel's run does
     * what its regime says, for the optimizer drawn (the rates of gradient descent's curvature would
     * make every momentum panel converge, the too-small one first).
     */
    @Test
    void theLessonAsJsonHoldsForEveryOptimizer(@TempDir Path dir) throws IOException {
        for (String[] optimizer : new String[][] {{"gd"}, {"sgd", "--momentum", "0.9"}, {"adam"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("plot", "--expr", "x^2 + 5*y^2 + x*y", "--compare-lr",
                    "--start", "2,1.5", "--format", "json", "-o", dir.resolve("lr.svg").toString(), "--optimizer"));
            args.addAll(List.of(optimizer));
            Cli cli = Cli.run(args.toArray(String[]::new));
            assertThat(cli.exitCode()).as(cli.err()).isZero();
            JsonNode lesson = new ObjectMapper().readTree(cli.out());
            assertThat(lesson.get("optimizer").asText()).isEqualTo(optimizer.length == 1 ? optimizer[0] : "sgd:momentum=0.9");
            assertThat(lesson.get("absent")).isEmpty();
            JsonNode panels = lesson.get("panels");
            assertThat(panels).hasSize(3);
            JsonNode small = panels.get(0);
            JsonNode large = panels.get(1);
            JsonNode good = panels.get(2);
            assertThat(List.of(small.get("regime").asText(), large.get("regime").asText(), good.get("regime").asText()))
                    .containsExactly("too small", "too large", "good");
            long budget = lesson.get("budget").asLong();
            assertThat(good.get("stop").asText()).isIn("GRADIENT_TOLERANCE", "VALUE_TOLERANCE");
            assertThat(budget).isEqualTo(Math.max(30, 3 * good.get("iterations").asLong()));
            assertThat(small.get("stop").asText()).isEqualTo("MAX_ITERATIONS");
            assertThat(small.get("iterations").asLong()).isEqualTo(budget);
            assertThat(small.get("f").asDouble()).isGreaterThan(good.get("f").asDouble() + 1);
            assertThat(large.get("stop").asText()).isEqualTo("DIVERGED");
            assertThat(small.get("lr").asDouble()).isLessThan(good.get("lr").asDouble());
            assertThat(large.get("lr").asDouble()).isGreaterThan(good.get("lr").asDouble());
            assertThat(good.get("optimizer").asText()).startsWith(optimizer[0] + ":lr=");
            String svg = Files.readString(dir.resolve("lr.svg"));
            for (JsonNode panel : panels) {
                assertThat(svg).contains(">" + panel.get("regime").asText() + ": lr = "
                        + dev.descent.rangetest.LearningRateRegimes.compact(panel.get("lr").asDouble()) + "<");
                assertThat(svg).contains(">" + panel.get("story").asText() + "<");
            }
            assertThat(svg).contains(lesson.get("optimizer").asText() + ", learning rate too small, too large and good");
        }
    }

    /** Each panel's title says what its run did; a budget too small for any rate to converge is said, not hidden. */
    @Test
    void thePanelsSayHonestlyHowEachRunEnded(@TempDir Path dir) throws IOException {
        Path bowl = dir.resolve("bowl.svg");
        Cli cli = Cli.run("plot", "--function", "quadratic", "--compare-lr", "--optimizer", "gd", "--tol-grad", "1e-6",
                "-o", bowl.toString());
        assertThat(cli.exitCode()).isZero();
        String svg = Files.readString(bowl);
        for (String regime : List.of("too small", "too large", "good")) {
            String line = line(cli.out(), regime);
            String story = line.replaceAll(".* lr = \\S+ +", "");
            assertThat(svg).contains(">" + regime + ": lr = " + line.replaceAll(".* lr = (\\S+) .*", "$1") + "<")
                    .contains(">" + story + "<");
        }
        Path valley = dir.resolve("valley.svg");
        Cli short_ = Cli.run("plot", "--function", "rosenbrock", "--compare-lr", "--max-iter", "3000", "-o", valley.toString());
        assertThat(short_.exitCode()).isZero();
        assertThat(Files.readString(valley)).containsPattern(">f = [0-9.e-]+ after 3000 steps, still descending<");
        assertThat(short_.out()).contains("no rate met the tolerance within the loop's budget: the good panel is the "
                + "lowest value reached; raise the iteration budget");
    }

    @Test
    void rulesThatChooseTheirOwnStepHaveNoLesson(@TempDir Path dir) {
        for (String optimizer : List.of("lbfgs", "gd:line_search=armijo")) {
            Cli cli = Cli.run("plot", "--expr", "x^2 + 5*y^2 + x*y", "--compare-lr", "--optimizer", optimizer, "-o",
                    dir.resolve("p.png").toString());
            assertThat(cli.exitCode()).isEqualTo(2);
            assertThat(cli.err()).contains("--compare-lr: ")
                    .contains("chooses its own step by a line search, so it has no learning rate to be too small or too large");
            assertThat(Files.exists(dir.resolve("p.png"))).isFalse();
        }
        Cli both = Cli.run("plot", "--function", "booth", "--compare-lr", "--lr", "0.1", "-o", dir.resolve("p.png").toString());
        assertThat(both.err()).contains("--compare-lr searches the rates itself");
        Cli textOnly = Cli.run("plot", "--function", "booth", "--starts", "5", "--format", "json", "-o",
                dir.resolve("p.png").toString());
        assertThat(textOnly.err()).contains("--format json prints the runs of paths and learning-rate panels");
    }

    @Test
    void aLessonDoesNotStartWhereEveryRunStopsAtOnce(@TempDir Path dir) {
        // a formula starts at the origin, the minimum of this quadratic: three dots that "converged in 0 steps"
        // teach nothing, so the panels start off both axes and say so
        Cli lesson = Cli.run("plot", "--expr", "x^2 + 5*y^2 + x*y", "--compare-lr", "-o", dir.resolve("lr.png").toString());
        assertThat(lesson.exitCode()).as(lesson.err()).isZero();
        assertThat(lesson.out()).contains("the standard start (0, 0) is already a stationary point of f, where every run "
                + "stops at once: the paths start at (2, 1.5) instead (give --start to choose)");
        assertThat(lesson.out()).doesNotContainPattern("\\s0\\s+0\\.0+\\s+GRADIENT_TOLERANCE");
        // a function with a box starts a tenth of the way in from its upper corner; a given start is kept
        Cli race = Cli.run("plot", "--expr", "x^2 + y^2", "--range", "-2:2,-1:3", "--optimizer", "adam", "-o",
                dir.resolve("race.png").toString());
        assertThat(race.out()).contains("the paths start at (1.6, 2.6) instead");
        Cli given = Cli.run("plot", "--expr", "x^2 + y^2", "--start", "0,0", "-o", dir.resolve("given.png").toString());
        assertThat(given.out()).doesNotContain("stationary");
    }

    @Test
    void severalLearningRatesGivePanels(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("panels.png");
        Cli cli = Cli.run("plot", "--function", "booth", "--optimizer", "sgd", "--lr", "0.01", "--lr", "0.05",
                "-o", file.toString(), "--width", "1200", "--height", "500");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(png(file).getWidth()).isEqualTo(1200);
        assertThat(cli.out()).contains("sgd lr=0.01").contains("sgd lr=0.05");
    }

    @Test
    void severalOptimizersGiveOnePathEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("race.svg");
        Cli cli = Cli.run("plot", "--function", "rosenbrock", "--optimizer", "adam", "--lr", "0.02", "--optimizer", "lbfgs",
                "--start", "-1.2,1", "--start", "0.5,2", "-o", file.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(runPaths(file)).isEqualTo(4);
    }

    @Test
    void aPlateauScheduleStartsAfreshForEveryPath(@TempDir Path dir) {
        // each path's plateau observations live in its own run: the second path is the path drawn alone
        String[] common = {"plot", "--function", "rosenbrock", "--optimizer", "adam", "--lr", "0.01", "--schedule",
            "plateau:patience=5"};
        Cli both = Cli.run(concat(common, "--start", "-1.2,1", "--start", "2,2", "-o", dir.resolve("both.png").toString()));
        Cli alone = Cli.run(concat(common, "--start", "2,2", "-o", dir.resolve("alone.png").toString()));
        assertThat(both.exitCode()).as(both.err()).isZero();
        String[] bothRows = both.out().strip().split("\\R");
        String[] aloneRows = alone.out().strip().split("\\R");
        assertThat(bothRows[bothRows.length - 1]).isEqualTo(aloneRows[aloneRows.length - 1])
                .contains(" 117 ").contains("0.320518");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void localVersusGlobalColoursEachPathByItsMinimum(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("minima.svg");
        Cli cli = Cli.run("plot", "--function", "himmelblau", "--starts", "16", "--seed", "3", "--optimizer", "gd",
                "--lr", "0.01", "-o", file.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(runPaths(file)).isEqualTo(16);
        assertThat(cli.out()).contains("16 starts reached 4 distinct minima");
        assertThat(Files.readString(file)).contains("global minimum (3.000, 2.000)");
        assertThat(cli.out().lines().filter(l -> l.startsWith("  global ("))).hasSize(4);

        Path camel = dir.resolve("camel.svg");
        Cli valleys = Cli.run("plot", "--function", "six-hump-camel", "--starts", "40", "--range", "-2:2,-1.1:1.1",
                "--optimizer", "gd", "--lr", "0.01", "-o", camel.toString());
        assertThat(valleys.exitCode()).as(valleys.err()).isZero();
        // two global minima at f = -1.0316284535 and four local ones (-0.2154638, 2.1042503)
        assertThat(valleys.out().lines().filter(l -> l.startsWith("  global (") && l.contains("f = -1.03162844")))
                .hasSize(2);
        assertThat(valleys.out().lines().filter(l -> l.startsWith("  local  ("))).hasSize(4);
        assertThat(Files.readString(camel)).contains("local minimum (1.704, -0.7961)");
    }

    @Test
    void lossCurvesFromTraceFiles(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("adam.csv");
        Path second = dir.resolve("sgd.csv");
        assertThat(Cli.run("minimize", "--function", "rosenbrock", "--optimizer", "adam", "--lr", "0.02", "--max-iter", "300",
                "--trace", first.toString()).exitCode()).isZero();
        assertThat(Cli.run("minimize", "--function", "rosenbrock", "--optimizer", "sgd", "--lr", "0.001", "--momentum", "0.9",
                "--max-iter", "300", "--trace", second.toString()).exitCode()).isZero();
        Path file = dir.resolve("loss.png");
        Cli cli = Cli.run("plot", "--trace", first.toString(), "--trace", second.toString(), "-o", file.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(png(file).getWidth()).isEqualTo(1100);
    }

    @Test
    void badInputIsRefusedWithTheFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("bad.csv");
        Files.writeString(trace, "iter,f,grad_norm\n0,1.0,2.0\n1,abc,1.0\n");
        Cli cli = Cli.run("plot", "--trace", trace.toString(), "-o", dir.resolve("x.png").toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains(trace + ":3:2: 'abc' is not a number");
        Path noColumn = dir.resolve("cols.csv");
        Files.writeString(noColumn, "iter,value\n0,1\n");
        assertThat(Cli.run("plot", "--trace", noColumn.toString(), "-o", dir.resolve("y.png").toString()).err())
                .contains("the trace has no 'f' column (columns: iter, value)");
        assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
    }

    @Test
    void usageErrors(@TempDir Path dir) {
        String out = dir.resolve("p.png").toString();
        Cli threeVariables = Cli.run("plot", "--expr", "x^2 + y^2 + z^2", "-o", out);
        assertThat(threeVariables.exitCode()).isEqualTo(2);
        assertThat(threeVariables.err()).contains("plot draws functions of two variables; f(x, y, z) = x^2 + y^2 + z^2 has 3");
        assertThat(Cli.run("plot", "--function", "booth", "-o", dir.resolve("p.jpg").toString()).err())
                .contains("-o: the output must end in .png or .svg");
        assertThat(Cli.run("plot", "--function", "booth", "-o", out, "--width", "10").err())
                .contains("--width and --height must be in [64, 10000]: 10");
        assertThat(Cli.run("plot", "--function", "booth", "--lr", "0.1", "--lr", "1", "--optimizer", "lbfgs", "-o", out).err())
                .contains("learning-rate panels need a rule with a fixed rate; lbfgs chooses its own step by a line search");
        assertThat(Cli.run("plot", "--expr", "x^2+y^2", "--starts", "5", "-o", out).err())
                .contains("--starts needs --range for an expression");
        assertThat(Cli.run("minimize", "--function", "booth", "--lr", "0.1", "--lr", "0.2").err())
                .contains("--lr is given 2 times; this command takes one");
    }
}
