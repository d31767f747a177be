package dev.descent.ml.train;

import dev.descent.BatchedObjective;
import dev.descent.Listener;
import dev.descent.loop.Minimizer;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.average.AveragedPoint;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.PiecewiseLinearSolve;
import dev.descent.ml.model.Precision;
import dev.descent.ml.model.Task;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParameterGroups;
import dev.descent.rangetest.LearningRateFinder;
import dev.descent.rangetest.RangeTest;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Trains a {@link Model} as a {@link TrainingPlan} says, through descent's one loop
 * ({@link Minimizer}) over the model's penalized mean loss:
 *
 * <ul>
 *   <li>first-order rules (SGD, Adam, AdamW, RMSprop, AdaGrad, fixed-step gradient descent) take
 *       mini-batches of the plan's batch size (0 for the full batch, 1 for per-example SGD), the
 *       rows reshuffled every epoch in an order derived from the seed and the epoch number;
 *   <li>rules that need the whole objective (L-BFGS, gradient descent with a line search) take one
 *       full-batch iteration per epoch.
 * </ul>
 *
 * <pre>{@code
 * TrainingResult result = Trainer.of(model, TrainingPlan.of(new Adam(1e-3)).epochs(20).earlyStopping(5))
 *         .fit(train, validation);
 * }</pre>
 *
 * <p>The run stops after the plan's epochs ({@link StopReason#MAX_EPOCHS}) or time limit; a
 * full-batch run also stops when it converges ({@link TrainingPlan#convergence()}, by default the
 * accuracy of scikit-learn's fits); early stopping with patience p ends it after p epochs without a
 * lower validation loss ({@link StopReason#NO_IMPROVEMENT}) and returns the best epoch's parameters. A
 * diverging or non-finite loss stops it whether or not epoch metrics are computed. The schedule gives
 * the learning rate of every update as a shape of the optimizer's rate; a
 * {@link dev.descent.schedule.ReduceOnPlateau} observes the validation loss (the training loss
 * without validation rows) once per epoch. Checkpoints every N epochs and at the end hold the loop's
 * whole state: {@link #resume} continues to the same final bits as an uninterrupted run. A weight
 * average ({@link TrainingPlan#averaging}) is kept beside the run and goes into every checkpoint.
 *
 * <p>The rows come as {@link TrainingData}: in memory ({@link #fit(Dataset, Dataset)}), or made by
 * an engine where they live (descent-spark's).
 */
public final class Trainer {

    private final Model model;
    private final TrainingPlan plan;
    /** The plan's optimizer, in two parameter groups when the biases take no weight decay. */
    private final Optimizer optimizer;
    /** The optimizer in the form the loop steps this model with: float32 for a float32 model. */
    private final Optimizer rule;

    private Trainer(Model model, TrainingPlan plan) {
        this.model = Objects.requireNonNull(model, "model");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.optimizer = grouped(model, plan);
        this.rule = model.precision() == Precision.FLOAT32 ? optimizer.inFloat32().orElse(optimizer) : optimizer;
    }

    /**
     * A trainer of {@code model} by {@code plan}.
     *
     * @throws InvalidSetting ({@code "noDecayBias"}) when the plan leaves the biases out of weight decay
     *     and the model has none
     */
    public static Trainer of(Model model, TrainingPlan plan) {
        return new Trainer(model, plan);
    }

    /**
     * The plan's optimizer, or its two parameter groups when the biases take no weight decay. The loop
     * steps a float32 model with the rule's float32 form, which keeps parameters and state in float32
     * as torch.optim does (every first-order rule; the loop then steps them as {@code float[]}), or the
     * rule itself where it has none (L-BFGS, a line search), updating float64 parameters from which
     * each evaluation's float32 weights are rounded.
     */
    private static Optimizer grouped(Model model, TrainingPlan plan) {
        Optimizer optimizer = plan.optimizer();
        if (plan.leavesBiasesOutOfDecay()) {
            int[] biases = model.biasIndices();
            if (biases.length == 0) {
                throw new InvalidSetting("noDecayBias", "the model " + model.describe()
                        + " has no biases to leave out of weight decay");
            }
            try {
                optimizer = ParameterGroups.of(optimizer).group(biases, optimizer.withWeightDecay(0));
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("noDecayBias", e.getMessage());
            }
        }
        return optimizer;
    }

    /**
     * @param change made to this trainer's plan, such as {@code plan -> plan.epochs(20)}
     * @return a trainer of the same model by the changed plan
     */
    public Trainer plan(UnaryOperator<TrainingPlan> change) {
        return new Trainer(model, change.apply(plan));
    }

    /** The model being trained. */
    public Model model() {
        return model;
    }

    /** How it is trained. */
    public TrainingPlan plan() {
        return plan;
    }

    /** The optimizer it trains with: the plan's, in two parameter groups when the biases take no weight decay. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Trains from the seeded initial parameters on rows in memory (validation may be null or empty). */
    public TrainingResult fit(Dataset train, Dataset validation) {
        return fit(TrainingData.inMemory(model, plan, train, validation));
    }

    /**
     * Trains from the seeded initial parameters on {@code data}: the loop, the stopping rules, early
     * stopping on the validation scorer, listeners and checkpoints. Epoch records hold no training
     * metrics (NaN) when the data has no training scorer.
     *
     * @throws InvalidSetting ({@code "batchSize"}, {@code "accumulate"}) when the batches do not fit the rule
     */
    public TrainingResult fit(TrainingData data) {
        return exact(data, new Run(data, List.of(), 0).fit(model.initialParameters(plan.seed())));
    }

    /**
     * Trains from {@code start} instead of the seeded initial parameters: a warm start, as a
     * regularization path starts each fit from the last one's solution.
     *
     * @param start not modified; the model's parameter count
     */
    public TrainingResult fitFrom(TrainingData data, double[] start) {
        if (start.length != model.parameterCount()) {
            throw new IllegalArgumentException("a start of " + start.length + " parameters for a model of "
                    + model.parameterCount());
        }
        return exact(data, new Run(data, List.of(), 0).fit(start.clone()));
    }

    /**
     * When a kinked loss's smoothed run has gone far enough for the exact solve to start from it: a
     * relative fall of the value below 1e-9 (the exact solve corrects the rows it finds at the kink, so
     * the smoothed optimum need not be reached to the last digit).
     */
    static final StoppingRule SMOOTHED_CONVERGENCE = StoppingRules.valueChange(1e-9);

    /**
     * The most values sparse rows may have made dense for the exact solve of a kinked loss, which reads rows
     * dense (and solves a system of the features' size): beyond it, wide sparse rows keep the smoothed optimum.
     */
    static final long EXACT_DENSE_LIMIT = 10_000_000;

    /**
     * A kinked loss's result made exact ({@link dev.descent.ml.model.Model#piecewiseLinear()}): the
     * optimality conditions solved on the active set the run's (smoothed) point identifies, and checked
     * ({@link PiecewiseLinearSolve}), which stops the run with {@link StopReason#OPTIMALITY_CONDITIONS}.
     * The result stays the run's, its detail saying why, where no exact solve applies (the rows lie on
     * another engine, bounds, a weight average, a failed run) or none certifies.
     */
    private TrainingResult exact(TrainingData data, TrainingResult result) {
        // a line search that fails near the smoothed optimum (its precision limit) still leaves a good start
        if (!model.piecewiseLinear() || result.diverged() || result.stopReason() == StopReason.UNBOUNDED) {
            return result;
        }
        String why = data.inMemory() == null ? "rows that lie on another engine, too many to gather"
                : plan.bounds() != null ? "bounds on coefficients"
                : result.average() != null ? "a weight average"
                : data.inMemory().isSparse() && (long) data.inMemory().rows() * model.inputs() > EXACT_DENSE_LIMIT
                        ? "sparse rows of " + data.inMemory().rows() + " x " + model.inputs() + " (it reads them dense)"
                : null;
        if (why != null) {
            return result.withDetail(append(result.detail(), "the smoothed loss's optimum, not the exact one: the exact "
                    + "solve does not take " + why));
        }
        Batch rows = data.inMemory();
        int d = model.inputs();
        double[] l2 = new double[d];
        double[] l1 = new double[d];
        for (int j = 0; j < d; j++) {
            l2[j] = plan.penalty().l2Strength(model, j);
            l1[j] = plan.penalty().l1Strength(model, j);
        }
        double[] x = rows.rowIndices() == null && !rows.isSparse() ? rows.features() : rows.gathered();
        PiecewiseLinearSolve.Problem problem = new PiecewiseLinearSolve.Problem(x, rows.rows(), d, rows.targets(),
                rows.weights(), model.piecewiseKind(), model.piecewiseQuantile(), l2, l1, plan.fitsIntercept());
        double[] theta = result.parameters();
        PiecewiseLinearSolve.Attempt attempt = PiecewiseLinearSolve.attempt(problem, java.util.Arrays.copyOf(theta, d + 1));
        if (attempt.solution() == null) {
            return result.withDetail(append(result.detail(), "the smoothed loss's optimum, not the exact one: "
                    + attempt.reason()));
        }
        PiecewiseLinearSolve.Solution exact = attempt.solution();
        String detail = String.format(java.util.Locale.ROOT, "the smoothed loss's run stopped with %s after %d epochs; "
                + "the exact optimum solves the optimality conditions on the %d rows at the kink%s (largest violation "
                + "%.1e)", result.stopReason(), result.epochs(), exact.kinkRows(),
                exact.zeroWeights() > 0 ? " and the " + exact.zeroWeights() + " zero coefficients" : "", exact.kktViolation());
        return new TrainingResult(exact.theta(), result.history(), result.bestEpoch(), StopReason.OPTIMALITY_CONDITIONS,
                detail, null);
    }

    private static String append(String detail, String more) {
        return detail.isEmpty() ? more : detail + "; " + more;
    }

    /**
     * Continues from a checkpoint written by a trainer with the same model, optimizer, seed and batch
     * size, to the same final parameters as an uninterrupted run.
     */
    public TrainingResult resume(Path file, Dataset train, Dataset validation) throws IOException {
        return resume(file, TrainingData.inMemory(model, plan, train, validation));
    }

    /** As {@link #resume(Path, Dataset, Dataset)} on {@code data} made elsewhere ({@link #fit(TrainingData)}). */
    public TrainingResult resume(Path file, TrainingData data) throws IOException {
        Checkpoint saved = Checkpoint.readFor(file, model, optimizer, plan);
        return exact(data, new Run(data, saved.history(), saved.bestEpoch()).resume(saved));
    }

    /**
     * The learning-rate range test ({@link LearningRateFinder}) on this trainer's run: its model from
     * the seeded initial parameters, its optimizer, penalty, clipping, batch size and row order, so the
     * suggested rate applies to {@link #fit}. Trains nothing: the parameters it steps through are the
     * test's own. The schedule, epochs, early stopping and checkpoints do not enter the test.
     *
     * @throws IllegalArgumentException for an optimizer without a learning rate to sweep (L-BFGS, a
     *     line search) or one that maximizes
     */
    public RangeTest findLearningRate(LearningRateFinder finder, Dataset train) {
        return findLearningRate(finder, TrainingData.inMemory(model, plan, train, null));
    }

    /** As {@link #findLearningRate(LearningRateFinder, Dataset)} on {@code data} made elsewhere (descent-spark's). */
    public RangeTest findLearningRate(LearningRateFinder finder, TrainingData data) {
        Objects.requireNonNull(finder, "finder");
        LearningRateFinder.checkApplies(plan.optimizer());
        checkFits(data);
        return finder.run(rule, plan.clipping(), data.objective(), model.initialParameters(plan.seed()));
    }

    /** Refuses data whose objective is not this model's, or whose batches the rule cannot take. */
    private void checkFits(TrainingData data) {
        if (data.objective().dimension() != model.parameterCount()) {
            throw new IllegalArgumentException("the objective has " + data.objective().dimension()
                    + " variables, the model " + model.parameterCount() + " parameters");
        }
        if (rule.needsFullBatch() && data.objective().batches() > 1) {
            throw new InvalidSetting("batchSize", "the batch size does not apply to " + rule.name() + ": " + rule.name()
                    + " takes full batches (its line search needs the whole objective); use the full batch (0) or a "
                    + "first-order optimizer");
        }
        if (plan.accumulation() > 1 && data.objective().batches() == 1) {
            throw new InvalidSetting("accumulate", "accumulating " + plan.accumulation() + " batches per update needs "
                    + "mini-batches: give a batch size smaller than the " + data.rows() + " training rows");
        }
    }

    /**
     * The rows of a dataset as a batch for this model's task, with the rows' weights when they carry
     * them. Weights that are all 1 are left off: the weighted mean is then the plain mean, and the
     * batch takes the unweighted code path (the fused kernels), to the same bits as rows without weights.
     * Sparse features give a sparse batch ({@link Batch#sparse}), read in place.
     */
    public static Batch batchOf(Model model, Dataset data) {
        double[] targets = model.task() == Task.MULTICLASS ? null : data.targets();
        int[] labels = model.task() == Task.REGRESSION ? null : data.labels();
        if (data.isSparse()) {
            return Batch.sparse(data.sparseRows(), targets, labels, null, data.weightsUnlessAllOnes());
        }
        return new Batch(data.featuresView(), data.rows(), data.columns(), targets, labels, null,
                data.weightsUnlessAllOnes());
    }

    /**
     * The box both {@code a} and {@code b} allow (either may be null: the other), over {@code n} parameters.
     *
     * @throws InvalidSetting ({@code "bounds"}) when they leave no room for a parameter
     */
    private static dev.descent.Bounds intersection(dev.descent.Bounds a, dev.descent.Bounds b, int n) {
        if (a == null || b == null) {
            if (a != null) {
                a.checkDimension(n);
            }
            return a != null ? a : b;
        }
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            lower[i] = Math.max(a.lower(i), b.lower(i));
            upper[i] = Math.min(a.upper(i), b.upper(i));
            if (lower[i] > upper[i]) {
                throw new InvalidSetting("bounds", "parameter " + i + " must lie in [" + a.lower(i) + ", " + a.upper(i)
                        + "] and in the model's own [" + b.lower(i) + ", " + b.upper(i) + "]");
            }
        }
        return dev.descent.Bounds.of(lower, upper);
    }

    /**
     * {@code objective} with the gradient of the model's biases left out (0), so that they stay at
     * their start, 0, under every rule ({@link TrainingPlan#intercept(boolean)}).
     *
     * @throws InvalidSetting ({@code "intercept"}) for a network, whose biases are not intercepts
     */
    private static BatchedObjective withoutBiases(BatchedObjective objective, Model model) {
        if (model instanceof dev.descent.ml.model.Mlp) {
            throw new InvalidSetting("intercept", "a network keeps its biases: --no-intercept is for the linear models");
        }
        int[] biases = model.interceptIndices();
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return objective.dimension();
            }

            @Override
            public int batches() {
                return objective.batches();
            }

            @Override
            public double weight(long epoch, int batch) {
                return objective.weight(epoch, batch);
            }

            @Override
            public boolean float32() {
                return objective.float32();
            }

            @Override
            public dev.descent.Objective batch(long epoch, int batch) {
                dev.descent.Objective f = objective.batch(epoch, batch);
                return new dev.descent.Objective() {
                    @Override
                    public int dimension() {
                        return f.dimension();
                    }

                    @Override
                    public double valueAndGradient(double[] x, double[] gradientOut) {
                        double value = f.valueAndGradient(x, gradientOut);
                        for (int i : biases) {
                            gradientOut[i] = 0;
                        }
                        return value;
                    }

                    @Override
                    public double valueAndGradient(float[] x, float[] gradientOut) {
                        double value = f.valueAndGradient(x, gradientOut);
                        for (int i : biases) {
                            gradientOut[i] = 0;
                        }
                        return value;
                    }

                    @Override
                    public double value(double[] x) {
                        return f.value(x);
                    }
                };
            }
        };
    }

    /**
     * One run: the loop over the training objective, and the listener that keeps the history, tells
     * the training listeners and writes the checkpoints.
     */
    private final class Run implements Listener {
        private final Scorer training;
        private final Scorer validation;
        private final BatchedObjective objective;
        private final List<EpochRecord> history;
        private final boolean earlyStopping;
        private int bestEpoch;
        private Metrics trainMetrics = Metrics.NONE;
        private Metrics validationMetrics = Metrics.NONE;
        private long epochStartIteration;
        private long epochStartNanos;
        /** The weight average beside the run, null without one. */
        private AveragedPoint average;

        Run(TrainingData data, List<EpochRecord> history, int bestEpoch) {
            checkFits(data);
            this.training = data.training();
            this.validation = data.validation();
            this.objective = plan.fitsIntercept() ? data.objective() : withoutBiases(data.objective(), model);
            this.history = new ArrayList<>(history);
            this.bestEpoch = bestEpoch;
            this.earlyStopping = plan.patience() > 0 && validation != null;
        }

        private Minimizer loop() {
            StoppingRule rule = StoppingRules.maxEpochs(plan.epochs());
            if (earlyStopping) {
                rule = rule.or(StoppingRules.noImprovement(plan.patience()));
            }
            if (plan.timeLimit() != null) {
                // asked from the end of the first epoch on, so that a run returns a trained model
                StoppingRule time = StoppingRules.timeLimit(plan.timeLimit());
                rule = rule.or(p -> p.epoch() >= 1 ? time.check(p) : java.util.Optional.empty());
            }
            if (objective.batches() == 1) {
                rule = plan.convergence().or(rule);
                if (model.piecewiseLinear()) {
                    // the smoothed run only has to find the rows at the kink; the exact solve does the rest
                    rule = rule.or(SMOOTHED_CONVERGENCE);
                }
            }
            Minimizer loop = plan.loop(Trainer.this.rule).stoppingWhen(rule);
            dev.descent.Bounds bounds = intersection(plan.bounds(), model.parameterBounds(), model.parameterCount());
            if (bounds != null) {
                try {
                    loop = loop.bounds(bounds);
                } catch (UnsupportedOperationException e) {
                    throw new InvalidSetting("optimizer", "the " + model.describe() + " model keeps its parameters in "
                            + "bounds: " + e.getMessage());
                }
            }
            dev.descent.L1Penalty l1 = plan.penalty().l1Term(model);
            if (l1 != null) {
                try {
                    loop = loop.l1(l1);
                } catch (UnsupportedOperationException e) {
                    throw new InvalidSetting("l1", "an L1 penalty needs an optimizer that reaches its exact zeros: "
                            + e.getMessage());
                }
            }
            if (average != null) {
                loop = loop.listener(average); // before this run's listener, so that a checkpoint holds the epoch's point
            }
            loop = loop.listener(this);
            if (plan.epochMetrics() && (training != null || validation != null)) {
                loop = loop.monitoring(this::evaluate);
            }
            return earlyStopping ? loop : loop.returningLastPoint();
        }

        TrainingResult fit(double[] start) {
            average = plan.averaging() == null ? null : plan.averaging().init(model.parameterCount());
            return finish(start(0).minimize(objective, start));
        }

        TrainingResult resume(Checkpoint saved) {
            epochStartIteration = saved.snapshot().iterations();
            average = saved.average(plan.averaging(), model.parameterCount());
            return finish(start(saved.epoch()).resume(objective, saved.snapshot()));
        }

        private Minimizer start(int completed) {
            Minimizer loop = loop();
            plan.listeners().forEach(l -> l.onStart(completed + 1, plan.epochs(), objective.batches()));
            epochStartNanos = System.nanoTime();
            return loop;
        }

        private TrainingResult finish(Result result) {
            boolean last = !earlyStopping && !result.stopReason().failed();
            int returned = last ? (history.isEmpty() ? 0 : history.get(history.size() - 1).epoch()) : bestEpoch;
            AveragedParameters averaged = average == null || average.isEmpty() ? null
                    : new AveragedParameters(average.averaging(), average.count(), average.point());
            TrainingResult outcome = new TrainingResult(result.point(), history, returned, result.stopReason(),
                    result.detail(), averaged);
            plan.listeners().forEach(l -> l.onEnd(outcome));
            return outcome;
        }

        /**
         * The monitor: the epoch's metrics, and the watched value: the validation loss, else the training
         * objective (the training loss plus the penalty), so that a run that keeps its best epoch keeps the
         * one of the lowest objective it minimizes.
         */
        private double evaluate(double[] parameters) {
            trainMetrics = training == null ? Metrics.NONE : training.score(parameters).metrics();
            validationMetrics = validation == null ? Metrics.NONE : validation.score(parameters).metrics();
            return validation == null ? trainMetrics.loss() + plan.penalty().value(model, parameters)
                    : validationMetrics.loss();
        }

        @Override
        public void onStep(Progress progress) {
            if (progress.iteration() == 0 || plan.listeners().isEmpty()) {
                return;
            }
            int epoch = (int) progress.epoch() + 1;
            if (objective.batches() == 1) {
                double loss = progress.previousValue();
                plan.listeners().forEach(l -> l.onBatch(epoch, 0, loss));
            } else {
                int batch = (int) (progress.iteration() - 1 - epochStartIteration);
                double loss = progress.value();
                plan.listeners().forEach(l -> l.onBatch(epoch, batch, loss));
            }
        }

        @Override
        public void onEpoch(Progress progress) {
            int epoch = (int) progress.epoch();
            long now = System.nanoTime();
            EpochRecord record = new EpochRecord(epoch, plan.epochMetrics() ? trainMetrics : Metrics.NONE,
                    plan.epochMetrics() ? validationMetrics : Metrics.NONE, progress.learningRate(), progress.iteration(),
                    (now - epochStartNanos) / 1e6);
            history.add(record);
            if (progress.epochsSinceImprovement() == 0) {
                bestEpoch = epoch;
            }
            plan.listeners().forEach(l -> l.onEpoch(record));
            if (plan.checkpoint() != null && (epoch % plan.checkpointEvery() == 0 || progress.stopping() != null)) {
                try {
                    new Checkpoint(model.describe(), optimizer.name(), plan.seed(), plan.batchSize(), bestEpoch,
                            progress.snapshot(), history, plan.averaging() == null ? "" : plan.averaging().describe(),
                            Checkpoint.bytesOf(average)).write(plan.checkpoint());
                } catch (IOException e) {
                    throw new UncheckedIOException("writing the checkpoint " + plan.checkpoint(), e);
                }
            }
            epochStartIteration = progress.iteration();
            epochStartNanos = System.nanoTime();
        }
    }
}
