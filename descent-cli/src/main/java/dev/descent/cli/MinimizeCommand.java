package dev.descent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.Bounds;
import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.optim.Asgd;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.schedule.Schedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent minimize}: one run, a summary or JSON, and optionally the trace. */
@Command(name = "minimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Minimize a formula or a built-in test function.",
                "Exit codes: 0 converged or budget reached; 2 bad usage or input; 3 diverged, non-finite or unbounded "
                        + "below."})
final class MinimizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--start", paramLabel = "a,b,...", description = "Starting point (default: the function's standard start, or 0).")
    String start;

    @Mixin
    OptimizerOptions optimizerOptions;

    @Mixin
    LoopOptions loopOptions;

    @Mixin
    StopOptions stopOptions;

    @Mixin
    BoundsOptions boundsOptions;

    @Option(names = "--trace", paramLabel = "FILE.csv", description = "Write every step: iter,f,grad_norm,step,lr,<variables>, "
            + "with a momentum column after lr when the schedule cycles the momentum.")
    Path trace;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for any random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageError("--format must be text or json: " + format);
        }
        Problem problem = problemOptions.problem();
        double[] x0 = start == null ? problem.standardStart() : ProblemOptions.numbers("--start", start, problem.dimension());
        if (boundsOptions.bounds == null) {
            problem.checkStart(x0); // with bounds, the loop first projects the start into the box
        }
        Optimizer optimizer = optimizerOptions.optimizer(spec);
        Minimizer minimizer = boundsOptions.apply(loopOptions.minimizer(optimizer, stopOptions.rule()), problem.variables());
        OptimizerState state = minimizer.initialState(problem.dimension());
        Result result;
        if (trace != null) {
            Schedule schedule = loopOptions.schedule(optimizer);
            boolean momentum = schedule != null && schedule.cyclesMomentum();
            try (TraceWriter writer = new TraceWriter(trace, problem.variables(), momentum)) {
                result = minimizer.listener(writer).minimize(problem.objective(), x0, state);
            }
        } else {
            result = minimizer.minimize(problem.objective(), x0, state);
        }
        PrintWriter out = spec.commandLine().getOut();
        // ASGD's estimate is the average of its iterates, which the state holds after the last update
        double[] averaged = state instanceof Asgd.State asgd ? asgd.averagedPoint() : null;
        if (format.equals("json")) {
            out.println(json(result, averaged, problem.variables()));
        } else {
            printText(out, problem, optimizer, x0, result, stopOptions, averaged);
        }
        out.flush();
        return exitCode(result.stopReason());
    }

    /** 3 when the run found no minimum because of the problem or the step (diverged, non-finite, unbounded below), else 0. */
    static int exitCode(StopReason reason) {
        return reason == StopReason.DIVERGED || reason == StopReason.NON_FINITE || reason == StopReason.UNBOUNDED ? 3 : 0;
    }

    static String json(Result result, double[] averaged, java.util.List<String> variables) {
        JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        ObjectNode node = mapper.createObjectNode();
        ArrayNode x = node.putArray("x");
        for (double xi : result.point()) {
            x.add(xi);
        }
        node.put("f", result.value());
        node.put("iterations", result.iterations());
        node.put("evaluations", result.valueEvaluations());
        node.put("gradNorm", result.gradientNorm());
        node.put("stop", result.stopReason().name());
        node.put("elapsedMs", result.elapsed().toNanos() / 1e6);
        if (result.bounds() != null) {
            node.put("startProjected", result.startProjected());
            ArrayNode lower = node.putArray("activeLower");
            for (int i : result.activeBounds().lower()) {
                lower.add(variables.get(i));
            }
            ArrayNode upper = node.putArray("activeUpper");
            for (int i : result.activeBounds().upper()) {
                upper.add(variables.get(i));
            }
        }
        if (averaged != null) {
            ArrayNode average = node.putArray("averagedX");
            for (double v : averaged) {
                average.add(v);
            }
        }
        if (!result.detail().isEmpty()) {
            node.put("detail", result.detail());
        }
        return node.toString();
    }

    /** {@code x in [0, 1], y in [-inf, 2]}, or {@code every variable in [0, 1]}. */
    private static String describe(Bounds box, java.util.List<String> variables) {
        if (box.isUniform()) {
            return "every variable in [" + number(box.lower(0)) + ", " + number(box.upper(0)) + "]";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            parts.add(variables.get(i) + " in [" + number(box.lower(i)) + ", " + number(box.upper(i)) + "]");
        }
        return String.join(", ", parts);
    }

    private static String number(double bound) {
        if (Double.isInfinite(bound)) {
            return bound > 0 ? "inf" : "-inf";
        }
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }

    /** {@code x at its lower bound 0, y at its upper bound 2}, or {@code none}. */
    private static String active(Result result, java.util.List<String> variables) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        Bounds box = result.bounds();
        for (int i : result.activeBounds().lower()) {
            parts.add(variables.get(i) + " at its lower bound " + number(box.lower(i)));
        }
        for (int i : result.activeBounds().upper()) {
            parts.add(variables.get(i) + " at its upper bound " + number(box.upper(i)));
        }
        return parts.isEmpty() ? "none (the minimum is inside the box)" : String.join(", ", parts);
    }

    private static void printText(PrintWriter out, Problem problem, Optimizer optimizer, double[] x0, Result result,
                                  StopOptions stop, double[] averaged) {
        out.printf(Locale.ROOT, "minimize %s%n", problem.description());
        Bounds box = result.bounds();
        out.printf(Locale.ROOT, "  with %s from %s%n", BoundsOptions.describe(optimizer, box), ProblemOptions.format(x0));
        if (box != null) {
            out.printf(Locale.ROOT, "  in the box %s%n", describe(box, problem.variables()));
            if (result.startProjected() > 0) {
                double[] projected = x0.clone();
                box.project(projected);
                out.printf(Locale.ROOT, "  the start lay outside the box in %d %s: projected onto it, %s%n",
                        result.startProjected(), result.startProjected() == 1 ? "entry" : "entries",
                        ProblemOptions.format(projected));
            }
        }
        out.printf(Locale.ROOT, "stopped: %s, %s%n", result.stopReason(), result.stopReason().explanation());
        if (!result.detail().isEmpty()) {
            out.printf(Locale.ROOT, "  (%s)%n", result.detail());
        }
        if (result.stopReason() == StopReason.GRADIENT_TOLERANCE && result.iterations() == 0) {
            out.printf(Locale.ROOT, "  the start %s is already a stationary point (|grad f| = %.3e): there is nothing to "
                    + "descend from here; give another --start to watch a descent%n", dev.descent.io.Printable.point(x0), result.gradientNorm());
        }
        if (result.stopReason() == StopReason.DIVERGED) {
            out.printf(Locale.ROOT, "  the learning rate %s is too large here: try --lr %s%n", optimizer.learningRate(),
                    optimizer.learningRate() / 10);
        }
        if (result.stopReason() == StopReason.NON_FINITE || result.stopReason() == StopReason.DIVERGED) {
            out.printf(Locale.ROOT, "  reporting the best point seen before that%n");
        }
        if (result.stopReason() == StopReason.UNBOUNDED) {
            out.printf(Locale.ROOT, "  the lowest point reached is no minimum: check the formula's sign, or bound it below%n");
        }
        if (result.stopReason() == StopReason.VALUE_TOLERANCE) {
            double[] gradient = new double[problem.dimension()];
            problem.objective().valueAndGradient(result.point(), gradient);
            double largest = box == null ? dev.descent.vector.Vectors.maxAbs(gradient)
                    : box.projectedGradientNorm(result.point(), gradient);
            if (largest > stop.largeGradient()) {
                out.printf(Locale.ROOT, "  the gradient is still large (|g| = %.3e): the problem may be badly scaled; "
                        + "tighten --tol-f%n", largest);
            }
        }
        if (result.stopReason() == StopReason.MAX_ITERATIONS || result.stopReason() == StopReason.MAX_EVALUATIONS) {
            out.printf(Locale.ROOT, "  not converged: raise --max-iter/--max-evals, or try another optimizer or learning rate%n");
        }
        out.printf(Locale.ROOT, "best point: %s%n", ProblemOptions.format(result.point()));
        out.printf(Locale.ROOT, box == null ? "f = %.17g   |grad f| = %.3e%n" : "f = %.17g   |projected grad f|_inf = %.3e%n",
                result.value(), result.gradientNorm());
        if (box != null) {
            out.printf(Locale.ROOT, "active bounds: %s%n", active(result, problem.variables()));
        }
        if (averaged != null) {
            out.printf(Locale.ROOT, "averaged point (asgd's estimate after the last update): %s%n",
                    ProblemOptions.format(averaged));
        }
        out.printf(Locale.ROOT, "%d iterations, %d evaluations, %.1f ms%n", result.iterations(), result.valueEvaluations(),
                result.elapsed().toNanos() / 1e6);
    }
}
