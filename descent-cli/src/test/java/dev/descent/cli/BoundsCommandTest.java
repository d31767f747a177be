package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --bounds} on the command line: L-BFGS-B, projected first-order runs, the report, bad boxes. */
class BoundsCommandTest {

    @Test
    void lbfgsInABoxIsLbfgsBAndTheReportSaysWhereTheStartWentAndWhichBoundsHold() {
        // Rosenbrock with x, y >= 1.5: the minimum is at x = 1.5, y = 2.25 (f = 0.25), x's lower bound active
        Cli run = Cli.run("minimize", "--function", "rosenbrock", "--bounds", "1.5:3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("with lbfgs-b m=10 from [-1.2, 1.0]", "in the box every variable in [1.5, 3]",
                "the start lay outside the box in 2 entries: projected onto it, [1.5, 1.5]",
                "stopped: GRADIENT_TOLERANCE", "best point: [1.5, 2.25]", "active bounds: x at its lower bound 1.5");
        Cli json = Cli.run("minimize", "--expr", "(x-3)^2 + (y+1)^2", "--start", "0,0", "--bounds", "0:2,-inf:inf",
                "--format", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).contains("\"x\":[2.0,-1.0]", "\"startProjected\":0", "\"activeLower\":[]",
                "\"activeUpper\":[\"x\"]");
    }

    @Test
    void aProjectedFirstOrderRunIsFeasibleAtEveryTracedStep(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("t.csv");
        Cli run = Cli.run("minimize", "--function", "rosenbrock", "--optimizer", "adam", "--lr", "0.05", "--max-iter",
                "3000", "--bounds=-2:0.5", "--trace", trace.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("active bounds: x at its upper bound 0.5");
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines.size()).isGreaterThan(100);
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split(",");
            double x = Double.parseDouble(row[row.length - 2]);
            double y = Double.parseDouble(row[row.length - 1]);
            assertThat(x).as(line).isBetween(-2.0, 0.5);
            assertThat(y).as(line).isBetween(-2.0, 0.5);
        }
    }

    @Test
    void theBoxIsDrawnAndBadBoxesAreRefused(@TempDir Path dir) throws IOException {
        Path picture = dir.resolve("box.png");
        Cli plot = Cli.run("plot", "--function", "rosenbrock", "--optimizer", "lbfgs", "--bounds=-2:0.6", "-o",
                picture.toString());
        assertThat(plot.exitCode()).as(plot.err()).isZero();
        assertThat(Files.size(picture)).isGreaterThan(1000);
        assertThat(plot.out()).contains("lbfgs-b m=10");
        Cli reversed = Cli.run("minimize", "--function", "rosenbrock", "--bounds", "0:1,3:2");
        assertThat(reversed.exitCode()).isEqualTo(2);
        assertThat(reversed.err()).contains("--bounds: lower bound exceeds upper bound at index 1 (y): 3.0 > 2.0");
        Cli count = Cli.run("minimize", "--function", "rosenbrock", "--bounds", "0:1,0:1,0:1");
        assertThat(count.exitCode()).isEqualTo(2);
        assertThat(count.err()).contains("--bounds has 3 pairs and the problem 2 variables");
    }
}
