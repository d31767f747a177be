package dev.descent.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./descent bench}: the benchmark workloads, timed against floors measured in the same run.
 * It lives here, with JMH, rather than in the command's jar: the repository's launcher runs it from
 * this module's jar.
 */
@Command(name = "descent bench", mixinStandardHelpOptions = true,
        description = {"Time the benchmark workloads W1-W6 against floors measured in the same run.",
            "Prints the median of the repetitions after warm-up, min-max, threads, and the multiple of each workload's "
                + "floor: a read of memory measured before every repetition for W1-W3 and W5, the multiply-add peak "
                + "for W4 (in float64, and in float32 as W4f). Where /usr/bin/python3 has NumPy, PyTorch or scikit-learn, "
                + "their versions of W1-W4 run in the same session, each named with the BLAS kernel it ran.",
            "For steady figures: DESCENT_JAVA_OPTS='-Xms8g -Xmx8g -XX:+AlwaysPreTouch' ./descent bench"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "W1 W2 W3 W4 W5 W6, or W7 (Spark, local[2], against Spark MLlib), W7cv (a CrossValidator on W7's "
            + "rows, descent's against MLlib's) and W8 (sparse logistic regression, against MLlib), only when named (default: W1-W6).")
    List<String> workloads;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "5", description = "Timed repetitions, at least 5 (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--cv-rows", paramLabel = "N", defaultValue = "500000",
            description = "W7cv's rows, the first N of W7's 2,000,000 (default ${DEFAULT-VALUE}: MLlib's 18 fits of "
                + "all of them take tens of minutes on 2 cores).")
    int crossValidationRows;

    @Override
    public Integer call() {
        List<String> ids = workloads == null || workloads.isEmpty() ? List.of("W1", "W2", "W3", "W4", "W5", "W6")
                : workloads.stream().map(w -> w.toUpperCase(java.util.Locale.ROOT)).toList();
        for (String id : ids) {
            if (!List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W7CV", "W8").contains(id)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown workload '" + id + "' (W1 to W8, W7cv)");
            }
        }
        if (crossValidationRows < 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cv-rows must be at least 1000: "
                    + crossValidationRows);
        }
        if (reps < 5) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reps must be at least 5: " + reps);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> local = ids.stream().filter(id -> !id.startsWith("W7") && !id.equals("W8")).toList();
        if (!local.isEmpty()) {
            new Workloads(reps, out).run(local);
        }
        if (ids.contains("W7") || ids.contains("W7CV")) {
            // Spark's classes load only here: ./descent bench W7 (or W7cv) puts them on the class path
            SparkWorkload.run(reps, out, ids.contains("W7"), ids.contains("W7CV"), crossValidationRows);
        }
        if (ids.contains("W8")) {
            SparseSparkWorkload.run(out); // two whole fits, once each: minutes, not repetitions
        }
        return 0;
    }

    /** Entry point of {@code ./descent bench}; exits 2 on bad usage. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
