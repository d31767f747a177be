package dev.descent.ml;

import dev.descent.GradientClipping;
import dev.descent.StopReason;
import dev.descent.average.ExponentialMovingAverage;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.average.WeightAveraging;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.EpochRecord;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingListener;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParameterGroups;
import dev.descent.rangetest.LearningRateFinder;
import dev.descent.rangetest.RangeTest;
import dev.descent.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The whole of training as one value: load the data (a CSV file or a built-in table), split it
 * (seeded, stratified), standardize the features on the training rows, build the model from its
 * spec, train it through the one loop, evaluate it on every split (or on the user's own test file)
 * and hand back the saved model. {@code descent train} is this pipeline's options and printing.
 *
 * <pre>{@code
 * Pipeline.Outcome run = Pipeline.of("houses.csv", ModelSpec.parse("linear")).target("price").run();
 * run.evaluation("test").regression().r2();
 * run.model().write(Path.of("houses.json"));
 * }</pre>
 *
 * <p>Defaults that fit a newcomer's data without tuning: linear, logistic and softmax models train
 * with full-batch L-BFGS to convergence (as scikit-learn fits them); an MLP trains with Adam at 1e-3
 * on mini-batches of 32 (scikit-learn's MLPClassifier and PyTorch's usual start), on its numeric
 * target standardized on the training rows ({@link #standardizeTarget}; every figure and prediction
 * comes back in the target's units); 100 epochs; 20% of
 * the rows for validation and 20% for test; seed 0. {@link Outcome#warnings()} says, in words a user
 * can act on, when the run ended still improving, diverged, or fits worse than the mean.
 */
public final class Pipeline {

    /** The default epoch budget. */
    public static final int DEFAULT_EPOCHS = 100;
    /** The default mini-batch size of first-order optimizers. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** The default fraction of rows held out for validation. */
    public static final double DEFAULT_VALIDATION = 0.2;
    /** The default fraction of rows held out for test (without a test file). */
    public static final double DEFAULT_TEST = 0.2;
    /** The default learning rate of an MLP's Adam. */
    public static final double DEFAULT_MLP_LEARNING_RATE = 1e-3;

    /**
     * A setting that does not fit the data or the other settings; {@link #setting()} names it
     * ({@code "model"}, {@code "batchSize"}, {@code "split"}, {@code "epochs"}, {@code "earlyStopping"},
     * and an engine's own, such as {@code "master"}), so a command line can name its own flag.
     */
    public static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The name of the setting that does not fit. */
        private final String setting;

        /**
         * @param setting the setting's name
         * @param message what is wrong with it, and what would do
         */
        public InvalidSetting(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        /** The setting's name. */
        public String setting() {
            return setting;
        }
    }

    /**
     * Where the rows live and are summed: here ({@link #LOCAL}), or an engine such as descent-spark's,
     * which reads, splits and standardizes the data where it is and sums the gradient there.
     */
    public interface Engine {
        /** Local training: the rows read into memory, the trainer's own objective over them. */
        Engine LOCAL = new Engine() {
            @Override
            public Data load(DataRequest request) throws IOException {
                return LocalData.load(request);
            }

            @Override
            public String describe() {
                return "local";
            }
        };

        /**
         * Reads the data, splits it (seeded, stratified, the rows {@link Split#parts} picks) and fits
         * the standardizer on the training rows.
         *
         * @throws DataException for unreadable data, with the file, line and column where they are known
         */
        Data load(DataRequest request) throws IOException;

        /** A short description for the output, such as {@code local} or {@code spark local[2], 4 partitions}. */
        String describe();
    }

    /**
     * What the pipeline asks an engine to load.
     *
     * @param data a built-in dataset's name or a path (a CSV file; an engine may read more)
     * @param target the target column, or null for the last
     * @param classes whether a numeric target holds class labels
     * @param spec the model to be trained (a linear model reads a built-in classification target as numbers)
     * @param validation the fraction of rows for validation
     * @param test the fraction for test (0 with a test file)
     * @param testData the user's test rows, or null
     * @param seed the split's seed
     * @param standardizeTarget whether a numeric regression target is standardized on the training rows
     *     ({@link Data#targetStandardizer()}); ignored for classes
     */
    public record DataRequest(String data, String target, boolean classes, ModelSpec spec, double validation,
                              double test, String testData, long seed, boolean standardizeTarget) {
        /**
         * The built-in dataset {@link #data} names when no file of that name exists, else null. A
         * built-in classification target is read as classes, except by a linear model.
         */
        public Dataset builtIn() {
            String key = data.toLowerCase(Locale.ROOT);
            if (!CsvDatasets.BUILT_IN.contains(key) || java.nio.file.Files.exists(Path.of(data))) {
                return null;
            }
            boolean builtInClasses = CsvDatasets.isClassification(key) && spec.kind() != ModelSpec.Kind.LINEAR;
            return CsvDatasets.builtIn(key, target, classes || builtInClasses);
        }
    }

    /**
     * The data an engine holds, split and standardized: its columns, and training and scoring where
     * the rows are. Closing it frees what the engine keeps (cached rows, a Spark context).
     */
    public interface Data extends AutoCloseable {
        /** The dataset, described: name, rows, features, target, classes. */
        String describe();

        /** The feature columns, in the order the model reads them. */
        List<String> featureNames();

        /** The target column. */
        String targetName();

        /** The classes, by index; empty for a numeric target. */
        List<String> classNames();

        /** The number of training rows. */
        long trainingRows();

        /** The standardizer fitted on the training rows. */
        Standardizer standardizer();

        /**
         * The one-column standardizer of the regression target fitted on the training rows when the
         * request asked for it ({@link DataRequest#standardizeTarget()}), else null; training and
         * validation then see the standardized target.
         */
        Standardizer targetStandardizer();

        /**
         * Trains {@code trainer} on the standardized training rows, validating on the validation rows
         * (the figures of its history in standardized units: {@link Pipeline#run} maps them back);
         * continues from the checkpoint {@code resume} when it is not null.
         */
        TrainingResult train(Trainer trainer, Path resume) throws IOException;

        /**
         * Runs the learning-rate range test of {@code trainer} ({@link Trainer#findLearningRate}) on the
         * standardized training rows; an engine that cannot refuses with an {@link InvalidSetting}
         * ({@code "engine"}).
         */
        default RangeTest findLearningRate(Trainer trainer, LearningRateFinder finder) {
            throw new InvalidSetting("engine", "the learning-rate range test does not run on this engine");
        }

        /** Scores {@code model} on the train, validation and test rows (the test file's), non-empty ones only, in that order. */
        List<Evaluation> evaluate(SavedModel model);

        @Override
        void close();
    }

    private record Settings(String data, String target, boolean classes, ModelSpec spec, Optimizer optimizer,
                            Schedule schedule, GradientClipping clipping, Penalty penalty, int epochs, Integer batchSize,
                            double validation, double test, String testData, int patience, long seed, Path checkpoint,
                            int checkpointEvery, Path resume, List<TrainingListener> listeners, Engine engine,
                            Boolean standardizeTarget) {}

    /**
     * The training-loop tools around the update rule: weight averaging (or null), mini-batches per
     * update, and whether the biases are left out of weight decay.
     */
    private record Tools(WeightAveraging averaging, int accumulation, boolean noDecayOnBiases) {}

    private final Settings s;
    /** Kept beside the settings, so that every other setter carries them through {@link #with}. */
    private final Tools tools;

    private Pipeline(Settings settings) {
        this(settings, new Tools(null, 1, false));
    }

    private Pipeline(Settings settings, Tools tools) {
        this.s = settings;
        this.tools = tools;
    }

    /**
     * A pipeline with the defaults.
     *
     * @param data a built-in dataset's name ({@link CsvDatasets#BUILT_IN}) or a CSV file with a header
     */
    public static Pipeline of(String data, ModelSpec spec) {
        return new Pipeline(new Settings(Objects.requireNonNull(data, "data"), null, false,
                Objects.requireNonNull(spec, "spec"), null, null, null, Penalty.NONE, DEFAULT_EPOCHS, null,
                DEFAULT_VALIDATION, DEFAULT_TEST, null, 0, 0, null, 10, null, List.of(), Engine.LOCAL, null));
    }

    /** The optimizer a spec trains with unless told otherwise: L-BFGS for the convex models, Adam 1e-3 for an MLP. */
    public static Optimizer defaultOptimizer(ModelSpec spec) {
        return spec.convex() ? Lbfgs.defaults() : new Adam(DEFAULT_MLP_LEARNING_RATE);
    }

    /** The batch size an optimizer trains with unless told otherwise: the full batch where it needs it, else 32. */
    public static int defaultBatchSize(Optimizer optimizer) {
        return optimizer.needsFullBatch() ? 0 : DEFAULT_BATCH_SIZE;
    }

    private Pipeline with(Settings settings) {
        return new Pipeline(settings, tools);
    }

    /** @param column the target column (default: the last) */
    public Pipeline target(String column) {
        return with(new Settings(s.data, column, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty, s.epochs,
                s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.resume,
                s.listeners, s.engine, s.standardizeTarget));
    }

    /** Reads a numeric target as class labels (built-in datasets know their kind; logistic and softmax always do). */
    public Pipeline classes(boolean classes) {
        return with(new Settings(s.data, s.target, classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty, s.epochs,
                s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.resume,
                s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param optimizer instead of {@link #defaultOptimizer} */
    public Pipeline optimizer(Optimizer optimizer) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, Objects.requireNonNull(optimizer), s.schedule,
                s.clipping, s.penalty, s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed,
                s.checkpoint, s.checkpointEvery, s.resume, s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param schedule a shape of the optimizer's learning rate */
    public Pipeline schedule(Schedule schedule) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, schedule, s.clipping, s.penalty, s.epochs,
                s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.resume,
                s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param clipping applied to every (mini-batch) gradient */
    public Pipeline clipping(GradientClipping clipping) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, clipping, s.penalty, s.epochs,
                s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.resume,
                s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param penalty L2/L1 on the weights */
    public Pipeline penalty(Penalty penalty) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping,
                Objects.requireNonNull(penalty), s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed,
                s.checkpoint, s.checkpointEvery, s.resume, s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param epochs the epoch budget, at least 1 */
    public Pipeline epochs(int epochs) {
        if (epochs < 1) {
            throw new InvalidSetting("epochs", "epochs must be at least 1: " + epochs);
        }
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty, epochs,
                s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.resume,
                s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param batchSize rows per update (0 the full batch) instead of {@link #defaultBatchSize} */
    public Pipeline batchSize(int batchSize) {
        if (batchSize < 0) {
            throw new InvalidSetting("batchSize", "batch size must be at least 0 (0 is the full batch): " + batchSize);
        }
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery,
                s.resume, s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param validation the fraction of rows for validation, and {@code test} for test (ignored with a test file) */
    public Pipeline split(double validation, double test) {
        if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
            throw new InvalidSetting("split", "validation and test fractions must be in [0, 1) with a sum below 1: "
                    + validation + " and " + test);
        }
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, validation, test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery,
                s.resume, s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param file the user's own test rows (same columns): no test split is drawn from the data then */
    public Pipeline testData(Path file) {
        return testData(file == null ? null : file.toString());
    }

    /** @param file the user's own test rows as a path or, for an engine that reads them, a URL */
    public Pipeline testData(String file) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, file, s.patience, s.seed, s.checkpoint, s.checkpointEvery,
                s.resume, s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param patience early stopping after this many epochs without a better validation loss (0: off) */
    public Pipeline earlyStopping(int patience) {
        if (patience < 0) {
            throw new InvalidSetting("earlyStopping", "patience must be at least 0 (0 turns early stopping off): " + patience);
        }
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, s.testData, patience, s.seed, s.checkpoint, s.checkpointEvery,
                s.resume, s.listeners, s.engine, s.standardizeTarget));
    }

    /** @param seed of the split, the initialization and the data order */
    public Pipeline seed(long seed) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, seed, s.checkpoint, s.checkpointEvery,
                s.resume, s.listeners, s.engine, s.standardizeTarget));
    }

    /** Checkpoints to {@code file} every {@code every} epochs and at the end. */
    public Pipeline checkpoint(Path file, int every) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, file, every, s.resume,
                s.listeners, s.engine, s.standardizeTarget));
    }

    /** Continues the run a checkpoint holds (same data, model, optimizer, seed, batch size). */
    public Pipeline resume(Path file) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery,
                file, s.listeners, s.engine, s.standardizeTarget));
    }

    /** Also tells {@code listener} (progress bars). */
    public Pipeline listener(TrainingListener listener) {
        List<TrainingListener> more = new ArrayList<>(s.listeners);
        more.add(Objects.requireNonNull(listener));
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery,
                s.resume, List.copyOf(more), s.engine, s.standardizeTarget));
    }

    /**
     * Evaluates and saves the average of the parameters instead of the last (or, with early stopping,
     * the best) epoch's: the exponential moving average after every update, or stochastic weight
     * averaging of the epoch-end parameters from its start epoch on ({@link Trainer#averaging}, whose
     * Javadoc says what the average holds). A run that fails keeps its best finite parameters, and
     * one that averaged nothing (it stopped before SWA's start) its usual ones; the warnings say so.
     *
     * @param averaging an {@link ExponentialMovingAverage} or a {@link StochasticWeightAveraging}
     *     whose start epoch is at most the epoch budget (else {@link InvalidSetting} "swaStart" at {@link #run})
     */
    public Pipeline averaging(WeightAveraging averaging) {
        return new Pipeline(s, new Tools(Objects.requireNonNull(averaging, "averaging"), tools.accumulation(),
                tools.noDecayOnBiases()));
    }

    /**
     * Sums the gradients of {@code batches} consecutive mini-batches into each update
     * ({@link Trainer#accumulating}): the update of one batch that many times as large.
     *
     * @param batches at least 1; more than 1 needs mini-batches (else {@link InvalidSetting} "accumulate" at {@link #run})
     */
    public Pipeline accumulating(int batches) {
        if (batches < 1) {
            throw new InvalidSetting("accumulate", "the batches per update must be at least 1: " + batches);
        }
        return new Pipeline(s, new Tools(tools.averaging(), batches, tools.noDecayOnBiases()));
    }

    /** Mini-batches per update (1 without accumulation). */
    public int accumulation() {
        return tools.accumulation();
    }

    /**
     * Leaves the biases ({@link Model#biasIndices()}) out of the optimizer's weight decay: two
     * {@link ParameterGroups}, the weights with the optimizer as given and the biases with its copy of
     * weight decay 0, as torch users write with two param groups.
     */
    public Pipeline noDecayOnBiases() {
        return new Pipeline(s, new Tools(tools.averaging(), tools.accumulation(), true));
    }

    /** Whether the biases are left out of weight decay. */
    public boolean decaysBiases() {
        return !tools.noDecayOnBiases();
    }

    /** The weight averaging, or null without one. */
    public WeightAveraging averaging() {
        return tools.averaging();
    }

    /**
     * Whether a numeric regression target is standardized on the training rows before training and
     * mapped back for every figure and prediction, as scikit-learn's {@code TransformedTargetRegressor}
     * with a {@code StandardScaler} does. The default: yes for an MLP (whose outputs start near 0 and
     * whose rate is set for unit-scale targets), no for a linear model (whose least-squares fit does
     * not depend on the target's scale).
     */
    public Pipeline standardizeTarget(boolean standardize) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery,
                s.resume, s.listeners, s.engine, standardize));
    }

    /** Whether a numeric regression target is standardized ({@link #standardizeTarget(boolean)}). */
    public boolean standardizesTarget() {
        return s.standardizeTarget != null ? s.standardizeTarget : s.spec.kind() == ModelSpec.Kind.MLP;
    }

    /** @param engine where the training rows are summed ({@link Engine#LOCAL} by default) */
    public Pipeline engine(Engine engine) {
        return with(new Settings(s.data, s.target, s.classes, s.spec, s.optimizer, s.schedule, s.clipping, s.penalty,
                s.epochs, s.batchSize, s.validation, s.test, s.testData, s.patience, s.seed, s.checkpoint, s.checkpointEvery,
                s.resume, s.listeners, Objects.requireNonNull(engine, "engine"), s.standardizeTarget));
    }

    /** The engine this pipeline trains on. */
    public Engine engine() {
        return s.engine;
    }

    /** The optimizer this pipeline trains with. */
    public Optimizer optimizer() {
        return s.optimizer != null ? s.optimizer : defaultOptimizer(s.spec);
    }

    /** The batch size it trains with (0: the full batch). */
    public int batchSize() {
        return s.batchSize != null ? s.batchSize : defaultBatchSize(optimizer());
    }

    /**
     * What a run gives back.
     *
     * @param model the trained model with its standardization and names, ready to save or predict
     * @param optimizer the optimizer it trained with
     * @param batchSize the batch size (0: the full batch)
     * @param data the dataset trained on, described
     * @param engine where the rows were summed ({@link Engine#describe()})
     * @param training the training result: parameters, history, why it stopped, the average; the
     *     model holds its {@link TrainingResult#modelParameters()}
     * @param evaluations train, validation and test (or the test file's) scores, in that order, non-empty splits only
     * @param warnings what the user should know, in words they can act on; empty when all is well
     */
    public record Outcome(SavedModel model, Optimizer optimizer, int batchSize, String data, String engine,
                          TrainingResult training, List<Evaluation> evaluations, List<String> warnings) {
        /** Copies. */
        public Outcome {
            evaluations = List.copyOf(evaluations);
            warnings = List.copyOf(warnings);
        }

        /** The evaluation named {@code name} ("train", "validation", "test"), or null. */
        public Evaluation evaluation(String name) {
            return evaluations.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * Runs the pipeline.
     *
     * @throws DataException for unreadable data, with the file, line and column
     * @throws InvalidSetting for settings that do not fit the data (a linear model on classes)
     */
    public Outcome run() throws IOException {
        if (tools.averaging() instanceof StochasticWeightAveraging swa && swa.startEpoch() > s.epochs) {
            throw new InvalidSetting("swaStart", "the SWA start epoch must be in [1, " + s.epochs + "] (the epoch "
                    + "budget): " + swa.startEpoch());
        }
        try (Data data = s.engine.load(request())) {
            Model model = model(data);
            Optimizer optimizer = optimizer();
            int batch = batchSize();
            Trainer trainer = trainer(data, model, optimizer, batch);
            if (s.checkpoint != null) {
                trainer = trainer.checkpoint(s.checkpoint, s.checkpointEvery);
            }
            Standardizer target = data.targetStandardizer();
            for (TrainingListener listener : s.listeners) {
                trainer = trainer.listener(target == null ? listener : inTargetUnits(listener, target));
            }
            if (tools.averaging() != null) {
                trainer = trainer.averaging(tools.averaging());
            }
            TrainingResult result = data.train(trainer, s.resume).inTargetUnits(target);
            SavedModel saved = new SavedModel(model, data.featureNames(), data.targetName(), data.classNames(),
                    data.standardizer(), target, result.modelParameters());
            List<Evaluation> evaluations = data.evaluate(saved);
            return new Outcome(saved, trainer.optimizer(), batch, data.describe(), s.engine.describe(), result, evaluations,
                    warnings(result, evaluations, optimizer));
        }
    }

    /**
     * {@code listener} seeing the figures of a run on a standardized target in the target's units:
     * epoch metrics through {@link EpochRecord#inTargetUnits}, and batch losses (the penalty included)
     * times {@code std^2}.
     */
    private static TrainingListener inTargetUnits(TrainingListener listener, Standardizer target) {
        double variance = target.deviations()[0] * target.deviations()[0];
        return new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
                listener.onStart(firstEpoch, epochs, batchesPerEpoch);
            }

            @Override
            public void onBatch(int epoch, int batch, double loss) {
                listener.onBatch(epoch, batch, loss * variance);
            }

            @Override
            public void onEpoch(EpochRecord record) {
                listener.onEpoch(record.inTargetUnits(target));
            }

            @Override
            public void onEnd(TrainingResult result) {
                listener.onEnd(result.inTargetUnits(target));
            }
        };
    }

    /**
     * What a learning-rate range test gives back.
     *
     * @param test the recorded curve and the suggested rate
     * @param model the model swept, described
     * @param optimizer the optimizer it swept the rate of
     * @param batchSize the batch size (0: the full batch)
     * @param data the dataset, described
     * @param engine where the rows were summed ({@link Engine#describe()})
     */
    public record RangeTestOutcome(RangeTest test, String model, Optimizer optimizer, int batchSize, String data,
                                   String engine) {}

    /**
     * Runs the learning-rate range test ({@link LearningRateFinder}) on the rows {@link #run()} would
     * train on, loaded, split and standardized the same way, with the same model, initialization,
     * optimizer, penalty, clipping, batch size and row order, so the suggested rate applies to that
     * run. Trains nothing and saves nothing; the schedule, epochs, early stopping and checkpoints do
     * not enter the test.
     *
     * @throws DataException for unreadable data, with the file, line and column
     * @throws InvalidSetting for settings that do not fit the data, and ({@code "optimizer"}) for an
     *     optimizer without a learning rate to sweep (L-BFGS, a line search) or one that maximizes
     */
    public RangeTestOutcome findLearningRate(LearningRateFinder finder) throws IOException {
        Objects.requireNonNull(finder, "finder");
        Optimizer optimizer = optimizer();
        try {
            LearningRateFinder.checkApplies(optimizer);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("optimizer", e.getMessage());
        }
        try (Data data = s.engine.load(request())) {
            Model model = model(data);
            int batch = batchSize();
            RangeTest test = data.findLearningRate(trainer(data, model, optimizer, batch), finder);
            return new RangeTestOutcome(test, model.describe(), optimizer, batch, data.describe(), s.engine.describe());
        }
    }

    private DataRequest request() {
        return new DataRequest(s.data, s.target, s.classes || s.spec.predictsClasses(), s.spec,
                s.validation, s.testData == null ? s.test : 0, s.testData, s.seed, standardizesTarget());
    }

    /** The spec's model for the data's columns and classes. */
    private Model model(Data data) {
        try {
            return s.spec.build(data.featureNames().size(), data.classNames().size());
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("model", e.getMessage().replace("this target", "the target '"
                    + data.targetName() + "'"));
        }
    }

    /** The trainer of a run, without its checkpoints and listeners: what training and the range test share. */
    private Trainer trainer(Data data, Model model, Optimizer optimizer, int batch) {
        if (optimizer.needsFullBatch() && batch != 0 && batch < data.trainingRows()) {
            throw new InvalidSetting("batchSize", "the batch size does not apply to " + optimizer.name()
                    + ", which takes full batches (its line search needs the whole objective)");
        }
        if (tools.accumulation() > 1 && optimizer.needsFullBatch()) {
            throw new InvalidSetting("accumulate", "accumulating batches needs mini-batches, and " + optimizer.name()
                    + " takes full batches: choose a first-order optimizer (such as adam) and a batch size");
        }
        if (tools.accumulation() > 1 && (batch == 0 || batch >= data.trainingRows())) {
            throw new InvalidSetting("accumulate", "accumulating " + tools.accumulation() + " batches per update needs "
                    + "mini-batches: give a batch size smaller than the " + data.trainingRows() + " training rows");
        }
        Trainer trainer = Trainer.of(model, grouped(model, optimizer)).epochs(s.epochs).batchSize(batch).seed(s.seed)
                .penalty(s.penalty).earlyStopping(s.patience);
        if (tools.accumulation() > 1) {
            trainer = trainer.accumulating(tools.accumulation());
        }
        if (s.schedule != null) {
            trainer = trainer.schedule(s.schedule);
        }
        if (s.clipping != null) {
            trainer = trainer.clipping(s.clipping);
        }
        return trainer;
    }

    /** The optimizer, or its two groups when the biases take no weight decay. */
    private Optimizer grouped(Model model, Optimizer optimizer) {
        if (!tools.noDecayOnBiases()) {
            return optimizer;
        }
        try {
            optimizer.withWeightDecay(0);
        } catch (UnsupportedOperationException e) {
            throw new InvalidSetting("noDecayBias", e.getMessage() + " to leave the biases out of");
        }
        if (optimizer.weightDecay() == 0) {
            throw new InvalidSetting("noDecayBias", "leaving the biases out of weight decay needs a weight decay: "
                    + optimizer.describe() + " has none (give one, such as --weight-decay 1e-4)");
        }
        int[] biases = model.biasIndices();
        if (biases.length == 0) {
            throw new InvalidSetting("noDecayBias", "the model " + s.spec + " has no biases to leave out of weight decay");
        }
        try {
            return ParameterGroups.of(optimizer).group(biases, optimizer.withWeightDecay(0));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("noDecayBias", e.getMessage());
        }
    }

    /** The warnings of a finished run, each once. */
    private List<String> warnings(TrainingResult result, List<Evaluation> evaluations, Optimizer optimizer) {
        List<String> warnings = new ArrayList<>();
        StopReason reason = result.stopReason();
        if (result.diverged()) {
            warnings.add("the loss " + (reason == StopReason.DIVERGED ? "diverged" : "became non-finite")
                    + " (" + result.detail() + "): lower the learning rate (--lr " + optimizer.learningRate() / 10
                    + ") or standardize the target; the parameters of the best epoch before that are kept");
        } else if (reason == StopReason.MAX_EPOCHS && stillImproving(result.history())) {
            warnings.add("still improving at epoch " + result.epochs() + ": raise the epoch budget (--epochs "
                    + 2 * result.epochs() + ")");
        }
        warnings.addAll(averagingWarnings(result));
        for (Evaluation evaluation : evaluations) {
            if (evaluation.isRegression() && evaluation.regression().r2() < 0) {
                warnings.add(String.format(Locale.ROOT, "R^2 = %.4g on the %s rows: the model predicts worse than their "
                        + "mean; train longer (--epochs), try another learning rate, or the default optimizer (lbfgs "
                        + "for linear models)", evaluation.regression().r2(), evaluation.name()));
                break;
            }
        }
        return warnings;
    }

    /** What the user should know about the average: not used, or still close to its first points. */
    private List<String> averagingWarnings(TrainingResult result) {
        if (tools.averaging() == null) {
            return List.of();
        }
        String name = tools.averaging().name().toUpperCase(Locale.ROOT);
        if (result.average() == null) {
            String kept = result.bestEpoch() == result.epochs() ? "the last epoch's parameters"
                    : "the parameters of epoch " + result.bestEpoch();
            return List.of(tools.averaging() instanceof StochasticWeightAveraging swa
                    ? "no weights were averaged (the run ended after epoch " + result.epochs() + ", before the SWA start "
                            + "epoch " + swa.startEpoch() + "): the model holds " + kept + "; start averaging earlier (--swa-start)"
                    : "no weights were averaged (the run made no update): the model holds " + kept);
        }
        if (!result.modelIsAverage()) {
            return List.of("the run failed, so the model holds the parameters of the best epoch before that, not the "
                    + name + " average");
        }
        if (tools.averaging() instanceof ExponentialMovingAverage ema) {
            long updates = result.average().count();
            double timeConstant = 1 / (1 - ema.decay());
            if (updates < timeConstant) {
                double suggested = 0.5;
                for (double decay : new double[] {0.9, 0.99, 0.999, 0.9999}) {
                    if (1 / (1 - decay) <= updates / 5.0) {
                        suggested = decay;
                    }
                }
                return List.of(String.format(Locale.ROOT, "the EMA averaged %d updates, fewer than its time constant "
                        + "1 / (1 - %s) = %.0f updates: its first point still weighs %.2f in it; lower the decay (--ema %s) "
                        + "or train longer", updates, ema.decay(), timeConstant, Math.pow(ema.decay(), updates - 1),
                        suggested));
            }
        }
        return List.of();
    }

    /** Whether the watched loss (validation, else training) of the last epoch is the lowest of the run. */
    private static boolean stillImproving(List<EpochRecord> history) {
        if (history.size() < 2) {
            return !history.isEmpty();
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < history.size() - 1; i++) {
            best = Math.min(best, watched(history.get(i)));
        }
        return watched(history.get(history.size() - 1)) < best;
    }

    private static double watched(EpochRecord record) {
        double validation = record.validation().loss();
        return Double.isNaN(validation) ? record.train().loss() : validation;
    }
}
