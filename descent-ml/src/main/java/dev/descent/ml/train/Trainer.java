package dev.descent.ml.train;

import dev.descent.Objective;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.Task;
import dev.descent.optim.FirstOrderState;
import dev.descent.optim.LineSearchFailedException;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.schedule.ReduceOnPlateau;
import dev.descent.schedule.Schedule;
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
import java.util.SplittableRandom;

/**
 * Trains a {@link Model} on a {@link Dataset} with any core optimizer:
 *
 * <ul>
 *   <li>first-order rules (SGD, Adam, AdamW, RMSprop, AdaGrad, fixed-step gradient descent) take
 *       mini-batches of {@code batchSize} rows (0 for the full batch, 1 for per-example SGD), the
 *       rows reshuffled every epoch in an order derived from the seed and the epoch number;
 *   <li>line-search methods (L-BFGS, gradient descent with a line search) take one full-batch
 *       iteration per epoch.
 * </ul>
 *
 * <p>The schedule gives the learning rate of every update (from the optimizer's step count); a
 * {@link ReduceOnPlateau} schedule observes the validation loss (the training loss without
 * validation rows) once per epoch. Early stopping with patience p ends the run after p epochs
 * without a lower validation loss and returns the best epoch's parameters. Checkpoints every N
 * epochs and at the end hold everything needed to resume: {@link #resume} continues to the same
 * final bits as an uninterrupted run.
 */
public final class Trainer {
    private final Model model;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final int epochs;
    private final int batchSize;
    private final Penalty penalty;
    private final int patience;
    private final long seed;
    private final Path checkpoint;
    private final int checkpointEvery;
    private final List<TrainingListener> listeners;
    private final boolean evaluate;

    private Trainer(Model model, Optimizer optimizer, Schedule schedule, int epochs, int batchSize, Penalty penalty,
                    int patience, long seed, Path checkpoint, int checkpointEvery, List<TrainingListener> listeners,
                    boolean evaluate) {
        this.evaluate = evaluate;
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.penalty = penalty;
        this.patience = patience;
        this.seed = seed;
        this.checkpoint = checkpoint;
        this.checkpointEvery = checkpointEvery;
        this.listeners = listeners;
    }

    /** A trainer for 10 epochs of full batches, no penalty, no early stopping, seed 0. */
    public static Trainer of(Model model, Optimizer optimizer) {
        return new Trainer(Objects.requireNonNull(model, "model"), Objects.requireNonNull(optimizer, "optimizer"), null,
                10, 0, Penalty.NONE, 0, 0, null, 0, List.of(), true);
    }

