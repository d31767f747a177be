package dev.descent.ml;

import dev.descent.ml.data.ClassWeights;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataFormat;
import dev.descent.ml.data.TableOptions;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.InvalidSetting;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.rangetest.LearningRateFinder;
import dev.descent.rangetest.RangeTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The whole of training as one value: what data to read (a CSV file or a built-in table, its target,
 * the split, the engine that holds the rows) and the {@link TrainingPlan} to train by. {@link #run()}
 * loads the data, splits it (seeded, stratified), standardizes the features on the training rows,
 * builds the model from its spec, trains it through the one loop, evaluates it on every split (or on
 * the user's own test file) and hands back the saved model. {@code descent train} is this pipeline's
 * options and printing.
 *
 * <pre>{@code
 * Pipeline.Outcome run = Pipeline.of("houses.csv", ModelSpec.parse("linear")).target("price").run();
 * run.evaluation("test").regression().r2();
 * run.model().write(Path.of("houses.json"));
 * Pipeline.of("digits", ModelSpec.parse("mlp:64")).plan(plan -> plan.epochs(20).earlyStopping(5)).run();
 * }</pre>
 *
 * <p>Defaults that fit a newcomer's data without tuning: linear, logistic and softmax models train
 * with full-batch L-BFGS to convergence (as scikit-learn fits them); an MLP trains with Adam at 1e-3
 * on mini-batches of 32 (scikit-learn's MLPClassifier and PyTorch's usual start), on its numeric
 * target standardized on the training rows ({@link #standardizeTarget}; every figure and prediction
 * comes back in the target's units); scikit-learn's {@code C = 1} for logistic and softmax
 * regression unless the plan chooses a penalty ({@link #defaultPenalty}); the rest of the plan's
 * defaults ({@link TrainingPlan}); 20% of the rows for test (none with a test file) and 20% for
 * validation only when something uses them (early stopping, the learning-rate range test); the
 * plan's seed for the split. {@link Outcome#warnings()} says, in words a user can act on, when the
 * run ended still improving, diverged, fits worse than the mean, or fits its training rows much
 * better than its test rows.
 */
public final class Pipeline implements Cloneable {

    /** The default fraction of rows held out for validation. */
    public static final double DEFAULT_VALIDATION = 0.2;
    /** The default fraction of rows held out for test (without a test file). */
    public static final double DEFAULT_TEST = 0.2;
    /** The default learning rate of an MLP's Adam. */
    public static final double DEFAULT_MLP_LEARNING_RATE = 1e-3;

    // What to read, and the plan. A copy is made by clone() and changed before anyone else sees it,
    // so no setting is listed a second time to be copied.
    private String data;
    private ModelSpec spec;
    private String target;
    private boolean classes;
    /** Null until set: {@link #DEFAULT_VALIDATION} when something uses the rows, else none ({@link #validationFraction}). */
    private Double validation;
    private double test = DEFAULT_TEST;
    private String testData;
    private Path resume;
    private Engine engine = Engine.LOCAL;
    /** Null until set: the spec's default ({@link #standardizesTarget()}). */
    private Boolean standardizeTarget;
    private boolean standardization = true;
    /** Bounds on the coefficients by feature name, {lower, upper} on the features' own scale; empty for none. */
    private java.util.Map<String, double[]> coefficientBounds = java.util.Map.of();
    /** The number of L1 penalties of a regularization path; 0 for a single fit. */
    private int l1Path;
    private TableOptions columns = TableOptions.defaults();
    /** Null until set: by the data's extension ({@link DataFormat#of}). */
    private DataFormat format;
    /** NaN: the most probable class. */
    private double threshold = Double.NaN;
    private ClassWeights classWeights;
    private TrainingPlan plan;

    private Pipeline() {}

    /**
     * A pipeline with the defaults: the spec's default optimizer ({@link #defaultOptimizer}) in a
     * plan with {@link TrainingPlan}'s defaults.
     *
     * @param data a built-in dataset's name ({@link CsvDatasets#BUILT_IN}) or a CSV file with a header
     */
    public static Pipeline of(String data, ModelSpec spec) {
        Pipeline pipeline = new Pipeline();
        pipeline.data = Objects.requireNonNull(data, "data");
        pipeline.spec = Objects.requireNonNull(spec, "spec");
        pipeline.plan = TrainingPlan.of(defaultOptimizer(spec));
        return pipeline;
    }

    /** The optimizer a spec trains with unless told otherwise: L-BFGS for the convex models, Adam 1e-3 for an MLP. */
    public static Optimizer defaultOptimizer(ModelSpec spec) {
        return spec.convex() ? Lbfgs.defaults() : new Adam(DEFAULT_MLP_LEARNING_RATE);
    }

    /** A copy with {@code change} made. */
    private Pipeline with(Consumer<Pipeline> change) {
        Pipeline copy;
        try {
            copy = (Pipeline) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        change.accept(copy);
        return copy;
    }

    /** @param column the target column (default: the last) */
    public Pipeline target(String column) {
        return with(p -> p.target = column);
    }

    /** Reads a numeric target as class labels (built-in datasets know their kind; logistic and softmax always do). */
    public Pipeline classes(boolean classes) {
        return with(p -> p.classes = classes);
    }

    /** @param test the fraction of rows for test (ignored with a test file) */
    public Pipeline test(double test) {
        if (!(test >= 0 && test < 1)) {
            throw new InvalidSetting("split", "the test fraction must be in [0, 1): " + test);
        }
        return with(p -> p.test = test);
    }

    /** @param validation the fraction of rows for validation, and {@code test} for test (ignored with a test file) */
    public Pipeline split(double validation, double test) {
        if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
            throw new InvalidSetting("split", "validation and test fractions must be in [0, 1) with a sum below 1: "
                    + validation + " and " + test);
        }
        return with(p -> {
            p.validation = validation;
            p.test = test;
        });
    }

    /** @param file the user's own test rows (same columns): no test split is drawn from the data then */
    public Pipeline testData(Path file) {
        return testData(file == null ? null : file.toString());
    }

    /** @param file the user's own test rows as a path or, for an engine that reads them, a URL */
    public Pipeline testData(String file) {
        return with(p -> p.testData = file);
    }

    /** Continues the run a checkpoint holds (same data, model, plan). */
    public Pipeline resume(Path file) {
        return with(p -> p.resume = file);
    }

    /**
     * Whether a numeric regression target is standardized on the training rows before training and
     * mapped back for every figure and prediction, as scikit-learn's {@code TransformedTargetRegressor}
     * with a {@code StandardScaler} does. The default: yes for an MLP (whose outputs start near 0 and
     * whose rate is set for unit-scale targets), no for a linear model (whose least-squares fit does
     * not depend on the target's scale).
     */
    public Pipeline standardizeTarget(boolean standardize) {
        return with(p -> p.standardizeTarget = standardize);
    }

    /**
     * Which weights the penalty applies to, as Spark MLlib's {@code standardization} and glmnet's
     * {@code standardize}: with standardization (the default) the weights of the features standardized
     * on the training rows (weighted mean, population deviation), so that every feature is penalized
     * alike whatever its unit; without, the weights of the features as given (scikit-learn's only form).
     * The optimizer works on standardized features either way, which conditions the problem, and the
     * model reports and predicts on the features' own scale; only the optimum's penalty differs
     * ({@link Penalty#onFeaturesAsGiven}).
     */
    public Pipeline standardization(boolean standardize) {
        return with(p -> p.standardization = standardize);
    }

    /**
     * Bounds on coefficients by feature name, on the features' own scale (the coefficients the model
     * reports), as Spark MLlib's {@code lowerBoundsOnCoefficients} / {@code upperBoundsOnCoefficients}; an
     * open side is infinite. A softmax model's bound holds for the feature's coefficient of every class.
     * Training turns each into a bound on the standardized weight ({@code coef * sd}) and keeps it with
     * L-BFGS-B (OWL-QN within the box with an L1 penalty, where MLlib refuses) or projected updates.
     *
     * @param bounds feature name to {@code {lower, upper}}
     * @throws IllegalArgumentException for a lower bound above its upper one, or a NaN, naming the feature
     */
    public Pipeline coefficientBounds(java.util.Map<String, double[]> bounds) {
        java.util.Map<String, double[]> copy = new java.util.LinkedHashMap<>();
        bounds.forEach((name, range) -> {
            if (range.length != 2 || Double.isNaN(range[0]) || Double.isNaN(range[1]) || range[0] > range[1]) {
                throw new IllegalArgumentException("the bounds of '" + name + "' are not an interval: "
                        + java.util.Arrays.toString(range));
            }
            copy.put(name, range.clone());
        });
        return with(p -> p.coefficientBounds = java.util.Collections.unmodifiableMap(copy));
    }

    /**
     * Fits a path of {@code points} L1 penalties instead of one, as glmnet does: from the smallest
     * {@code l1} that makes every coefficient zero, {@code l1_max = max_j |dL/dw_j|} at the intercepts'
     * own optimum with every weight 0, down to {@code l1_max * ratio} on a log scale ({@code ratio} 1e-4
     * when the training rows outnumber the features, else 1e-2, glmnet's {@code lambda.min.ratio}), each
     * fit started from the one before (warm starts, so the path costs a few single fits). Every point
     * records its nonzero count and its validation loss; the model returned is the point of the lowest
     * validation loss. The plan's L2 part stays as it is at every point (an elastic-net path). As
     * glmnet's, the path ends early once the training loss falls below 0.1% of the null model's or by
     * less than 1e-5 of itself from one point to the next ({@link #PATH_EXPLAINED}, {@link #PATH_CHANGE}),
     * and after {@link #PATH_PATIENCE} points in a row without a lower validation loss: smaller penalties
     * only fit the training rows closer (on separable rows, towards infinite coefficients that cost the
     * most iterations of all).
     * Needs validation rows: the validation fraction defaults to {@link #DEFAULT_VALIDATION}.
     *
     * @param points at least 2; 0 for a single fit
     */
    public Pipeline l1Path(int points) {
        if (points != 0 && points < 2) {
            throw new InvalidSetting("l1Path", "a path needs at least 2 points: " + points);
        }
        return with(p -> p.l1Path = points);
    }

    /**
     * One point of an L1 path ({@link #l1Path}).
     *
     * @param l1 the point's L1 strength
     * @param nonzeros the coefficients that are not zero there
     * @param trainingLoss the training rows' mean loss (no penalty)
     * @param validationLoss the validation rows' mean loss, which chooses the point
     * @param iterations the iterations its fit took from the point before
     */
    public record PathPoint(double l1, long nonzeros, double trainingLoss, double validationLoss, long iterations) {}

    /** Whether the penalty applies to the weights of standardized features ({@link #standardization(boolean)}). */
    public boolean standardization() {
        return standardization;
    }

    /** Whether a numeric regression target is standardized ({@link #standardizeTarget(boolean)}). */
    public boolean standardizesTarget() {
        return standardizeTarget != null ? standardizeTarget : spec.kind() == ModelSpec.Kind.MLP;
    }

    /**
     * @param change made to how the table's columns are read, such as
     *     {@code columns -> columns.drop(List.of("id")).categorical(List.of("zip"))} ({@link TableOptions})
     * @return a copy that reads them so
     */
    public Pipeline columns(UnaryOperator<TableOptions> change) {
        TableOptions changed = Objects.requireNonNull(change.apply(columns), "columns");
        return with(p -> p.columns = changed);
    }

    /**
     * @param threshold a two-class model's decision threshold on {@code P(class 1)}, in (0, 1): the
     *     reports score it, and the saved model predicts with it
     */
    public Pipeline threshold(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new InvalidSetting("threshold", "a decision threshold must be in (0, 1): " + threshold);
        }
        return with(p -> p.threshold = threshold);
    }

    /**
     * @param weights weights per class multiplying each row's loss ({@link ClassWeights}: balanced, or
     *     by name), or null for none
     */
    public Pipeline classWeights(ClassWeights weights) {
        return with(p -> p.classWeights = weights);
    }

    /**
     * How the data (and the test file) are written, instead of telling it by the extension
     * ({@link DataFormat#of}: {@code .libsvm}, {@code .svm} and {@code .svmlight} are LIBSVM, the rest CSV). A
     * LIBSVM file trains locally on sparse rows: its features are named by their index as the file writes it
     * ({@link dev.descent.ml.data.SvmLight#featureNames}), its label is the target (classes for a classifier or
     * with {@link #classes}), and its features are scaled without centering (zeros stay zeros).
     */
    public Pipeline dataFormat(DataFormat format) {
        return with(p -> p.format = format);
    }

    /** How the data is written: as set, else by its extension. */
    public DataFormat dataFormat() {
        return format != null ? format : DataFormat.of(data);
    }

    /** How the table's columns are read. */
    public TableOptions columns() {
        return columns;
    }

    /** @param engine where the training rows are summed ({@link Engine#LOCAL} by default) */
    public Pipeline engine(Engine engine) {
        Objects.requireNonNull(engine, "engine");
        return with(p -> p.engine = engine);
    }

    /** @param plan how to train, instead of the default plan ({@link #of}) */
    public Pipeline plan(TrainingPlan plan) {
        Objects.requireNonNull(plan, "plan");
        return with(p -> p.plan = plan);
    }

    /**
     * @param change made to the current plan, such as {@code plan -> plan.epochs(20).batchSize(64)}
     * @return a copy with the changed plan
     */
    public Pipeline plan(UnaryOperator<TrainingPlan> change) {
        return plan(change.apply(plan));
    }

    /** How it trains. */
    public TrainingPlan plan() {
        return plan;
    }

    /** The engine this pipeline trains on. */
    public Engine engine() {
        return engine;
    }

    /**
     * What a run gives back.
     *
     * @param model the trained model with its standardization and names, ready to save or predict
     * @param optimizer the optimizer it trained with
     * @param batchSize the batch size (0: the full batch)
     * @param penalty the penalty trained with: the plan's, or a logistic or softmax model's default
     *     ({@link #defaultPenalty})
     * @param data the dataset trained on, described
     * @param engine where the rows were summed ({@link Engine#describe()})
     * @param training the training result: parameters, history, why it stopped, the average; the
     *     model holds its {@link TrainingResult#modelParameters()}
     * @param evaluations train, validation and test (or the test file's) scores, in that order, non-empty splits only
     * @param warnings what the user should know, in words they can act on; empty when all is well
     * @param notes what was done to the data as it came: rows without a target left out, cells filled
     *     in, columns left out or likely identifiers, categories unseen in training
     * @param path the points of an L1 path ({@link #l1Path}), largest penalty first; empty for a single fit
     */
    public record Outcome(SavedModel model, Optimizer optimizer, int batchSize, Penalty penalty, String data, String engine,
                          TrainingResult training, List<Evaluation> evaluations, List<String> warnings,
                          List<String> notes, List<PathPoint> path) {
        /** Copies. */
        public Outcome {
            evaluations = List.copyOf(evaluations);
            warnings = List.copyOf(warnings);
            notes = List.copyOf(notes);
            path = List.copyOf(path);
        }

        /**
         * The evaluation named {@code name} ("train", "validation", "test").
         *
         * @throws java.util.NoSuchElementException naming the splits the run has, when it has no such one
         */
        public Evaluation evaluation(String name) {
            return evaluations.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(
                    () -> new java.util.NoSuchElementException("no " + name + " rows in this run; it scored "
                            + String.join(", ", evaluations.stream().map(Evaluation::name).toList())));
        }

        /** Whether the run scored rows named {@code name} ("validation" only when something read them). */
        public boolean hasEvaluation(String name) {
            return evaluations.stream().anyMatch(e -> e.name().equals(name));
        }
    }

    /**
     * Runs the pipeline.
     *
     * @throws DataException for unreadable data, with the file, line and column
     * @throws InvalidSetting for settings that do not fit the data (a linear model on classes)
     */
    public Outcome run() throws IOException {
        try (Engine.Data rows = engine.load(request(false))) {
            Model model = model(rows);
            Standardizer target = rows.targetStandardizer();
            TrainingPlan run = trainingPlan(rows, model);
            run = target == null ? run : run.listeners(run.listeners().stream().map(l -> l.inTargetUnits(target)).toList());
            List<PathPoint> path = new ArrayList<>();
            double[] pathStart = null;
            if (l1Path > 0) {
                Chosen chosen = path(rows, model, run, path);
                run = chosen.plan();
                pathStart = chosen.start();
            }
            Trainer trainer = Trainer.of(model, run);
            TrainingData training = rows.training(model, run);
            TrainingResult result = (resume != null ? trainer.resume(resume, training)
                    : path.isEmpty() ? trainer.fit(training) : trainer.fitFrom(training, pathStart))
                    .inTargetUnits(target);
            SavedModel saved = new SavedModel(model, rows.encoding(), rows.targetName(), rows.classNames(),
                    rows.standardizer(), target, result.modelParameters(), rows.classCounts(), Double.NaN);
            if (!Double.isNaN(threshold)) {
                try {
                    saved = saved.withThreshold(threshold);
                } catch (IllegalArgumentException e) {
                    throw new InvalidSetting("threshold", e.getMessage());
                }
            }
            List<Evaluation> evaluations = rows.evaluate(saved);
            return new Outcome(saved, trainer.optimizer(), plan.batchSize(), run.penalty(), rows.describe(),
                    engine.describe(), result, evaluations, RunWarnings.of(spec, run, result, evaluations), rows.notes(),
                    path);
        }
    }

    /** The share of the null model's training loss past which a path ends early (glmnet's devmax). */
    static final double PATH_EXPLAINED = 0.999;
    /** The relative fall of the training loss below which a path ends early (glmnet's fdev). */
    static final double PATH_CHANGE = 1e-5;
    /** When a path's point has converged enough to be compared: a relative fall of the loss below 1e-9. */
    static final dev.descent.stop.StoppingRule PATH_CONVERGENCE = dev.descent.stop.StoppingRules.gradientMaxNorm(1e-6)
            .or(dev.descent.stop.StoppingRules.valueChange(1e-9));

    /** The points in a row without a lower validation loss after which a path ends early. */
    static final int PATH_PATIENCE = 3;

    /** A path's chosen point: its plan, and its parameters, where the final fit starts (and ends at once). */
    private record Chosen(TrainingPlan plan, double[] start) {}

    /** Fits the L1 path into {@code points} and returns the point of the lowest validation loss. */
    private Chosen path(Engine.Data rows, Model model, TrainingPlan run, List<PathPoint> points) {
        if (resume != null) {
            throw new InvalidSetting("l1Path", "a path trains many fits; it does not resume a checkpoint");
        }
        if (model.layerSizes().size() != 2) {
            throw new InvalidSetting("l1Path", "an L1 path is for the linear models; " + model.describe() + " is a network");
        }
        Penalty base = run.penalty();
        // the intercepts' optimum with every weight 0: an L1 strength no gradient entry can beat
        Penalty all = new Penalty(base.l2(), 1e300, base.featureScales());
        TrainingPlan fullBatch = run.penalty(all).batchSize(0).earlyStopping(0).withoutEpochMetrics();
        TrainingData full = rows.training(model, fullBatch);
        double[] start = Trainer.of(model, fullBatch).fit(full).parameters();
        double[] gradient = new double[model.parameterCount()];
        full.objective().batch(0, 0).valueAndGradient(start, gradient);
        double top = 0;
        double[] scales = base.featureScales();
        for (int i = 0; i < gradient.length; i++) {
            if (model.isWeight(i)) {
                int feature = model.inputOf(i);
                double factor = scales == null || feature < 0 ? 1 : 1 / scales[feature];
                top = Math.max(top, Math.abs(gradient[i]) / factor);
            }
        }
        if (!(top > 0)) {
            throw new InvalidSetting("l1Path", "every coefficient is 0 without an L1 penalty: there is no path to follow");
        }
        double ratio = rows.trainingRows() > rows.featureNames().size() ? 1e-4 : 1e-2;
        double best = Double.POSITIVE_INFINITY;
        Chosen chosen = null;
        double[] at = start;
        double nullLoss = Double.NaN;
        double previousLoss = Double.NaN;
        int sinceBest = 0;
        for (int p = 0; p < l1Path; p++) {
            double l1 = top * Math.pow(ratio, (double) p / (l1Path - 1));
            TrainingPlan point = run.penalty(new Penalty(base.l2(), l1, base.featureScales()));
            TrainingData data = rows.training(model, point);
            // a point only has to be good enough to be compared (glmnet's thresh is 1e-7): the chosen one is
            // then refitted from where it stopped to the plan's own tolerance
            TrainingResult fit = Trainer.of(model, point.convergence(PATH_CONVERGENCE)).fitFrom(data, at);
            at = fit.parameters();
            long nonzeros = 0;
            for (int i = 0; i < at.length; i++) {
                nonzeros += model.isWeight(i) && at[i] != 0 ? 1 : 0;
            }
            // an engine that scores no training rows (Spark) gives the full-batch objective's loss instead
            double trainingLoss = data.training() != null ? data.training().score(at).metrics().loss()
                    : full.objective().batch(0, 0).valueAndGradient(at, new double[at.length])
                            - new Penalty(base.l2(), 0, base.featureScales()).value(model, at);
            double validationLoss = data.validation().score(at).metrics().loss();
            long iterations = fit.history().isEmpty() ? 0 : fit.history().get(fit.history().size() - 1).updates();
            points.add(new PathPoint(l1, nonzeros, trainingLoss, validationLoss, iterations));
            if (validationLoss < best) {
                best = validationLoss;
                chosen = new Chosen(point, at.clone());
                sinceBest = 0;
            } else if (++sinceBest == PATH_PATIENCE) {
                break; // smaller penalties fit the training rows ever closer and the validation rows worse
            }
            // glmnet's early end of a path: the fit explains 99.9% of the null model's loss, or the loss
            // fell by less than 1e-5 of itself (its devmax and fdev): the smaller penalties only chase a
            // fit that is already complete, and on separable rows they run towards infinite coefficients
            if (p == 0) {
                nullLoss = trainingLoss;
            } else if (trainingLoss <= (1 - PATH_EXPLAINED) * nullLoss
                    || previousLoss - trainingLoss < PATH_CHANGE * Math.abs(previousLoss)) {
                break;
            }
            previousLoss = trainingLoss;
        }
        return chosen;
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
        try {
            LearningRateFinder.checkApplies(plan.optimizer());
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("optimizer", e.getMessage());
        }
        try (Engine.Data rows = engine.load(request(true))) {
            Model model = model(rows);
            TrainingPlan run = trainingPlan(rows, model);
            RangeTest test = Trainer.of(model, run).findLearningRate(finder, rows.training(model, run));
            return new RangeTestOutcome(test, model.describe(), plan.optimizer(), plan.batchSize(), rows.describe(),
                    engine.describe());
        }
    }

    /**
     * The penalty a model gets when the plan chose none: scikit-learn's {@code C = 1} for logistic and
     * softmax regression and the linear SVM (whose margin term it is), {@code C sum(loss) + ||w||^2 / 2}, which on the mean loss descent
     * minimizes is {@code l2 = 1 / (C n)} with {@code n} the training rows, or their total weight
     * when they are weighted (scikit-learn's {@code sample_weight} and {@code class_weight} scale the
     * summed loss; descent's is their weighted mean) (no penalty for linear
     * regression and networks, as scikit-learn's {@code LinearRegression} and the MLPs' usual start).
     */
    public static Penalty defaultPenalty(ModelSpec spec, double trainingWeight) {
        boolean classifier = spec.kind() == ModelSpec.Kind.LOGISTIC || spec.kind() == ModelSpec.Kind.SOFTMAX
                || spec.kind() == ModelSpec.Kind.SVM;
        return classifier && trainingWeight > 0 ? new Penalty(1.0 / trainingWeight, 0) : Penalty.NONE;
    }

    /**
     * The plan a run on these rows trains with: this pipeline's plan with the default penalty when it chose
     * none, on the weights of the features as given without {@link #standardization(boolean)}, and the
     * coefficient bounds as bounds on the model's parameters.
     */
    private TrainingPlan trainingPlan(Engine.Data rows, Model model) {
        // a path is glmnet's lasso path unless the plan chose an L2 part for an elastic-net path
        Penalty penalty = plan.penaltyChosen() ? plan.penalty()
                : l1Path > 0 ? Penalty.NONE : defaultPenalty(spec, rows.trainingWeight());
        if (!standardization) {
            penalty = penalty.onFeaturesAsGiven(rows.standardizer().deviations());
        }
        TrainingPlan run = plan.penalty(penalty);
        return coefficientBounds.isEmpty() ? run : run.bounds(parameterBounds(rows, model));
    }

    /**
     * The coefficient bounds as bounds on the model's parameters: each feature's interval times its
     * standard deviation on the weight of every output, the rest free.
     *
     * @throws InvalidSetting ({@code "coefBounds"}) naming the features the data lacks, or for a network
     */
    private dev.descent.Bounds parameterBounds(Engine.Data rows, Model model) {
        if (model.layerSizes().size() != 2) {
            throw new InvalidSetting("coefBounds", "bounds on coefficients are for the linear models; "
                    + model.describe() + " is a network");
        }
        List<String> features = rows.featureNames();
        List<String> unknown = coefficientBounds.keySet().stream().filter(name -> !features.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidSetting("coefBounds", "no feature named " + String.join(", ", unknown) + " (features: "
                    + String.join(", ", features) + ")");
        }
        int n = model.parameterCount();
        double[] lower = new double[n];
        double[] upper = new double[n];
        java.util.Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(upper, Double.POSITIVE_INFINITY);
        double[] deviations = rows.standardizer().deviations();
        // a coefficient is targetDeviation * w / sd (SavedModel.coefficients)
        double targetDeviation = rows.targetStandardizer() == null ? 1 : rows.targetStandardizer().deviations()[0];
        for (int i = 0; i < n; i++) {
            int feature = model.inputOf(i);
            double[] range = feature < 0 ? null : coefficientBounds.get(features.get(feature));
            if (range != null) {
                lower[i] = range[0] * deviations[feature] / targetDeviation;
                upper[i] = range[1] * deviations[feature] / targetDeviation;
            }
        }
        return dev.descent.Bounds.of(lower, upper);
    }

    /**
     * The validation fraction: as set, else {@link #DEFAULT_VALIDATION} when early stopping or the
     * range test reads those rows, else none, so that no row is held out for nothing.
     */
    private double validationFraction(boolean rangeTest) {
        if (validation != null) {
            return validation;
        }
        return plan.patience() > 0 || rangeTest || l1Path > 0 ? DEFAULT_VALIDATION : 0;
    }

    private DataRequest request(boolean rangeTest) {
        double held = validationFraction(rangeTest);
        if (testData == null && !(held + test < 1)) {
            throw new InvalidSetting("split", "validation and test fractions must be in [0, 1) with a sum below 1: "
                    + held + " and " + test);
        }
        DataFormat written = dataFormat();
        if (written == DataFormat.LIBSVM && engine != Engine.LOCAL) {
            throw new InvalidSetting("dataFormat", "a LIBSVM file trains with the local engine; on Spark, read it with "
                    + "spark.read.format(\"libsvm\") and fit dev.descent.spark.ml.DescentClassifier or DescentRegressor");
        }
        return new DataRequest(data, target, classes || spec.predictsClasses(), spec, validationFraction(rangeTest),
                testData == null ? test : 0, testData, plan.seed(), standardizesTarget(), columns, classWeights,
                plan.fitsIntercept(), written);
    }

    /** The spec's model for the data's columns and classes. */
    private Model model(Engine.Data rows) {
        try {
            return spec.build(rows.featureNames().size(), rows.classNames().size());
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("model", e.getMessage().replace("this target", "the target '"
                    + rows.targetName() + "'"));
        }
    }
}
