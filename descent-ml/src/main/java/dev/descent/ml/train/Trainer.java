package dev.descent.ml.train;

import dev.descent.BatchedObjective;
import dev.descent.GradientClipping;
import dev.descent.Listener;
import dev.descent.loop.Minimizer;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.average.AveragedPoint;
import dev.descent.average.WeightAveraging;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.Task;
import dev.descent.optim.Optimizer;
import dev.descent.rangetest.LearningRateFinder;
import dev.descent.rangetest.RangeTest;
import dev.descent.schedule.Schedule;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a {@link Model} on a {@link Dataset} with any core optimizer, through descent's one loop
 * ({@link Minimizer}) over the model's penalized mean loss:
 *
 * <ul>
 *   <li>first-order rules (SGD, Adam, AdamW, RMSprop, AdaGrad, fixed-step gradient descent) take
 *       mini-batches of {@code batchSize} rows (0 for the full batch, 1 for per-example SGD), the
 *       rows reshuffled every epoch in an order derived from the seed and the epoch number;
 *   <li>rules that need the whole objective (L-BFGS, gradient descent with a line search) take one
 *       full-batch iteration per epoch.
 * </ul>
 *
 * <p>The run stops after {@code epochs} epochs ({@link StopReason#MAX_EPOCHS}); a full-batch run
 * also stops when it converges ({@link #defaultConvergence()}, the accuracy of scikit-learn's fits); early stopping with patience p ends it after p epochs without
 * a lower validation loss ({@link StopReason#NO_IMPROVEMENT}) and returns the best epoch's
 * parameters. A diverging or non-finite loss stops it whether or not epoch metrics are computed.
 * The schedule gives the learning rate of every update as a shape of the optimizer's rate; a
 * {@link dev.descent.schedule.ReduceOnPlateau} observes the validation loss (the training loss
 * without validation rows) once per epoch. Checkpoints every N epochs and at the end hold the loop's
 * whole state: {@link #resume} continues to the same final bits as an uninterrupted run.
 *
 * <p>Weight averaging ({@link #averaging}) keeps, beside the run, the exponential moving average of
 * the parameters after every update or stochastic weight averaging's mean of the epoch-end
 * parameters from a start epoch on, as {@code torch.optim.swa_utils.AveragedModel} does beside a
 * model; the run itself, its history, early stopping and {@link TrainingResult#parameters()} are the
 * same as without it, the average is {@link TrainingResult#average()}, and it goes into every
 * checkpoint.
 */
public final class Trainer {

    /** Everything a training run is configured with. */
    private record Settings(Model model, Optimizer optimizer, Schedule schedule, GradientClipping clipping, int epochs,
                            int batchSize, Penalty penalty, int patience, long seed, Path checkpoint, int checkpointEvery,
                            List<TrainingListener> listeners, boolean evaluate, StoppingRule convergence,
                            WeightAveraging averaging, int accumulation) {}

    /**
     * The default convergence test's largest gradient component, on the mean loss (scikit-learn's
     * default {@code tol = 1e-4} applies to the summed loss, so to {@code 1e-4 / n} of the mean).
     */
    public static final double GRADIENT_TOLERANCE = 1e-8;
    /** The default convergence test's relative change of the loss: 64 eps, scikit-learn's L-BFGS {@code ftol}. */
    public static final double VALUE_TOLERANCE = 64 * Math.ulp(1.0);

    private final Settings s;

    private Trainer(Settings settings) {
        this.s = settings;
    }

    /**
     * A trainer for 10 epochs of full batches, no penalty, no early stopping, seed 0; a full-batch run
     * converges at {@code max |grad| <= 1e-8} or a relative loss change of 64 eps, the accuracy of
     * scikit-learn's L-BFGS fits.
     */
    public static Trainer of(Model model, Optimizer optimizer) {
        return new Trainer(new Settings(Objects.requireNonNull(model, "model"), Objects.requireNonNull(optimizer, "optimizer"),
                null, null, 10, 0, Penalty.NONE, 0, 0, null, 0, List.of(), true, defaultConvergence(), null, 1));
    }

    /** {@code max |grad| <= GRADIENT_TOLERANCE} or {@code |delta loss| <= VALUE_TOLERANCE * max(1, |loss|)}. */
    public static StoppingRule defaultConvergence() {
        return StoppingRules.gradientMaxNorm(GRADIENT_TOLERANCE).or(StoppingRules.valueChange(VALUE_TOLERANCE));
    }

    /** @param epochs at least 1 */
    public Trainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
        }
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /** @param batchSize rows per update, 0 for the full batch, 1 for per-example SGD */
    public Trainer batchSize(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be at least 0 (0 means the full batch): " + batchSize);
        }
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /** @return a copy whose updates follow {@code schedule} of the optimizer's learning rate */
    public Trainer schedule(Schedule schedule) {
        Minimizer.using(s.optimizer).schedule(schedule); // refuses what the loop refuses, now rather than at fit
        return new Trainer(new Settings(s.model, s.optimizer, schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /** @return a copy that clips each (mini-batch) gradient before the update */
    public Trainer clipping(GradientClipping clipping) {
        Minimizer.using(s.optimizer).clipping(clipping);
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /** @return a copy with this L2/L1 penalty on the weights */
    public Trainer penalty(Penalty penalty) {
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize,
                Objects.requireNonNull(penalty), s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners,
                s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /** @param patience epochs without a better validation loss before stopping; 0 turns it off */
    public Trainer earlyStopping(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0: " + patience);
        }
        if (patience > 0 && !s.evaluate) {
            throw new IllegalArgumentException("early stopping needs the per-epoch metrics");
        }
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /**
     * @param rule when a full-batch run has converged (ignored for mini-batches, whose gradient never
     *     vanishes); {@link #defaultConvergence()} by default
     * @return a copy with this convergence test
     */
    public Trainer convergence(StoppingRule rule) {
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate,
                Objects.requireNonNull(rule, "rule"), s.averaging, s.accumulation));
    }

    /** @return a copy with this seed (initialization and data order) */
    public Trainer seed(long seed) {
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /**
     * @param file where to write checkpoints
     * @param every every how many epochs (the last epoch is always written), at least 1
     */
    public Trainer checkpoint(Path file, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1 epoch: " + every);
        }
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, Objects.requireNonNull(file), every, s.listeners, s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /**
     * Averages the parameters beside the run: {@link dev.descent.average.ExponentialMovingAverage}
     * after every update, or {@link dev.descent.average.StochasticWeightAveraging} at the end of every
     * epoch from its start epoch on (epochs counted from 1, as {@link EpochRecord#epoch()}). The
     * average is {@link TrainingResult#average()} and {@link TrainingResult#modelParameters()}; it
     * holds every point of the run through its last epoch, with early stopping too (the epochs after
     * the best one included: the average of the run, as torch users evaluate it, while
     * {@link TrainingResult#parameters()} keeps the best epoch's own). Checkpoints hold it, and a run is
     * resumed only with the same averaging.
     *
     * @return a copy that keeps this average
     */
    public Trainer averaging(WeightAveraging averaging) {
        Objects.requireNonNull(averaging, "averaging");
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, averaging, s.accumulation));
    }

    /**
     * @return a copy that sums the gradients of {@code batches} consecutive mini-batches into one
     *     update, weighted by their rows: the update of one batch that many times as large
     *     ({@link Minimizer#accumulating}); needs a batch size, so that there are several batches
     * @param batches at least 1; 1 (the default) updates after every batch
     */
    public Trainer accumulating(int batches) {
        Minimizer.using(s.optimizer).accumulating(batches); // refuses what the loop refuses, now rather than at fit
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, s.evaluate, s.convergence, s.averaging,
                batches));
    }

    /** Mini-batches per update (1 without accumulation). */
    public int accumulation() {
        return s.accumulation;
    }

    /** The weight averaging, or null without one. */
    public WeightAveraging averaging() {
        return s.averaging;
    }

    /** @return a copy that also tells {@code listener} */
    public Trainer listener(TrainingListener listener) {
        List<TrainingListener> more = new ArrayList<>(s.listeners);
        more.add(Objects.requireNonNull(listener));
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, List.copyOf(more), s.evaluate, s.convergence, s.averaging, s.accumulation));
    }

    /**
     * @return a copy that skips the per-epoch metrics (their records hold NaN), for timing the
     *     updates alone; divergence is still detected (on the epoch's mean batch loss) and a plateau
     *     schedule watches that loss; early stopping needs the validation metrics and refuses this
     */
    public Trainer withoutEpochMetrics() {
        if (s.patience > 0) {
            throw new IllegalArgumentException("early stopping needs the per-epoch metrics");
        }
        return new Trainer(new Settings(s.model, s.optimizer, s.schedule, s.clipping, s.epochs, s.batchSize, s.penalty,
                s.patience, s.seed, s.checkpoint, s.checkpointEvery, s.listeners, false, s.convergence, s.averaging, s.accumulation));
    }

    /** The model being trained. */
    public Model model() {
        return s.model;
    }

    /**
     * The optimizer as the model's precision asks: for a float32 model the rule's float32 form, which
     * keeps parameters and state in float32 as torch.optim does (every first-order rule; the loop then
     * steps them as {@code float[]}), or the rule itself where it has none (L-BFGS, a line search),
     * updating float64 parameters from which each evaluation's float32 weights are rounded.
     */
    private Optimizer rule() {
        return s.model.precision() == dev.descent.ml.model.Precision.FLOAT32 ? s.optimizer.inFloat32().orElse(s.optimizer)
                : s.optimizer;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return s.optimizer;
    }

    /** The penalty on the weights. */
    public Penalty penalty() {
        return s.penalty;
    }

    /** Rows per update (0: the full batch). */
    public int batchSize() {
        return s.batchSize;
    }

    /** The seed of the initialization and the data order. */
    public long seed() {
        return s.seed;
    }

    /** Trains from the seeded initial parameters. */
    public TrainingResult fit(Dataset train, Dataset validation) {
        return new Run(train, validation, List.of(), 0).fit(s.model.initialParameters(s.seed));
    }

    /**
     * Trains on an objective of the training rows made elsewhere, such as descent-spark's, which
     * computes this model's penalized loss ({@link #penalty()}) where the rows are. Everything else is
     * as {@link #fit(Dataset, Dataset)}: the loop, the stopping rules, early stopping on the
     * validation rows (evaluated here), listeners and checkpoints; the epoch records hold no
     * training metrics (NaN), whose rows are not here.
     */
    public TrainingResult fit(BatchedObjective train, Dataset validation) {
        return fit(train, scorerOf(validation));
    }

    /**
     * As {@link #fit(BatchedObjective, Dataset)} with validation rows that are elsewhere too, scored
     * by {@code validation} once per epoch (null: no validation rows).
     */
    public TrainingResult fit(BatchedObjective train, Scorer validation) {
        return new Run(null, train, validation, List.of(), 0).fit(s.model.initialParameters(s.seed));
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
        LearningRateFinder.checkApplies(s.optimizer);
        return findLearningRate(finder, new TrainingObjective(s.model, s.penalty, checkedColumns(train), s.batchSize, s.seed));
    }

    /**
     * As {@link #findLearningRate(LearningRateFinder, Dataset)} on an objective of the training rows
     * made elsewhere (descent-spark's), which computes this model's penalized loss.
     */
    public RangeTest findLearningRate(LearningRateFinder finder, BatchedObjective train) {
        Objects.requireNonNull(finder, "finder");
        if (train.dimension() != s.model.parameterCount()) {
            throw new IllegalArgumentException("the objective has " + train.dimension() + " variables, the model "
                    + s.model.parameterCount() + " parameters");
        }
        return finder.run(rule(), s.clipping, train, s.model.initialParameters(s.seed));
    }

    /**
     * Continues from a checkpoint written by a trainer with the same model, optimizer, seed and batch
     * size, to the same final parameters as an uninterrupted run.
     */
    public TrainingResult resume(Path file, Dataset train, Dataset validation) throws IOException {
        Checkpoint saved = checked(file);
        return new Run(train, validation, saved.history(), saved.bestEpoch()).resume(saved);
    }

    /** As {@link #resume(Path, Dataset, Dataset)} for an objective made elsewhere ({@link #fit(BatchedObjective, Dataset)}). */
    public TrainingResult resume(Path file, BatchedObjective train, Dataset validation) throws IOException {
        return resume(file, train, scorerOf(validation));
    }

    /** As {@link #resume(Path, BatchedObjective, Dataset)} with validation rows scored elsewhere ({@link #fit(BatchedObjective, Scorer)}). */
    public TrainingResult resume(Path file, BatchedObjective train, Scorer validation) throws IOException {
        Checkpoint saved = checked(file);
        return new Run(null, train, validation, saved.history(), saved.bestEpoch()).resume(saved);
    }

    /** The scorer of validation rows in memory, null when there are none. */
    private Scorer scorerOf(Dataset validation) {
        return validation == null || validation.rows() == 0 ? null : Scorer.of(s.model, batchOf(s.model, validation));
    }

    /** The checkpoint in {@code file}, refused unless this trainer's model, optimizer, seed and batch size wrote it. */
    private Checkpoint checked(Path file) throws IOException {
        Checkpoint saved = Checkpoint.read(file);
        if (!saved.model().equals(s.model.describe())) {
            throw new DataException(file + ": the checkpoint holds a " + saved.model() + " model, not " + s.model.describe());
        }
        if (!saved.optimizer().equals(s.optimizer.name())) {
            throw new DataException(file + ": the checkpoint was trained with " + saved.optimizer() + ", not "
                    + s.optimizer.name());
        }
        if (saved.seed() != s.seed || saved.batchSize() != s.batchSize) {
            throw new DataException(file + ": the checkpoint was made with seed " + saved.seed() + " and batch size "
                    + saved.batchSize() + "; resuming needs the same (got " + s.seed + " and " + s.batchSize + ")");
        }
        if (saved.snapshot().point().length != s.model.parameterCount()) {
            throw new DataException(file + ": the checkpoint has " + saved.snapshot().point().length
                    + " parameters, the model " + s.model.parameterCount());
        }
        String averaging = s.averaging == null ? "" : s.averaging.describe();
        if (!saved.averaging().equals(averaging)) {
            throw new DataException(file + ": the checkpoint was made " + (saved.averaging().isEmpty() ? "without weight averaging"
                    : "averaging the weights (" + saved.averaging() + ")") + "; resuming needs the same (got "
                    + (averaging.isEmpty() ? "no averaging" : averaging) + ")");
        }
        return saved;
    }

    private Batch checkedColumns(Dataset train) {
        if (train.columns() != s.model.inputs()) {
            throw new IllegalArgumentException("the model reads " + s.model.inputs() + " features, the data has "
                    + train.columns());
        }
        return batchOf(s.model, train);
    }

    /** The rows of a dataset as a batch for this model's task. */
    public static Batch batchOf(Model model, Dataset data) {
        return new Batch(data.featuresView(), data.rows(), data.columns(),
                model.task() == Task.MULTICLASS ? null : data.targets(),
                model.task() == Task.REGRESSION ? null : data.labels());
    }

    /**
     * One run: the loop over the training objective, and the listener that keeps the history, tells
     * the training listeners and writes the checkpoints.
     */
    private final class Run implements Listener {
        private final Batch trainBatch;
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

        Run(Dataset train, Dataset validation, List<EpochRecord> history, int bestEpoch) {
            this(checkedColumns(train), new TrainingObjective(s.model, s.penalty, batchOf(s.model, train), s.batchSize, s.seed),
                    scorerOf(validation), history, bestEpoch);
        }

        Run(Batch trainBatch, BatchedObjective objective, Scorer validation, List<EpochRecord> history, int bestEpoch) {
            if (objective.dimension() != s.model.parameterCount()) {
                throw new IllegalArgumentException("the objective has " + objective.dimension() + " variables, the model "
                        + s.model.parameterCount() + " parameters");
            }
            this.trainBatch = trainBatch;
            this.validation = validation;
            this.objective = objective;
            this.history = new ArrayList<>(history);
            this.bestEpoch = bestEpoch;
            this.earlyStopping = s.patience > 0 && validation != null;
        }

        private Minimizer loop() {
            StoppingRule rule = StoppingRules.maxEpochs(s.epochs);
            if (earlyStopping) {
                rule = rule.or(StoppingRules.noImprovement(s.patience));
            }
            if (objective.batches() == 1) {
                rule = s.convergence.or(rule);
            }
            Minimizer loop = Minimizer.using(rule()).stoppingWhen(rule);
            if (average != null) {
                loop = loop.listener(average); // before this run's listener, so that a checkpoint holds the epoch's point
            }
            loop = loop.listener(this);
            if (s.schedule != null) {
                loop = loop.schedule(s.schedule);
            }
            if (s.clipping != null) {
                loop = loop.clipping(s.clipping);
            }
            if (s.accumulation > 1) {
                loop = loop.accumulating(s.accumulation);
            }
            if (s.evaluate && (trainBatch != null || validation != null)) {
                loop = loop.monitoring(this::evaluate);
            }
            return earlyStopping ? loop : loop.returningLastPoint();
        }

        TrainingResult fit(double[] start) {
            average = s.averaging == null ? null : s.averaging.init(s.model.parameterCount());
            return finish(start(0).minimize(objective, start));
        }

        TrainingResult resume(Checkpoint saved) {
            epochStartIteration = saved.snapshot().iterations();
            average = restoredAverage(saved);
            return finish(start(saved.epoch()).resume(objective, saved.snapshot()));
        }

        /** The checkpoint's average ({@link #checked} made sure it is this trainer's averaging's), or null. */
        private AveragedPoint restoredAverage(Checkpoint saved) {
            if (s.averaging == null) {
                return null;
            }
            try {
                AveragedPoint restored = s.averaging.restore(new DataInputStream(new ByteArrayInputStream(saved.average())));
                if (restored.dimension() != s.model.parameterCount()) {
                    throw new IOException("an average of " + restored.dimension() + " parameters");
                }
                return restored;
            } catch (IOException e) {
                throw new DataException("the checkpoint's weight average does not fit: " + e.getMessage());
            }
        }

        /** The average's bytes for a checkpoint, empty without one. */
        private byte[] averageBytes() throws IOException {
            if (average == null) {
                return new byte[0];
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                average.writeTo(out);
            }
            return bytes.toByteArray();
        }

        private Minimizer start(int completed) {
            Minimizer loop = loop();
            s.listeners.forEach(l -> l.onStart(completed + 1, s.epochs, objective.batches()));
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
            s.listeners.forEach(l -> l.onEnd(outcome));
            return outcome;
        }

        /** The monitor: the epoch's metrics, and the watched loss (validation, else training). */
        private double evaluate(double[] parameters) {
            trainMetrics = trainBatch == null ? Metrics.NONE : Metrics.of(s.model, parameters, trainBatch);
            validationMetrics = validation == null ? Metrics.NONE : validation.score(parameters).metrics();
            return validation == null ? trainMetrics.loss() : validationMetrics.loss();
        }

        @Override
        public void onStep(Progress progress) {
            if (progress.iteration() == 0 || s.listeners.isEmpty()) {
                return;
            }
            int epoch = (int) progress.epoch() + 1;
            if (objective.batches() == 1) {
                double loss = progress.previousValue();
                s.listeners.forEach(l -> l.onBatch(epoch, 0, loss));
            } else {
                int batch = (int) (progress.iteration() - 1 - epochStartIteration);
                double loss = progress.value();
                s.listeners.forEach(l -> l.onBatch(epoch, batch, loss));
            }
        }

        @Override
        public void onEpoch(Progress progress) {
            int epoch = (int) progress.epoch();
            long now = System.nanoTime();
            EpochRecord record = new EpochRecord(epoch, s.evaluate ? trainMetrics : Metrics.NONE,
                    s.evaluate ? validationMetrics : Metrics.NONE, progress.learningRate(), progress.iteration(),
                    (now - epochStartNanos) / 1e6);
            history.add(record);
            if (progress.epochsSinceImprovement() == 0) {
                bestEpoch = epoch;
            }
            s.listeners.forEach(l -> l.onEpoch(record));
            if (s.checkpoint != null && (epoch % s.checkpointEvery == 0 || progress.stopping() != null)) {
                try {
                    new Checkpoint(s.model.describe(), s.optimizer.name(), s.seed, s.batchSize, bestEpoch,
                            progress.snapshot(), history, s.averaging == null ? "" : s.averaging.describe(),
                            averageBytes()).write(s.checkpoint);
                } catch (IOException e) {
                    throw new UncheckedIOException("writing the checkpoint " + s.checkpoint, e);
                }
            }
            epochStartIteration = progress.iteration();
            epochStartNanos = System.nanoTime();
        }
    }
}