    /** @param epochs at least 1 */
    public Trainer epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
        }
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed, checkpoint,
                checkpointEvery, listeners, evaluate);
    }

    /** @param batchSize rows per update, 0 for the full batch, 1 for per-example SGD */
    public Trainer batchSize(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be at least 0 (0 means the full batch): " + batchSize);
        }
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed, checkpoint,
                checkpointEvery, listeners, evaluate);
    }

    /** @return a copy whose updates follow {@code schedule} */
    public Trainer schedule(Schedule schedule) {
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed, checkpoint,
                checkpointEvery, listeners, evaluate);
    }

    /** @return a copy with this L2/L1 penalty on the weights */
    public Trainer penalty(Penalty penalty) {
        return new Trainer(model, optimizer, schedule, epochs, batchSize, Objects.requireNonNull(penalty), patience, seed,
                checkpoint, checkpointEvery, listeners, evaluate);
    }

    /** @param patience epochs without a better validation loss before stopping; 0 turns it off */
    public Trainer earlyStopping(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0: " + patience);
        }
        if (patience > 0 && !evaluate) {
            throw new IllegalArgumentException("early stopping needs the per-epoch metrics");
        }
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed, checkpoint,
                checkpointEvery, listeners, evaluate);
    }

    /** @return a copy with this seed (initialization and data order) */
    public Trainer seed(long seed) {
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed, checkpoint,
                checkpointEvery, listeners, evaluate);
    }

    /**
     * @param file where to write checkpoints
     * @param every every how many epochs (the last epoch is always written), at least 1
     */
    public Trainer checkpoint(Path file, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1 epoch: " + every);
        }
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed,
                Objects.requireNonNull(file), every, listeners, evaluate);
    }

    /** @return a copy that also tells {@code listener} */
    public Trainer listener(TrainingListener listener) {
        List<TrainingListener> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener));
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed, checkpoint,
                checkpointEvery, List.copyOf(more), evaluate);
    }

    /**
     * @return a copy that skips the per-epoch metrics (their records hold NaN), for timing the
     *     updates alone; early stopping and plateau schedules need them and refuse this
     */
    public Trainer withoutEpochMetrics() {
        if (patience > 0 || schedule instanceof ReduceOnPlateau) {
            throw new IllegalArgumentException("early stopping and reduce-on-plateau need the per-epoch metrics");
        }
        return new Trainer(model, optimizer, schedule, epochs, batchSize, penalty, patience, seed, checkpoint,
                checkpointEvery, listeners, false);
    }

    /** Trains from the seeded initial parameters. */
    public TrainingResult fit(Dataset train, Dataset validation) {
        Run run = new Run(train, validation);
        run.parameters = model.initialParameters(seed);
        run.state = optimizer.init(model.parameterCount());
        run.bestParameters = run.parameters.clone();
        return run.execute(0);
    }

    /**
     * Continues from a checkpoint written by a trainer with the same model, optimizer, seed and batch
     * size, to the same final parameters as an uninterrupted run.
     */
    public TrainingResult resume(Path file, Dataset train, Dataset validation) throws IOException {
        Checkpoint saved = Checkpoint.read(file);
        if (!saved.model().equals(model.describe())) {
            throw new DataException(file + ": the checkpoint holds a " + saved.model() + " model, not " + model.describe());
        }
        if (!saved.optimizer().equals(optimizer.name())) {
            throw new DataException(file + ": the checkpoint was trained with " + saved.optimizer() + ", not " + optimizer.name());
        }
        if (saved.seed() != seed || saved.batchSize() != batchSize) {
            throw new DataException(file + ": the checkpoint was made with seed " + saved.seed() + " and batch size "
                    + saved.batchSize() + "; resuming needs the same (got " + seed + " and " + batchSize + ")");
        }
        if (saved.parameters().length != model.parameterCount()) {
            throw new DataException(file + ": the checkpoint has " + saved.parameters().length + " parameters, the model "
                    + model.parameterCount());
        }
        Run run = new Run(train, validation);
        run.parameters = saved.parameters();
        run.state = optimizer.restore(new DataInputStream(new ByteArrayInputStream(saved.optimizerState())));
        if (schedule instanceof ReduceOnPlateau plateau && saved.scheduleState().length > 0) {
            plateau.readState(new DataInputStream(new ByteArrayInputStream(saved.scheduleState())));
        }
        run.bestParameters = saved.bestParameters();
        run.bestLoss = saved.bestLoss();
        run.bestEpoch = saved.bestEpoch();
        run.badEpochs = saved.badEpochs();
        run.history.addAll(saved.history());
        return run.execute(saved.epoch());
    }

    /** The model being trained. */
    public Model model() {
        return model;
    }

    /** The rows of a dataset as a batch for this model's task. */
    public static Batch batchOf(Model model, Dataset data) {
        return new Batch(data.featuresView(), data.rows(), data.columns(),
                model.task() == Task.MULTICLASS ? null : data.targets(),
                model.task() == Task.REGRESSION ? null : data.labels());
    }

    /** One run's mutable state. */
    private final class Run {
        final Batch trainBatch;
        final Batch validationBatch;
        final Schedule rates;
        double[] parameters;
        OptimizerState state;
        double[] bestParameters;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int badEpochs;
        final List<EpochRecord> history = new ArrayList<>();

        Run(Dataset train, Dataset validation) {
            if (train.columns() != model.inputs()) {
                throw new IllegalArgumentException("the model reads " + model.inputs() + " features, the data has "
                        + train.columns());
            }
            this.trainBatch = batchOf(model, train);
            this.validationBatch = validation == null || validation.rows() == 0 ? null : batchOf(model, validation);
            this.rates = schedule != null ? schedule : Schedule.constant(optimizer.learningRate());
        }

        TrainingResult execute(int completed) {
            int n = trainBatch.rows();
            int size = batchSize == 0 || batchSize >= n ? n : batchSize;
            boolean firstOrder = state instanceof FirstOrderState;
            if (!firstOrder && size != n) {
                throw new IllegalArgumentException(optimizer.name() + " takes full batches (its line search needs the "
                        + "whole objective): drop the batch size or use a first-order optimizer");
            }
            int batches = (n + size - 1) / size;
            listeners.forEach(l -> l.onStart(completed + 1, epochs, batches));
            boolean stoppedEarly = false;
            boolean diverged = false;
            double[] gradient = new double[parameters.length];
            double learningRate = Double.NaN;
            for (int epoch = completed + 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                try {
                    learningRate = firstOrder
                            ? miniBatchEpoch(epoch, size, gradient)
                            : fullBatchIteration(gradient);
                } catch (LineSearchFailedException done) {
                    learningRate = state.lastStepLength(); // no further progress possible: keep the epoch's figures
                }
                Metrics none = new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
                Metrics train = evaluate ? Metrics.of(model, parameters, trainBatch) : none;
                Metrics validation = validationBatch == null || !evaluate ? none : Metrics.of(model, parameters, validationBatch);
                EpochRecord record = new EpochRecord(epoch, train, validation, learningRate, state.steps(),
                        (System.nanoTime() - start) / 1e6);
                history.add(record);
                listeners.forEach(l -> l.onEpoch(record));
                double watched = validationBatch == null ? train.loss() : validation.loss();
                rates.observe(state.steps(), watched);
                if (evaluate && !Double.isFinite(train.loss())) {
                    diverged = true;
                    writeCheckpointIfAsked(epoch);
                    break;
                }
                if (watched < bestLoss) {
                    bestLoss = watched;
                    bestEpoch = epoch;
                    bestParameters = parameters.clone();
                    badEpochs = 0;
                } else {
                    badEpochs++;
                }
                boolean last = epoch == epochs;
                if (patience > 0 && validationBatch != null && badEpochs >= patience) {
                    stoppedEarly = true;
                    last = true;
                }
                if (checkpoint != null && (epoch % checkpointEvery == 0 || last)) {
                    writeCheckpoint(epoch);
                }
                if (stoppedEarly) {
                    break;
                }
            }
            double[] result = stoppedEarly || (patience > 0 && validationBatch != null) ? bestParameters : parameters;
            int resultEpoch = result == bestParameters ? bestEpoch : history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
            TrainingResult outcome = new TrainingResult(result, history, resultEpoch, stoppedEarly, diverged);
            listeners.forEach(l -> l.onEnd(outcome));
            return outcome;
        }

        private void writeCheckpointIfAsked(int epoch) {
            if (checkpoint != null) {
                writeCheckpoint(epoch);
            }
        }

        /** One pass over shuffled mini-batches; returns the last learning rate. */
        private double miniBatchEpoch(int epoch, int size, double[] gradient) {
            FirstOrderState rule = (FirstOrderState) state;
            int n = trainBatch.rows();
            int d = trainBatch.columns();
            int[] order = size == n ? null : permutation(n, epoch);
            boolean inPlace = model.readsRowsInPlace();
            double[] x = inPlace ? null : new double[size * d];
            int[] indices = inPlace ? new int[size] : null;
            double[] y = trainBatch.targets() == null ? null : new double[size];
            int[] labels = trainBatch.labels() == null ? null : new int[size];
            double rate = Double.NaN;
            int batchIndex = 0;
            for (int from = 0; from < n; from += size) {
                int rows = Math.min(size, n - from);
                Batch batch;
                if (order == null) {
                    batch = trainBatch;
                } else {
                    if (rows != size) {
                        x = inPlace ? null : new double[rows * d];
                        indices = inPlace ? new int[rows] : null;
                        y = y == null ? null : new double[rows];
                        labels = labels == null ? null : new int[rows];
                    }
                    gather(order, from, rows, x, y, labels);
                    if (inPlace) {
                        System.arraycopy(order, from, indices, 0, rows);
                        batch = new Batch(trainBatch.features(), rows, d, y, labels, indices);
                    } else {
                        batch = new Batch(x, rows, d, y, labels);
                    }
                }
                double loss = Loss.valueAndGradient(model, penalty, parameters, batch, gradient);
                rate = rates.at(rule.steps());
                rule.update(parameters, gradient, rate);
                int current = batchIndex++;
                listeners.forEach(l -> l.onBatch(epoch, current, loss));
            }
            return rate;
        }

        /** One line-search iteration on the whole training set; returns the accepted step. */
        private double fullBatchIteration(double[] gradient) {
            Objective objective = new Objective() {
                @Override
                public int dimension() {
                    return parameters.length;
                }

                @Override
                public double valueAndGradient(double[] theta, double[] gradientOut) {
                    return Loss.valueAndGradient(model, penalty, theta, trainBatch, gradientOut);
                }
            };
            double value = objective.valueAndGradient(parameters, gradient);
            state.iterate(objective, parameters, value, gradient, rates.at(state.steps()));
            return state.lastStepLength();
        }

        private void gather(int[] order, int from, int rows, double[] x, double[] y, int[] labels) {
            int d = trainBatch.columns();
            double[] features = trainBatch.features();
            for (int k = 0; k < rows; k++) {
                int row = order[from + k];
                if (x != null) {
                    System.arraycopy(features, row * d, x, k * d, d);
                }
                if (y != null) {
                    y[k] = trainBatch.targets()[row];
                }
                if (labels != null) {
                    labels[k] = trainBatch.labels()[row];
                }
            }
        }

        /** The epoch's row order: a Fisher-Yates shuffle seeded by the run's seed and the epoch. */
        private int[] permutation(int n, int epoch) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            return order;
        }

        private void writeCheckpoint(int epoch) {
            try {
                ByteArrayOutputStream optimizerBytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(optimizerBytes)) {
                    state.writeTo(out);
                }
                ByteArrayOutputStream scheduleBytes = new ByteArrayOutputStream();
                if (rates instanceof ReduceOnPlateau plateau) {
                    try (DataOutputStream out = new DataOutputStream(scheduleBytes)) {
                        plateau.writeState(out);
                    }
                }
                new Checkpoint(model.describe(), optimizer.name(), seed, batchSize, epoch, parameters,
                        optimizerBytes.toByteArray(), scheduleBytes.toByteArray(), bestParameters, bestLoss, bestEpoch,
                        badEpochs, history).write(checkpoint);
            } catch (IOException e) {
                throw new UncheckedIOException("writing the checkpoint " + checkpoint, e);
            }
        }
    }
}
