package dev.descent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.StopReason;
import dev.descent.io.AtomicFile;
import dev.descent.io.Printable;
import dev.descent.ml.Pipeline;
import dev.descent.optim.Optimizer;
import dev.descent.plot.Figure;
import dev.descent.plot.RangeTestPlot;
import dev.descent.rangetest.LearningRateFinder;
import dev.descent.rangetest.RangeTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code descent train --find-lr}: the learning-rate range test ({@link LearningRateFinder}) on the
 * run train would make, its options and printing.
 */
final class RangeTestOptions {

    /** The largest number of steps a sweep takes. */
    static final int MAX_STEPS = 100_000;

    @Option(names = "--find-lr", description = "Run the learning-rate range test (Smith 2017; fastai's lr_find) instead of "
            + "training: the optimizer starts where training would, on the same rows and batches, with the learning rate "
            + "rising exponentially over --find-lr-steps updates until the smoothed loss passes 4 times its minimum; "
            + "prints the suggested --lr, a tenth of the rate at the lowest smoothed loss. Needs a first-order optimizer "
            + "(not lbfgs or a line search). Nothing is trained or saved; --epochs, --early-stopping, --schedule and "
            + "--warmup do not enter the test.")
    boolean requested;

    @Option(names = "--find-lr-plot", paramLabel = "FILE", description = "With --find-lr: draw the loss and the smoothed "
            + "loss against the learning rate, the suggested rate marked (.png or .svg).")
    Path plot;

    @Option(names = "--find-lr-range", paramLabel = "MIN,MAX", split = ",", description = "With --find-lr: the first and "
            + "last learning rates, 0 < MIN < MAX (default 1e-7,10).")
    List<Double> range;

    @Option(names = "--find-lr-steps", paramLabel = "N", defaultValue = "" + LearningRateFinder.DEFAULT_STEPS,
            description = "With --find-lr: the updates of the sweep, from 2 to " + MAX_STEPS
                    + "; about 12 per decade of rates keeps the suggestion calibrated (default ${DEFAULT-VALUE}).")
    int steps;

    /** Refuses the test's own options without {@code --find-lr}. */
    void checkUnused(CommandSpec spec) {
        if (requested) {
            return;
        }
        for (String option : new String[] {"--find-lr-plot", "--find-lr-range", "--find-lr-steps"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageError(option + " applies only with --find-lr");
            }
        }
    }

    /** The sweep the options ask for. */
    LearningRateFinder finder() {
        LearningRateFinder finder = LearningRateFinder.defaults();
        if (range != null) {
            if (range.size() != 2 || !(range.get(0) > 0) || !(range.get(1) > range.get(0))) {
                throw new UsageError("--find-lr-range must be two learning rates MIN,MAX with 0 < MIN < MAX: "
                        + String.join(",", range.stream().map(String::valueOf).toList()));
            }
            finder = finder.withRange(range.get(0), range.get(1));
        }
        if (steps < 2 || steps > MAX_STEPS) {
            throw new UsageError("--find-lr-steps must be in [2, " + MAX_STEPS + "]: " + steps);
        }
        return finder.withSteps(steps);
    }

