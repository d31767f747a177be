package dev.descent.cli;

import dev.descent.io.Printable;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.GradientClipping;
import dev.descent.StopReason;
import dev.descent.average.ExponentialMovingAverage;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.average.WeightAveraging;
import dev.descent.ml.train.AveragedParameters;
import dev.descent.io.AtomicFile;
import dev.descent.ml.Pipeline;
import dev.descent.ml.SavedModel;
import dev.descent.ml.data.DataFormat;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.Evaluation;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.model.Precision;
import dev.descent.ml.model.Task;
import dev.descent.ml.train.EpochRecord;
import dev.descent.ml.train.Metrics;
import dev.descent.ml.train.InvalidSetting;
import dev.descent.ml.data.ClassWeights;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.Optimizer;
import dev.descent.plot.LossCurves;
import dev.descent.schedule.Schedule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent train}: the training pipeline's options and printing. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a linear, logistic, softmax, svm, huber, quantile, poisson or MLP model on a CSV file or a built-in dataset, evaluate it "
                + "on held-out rows (or your --test-data) and save it.",
            "Defaults: the linear models train with full-batch lbfgs until converged (at most --epochs "
                + "iterations, 1000 unless given), as scikit-learn fits them; an mlp trains with adam --lr 1e-3 on mini-batches of 32. "
                + "Features are standardized on the training rows, and so is an mlp's numeric target (its figures and "
                + "predictions are in the target's units).",
            "Built in: iris, breast_cancer, digits, diabetes, penguins. Exit codes: 0 trained; 2 bad usage or input; 3 diverged."})
final class TrainCommand implements Callable<Integer> {

