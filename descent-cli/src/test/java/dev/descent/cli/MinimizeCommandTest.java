package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinimizeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(Cli cli) throws IOException {
        assertThat(cli.err()).isEmpty();
        return JSON.readTree(cli.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "rosenbrock, 1, 1, 0",
            "beale, 3, 0.5, 0",
            "booth, 1, 3, 0",
            "quadratic, 0, 0, 0",
    })
    void builtInFunctionsReachTheirPublishedMinimaWithTheDefaults(String name, double x, double y, double f) throws IOException {
        Cli cli = Cli.run("minimize", "--function", name, "--format", "json");
        assertThat(cli.exitCode()).isZero();
        JsonNode result = json(cli);
        assertThat(result.get("stop").asText()).isIn("GRADIENT_TOLERANCE", "VALUE_TOLERANCE");
        assertThat(result.get("x").get(0).asDouble()).isCloseTo(x, offset(1e-4));
        assertThat(result.get("x").get(1).asDouble()).isCloseTo(y, offset(1e-4));
        assertThat(result.get("f").asDouble()).isCloseTo(f, offset(1e-8));
        assertThat(result.get("iterations").asLong()).isPositive();
        assertThat(result.get("evaluations").asLong()).isGreaterThanOrEqualTo(result.get("iterations").asLong());
        assertThat(result.get("gradNorm").asDouble()).isLessThan(1e-3);
        assertThat(result.get("elapsedMs").asDouble()).isNotNegative();
    }

    @Test
    void expressionsReachTheirMinimaWithEveryOptimizer() throws IOException {
        String expr = "(x - 3)^2 + 2*(y + 1)^2 + 0.5*x*y";
        // minimizer of the quadratic: grad = (2(x-3) + 0.5y, 4(y+1) + 0.5x) = 0, so x = 3 - y/4 and 3.875 y = -5.5
        double y = -5.5 / 3.875;
        double x = 3 - 0.25 * y;
        for (String[] optimizer : List.of(new String[] {"lbfgs"}, new String[] {"gd", "--lr", "0.1"},
                new String[] {"gd", "--line-search", "armijo"}, new String[] {"sgd", "--lr", "0.05", "--momentum", "0.9"},
                new String[] {"adam", "--lr", "0.05"}, new String[] {"adamw", "--lr", "0.05", "--weight-decay", "0"},
                new String[] {"rmsprop", "--lr", "0.01", "--schedule", "cosine:period=4000"},
                new String[] {"adagrad", "--lr", "0.5"})) {
            List<String> args = new java.util.ArrayList<>(List.of("minimize", "--expr", expr, "--start", "0,0",
                    "--format", "json", "--tol-grad", "1e-9", "--tol-f", "0", "--max-iter", "5000", "--optimizer"));
            args.addAll(List.of(optimizer));
            JsonNode result = json(Cli.run(args.toArray(String[]::new)));
            assertThat(result.get("x").get(0).asDouble()).as(String.join(" ", optimizer)).isCloseTo(x, offset(1e-6));
            assertThat(result.get("x").get(1).asDouble()).as(String.join(" ", optimizer)).isCloseTo(y, offset(1e-6));
        }
    }

    /** The issue-13 schedules through the command line: each run reaches the quadratic's minimum. */
    @Test
    void polynomialOneCycleAndCyclicSchedulesRunThroughMinimize() throws IOException {
        for (String schedule : List.of("polynomial:total=3000,power=2", "onecycle:total=3000,anneal=linear,three-phase",
                "onecycle:total=3000,pct=0.25,div=10,final-div=100",
                "cyclic:base=0.001,up=200,down=300,mode=triangular2", "cyclic:base=0.01,up=100,mode=exp-range,gamma=0.999")) {
            JsonNode result = json(Cli.run("minimize", "--expr", "(x - 3)^2 + (y + 1)^2", "--start", "0,0", "--format", "json",
                    "--optimizer", "adam", "--lr", "0.1", "--schedule", schedule, "--tol-grad", "1e-6", "--max-iter", "3000"));
            assertThat(result.get("x").get(0).asDouble()).as(schedule).isCloseTo(3, offset(1e-3));
            assertThat(result.get("x").get(1).asDouble()).as(schedule).isCloseTo(-1, offset(1e-3));
        }
    }

    /** The torch.optim family added for issue 13, each with one of its own options, reaches the quadratic's minimum. */
    @Test
    void theRestOfTheTorchFamilyAndLionReachTheMinimum() throws IOException {
        String expr = "(x - 3)^2 + 2*(y + 1)^2 + 0.5*x*y";
        double y = -5.5 / 3.875;
        double x = 3 - 0.25 * y;
        for (String[] optimizer : List.of(new String[] {"nadam", "--lr", "0.05", "--momentum-decay", "0.01"},
                new String[] {"radam", "--lr", "0.05", "--beta2", "0.99"},
                new String[] {"adamax", "--lr", "0.05"},
                new String[] {"adadelta", "--lr", "1", "--rho", "0.95", "--eps", "1e-4"},
                new String[] {"rprop", "--etas", "0.4,1.3", "--step-sizes", "1e-9,1"},
                new String[] {"asgd", "--lr", "0.05", "--lambd", "0", "--alpha", "0.75", "--t0", "1e6"})) {
            List<String> args = new java.util.ArrayList<>(List.of("minimize", "--expr", expr, "--start", "0,0",
                    "--format", "json", "--tol-grad", "1e-9", "--tol-f", "0", "--max-iter", "20000", "--optimizer"));
            args.addAll(List.of(optimizer));
            JsonNode result = json(Cli.run(args.toArray(String[]::new)));
            assertThat(result.get("x").get(0).asDouble()).as(String.join(" ", optimizer)).isCloseTo(x, offset(1e-6));
            assertThat(result.get("x").get(1).asDouble()).as(String.join(" ", optimizer)).isCloseTo(y, offset(1e-6));
        }
    }

    /** Lion moves every coordinate by exactly lr per step: from (1, 1) on x^2 + y^2, 0.25 after three steps of 0.25. */
    @Test
    void lionTakesSignSteps() throws IOException {
        JsonNode result = json(Cli.run("minimize", "--expr", "x^2 + y^2", "--start", "1,1", "--format", "json",
                "--optimizer", "lion", "--lr", "0.25", "--max-iter", "3"));
        assertThat(result.get("x").get(0).asDouble()).isEqualTo(0.25);
        assertThat(result.get("x").get(1).asDouble()).isEqualTo(0.25);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--optimizer nadam --momentum-decay -1|--momentum-decay must be in [0, inf): -1.0",
            "--optimizer adadelta --rho 2|--rho must be in [0, 1]: 2.0",
            "--optimizer rprop --etas 0.5|--etas takes two numbers separated by a comma, got 1: 0.5",
            "--optimizer rprop --etas 1.5,2|--etas must be in (0.0, 1.0): 1.5",
            "--optimizer rprop --step-sizes 1,0.1|--step-sizes must be in [stepSizeMin, inf) = [1.0, inf): 0.1",
            "--optimizer asgd --lambd -1|--lambd must be in [0, inf): -1.0",
            "--optimizer asgd --t0 -5|--t0 must be in [0, inf): -5.0",
            "--optimizer lion --beta1 1|--beta1 must be in [0, 1): 1.0",
            "--optimizer radam --maximize|--maximize does not apply to radam (it applies to sgd, adam, adamw, rmsprop, "
                    + "adagrad, adamax, adadelta, rprop, asgd, lion)",
            "--optimizer adam --rho 0.5|--rho does not apply to adam (it applies to adadelta)"})
    void badValuesOfTheNewOptionsExitTwoNamingTheOption(String options, String message) {
        List<String> args = new java.util.ArrayList<>(List.of("minimize", "--function", "booth"));
        args.addAll(List.of(options.split(" ")));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(options).isEqualTo(2);
        assertThat(cli.err()).as(options).isEqualTo("descent minimize: " + message + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void traceHasTheStartAndOneRowPerUpdate(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("sub/trace.csv");
        Cli cli = Cli.run("minimize", "--expr", "x^2 + 10*y^2", "--start", "1,1", "--optimizer", "gd", "--lr", "0.01",
                "--tol-grad", "0", "--tol-f", "0", "--tol-x", "0", "--max-iter", "7", "--trace", trace.toString(),
                "--format", "json");
        assertThat(cli.exitCode()).isZero();
        assertThat(json(cli).get("iterations").asInt()).isEqualTo(7);
        assertThat(json(cli).get("stop").asText()).isEqualTo("MAX_ITERATIONS");
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).isEqualTo("iter,f,grad_norm,step,lr,x,y");
        assertThat(lines.get(1)).isEqualTo("0,11.0," + Math.hypot(2, 20) + ",0.0,NaN,1.0,1.0");
        double[] previous = {1, 1};
        for (int k = 1; k <= 7; k++) {
            String[] row = lines.get(k + 1).split(",");
            assertThat(Integer.parseInt(row[0])).isEqualTo(k);
            double x = Double.parseDouble(row[5]);
            double y = Double.parseDouble(row[6]);
            // gd by hand: x <- x - 0.01 * 2x, y <- y - 0.01 * 20y
            assertThat(x).isEqualTo(previous[0] - 0.01 * (2 * previous[0]));
            assertThat(y).isEqualTo(previous[1] - 0.01 * (20 * previous[1]));
            assertThat(Double.parseDouble(row[1])).isEqualTo(x * x + 10 * (y * y)); // the formula's own order
            assertThat(Double.parseDouble(row[3])).isCloseTo(Math.hypot(x - previous[0], y - previous[1]), offset(1e-15));
            assertThat(Double.parseDouble(row[4])).isEqualTo(0.01);
            previous = new double[] {x, y};
        }
        try (var files = Files.list(trace.getParent())) {
            assertThat(files).containsExactly(trace); // no temporary file left behind
        }
    }

    @Test
    void tooLargeLearningRateDivergesWithExitThreeAndAdvice() {
        Cli cli = Cli.run("minimize", "--expr", "x^2 + y^2", "--start", "1,1", "--optimizer", "gd", "--lr", "1.5");
        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.out()).contains("stopped: DIVERGED").contains("try --lr 0.15").contains("best point: [1.0, 1.0]");
        assertThat(cli.out()).contains(System.lineSeparator() + "  (value 32768.0 at iteration 7 against best 2.0)"
                + System.lineSeparator());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "minimize --expr x",
            "minimize --expr x+y",
            "minimize --expr -x^2 --start 1",
            "minimize --expr -x^2 --start 1 --optimizer gd --lr 0.1",
            "minimize --expr -exp(x)",
            "minimize --expr -x^2-y^2 --optimizer adam --lr 0.1 --start 0.1,0.1",
    })
    void objectivesUnboundedBelowStopSayingSoWithExitThree(String args) throws IOException {
        Cli cli = Cli.run(args.split(" "));
        assertThat(cli.exitCode()).as(cli.out()).isEqualTo(3);
        assertThat(cli.err()).isEmpty();
        String[] lines = cli.out().split("\\R");
        assertThat(lines[2]).isEqualTo("stopped: UNBOUNDED, the value fell without bound, 15 orders of magnitude below the "
                + "start's scale, or 6 with a slope that did not flatten: the objective is unbounded below, so there is no "
                + "minimum to find");
        // the depth rule, or the slope rule that fixed steps (gd's, adam's) reach first
        assertThat(lines[3]).matches("  \\(value -\\S+ at iteration \\d+ is below (-1\\.0E15 = 1\\.0E15 \\* max\\(1, \\|\\S+\\|\\), the "
                + "start's scale|-1000000\\.0 = 1000000\\.0 \\* max\\(1, \\|\\S+\\|\\), the start's scale, and the gradient norm "
                + "\\S+ there is no smaller than \\S+ at iteration \\d+, the first below -1000\\.0 \\(1000\\.0 times that "
                + "scale\\): the slope has not flattened)\\)");
        assertThat(lines[4]).isEqualTo("  the lowest point reached is no minimum: check the formula's sign, or bound it below");
        JsonNode json = json(Cli.run((args + " --format json").split(" ")));
        assertThat(json.get("stop").asText()).isEqualTo("UNBOUNDED");
        assertThat(json.get("f").asDouble()).isLessThan(-1e6);
    }

    @Test
    void adamOnADomeStopsByTheSlopeRuleInsteadOfRunningOutOfIterations() {
        // before the slope rule, this run took all 15000 iterations to f = -6.4e6 and exited 0 with MAX_ITERATIONS
        Cli cli = Cli.run("minimize", "--expr", "-x^2-y^2", "--optimizer", "adam", "--lr", "0.1", "--start", "0.1,0.1");
        assertThat(cli.exitCode()).as(cli.out()).isEqualTo(3);
        assertThat(cli.out()).contains("stopped: UNBOUNDED").contains("the slope has not flattened")
                .doesNotContain("raise --max-iter");
    }

    @Test
    void convergingByValueWithALargeGradientSaysSo() {
        // at 1e10 + x^2 a step of 2 in f is below 2.2e-9 * 1e10: the value test stops while |g| = 2000
        Cli cli = Cli.run("minimize", "--expr", "1e10 + x^2", "--start", "1000", "--optimizer", "adam");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("stopped: VALUE_TOLERANCE, the value stopped changing (|delta f| <= ftol * max(1, |f|))"
                + System.lineSeparator() + "  the gradient is still large (|g| = 2.000e+03): the problem may be badly scaled; "
                + "tighten --tol-f" + System.lineSeparator());
        // x shrinks by 0.2 per step; the value test stops near f = 1e-6, where |g| = 2e-3 is below 1e3 * --tol-grad
        Cli small = Cli.run("minimize", "--expr", "x^2", "--start", "1", "--optimizer", "gd", "--lr", "0.4", "--tol-f", "1e-6");
        assertThat(small.out()).contains("stopped: VALUE_TOLERANCE").doesNotContain("the gradient is still large");
    }

    @Test
    void nonFiniteValuesExitThree() throws IOException {
        Cli cli = Cli.run("minimize", "--expr", "log(x)", "--start", "1", "--optimizer", "sgd", "--lr", "2",
                "--format", "json");
        assertThat(cli.exitCode()).isEqualTo(3);
        JsonNode result = json(cli);
        assertThat(result.get("stop").asText()).isEqualTo("NON_FINITE");
        assertThat(result.get("x").get(0).asDouble()).isEqualTo(1.0);
    }

    @Test
    void aStartOutsideTheDomainIsRefusedByName() {
        // a formula starts at the origin, where log(x) is -Infinity and sqrt(x)'s slope is infinite
        Cli log = Cli.run("minimize", "--expr", "log(x)+y^2");
        assertThat(log.exitCode()).isEqualTo(2);
        assertThat(log.out()).isEmpty();
        assertThat(log.err()).contains("f is -Infinity at the start (0, 0): give --start inside its domain");
        Cli sqrt = Cli.run("minimize", "--expr", "sqrt(x)+y^2", "--start", "0,1");
        assertThat(sqrt.exitCode()).isEqualTo(2);
        assertThat(sqrt.err()).contains("the gradient of f in x is Infinity at the start (0, 1): give --start inside its domain");
        // the origin is the minimum of this quadratic: said plainly, not a run of zero steps left unexplained
        Cli stationary = Cli.run("minimize", "--expr", "x^2 + 5*y^2 + x*y");
        assertThat(stationary.exitCode()).isZero();
        assertThat(stationary.out()).contains("stopped: GRADIENT_TOLERANCE").contains("the start (0, 0) is already a "
                + "stationary point (|grad f| = 0.000e+00): there is nothing to descend from here; give another --start");
        assertThat(Cli.run("minimize", "--expr", "x^2 + 5*y^2 + x*y", "--start", "2,1.5").out())
                .doesNotContain("already a stationary point");
        Cli inside = Cli.run("minimize", "--expr", "x - log(x) + y^2", "--start", "2,1");
        assertThat(inside.exitCode()).as(inside.err()).isZero();
        assertThat(inside.out()).contains("best point: [1.0");
    }

    @Test
    void aSearchThatLeavesTheDomainSaysSoAndExitsThree() {
        // log(x) falls without bound as x -> 0+; past 0 it is NaN: L-BFGS's search runs out of the domain
        Cli cli = Cli.run("minimize", "--expr", "log(x)+y^2", "--start", "1,1");
        assertThat(cli.exitCode()).isEqualTo(3);
        assertThat(cli.out()).contains("stopped: NON_FINITE")
                .containsPattern("\\(the line search left f's domain: f or its gradient is not finite at \\(-?[0-9.e-]+, "
                        + "-?[0-9.e-]+\\), and no shorter step decreased f enough \\(strong Wolfe search")
                .contains("reporting the best point seen before that");
    }

    @Test
    void textSummaryExplainsTheStop() {
        Cli cli = Cli.run("minimize", "--function", "rosenbrock");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("with lbfgs m=10 from [-1.2, 1.0]").containsPattern("stopped: (GRADIENT|VALUE)_TOLERANCE")
                .contains("best point:");
        Cli budget = Cli.run("minimize", "--function", "rosenbrock", "--optimizer", "sgd", "--lr", "1e-4", "--max-iter", "3");
        assertThat(budget.out()).contains("stopped: MAX_ITERATIONS").contains("not converged");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "minimize --expr (1-x|descent minimize: --expr: missing ')' to close the '(' at column 1",
            "minimize --expr 2*sinn(x)|descent minimize: --expr: unknown function 'sinn' at column 3 (did you mean 'sin'?)",
            "minimize --expr x+z --vars x,y|descent minimize: --expr: unknown variable 'z' (variables: x, y)",
            "minimize --expr x^2 --optimizer sgd --beta1 0.5|descent minimize: --beta1 does not apply to sgd (it applies to adam, adamw, nadam, radam, adamax, lion)",
            "minimize --expr x^2 --optimizer adam --beta2 1.5|descent minimize: --beta2 must be in [0, 1): 1.5",
            "minimize --expr x^2 --optimizer sgd --lr -1|descent minimize: --lr must be in (0, inf): -1.0",
            "minimize --expr x^2 --start 1,2|descent minimize: --start has 2 entries, the problem has 1 variables",
            "minimize --expr x^2 --start abc|descent minimize: --start: entry 1: 'abc' is not a number",
            "minimize --function nosuch|descent minimize: --function: ",
            "minimize --expr x^2 --format xml|descent minimize: --format must be text or json: xml",
            "minimize --expr x^2 --optimizer adam --schedule cosine|descent minimize: --schedule cosine needs period=...",
            "minimize --expr x^2 --optimizer adam --schedule wobble|descent minimize: --schedule: unknown schedule 'wobble'",
            "minimize --expr x^2 --optimizer adam --schedule polynomial:total=0|descent minimize: --schedule polynomial: total must be at least 1: 0",
            "minimize --expr x^2 --optimizer adam --schedule polynomial:total=10,pow=2|descent minimize: --schedule polynomial: unknown parameter 'pow'",
            "minimize --expr x^2 --optimizer adam --schedule onecycle:total=100,pct=1.5|descent minimize: --schedule onecycle: pct must be in [0, 1]: 1.5",
            "minimize --expr x^2 --optimizer adam --schedule onecycle:total=100,anneal=step|descent minimize: --schedule onecycle: anneal must be cos or linear: step",
            "minimize --expr x^2 --optimizer adam --schedule onecycle:total=2.5|descent minimize: --schedule onecycle: total must be a whole number of steps: 2.5",
            "minimize --expr x^2 --optimizer adam --schedule cyclic:up=10|descent minimize: --schedule cyclic needs base=...",
            "minimize --expr x^2 --optimizer adam --schedule cyclic:base=0.001,up=10,mode=exp_range|descent minimize: --schedule cyclic: mode must be triangular, triangular2 or exp-range: exp_range",
            "minimize --expr x^2 --optimizer adam --schedule cyclic:base=0.001,up=10,mode=exp-range,gamma=1.5|descent minimize: --schedule cyclic: gamma must be in (0, 1]: 1.5",
            "minimize --expr x^2 --clip-norm 1|descent minimize: --clip-norm does not apply to lbfgs",
            "minimize --expr x^2 --clip-value 1|descent minimize: --clip-value does not apply to lbfgs",
            "minimize --expr x^2 --optimizer sgd --clip-value 0|descent minimize: --clip-value must be in (0, inf): 0.0",
            "minimize --expr x^2 --optimizer sgd --clip-value 1 --clip-norm 1|descent minimize: --clip-norm and --clip-value exclude each other: give one",
            "minimize --expr x^2 --tol-f -1|descent minimize: --tol-f must be in [0, inf): -1.0",
            "minimize --expr x^2 --optimizer sgd --nesterov|descent minimize: --nesterov requires momentum > 0 and dampening = 0: momentum 0.0, dampening 0.0",
    })
    void badInputExitsTwoWithAClearMessage(String args, String message) {
        Cli cli = Cli.run(args.split(" "));
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).startsWith(message);
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void clippingByValueBoundsEveryEntryOfTheStep() throws IOException {
        // f = 100 x^2 + y^2 at (3, 0.1): gradient (600, 0.2); clamped to [-0.5, 0.5] it is (0.5, 0.2), so one SGD
        // step of 0.01 moves x by exactly 0.005 and y by 0.002, as torch's clip_grad_value_ followed by SGD does
        JsonNode result = json(Cli.run("minimize", "--expr", "100*x^2 + y^2", "--start", "3,0.1", "--optimizer", "sgd",
                "--lr", "0.01", "--clip-value", "0.5", "--max-iter", "1", "--tol-grad", "0", "--tol-f", "0", "--tol-x", "0",
                "--format", "json"));
        assertThat(result.get("x").get(0).asDouble()).isEqualTo(3 - 0.01 * 0.5);
        assertThat(result.get("x").get(1).asDouble()).isEqualTo(0.1 - 0.01 * 0.2);
    }

    @Test
    void missingOrConflictingSourcesAreUsageErrors() {
        Cli none = Cli.run("minimize");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("descent minimize: give the function to minimize: --expr EXPR or --function NAME" + System.lineSeparator());
        Cli both = Cli.run("minimize", "--expr", "x", "--function", "booth");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void helpAndVersion() {
        for (String command : List.of("minimize", "check-grad", "plot", "demo", "train", "evaluate", "predict", "tour")) {
            Cli help = Cli.run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: descent " + command);
        }
        Cli version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("descent ");
    }
}