    /**
     * Runs the test on the pipeline {@code train} would run, prints it, draws it when asked; exit 0.
     *
     * @param optimizerGiven whether {@code --optimizer} was given (else the model's default is swept)
     */
    int run(CommandSpec spec, Pipeline pipeline, String modelSpec, boolean optimizerGiven, String data, String format,
            boolean quiet) throws IOException {
        for (String option : new String[] {"--save", "--checkpoint", "--resume"}) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageError(option + " does not apply with --find-lr: the range test trains nothing and starts "
                        + "from the seeded initial parameters");
            }
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--plot")) {
            throw new UsageError("--plot draws the curves of a training run; with --find-lr use --find-lr-plot FILE");
        }
        LearningRateFinder finder = finder();
        if (plot != null) {
            try {
                Figure.Format.of(plot);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--find-lr-plot: " + e.getMessage());
            }
            AtomicFile.checkWritable(plot);
        }
        Optimizer optimizer = pipeline.plan().optimizer();
        try {
            LearningRateFinder.checkApplies(optimizer);
        } catch (IllegalArgumentException e) {
            if (!optimizerGiven && optimizer.needsFullBatch()) {
                throw new UsageError("--find-lr: " + modelSpec + " trains with " + optimizer.name() + " by default, whose "
                        + "line search sets every step, so there is no learning rate to find; choose a first-order "
                        + "optimizer, such as --optimizer sgd or --optimizer adam");
            }
            throw new UsageError("--find-lr: " + e.getMessage().replace("the learning-rate range test", "it"));
        }
        Pipeline.RangeTestOutcome outcome = pipeline.findLearningRate(finder);
        RangeTest test = outcome.test();
        if (plot != null) {
            new RangeTestPlot(test, String.format(Locale.ROOT, "learning-rate range test: %s, %s, %s on %s",
                    outcome.model(), optimizer.name(), batches(outcome.batchSize()), data)).write(plot, 900, 560);
        }
        if (!quiet) {
            for (String warning : test.warnings()) {
                Messages.error(spec.commandLine(), "warning: " + warning);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(json(outcome));
        } else {
            text(out, outcome, quiet);
        }
        out.flush();
        return 0;
    }

    private static String batches(int batchSize) {
        return batchSize == 0 ? "full batch" : "batches of " + batchSize;
    }

    private void text(PrintWriter out, Pipeline.RangeTestOutcome outcome, boolean quiet) {
        RangeTest test = outcome.test();
        LearningRateFinder finder = test.finder();
        out.printf(Locale.ROOT, "learning-rate range test of %s with %s, %s, on %s%n", outcome.model(),
                outcome.optimizer().name(), batches(outcome.batchSize()), outcome.data());
        String last = test.steps() == 0 ? "-" : Optimizer.shortNumber(test.rates()[test.steps() - 1]);
        if (test.stopReason() == StopReason.MAX_ITERATIONS) {
            out.printf(Locale.ROOT, "swept lr %s to %s in %d steps%n", Optimizer.shortNumber(finder.minRate()), last,
                    test.steps());
        } else {
            out.printf(Locale.ROOT, "swept lr %s to %s in %d of %d steps, then stopped: %s%n",
                    Optimizer.shortNumber(finder.minRate()), last, test.steps(), finder.steps(),
                    Printable.escape(test.detail()));
        }
        if (test.minimumIndex() < 0) {
            out.println("no step gave a finite loss: no rate to suggest");
        } else {
            out.printf(Locale.ROOT, "lowest smoothed loss %.4g at lr %s (steepest fall at lr %s)%n",
                    test.smoothedLosses()[test.minimumIndex()], Optimizer.shortNumber(test.minimumRate()),
                    Optimizer.shortNumber(test.steepestRate()));
            out.printf(Locale.ROOT, "suggested learning rate: %s (a tenth of the rate at the lowest smoothed loss)%n",
                    Optimizer.shortNumber(test.suggestedRate()));
            out.printf(Locale.ROOT, "  train with: --lr %s%n", Optimizer.shortNumber(test.suggestedRate()));
        }
        if (quiet) {
            test.warnings().forEach(warning -> out.println("  warning: " + Printable.escape(warning)));
        }
        if (plot != null) {
            out.printf(Locale.ROOT, "plotted %s%n", plot);
        }
    }

    private String json(Pipeline.RangeTestOutcome outcome) {
        JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        RangeTest test = outcome.test();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", outcome.model());
        root.put("optimizer", outcome.optimizer().name());
        root.put("batchSize", outcome.batchSize());
        root.put("engine", outcome.engine());
        root.put("data", outcome.data());
        root.put("minLr", test.finder().minRate());
        root.put("maxLr", test.finder().maxRate());
        root.put("steps", test.finder().steps());
        root.put("stepsTaken", test.steps());
        root.put("stop", test.stopReason().name());
        if (!test.detail().isEmpty()) {
            root.put("detail", test.detail());
        }
        root.put("suggestedLr", test.suggestedRate());
        root.put("minimumLr", test.minimumRate());
        root.put("steepestLr", test.steepestRate());
        ArrayNode curve = root.putArray("curve");
        double[] rates = test.rates();
        double[] losses = test.losses();
        double[] smoothed = test.smoothedLosses();
        for (int t = 0; t < rates.length; t++) {
            ObjectNode step = curve.addObject();
            step.put("lr", rates[t]);
            step.put("loss", losses[t]);
            step.put("smoothed", smoothed[t]);
        }
        ArrayNode warnings = root.putArray("warnings");
        test.warnings().forEach(warnings::add);
        if (plot != null) {
            root.put("plot", plot.toString());
        }
        return root.toString();
    }
}