    /** The pipeline's settings by the flag that sets them. */
    private static final Map<String, String> FLAG_OF = Map.ofEntries(Map.entry("model", "--model"),
            Map.entry("batchSize", "--batch-size"), Map.entry("split", "--validation/--test"), Map.entry("threshold", "--threshold"), Map.entry("classWeights", "--class-weight"), Map.entry("epochs", "--epochs"),
            Map.entry("earlyStopping", "--early-stopping"), Map.entry("master", "--master"),
            Map.entry("swaStart", "--swa-start"), Map.entry("accumulate", "--accumulate"),
            Map.entry("noDecayBias", "--no-decay-bias"), Map.entry("timeLimit", "--time-limit"),
            Map.entry("checkpointEvery", "--checkpoint-every"), Map.entry("coefBounds", "--coef-bounds"),
            Map.entry("l1", "--l1"), Map.entry("l1Path", "--l1-path"), Map.entry("dataFormat", "--data-format"), Map.entry("intercept", "--no-intercept"), Map.entry("bounds", "--coef-bounds"));

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "NAME|PATH", description = "A built-in dataset, a CSV file with a "
            + "header, or a LIBSVM file (.libsvm, .svm, .svmlight: sparse rows, features named by their index); with "
            + "--engine spark also a folder of CSV files, Parquet, or a URL Spark reads (hdfs://, s3a://).")
    String data;

    @Option(names = "--data-format", paramLabel = "csv|libsvm", description = "How --data and --test-data are written "
            + "(default: by the extension, libsvm for .libsvm, .svm and .svmlight, else csv).")
    String dataFormat;

    @Option(names = "--target", paramLabel = "COL", description = "The target column (default: the last).")
    String target;

    @Option(names = "--classes", description = "Read a numeric target as class labels (built-in datasets know their kind).")
    boolean classes;

    @Mixin
    ColumnOptions columnOptions;

    @Option(names = "--class-weight", paramLabel = "balanced|C=W,...", description = "Weigh each class's rows in the loss: "
            + "balanced (n / (k n_c), scikit-learn's) or by name (yes=5,no=1; a class left out weighs 1); times "
            + "--weight-col's.")
    String classWeight;

    @Option(names = "--threshold", paramLabel = "T", description = "A two-class model predicts its second class (1 of "
            + "0/1, yes of no/yes) where that class's probability is at least T, in (0, 1); kept in the saved model "
            + "(default: the most probable class).")
    Double threshold;

    @Option(names = "--standardize-target", negatable = true, description = "Fit a numeric target standardized on the "
            + "training rows, reporting and predicting in its units (default: on for mlp, off for linear).")
    Boolean standardizeTarget;

    @Option(names = "--model", required = true, paramLabel = "SPEC", description = "linear, logistic, softmax, svm (hinge "
            + "loss), huber[:epsilon=1.35] (robust, scale fitted jointly), quantile[:q=0.5] (pinball loss), poisson "
            + "(counts, log link), or mlp:64,32[:relu|tanh|sigmoid][:f32].")
    String modelSpec;

    @Option(names = "--dtype", paramLabel = "f64|f32", description = "The precision an mlp trains in: "
            + "f64, or f32 for float32 layers (twice the values per vector instruction) over float64 parameters "
            + "(default: the --model spec's, f64 unless it ends in :f32).")
    String dtype;

    @Option(names = "--l2", paramLabel = "X", description = "L2 penalty (X/2)||w||^2 on the weights, the loss a mean over "
            + "the rows (default: 1/n for logistic and softmax, scikit-learn's C = 1; else 0).")
    Double l2;

    @Option(names = "--l1", paramLabel = "X", description = "L1 penalty X||w||_1 on the weights, solved to its exact "
            + "zeros (L-BFGS as OWL-QN, first-order rules with a proximal step) (default 0).")
    Double l1;

    @Option(names = "--standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Penalize the weights of the features standardized on the training rows (the default; glmnet's "
                    + "standardize=TRUE, MLlib's standardization=true); --no-standardize penalizes the weights of the "
                    + "features as given (scikit-learn's form). Either way the model reports and predicts on the "
                    + "features' own scale.")
    boolean standardize;

    @Option(names = "--l1-path", paramLabel = "N", description = "Fit N L1 penalties from the smallest that zeroes every "
            + "coefficient downwards (glmnet's path, each fit warm-started from the last), and keep the one of the lowest "
            + "validation loss; prints each point's nonzero count and scores. Linear models; validation 0.2 unless set.")
    Integer l1Path;

    @Option(names = "--coef-bounds", paramLabel = "NAME=LO:HI,...", description = "Keep coefficients within bounds while "
            + "training, on the features' own scale (MLlib's lower/upperBoundsOnCoefficients), an open side left empty: "
            + "age=0:,income=:0.5. Linear models; with --l1 too.")
    String coefBounds;

    @Option(names = "--intercept", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Fit an intercept (the default); --no-intercept keeps it at 0 and scales the features without "
                    + "centring them (MLlib's fitIntercept=false). Linear models only.")
    boolean intercept;

    @Mixin
    OptimizerOptions optimizerOptions;

    @Mixin
    LoopOptions loopOptions;

    @Mixin
    RangeTestOptions rangeTest;

    /** The epoch budget the plan trains with: --epochs, or the optimizer's default. */
    private int budget;

    @Option(names = "--epochs", paramLabel = "N", description = "Epoch budget; a full-batch epoch is one iteration (default "
            + TrainingPlan.DEFAULT_EPOCHS + ", or " + TrainingPlan.DEFAULT_SEARCH_EPOCHS + " for lbfgs and line searches, "
            + "which stop when they converge).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "Rows per update, 0 the full batch (default: the full "
            + "batch for lbfgs and gd with a line search, " + TrainingPlan.DEFAULT_BATCH_SIZE + " for the others).")
    Integer batchSize;

    @Option(names = "--validation", paramLabel = "F", description = "Validation fraction (default: "
            + Pipeline.DEFAULT_VALIDATION + " with --early-stopping or --find-lr, which read those rows; else none).")
    Double validation;

    @Option(names = "--test", paramLabel = "F", defaultValue = "" + Pipeline.DEFAULT_TEST,
            description = "Test fraction, unless --test-data is given (default ${DEFAULT-VALUE}).")
    double test;

    @Option(names = "--test-data", paramLabel = "PATH", description = "Evaluate on these rows (same columns) instead of a test "
            + "split; read as --data is.")
    String testData;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "0",
            description = "Stop after PATIENCE epochs without a better validation loss, keeping the best; 0 turns it off "
                    + "(default ${DEFAULT-VALUE}).")
    int patience;

    @Mixin
    AveragingOptions averagingOptions;

    @Option(names = "--accumulate", paramLabel = "K", description = "Sum the gradients of K mini-batches into each update, "
            + "weighted by their rows: the update of one batch K times as large (needs --batch-size and a first-order "
            + "optimizer).")
    Integer accumulate;

    @Option(names = "--no-decay-bias", description = "Leave the biases out of --weight-decay: two parameter groups, as "
            + "torch users write them.")
    boolean noDecayBias;

    @Option(names = "--time-limit", paramLabel = "S", description = "Wall-clock budget in seconds: the run ends with the "
            + "epoch under way once it is spent, evaluated and checkpointed as any last epoch (default none).")
    Double timeLimit;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Write a checkpoint every --checkpoint-every epochs and at the end.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10", description = "Epochs between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint (same data, model, optimizer, seed).")
    Path resume;

    @Option(names = "--save", paramLabel = "FILE.json", description = "Save the trained model.")
    Path save;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
            description = "Where the training rows are summed: local, or spark (through ./descent) (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "spark: the master, local[N] or spark://host:port (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "spark: partitions of the cached rows (default: Spark's default parallelism).")
    Integer partitions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the split, initialization and data order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the loss and error curves per epoch.")
    Path plot;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--quiet", description = "Nothing on stderr: no progress bar (it is off anyway when output is not a "
            + "terminal), and the warnings go into the report on stdout.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageError("--format must be text or json: " + format);
        }
        if (checkpointEvery < 1) {
            throw new UsageError("--checkpoint-every must be at least 1: " + checkpointEvery);
        }
        rangeTest.checkUnused(spec);
        if (rangeTest.requested) {
            try {
                return rangeTest.run(spec, pipeline(), modelSpec, optimizerOptions.kinds != null, data, format, quiet);
            } catch (InvalidSetting e) {
                throw usage(e);
            }
        }
        // training can take long: an output that cannot be written is refused before it starts, not after
        for (Path output : new Path[] {save, checkpoint, plot}) {
            if (output != null) {
                AtomicFile.checkWritable(output);
            }
        }
        Pipeline.Outcome outcome;
        try {
            outcome = pipeline().run();
        } catch (InvalidSetting e) {
            throw usage(e);
        }
        if (save != null) {
            outcome.model().write(save);
        }
        if (plot != null) {
            drawCurves(outcome);
        }
        if (!quiet) {
            for (String warning : outcome.warnings()) {
                Messages.error(spec.commandLine(), "warning: " + warning);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(json(outcome));
        } else {
            text(out, outcome);
        }
        out.flush();
        return outcome.training().diverged() ? 3 : 0;
    }

    /** A bad setting as a usage error naming its flag. */
    private static UsageError usage(InvalidSetting e) {
        return new UsageError(FLAG_OF.getOrDefault(e.setting(), e.setting()) + ": " + e.getMessage());
    }

    private Pipeline pipeline() {
        ModelSpec model;
        try {
            model = ModelSpec.parse(modelSpec);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--model: " + e.getMessage());
        }
        if (dtype != null) {
            Precision precision = Precision.named(dtype);
            if (precision == null) {
                throw new UsageError("--dtype: '" + dtype + "' is not f64 or f32");
            }
            try {
                model = model.withPrecision(precision);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--dtype: " + e.getMessage());
            }
        }
        OptimizerOptions.Kind kind = optimizerOptions.kinds != null ? optimizerOptions.kind()
                : model.convex() ? OptimizerOptions.Kind.lbfgs : OptimizerOptions.Kind.adam;
        Optimizer optimizer = optimizerOptions.optimizer(kind, optimizerOptions.learningRate(), spec);
        try {
            Pipeline pipeline = Pipeline.of(data, model).target(target).classes(classes);
            if (dataFormat != null) {
                pipeline = pipeline.dataFormat(DataFormats.named(dataFormat));
            }
            if (pipeline.dataFormat() == DataFormat.LIBSVM) {
                List<String> given = columnOptions.given();
                if (target != null) {
                    given.add(0, "--target");
                }
                if (!given.isEmpty()) {
                    throw new UsageError(String.join(", ", given) + ": a LIBSVM file has no named columns (its first "
                            + "field is the target, the rest features by index), so " + (given.size() == 1 ? "this option does"
                            : "these options do") + " not apply");
                }
            }
            pipeline = validation == null ? pipeline.test(test) : pipeline.split(validation, test);
            pipeline = pipeline
                    .columns(columnOptions::apply)
                    .testData(testData).engine(Engines.of(engine, master, partitions)).resume(resume).plan(plan(optimizer));
            if (threshold != null) {
                pipeline = pipeline.threshold(threshold);
            }
            if (classWeight != null) {
                try {
                    pipeline = pipeline.classWeights(ClassWeights.parse(classWeight));
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--class-weight: " + e.getMessage());
                }
            }
            pipeline = pipeline.standardization(standardize);
            if (l1Path != null) {
                pipeline = pipeline.l1Path(l1Path);
            }
            if (coefBounds != null) {
                pipeline = pipeline.coefficientBounds(coefficientBounds(coefBounds));
            }
            return standardizeTarget == null ? pipeline : pipeline.standardizeTarget(standardizeTarget);
        } catch (InvalidSetting e) {
            throw usage(e);
        }
    }

    /**
     * {@code NAME=LO:HI,...} as bounds by feature name; a name may hold '=' (a one-hot feature
     * {@code sex=male}), so the last '=' splits it from its interval.
     */
    static Map<String, double[]> coefficientBounds(String text) {
        Map<String, double[]> bounds = new java.util.LinkedHashMap<>();
        for (String item : text.split(",")) {
            int split = item.lastIndexOf('=');
            int colon = item.indexOf(':', Math.max(split, 0));
            if (split <= 0 || colon < 0) {
                throw new UsageError("--coef-bounds: '" + item + "' is not NAME=LO:HI (an open side left empty, as in age=0:)");
            }
            String name = item.substring(0, split).trim();
            double lower = bound(item, item.substring(split + 1, colon), Double.NEGATIVE_INFINITY);
            double upper = bound(item, item.substring(colon + 1), Double.POSITIVE_INFINITY);
            if (lower > upper) {
                throw new UsageError("--coef-bounds: the lower bound of '" + name + "' is above its upper one: " + lower
                        + " > " + upper);
            }
            if (bounds.put(name, new double[] {lower, upper}) != null) {
                throw new UsageError("--coef-bounds: '" + name + "' is bounded twice");
            }
        }
        return bounds;
    }

    private static double bound(String item, String text, double open) {
        if (text.isBlank()) {
            return open;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageError("--coef-bounds: '" + text + "' in '" + item + "' is not a number");
        }
    }

    /** How to train, from the flags. */
    private TrainingPlan plan(Optimizer optimizer) {
        TrainingPlan plan;
        try {
            plan = TrainingPlan.of(optimizer).earlyStopping(patience).seed(seed).intercept(intercept);
            if (epochs != null) {
                plan = plan.epochs(epochs);
            }
            if (l2 != null || l1 != null) {
                plan = plan.penalty(new Penalty(l2 == null ? 0 : l2, l1 == null ? 0 : l1));
            }
        } catch (InvalidSetting e) {
            throw usage(e);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage().replace("l2 and l1", "--l2 and --l1"));
        }
        if (batchSize != null) {
            plan = plan.batchSize(batchSize);
        }
        Schedule schedule = loopOptions.schedule(optimizer);
        if (schedule != null) {
            plan = plan.schedule(schedule);
        }
        GradientClipping clipping = loopOptions.clipping(optimizer);
        if (clipping != null) {
            plan = plan.clipping(clipping);
        }
        if (checkpoint != null) {
            plan = plan.checkpoint(checkpoint, checkpointEvery);
        }
        if (accumulate != null) {
            if (accumulate < 1) {
                throw new UsageError("--accumulate must be at least 1: " + accumulate);
            }
            plan = plan.accumulating(accumulate);
        }
        if (noDecayBias) {
            plan = plan.noDecayOnBiases();
        }
        budget = plan.epochs();
        WeightAveraging averaging = averagingOptions.averaging(budget);
        if (averaging != null) {
            plan = plan.averaging(averaging);
        }
        if (timeLimit != null) {
            if (!(timeLimit > 0)) {
                throw new UsageError("--time-limit must be a positive number of seconds: " + timeLimit);
            }
            plan = plan.timeLimit(Duration.ofNanos((long) (timeLimit * 1e9)));
        }
        if (!quiet && System.console() != null && format.equals("text")) {
            plan = plan.listener(new ProgressListener());
        }
        return plan;
    }

    private void drawCurves(Pipeline.Outcome outcome) throws IOException {
        List<EpochRecord> history = outcome.training().history();
        if (history.isEmpty()) {
            throw new UsageError("--plot: no epoch completed, so there is no curve to draw");
        }
        int n = history.size();
        double[] epochsAxis = new double[n];
        double[][] columns = new double[4][n];
        boolean regression = outcome.model().model().task() == Task.REGRESSION;
        for (int i = 0; i < n; i++) {
            EpochRecord r = history.get(i);
            epochsAxis[i] = r.epoch();
            columns[0][i] = r.train().loss();
            columns[1][i] = regression ? r.train().rmse() : 1 - r.train().accuracy();
            columns[2][i] = r.validation().loss();
            columns[3][i] = regression ? r.validation().rmse() : 1 - r.validation().accuracy();
        }
        List<LossCurves.Series> series = new ArrayList<>();
        series.add(new LossCurves.Series("train", epochsAxis, columns[0], columns[1]));
        if (!Double.isNaN(columns[2][0])) {
            series.add(new LossCurves.Series("validation", epochsAxis, columns[2], columns[3]));
        }
        try {
            new LossCurves(series, outcome.model().model().describe() + " on " + data, "loss",
                    regression ? "RMSE" : "error rate, 1 - accuracy", "epoch").write(plot, 1100, 520);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--plot: " + e.getMessage());
        }
    }

    private String json(Pipeline.Outcome outcome) {
        JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        ObjectNode root = mapper.createObjectNode();
        TrainingResult result = outcome.training();
        root.put("model", outcome.model().model().describe());
        root.put("optimizer", outcome.optimizer().describe());
        root.put("batchSize", outcome.batchSize());
        root.put("engine", outcome.engine());
        root.put("data", data);
        root.put("target", outcome.model().targetName());
        root.put("l2", outcome.penalty().l2());
        root.put("l1", outcome.penalty().l1());
        root.put("standardize", !outcome.penalty().onFeaturesAsGiven());
        root.put("intercept", intercept);
        outcome.model().scale().ifPresent(s -> root.put("scale", s));
        outcome.model().coefficients().ifPresent(c -> {
            SavedModel.putCoefficients(root, c);
            root.put("zeroCoefficients", c.zeros());
        });
        Standardizer scaled = outcome.model().targetStandardizer();
        if (scaled != null) {
            ObjectNode scaling = root.putObject("targetStandardized");
            scaling.put("mean", scaled.means()[0]);
            scaling.put("std", scaled.deviations()[0]);
        }
        root.put("parameters", outcome.model().model().parameterCount());
        root.put("epochs", result.epochs());
        root.put("bestEpoch", result.bestEpoch());
        root.put("stop", result.stopReason().name());
        if (!outcome.path().isEmpty()) {
            ArrayNode path = root.putArray("path");
            for (Pipeline.PathPoint point : outcome.path()) {
                ObjectNode entry = path.addObject();
                entry.put("l1", point.l1());
                entry.put("nonzeros", point.nonzeros());
                entry.put("trainingLoss", point.trainingLoss());
                entry.put("validationLoss", point.validationLoss());
                entry.put("iterations", point.iterations());
                entry.put("chosen", point.l1() == outcome.penalty().l1());
            }
        }
        root.put("converged", result.converged());
        root.put("stoppedEarly", result.stoppedEarly());
        root.put("diverged", result.diverged());
        WeightAveraging averaging = averagingOptions.averaging(budget);
        if (averaging != null) {
            averagingJson(root.putObject("averaging"), averaging, result);
        }
        if (!result.detail().isEmpty()) {
            root.put("detail", result.detail());
        }
        ArrayNode history = root.putArray("history");
        for (EpochRecord r : result.history()) {
            ObjectNode epoch = history.addObject();
            epoch.put("epoch", r.epoch());
            metrics(epoch.putObject("train"), r.train());
            metrics(epoch.putObject("validation"), r.validation());
            epoch.put("lr", r.learningRate());
            epoch.put("updates", r.updates());
            epoch.put("ms", r.elapsedMillis());
        }
        for (Evaluation evaluation : outcome.evaluations()) {
            Evaluations.json(root.putObject(evaluation.name()), evaluation);
        }
        ArrayNode warnings = root.putArray("warnings");
        outcome.warnings().forEach(warnings::add);
        ArrayNode notes = root.putArray("notes");
        outcome.notes().forEach(notes::add);
        return root.toString();
    }

    /** The averaging in the JSON: the rule, how many points it averaged, and whether it is the model. */
    private static void averagingJson(ObjectNode node, WeightAveraging averaging, TrainingResult result) {
        node.put("rule", averaging.name());
        if (averaging instanceof ExponentialMovingAverage ema) {
            node.put("decay", ema.decay());
        } else if (averaging instanceof StochasticWeightAveraging swa) {
            node.put("startEpoch", swa.startEpoch());
        }
        node.put("averaged", result.average() == null ? 0 : result.average().count());
        node.put("isModel", result.modelIsAverage());
    }

    /** What the average that is the model holds, in words. */
    private static String averageText(TrainingResult result) {
        AveragedParameters average = result.average();
        String early = result.bestEpoch() != result.epochs()
                ? String.format(Locale.ROOT, " (early stopping's best epoch was %d)", result.bestEpoch()) : "";
        if (average.averaging() instanceof ExponentialMovingAverage ema) {
            return String.format(Locale.ROOT, "the EMA of the weights (decay %s) over %d update%s%s", ema.decay(),
                    average.count(), average.count() == 1 ? "" : "s", early);
        }
        long first = result.epochs() - average.count() + 1;
        return String.format(Locale.ROOT, "the SWA average of the weights at the end of epoch%s %s%s",
                average.count() == 1 ? "" : "s", average.count() == 1 ? String.valueOf(first) : first + " to " + result.epochs(),
                early);
    }

    private static void metrics(ObjectNode node, Metrics m) {
        node.put("loss", m.loss());
        if (!Double.isNaN(m.accuracy())) {
            node.put("accuracy", m.accuracy());
        }
        if (!Double.isNaN(m.rmse())) {
            node.put("rmse", m.rmse());
            node.put("r2", m.r2());
        }
    }

    private void text(PrintWriter out, Pipeline.Outcome outcome) {
        TrainingResult result = outcome.training();
        out.printf(Locale.ROOT, "trained %s (%d parameters) with %s, %s, on %s%s%n", outcome.model().model().describe(),
                outcome.model().model().parameterCount(), outcome.optimizer().describe(),
                outcome.batchSize() == 0 ? "full batch" : "batches of " + outcome.batchSize()
                        + (accumulate != null && accumulate > 1 ? " (" + accumulate + " per update)" : ""), outcome.data(),
                engine.equals("local") ? "" : " (" + outcome.engine() + ")");
        outcome.notes().forEach(note -> out.println("  data: " + Printable.escape(note)));
        // the count of zeros is news when an L1 penalty asked for them, or when some came anyway
        outcome.model().coefficients().filter(c -> c.zeros() > 0 || outcome.penalty().l1() > 0)
                .ifPresent(c -> out.printf(Locale.ROOT, "  %d of %d coefficients are exactly zero (--format json and "
                        + "the saved model list them on the features' own scale)%n", c.zeros(), c.count()));
        if (!outcome.path().isEmpty()) {
            out.printf(Locale.ROOT, "  L1 path of %d penalties, each fit started from the one before; the lowest "
                    + "validation loss chosen (*):%n", outcome.path().size());
            out.printf(Locale.ROOT, "  %12s  %9s  %13s  %15s  %10s%n", "l1", "nonzeros", "training loss", "validation loss",
                    "iterations");
            for (Pipeline.PathPoint point : outcome.path()) {
                out.printf(Locale.ROOT, "  %12.4g  %9d  %13.6g  %15.6g  %10d%s%n", point.l1(), point.nonzeros(),
                        point.trainingLoss(), point.validationLoss(), point.iterations(),
                        point.l1() == outcome.penalty().l1() ? " *" : "");
            }
        }
        outcome.model().scale().ifPresent(s -> out.printf(Locale.ROOT, "  scale: sigma = %.6g (residuals beyond "
                + "epsilon = %s sigma count linearly)%n", s, outcome.model().model().spec().parameter()));
        Penalty penalty = outcome.penalty();
        if (l2 == null && l1 == null && penalty.l2() > 0) {
            out.printf(Locale.ROOT, "  penalty: l2 = %.3g = 1/%s, scikit-learn's C = 1 (--l2 0 for none)%n",
                    penalty.l2(), columnOptions.weightColumn != null || classWeight != null
                            ? String.format(Locale.ROOT, "%.6g (the training rows' total weight)", 1 / penalty.l2())
                            : Math.round(1 / penalty.l2()) + " training rows");
        } else if (penalty.l2() > 0 || penalty.l1() > 0) {
            out.printf(Locale.ROOT, "  penalty: l2 = %.6g, l1 = %.6g%s%n", penalty.l2(), penalty.l1(),
                    penalty.onFeaturesAsGiven() ? " on the weights of the features as given" : "");
        }
        Standardizer scaled = outcome.model().targetStandardizer();
        if (scaled != null) {
            out.printf(Locale.ROOT, "  fitted on '%s' standardized on the training rows (mean %.6g, std %.6g); every "
                    + "figure and prediction is in its units%n", outcome.model().targetName(), scaled.means()[0],
                    scaled.deviations()[0]);
        }
        StopReason reason = result.stopReason();
        out.printf(Locale.ROOT, "stopped after %d epoch%s: %s, %s%n", result.epochs(), result.epochs() == 1 ? "" : "s",
                reason, reason.explanation());
        if (!result.detail().isEmpty()) {
            out.printf(Locale.ROOT, "  (%s)%n", result.detail());
        }
        if (result.modelIsAverage()) {
            out.printf(Locale.ROOT, "  the model is %s%n", averageText(result));
        } else if (result.bestEpoch() != result.epochs()) {
            out.printf(Locale.ROOT, "  keeping the parameters of epoch %d%n", result.bestEpoch());
        }
        if (quiet) {
            // a quiet run keeps stderr empty: its warnings are part of the report (and of the JSON's "warnings")
            outcome.warnings().forEach(warning -> out.println("  warning: " + Printable.escape(warning)));
        }
        out.println();
        Evaluations.table(out, outcome.evaluations());
        if (outcome.hasEvaluation("test")) {
            Evaluations.report(out, outcome.evaluation("test"));
        }
        if (save != null) {
            out.printf(Locale.ROOT, "%nsaved %s%n", save);
        }
        if (plot != null) {
            out.printf(Locale.ROOT, "plotted %s%n", plot);
        }
    }
}
