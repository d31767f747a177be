package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer with a torch 1.13 reference reproduces it through the command, not only through
 * the library ({@code TorchIteratesTest} in descent-core): {@code descent minimize --trace} with the
 * flags of a recorded case's hyper-parameters, its function and start, and the stopping tests off so
 * the run takes exactly the recorded 200 steps, writes a trace whose every iterate matches torch's
 * to 1e-12 relative. The references are read in place from descent-core's test resources
 * (tools/reference/torch_optim_reference.py wrote them); Lion has none (PyTorch 1.13 has no Lion).
 *
 * <p>The functions are the command's own: {@code --function rosenbrock}, and where torch negated the
 * loss (its maximize cases) or used its 3-variable quadratic {@code 0.5 x^T A x - b^T x}, a formula
 * ({@code --expr}) of that function, built from the recorded A and b. Their gradients are the
 * command's, not torch's autograd, so the comparison covers the flags, the loop and the trace as
 * a user gets them.
 */
class TorchTraceTest {

    private static final double TOLERANCE = 1e-12;
    private static final Path REFERENCES = Path.of("..", "descent-core", "src", "test", "resources", "torch-reference");
    private static final String ROSENBROCK = "(1-x)^2 + 100*(y-x^2)^2";
    /** Header lines that describe the recording rather than a hyper-parameter. */
    private static final Set<String> DESCRIPTIVE = Set.of("torch", "objective", "sign", "optimizer");
    /** torch's hyper-parameter names and the command's flags for them. */
    private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("lr", "--lr"),
            Map.entry("momentum", "--momentum"), Map.entry("dampening", "--dampening"),
            Map.entry("weight_decay", "--weight-decay"), Map.entry("beta1", "--beta1"), Map.entry("beta2", "--beta2"),
            Map.entry("eps", "--eps"), Map.entry("alpha", "--alpha"), Map.entry("lr_decay", "--lr-decay"),
            Map.entry("initial_accumulator_value", "--initial-accumulator-value"),
            Map.entry("momentum_decay", "--momentum-decay"), Map.entry("rho", "--rho"), Map.entry("lambd", "--lambd"),
            Map.entry("t0", "--t0"));
    /** torch's boolean hyper-parameters and the command's switches. */
    private static final Map<String, String> SWITCHES = Map.of("nesterov", "--nesterov", "amsgrad", "--amsgrad",
            "centered", "--centered", "maximize", "--maximize");
    /** torch's tuple hyper-parameters, recorded as two lines, and the command's A,B flags. */
    private static final Map<String, List<String>> PAIRS = Map.of("--etas", List.of("etaminus", "etaplus"),
            "--step-sizes", List.of("step_size_min", "step_size_max"));

    /**
     * The cases replayed: every recorded configuration of every optimizer on both functions, except
     * the two whose rows are ASGD's averaged point {@code state['ax']} ("asgd-t0-average",
     * "asgd-maximize-average"), whose last row the JSON result reports as {@code averagedX}
     * ({@link #theResultHasTorchsAveragedPoint}).
     */
    private static final String[] CONFIGS = {
        "sgd-plain", "sgd-momentum", "sgd-dampening", "sgd-nesterov", "sgd-weight-decay", "sgd-maximize",
        "adam-plain", "adam-betas-eps", "adam-amsgrad", "adam-weight-decay", "adam-maximize",
        "adamw-default-decay", "adamw-decay", "adamw-amsgrad", "adamw-maximize",
        "rmsprop-plain", "rmsprop-alpha-eps", "rmsprop-centered", "rmsprop-momentum", "rmsprop-centered-momentum",
        "rmsprop-weight-decay", "rmsprop-maximize",
        "adagrad-plain", "adagrad-lr-decay", "adagrad-initial-accumulator", "adagrad-weight-decay", "adagrad-eps",
        "adagrad-maximize",
        "adamax-plain", "adamax-betas-eps", "adamax-weight-decay", "adamax-maximize",
        "nadam-plain", "nadam-betas-eps", "nadam-weight-decay", "nadam-momentum-decay",
        "radam-plain", "radam-betas-eps", "radam-weight-decay",
        "adadelta-plain", "adadelta-rho-eps", "adadelta-weight-decay", "adadelta-maximize",
        "rprop-plain", "rprop-etas", "rprop-step-sizes", "rprop-maximize",
        "asgd-plain", "asgd-lambd-alpha", "asgd-t0", "asgd-weight-decay", "asgd-maximize"
    };

    /** A recorded run: its header lines in order, and the start followed by the parameters after each step. */
    record Recording(String name, Map<String, String> header, List<double[]> iterates) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Recording> recordings() throws IOException {
        List<Recording> all = new ArrayList<>();
        for (String objective : List.of("rosenbrock", "quadratic")) {
            for (String config : CONFIGS) {
                all.add(read(objective + "-" + config));
            }
        }
        return all.stream();
    }

    static Recording read(String name) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        List<double[]> iterates = new ArrayList<>();
        for (String line : Files.readAllLines(REFERENCES.resolve(name + ".txt"))) {
            if (line.startsWith("# ")) {
                String[] pair = line.substring(2).split("=", 2);
                header.put(pair[0], pair[1]);
            } else if (!line.isBlank()) {
                String[] fields = line.trim().split(" ");
                double[] point = new double[fields.length - 1];
                for (int i = 1; i < fields.length; i++) {
                    point[i - 1] = Double.parseDouble(fields[i]);
                }
                iterates.add(point);
            }
        }
        return new Recording(name, header, iterates);
    }

    /**
     * The arguments of {@code descent minimize} that replay a recording for its number of steps.
     * A hyper-parameter the command has no flag for fails the test: torch has an option the command
     * cannot express.
     */
    static List<String> arguments(Recording recording, Path trace) throws IOException {
        Map<String, String> header = recording.header();
        List<String> args = new ArrayList<>(List.of("minimize"));
        args.addAll(function(header.get("objective"), Double.parseDouble(header.get("sign"))));
        args.add("--start=" + join(recording.iterates().get(0)));
        args.addAll(List.of("--optimizer", header.get("optimizer")));
        Set<String> unexpressed = new TreeSet<>(header.keySet());
        unexpressed.removeAll(DESCRIPTIVE);
        for (Map.Entry<String, String> entry : header.entrySet()) {
            String flag = FLAGS.get(entry.getKey());
            if (flag != null) {
                args.addAll(List.of(flag, entry.getValue()));
                unexpressed.remove(entry.getKey());
            } else if (SWITCHES.containsKey(entry.getKey())) {
                assertThat(entry.getValue()).as(entry.getKey()).isIn("True", "False");
                if (entry.getValue().equals("True")) {
                    args.add(SWITCHES.get(entry.getKey()));
                }
                unexpressed.remove(entry.getKey());
            }
        }
        for (Map.Entry<String, List<String>> pair : PAIRS.entrySet()) {
            String first = header.get(pair.getValue().get(0));
            String second = header.get(pair.getValue().get(1));
            if (first != null || second != null) {
                assertThat(first != null && second != null).as(pair.getKey() + " needs both entries").isTrue();
                args.addAll(List.of(pair.getKey(), first + "," + second));
                unexpressed.removeAll(pair.getValue());
            }
        }
        assertThat(unexpressed).as("torch options of %s that no flag of the command expresses", recording).isEmpty();
        int steps = recording.iterates().size() - 1;
        args.addAll(List.of("--tol-grad", "0", "--tol-f", "0", "--tol-x", "0", "--max-iter", Integer.toString(steps),
                "--trace", trace.toString(), "--format", "json"));
        return args;
    }

    /** The function torch minimized, {@code sign * objective}, as the command's arguments. */
    private static List<String> function(String objective, double sign) throws IOException {
        if (objective.equals("rosenbrock")) {
            return sign > 0 ? List.of("--function", "rosenbrock") : List.of("--expr", "-(" + ROSENBROCK + ")", "--vars", "x,y");
        }
        assertThat(objective).isEqualTo("quadratic");
        String formula = quadratic();
        return List.of("--expr", sign > 0 ? formula : "-(" + formula + ")", "--vars", "x,y,z");
    }

    /** {@code 0.5 x^T A x - b^T x} of quadratic-matrix.txt as a formula in x, y, z, torch's order: A x, then the dots. */
    static String quadratic() throws IOException {
        List<String> lines = Files.readAllLines(REFERENCES.resolve("quadratic-matrix.txt")).stream()
                .filter(line -> !line.startsWith("#")).toList();
        String[] a = lines.get(0).trim().split(" ");
        String[] b = lines.get(1).trim().split(" ");
        String[] names = {"x", "y", "z"};
        List<String> rows = new ArrayList<>();
        List<String> linear = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                row.add("(" + a[3 * i + j] + ")*" + names[j]);
            }
            rows.add(names[i] + "*(" + String.join(" + ", row) + ")");
            linear.add("(" + b[i] + ")*" + names[i]);
        }
        return "0.5*(" + String.join(" + ", rows) + ") - (" + String.join(" + ", linear) + ")";
    }

    /** Runs the command; returns the trace's points (row 0 the start). */
    static List<double[]> traced(List<String> args, Path trace) throws IOException {
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as("%s%nstderr: %s", args, cli.err()).isZero();
        assertThat(cli.out()).as("%s", args).contains("\"stop\":\"MAX_ITERATIONS\"");
        List<String> lines = Files.readAllLines(trace);
        String[] columns = lines.get(0).split(",");
        assertThat(columns).startsWith("iter", "f", "grad_norm", "step", "lr");
        List<double[]> points = new ArrayList<>();
        for (int k = 1; k < lines.size(); k++) {
            String[] row = lines.get(k).split(",");
            assertThat(row).hasSize(columns.length);
            assertThat(Long.parseLong(row[0])).isEqualTo(k - 1);
            double[] point = new double[columns.length - 5];
            for (int i = 0; i < point.length; i++) {
                point[i] = Double.parseDouble(row[5 + i]);
            }
            points.add(point);
        }
        return points;
    }

    /** The largest relative error {@code |got - want| / max(1, |want|)} over every coordinate of every step. */
    static double worstError(List<double[]> got, List<double[]> want) {
        assertThat(got).hasSameSizeAs(want);
        double worst = 0;
        for (int step = 0; step < want.size(); step++) {
            assertThat(got.get(step)).hasSameSizeAs(want.get(step));
            for (int i = 0; i < want.get(step).length; i++) {
                double error = Math.abs(got.get(step)[i] - want.get(step)[i]) / Math.max(1, Math.abs(want.get(step)[i]));
                worst = Math.max(worst, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error);
            }
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void theTraceHasTorchsIterates(Recording recording, @TempDir Path dir) throws IOException {
        Path trace = dir.resolve("trace.csv");
        List<String> args = arguments(recording, trace);
        List<double[]> torch = recording.iterates();
        assertThat(torch).hasSize(201);
        List<double[]> descent = traced(args, trace);
        assertThat(worstError(descent, torch)).as("%s: descent %s", recording, args).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void everyOptimizerWithATorchReferenceIsReplayed() throws IOException {
        Set<String> replayed = new TreeSet<>();
        recordings().forEach(r -> replayed.add(r.header().get("optimizer")));
        Set<String> expected = new TreeSet<>();
        expected.addAll(dev.descent.optim.Optimizers.names());
        // gd and lbfgs are descent's (torch's LBFGS searches differently); PyTorch 1.13 has no Lion
        expected.removeAll(Set.of("gd", "lbfgs", "lion"));
        assertThat(replayed).isEqualTo(expected);
        // every flag of the mapping is exercised by some case
        Set<String> recorded = new TreeSet<>();
        recordings().forEach(r -> recorded.addAll(r.header().keySet()));
        assertThat(recorded).containsAll(FLAGS.keySet()).containsAll(SWITCHES.keySet());
        PAIRS.values().forEach(names -> assertThat(recorded).containsAll(names));
    }

    /** ASGD's averaged point {@code state['ax']} after the last of 200 steps, in the JSON result as {@code averagedX}. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rosenbrock-asgd-t0-average", "quadratic-asgd-t0-average",
            "rosenbrock-asgd-maximize-average", "quadratic-asgd-maximize-average"})
    void theResultHasTorchsAveragedPoint(String name, @TempDir Path dir) throws IOException {
        Recording recording = read(name);
        Map<String, String> header = new LinkedHashMap<>(recording.header());
        assertThat(header.remove("record")).isEqualTo("ax");
        Path trace = dir.resolve("trace.csv");
        List<String> args = arguments(new Recording(name, header, recording.iterates()), trace);
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        var averaged = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.out()).get("averagedX");
        double[] want = recording.iterates().get(200);
        assertThat(averaged.size()).isEqualTo(want.length);
        for (int i = 0; i < want.length; i++) {
            double error = Math.abs(averaged.get(i).asDouble() - want[i]) / Math.max(1, Math.abs(want[i]));
            assertThat(error).as("%s coordinate %d", name, i).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    /** The comparison can fail: one flag off by a part in 10^6, or one switch dropped, is caught. */
    @Test
    void aPerturbedFlagIsCaught(@TempDir Path dir) throws IOException {
        for (String name : List.of("rosenbrock-sgd-nesterov", "quadratic-adamax-betas-eps", "rosenbrock-rprop-etas",
                "quadratic-asgd-t0")) {
            Recording recording = read(name);
            Path trace = dir.resolve(name + ".csv");
            List<String> exact = arguments(recording, trace);
            assertThat(worstError(traced(exact, trace), recording.iterates())).as(name).isLessThanOrEqualTo(TOLERANCE);
            List<String> perturbed = perturbed(exact, name.contains("nesterov") ? "--nesterov" : null);
            assertThat(worstError(traced(perturbed, trace), recording.iterates())).as("%s perturbed: %s", name, perturbed)
                    .isGreaterThan(TOLERANCE);
        }
    }

    /** {@code args} without {@code dropped}, or when that is null with its --lr multiplied by 1 + 1e-6. */
    private static List<String> perturbed(List<String> args, String dropped) {
        List<String> changed = new ArrayList<>(args);
        if (dropped != null) {
            assertThat(changed.remove(dropped)).isTrue();
            return changed;
        }
        int lr = changed.indexOf("--lr");
        changed.set(lr + 1, String.format(Locale.ROOT, "%.17g", Double.parseDouble(changed.get(lr + 1)) * (1 + 1e-6)));
        return changed;
    }

    private static String join(double[] point) {
        List<String> parts = new ArrayList<>();
        for (double v : point) {
            parts.add(Double.toString(v));
        }
        return String.join(",", parts);
    }
}
