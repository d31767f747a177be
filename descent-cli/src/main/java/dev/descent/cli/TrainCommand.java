package dev.descent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.ml.SavedModel;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.LogisticModel;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.SoftmaxModel;
import dev.descent.ml.model.Task;
import dev.descent.ml.train.EpochRecord;
import dev.descent.ml.train.Metrics;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.Optimizer;
import dev.descent.plot.LossCurves;
import dev.descent.schedule.Schedule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent train}: fit a model to a dataset, report per-epoch metrics, save it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a linear, logistic, softmax or MLP model on a CSV file or a built-in dataset.",
                "Built in: iris, breast_cancer, digits, diabetes. Exit codes: 0 trained; 2 bad usage or input; 3 diverged."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE.csv", description = "A built-in dataset or a CSV file with a header.")
    String data;

    @Option(names = "--target", paramLabel = "COL", description = "The target column (default: the last).")
    String target;

    @Option(names = "--classes", description = "Read a numeric target as class labels (built-in datasets know their kind).")
    boolean classes;

    @Option(names = "--model", required = true, paramLabel = "SPEC",
            description = "linear, logistic, softmax, or mlp:64,32[:relu|tanh|sigmoid].")
    String modelSpec;

    @Option(names = "--l2", paramLabel = "X", defaultValue = "0", description = "L2 penalty (X/2)||w||^2 on the weights (default ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--l1", paramLabel = "X", defaultValue = "0", description = "L1 penalty X||w||_1 on the weights (default ${DEFAULT-VALUE}).")
    double l1;

    @Mixin
    OptimizerOptions optimizerOptions;

    @Mixin
    ScheduleOptions scheduleOptions;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "100", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "Rows per update: 0 full batch, 1 per-example "
            + "(default 32; full batch for lbfgs and gd with a line search).")
    Integer batchSize;

    @Option(names = "--validation", paramLabel = "F", defaultValue = "0.2", description = "Validation fraction (default ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--test", paramLabel = "F", defaultValue = "0.2", description = "Test fraction (default ${DEFAULT-VALUE}).")
    double test;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "0",
            description = "Stop after PATIENCE epochs without a better validation loss, keeping the best (default off).")
    int patience;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Write a checkpoint every --checkpoint-every epochs and at the end.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10", description = "Epochs between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue from a checkpoint (same data, model, optimizer, seed).")
    Path resume;

    @Option(names = "--save", paramLabel = "FILE.json", description = "Save the trained model.")
    Path save;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the split, initialization and data order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the loss and error curves per epoch.")
    Path plot;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--quiet", description = "No progress bar (it is off anyway when output is not a terminal).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageError("--format must be text or json: " + format);
        }
        if (epochs < 1) {
            throw new UsageError("--epochs must be at least 1: " + epochs);
        }
        String kind = modelSpec.contains(":") ? modelSpec.substring(0, modelSpec.indexOf(':')) : modelSpec;
        Dataset all = load(kind);
        Split split;
        try {
            split = Split.of(all, validation, test, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--validation/--test: " + e.getMessage());
        }
        Standardizer standardizer = Standardizer.fit(split.train());
        Dataset train = standardizer.apply(split.train());
        Dataset valid = standardizer.apply(split.validation());
        Dataset held = standardizer.apply(split.test());
        Model model = model(kind, all);
        OptimizerOptions.Kind optimizerKind = optimizerOptions.kinds == null ? OptimizerOptions.Kind.adam : optimizerOptions.kind();
        Optimizer optimizer = optimizerOptions.optimizer(optimizerKind, optimizerOptions.learningRate(), spec);
        boolean fullBatchOnly = optimizerKind == OptimizerOptions.Kind.lbfgs
                || (optimizerKind == OptimizerOptions.Kind.gd && !(optimizer.init(1) instanceof dev.descent.optim.FirstOrderState));
        int batch = batchSize != null ? batchSize : fullBatchOnly ? 0 : 32;
        if (batch < 0) {
            throw new UsageError("--batch-size must be at least 0 (0 is the full batch): " + batch);
        }
        if (fullBatchOnly && batch != 0 && batch < train.rows()) {
            throw new UsageError("--batch-size does not apply to " + optimizerKind + ", which takes full batches (its line search needs the whole objective)");
        }
        Trainer trainer;
        try {
            trainer = Trainer.of(model, optimizer).epochs(epochs).batchSize(batch).seed(seed)
                    .penalty(new Penalty(l2, l1)).earlyStopping(patience);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage().replace("l2 and l1", "--l2 and --l1").replace("patience", "--early-stopping"));
        }
        Schedule schedule = scheduleOptions.build();
        if (schedule != null) {
            trainer = trainer.schedule(schedule);
        }
        if (checkpoint != null) {
            if (checkpointEvery < 1) {
                throw new UsageError("--checkpoint-every must be at least 1: " + checkpointEvery);
            }
            trainer = trainer.checkpoint(checkpoint, checkpointEvery);
        }
        if (!quiet && System.console() != null && format.equals("text")) {
            trainer = trainer.listener(new ProgressListener());
        }
        TrainingResult result = resume != null ? trainer.resume(resume, train, valid) : trainer.fit(train, valid);
        double[] parameters = result.parameters();
        Metrics trainMetrics = Metrics.of(model, parameters, Trainer.batchOf(model, train));
        Metrics validMetrics = Metrics.of(model, parameters, Trainer.batchOf(model, valid));
        Metrics testMetrics = Metrics.of(model, parameters, Trainer.batchOf(model, held));
        if (save != null) {
            new SavedModel(model, all.featureNames(), all.targetName(), all.classNames(), standardizer, parameters).write(save);
        }
        if (plot != null) {
            drawCurves(result, model);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(json(model, optimizer, all, result, trainMetrics, validMetrics, testMetrics));
        } else {
            text(out, model, optimizer, all, train, valid, held, result, trainMetrics, validMetrics, testMetrics);
        }
        out.flush();
        return result.diverged() ? 3 : 0;
    }

    private Dataset load(String kind) throws IOException {
        boolean wantClasses = classes || kind.equals("logistic") || kind.equals("softmax");
        try {
            if (CsvDatasets.BUILT_IN.contains(data.toLowerCase(Locale.ROOT)) && !Files.exists(Path.of(data))) {
                boolean builtInClasses = CsvDatasets.isClassification(data) && !kind.equals("linear");
                return CsvDatasets.builtIn(data, target, wantClasses || builtInClasses);
            }
            if (!data.endsWith(".csv") && !Files.exists(Path.of(data))) {
                throw new UsageError("--data: unknown dataset '" + data + "' (built in: "
                        + String.join(", ", CsvDatasets.BUILT_IN) + "; or a CSV file)");
            }
            return CsvDatasets.read(Path.of(data), target, wantClasses);
        } catch (DataException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private Model model(String kind, Dataset all) {
        int inputs = all.columns();
        int classCount = all.hasClasses() ? all.classNames().size() : 0;
        switch (kind) {
            case "linear" -> {
                if (all.hasClasses()) {
                    throw new UsageError("--model linear needs a numeric target; '" + all.targetName() + "' has classes "
                            + all.classNames() + " (use logistic or softmax)");
                }
                return new LinearModel(inputs);
            }
            case "logistic" -> {
                if (classCount != 2) {
                    throw new UsageError("--model logistic needs exactly 2 classes; '" + all.targetName() + "' has "
                            + classCount + " (use softmax)");
                }
                return new LogisticModel(inputs);
            }
            case "softmax" -> {
                return new SoftmaxModel(inputs, classCount);
            }
            case "mlp" -> {
                String[] parts = modelSpec.split(":");
                if (parts.length < 2 || parts.length > 3) {
                    throw new UsageError("--model mlp needs hidden sizes: mlp:64,32[:relu|tanh|sigmoid], got " + modelSpec);
                }
                List<Integer> hidden = new ArrayList<>();
                for (String width : parts[1].split(",")) {
                    try {
                        hidden.add(Integer.parseInt(width.trim()));
                    } catch (NumberFormatException e) {
                        throw new UsageError("--model: hidden size '" + width + "' is not a whole number in " + modelSpec);
                    }
                }
                Activation activation;
                try {
                    activation = parts.length == 3 ? Activation.named(parts[2]) : Activation.RELU;
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--model: " + e.getMessage());
                }
                Task task = classCount == 0 ? Task.REGRESSION : classCount == 2 ? Task.BINARY : Task.MULTICLASS;
                try {
                    return new Mlp(inputs, hidden, activation, task, task == Task.MULTICLASS ? classCount : 1);
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--model: " + e.getMessage());
                }
            }
            default -> throw new UsageError("--model must be linear, logistic, softmax or mlp:64,32[:relu]: " + modelSpec);
        }
    }

    private void drawCurves(TrainingResult result, Model model) throws IOException {
        List<EpochRecord> history = result.history();
        int n = history.size();
        double[] epochsAxis = new double[n];
        double[][] columns = new double[4][n];
        boolean regression = model.task() == Task.REGRESSION;
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
            new LossCurves(series, model.describe() + " on " + data, "loss", regression ? "RMSE" : "error rate, 1 - accuracy",
                    "epoch").write(plot, 1100, 520);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--plot: " + e.getMessage());
        }
    }

    private String json(Model model, Optimizer optimizer, Dataset all, TrainingResult result, Metrics train, Metrics valid,
                        Metrics test) {
        JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", model.describe());
        root.put("optimizer", OptimizerOptions.describe(optimizer));
        root.put("data", data);
        root.put("target", all.targetName());
        root.put("parameters", model.parameterCount());
        root.put("bestEpoch", result.bestEpoch());
        root.put("stoppedEarly", result.stoppedEarly());
        root.put("diverged", result.diverged());
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
        metrics(root.putObject("train"), train);
        metrics(root.putObject("validation"), valid);
        metrics(root.putObject("test"), test);
        return root.toString();
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

    private void text(PrintWriter out, Model model, Optimizer optimizer, Dataset all, Dataset train, Dataset valid,
                      Dataset held, TrainingResult result, Metrics trainMetrics, Metrics validMetrics, Metrics testMetrics) {
        out.printf(Locale.ROOT, "trained %s (%d parameters) with %s on %s: %d train, %d validation, %d test rows%n",
                model.describe(), model.parameterCount(), OptimizerOptions.describe(optimizer), all, train.rows(),
                valid.rows(), held.rows());
        out.printf(Locale.ROOT, "%d epochs%s; parameters of epoch %d%n", result.history().size(),
                result.stoppedEarly() ? " (stopped early: no better validation loss for " + patience + " epochs)" : "",
                result.bestEpoch());
        if (result.diverged()) {
            out.printf(Locale.ROOT, "DIVERGED: the loss became non-finite; try a smaller --lr%n");
        }
        boolean regression = model.task() == Task.REGRESSION;
        out.printf(Locale.ROOT, "%-12s %12s %12s%s%n", "", "loss", regression ? "rmse" : "accuracy", regression ? "           r2" : "");
        for (Object[] row : new Object[][] {{"train", trainMetrics}, {"validation", validMetrics}, {"test", testMetrics}}) {
            Metrics m = (Metrics) row[1];
            out.printf(Locale.ROOT, "%-12s %12.6g %12.6g%s%n", row[0], m.loss(), regression ? m.rmse() : m.accuracy(),
                    regression ? String.format(Locale.ROOT, " %12.6g", m.r2()) : "");
        }
        if (save != null) {
            out.printf(Locale.ROOT, "saved %s%n", save);
        }
        if (plot != null) {
            out.printf(Locale.ROOT, "plotted %s%n", plot);
        }
    }
}
