package dev.descent.ml.train;

import dev.descent.BatchedObjective;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Model;
import java.util.Objects;

/**
 * What a run trains on, wherever the rows are: the penalized mean loss of the training rows as a
 * batched objective, and the scorers of the training and validation rows that the epoch metrics and
 * early stopping read. An engine makes it (in memory here with {@link #inMemory}; descent-spark over
 * its cached blocks) and hands it to the {@link Trainer}, so data flows one way: rows, objective,
 * loop, result.
 *
 * @param objective the model's penalized mean loss over the training rows, batched as the plan asks
 *     (its batch size, its seed's row order)
 * @param training scores the training rows for the epoch metrics, or null where they are not scored
 *     (an engine whose rows are elsewhere reports NaN for them)
 * @param validation scores the validation rows, or null without validation rows
 * @param rows the number of training rows
 * @param inMemory the training rows themselves, standardized, where they are in memory (the exact
 *     solve of a kinked loss reads them, {@link dev.descent.ml.model.Model#piecewiseLinear()}); null
 *     where they lie elsewhere
 */
public record TrainingData(BatchedObjective objective, Scorer training, Scorer validation, long rows,
                           dev.descent.ml.model.Batch inMemory) {
    /** Checks. */
    public TrainingData {
        Objects.requireNonNull(objective, "objective");
        if (rows < 1) {
            throw new IllegalArgumentException("training needs at least one row: " + rows);
        }
    }

    /** Training data whose rows lie elsewhere (an engine's). */
    public TrainingData(BatchedObjective objective, Scorer training, Scorer validation, long rows) {
        this(objective, training, validation, rows, null);
    }

    /**
     * The training data of rows in memory for {@code model} trained by {@code plan}: its penalty, batch
     * size and seed make the objective, of the model's smoothed form for a kinked loss
     * ({@link Model#smoothed}, its width scaled by the targets' population deviation).
     *
     * @param validation the validation rows, or null (or empty) for none
     */
    public static TrainingData inMemory(Model model, TrainingPlan plan, Dataset train, Dataset validation) {
        if (train.columns() != model.inputs()) {
            throw new IllegalArgumentException("the model reads " + model.inputs() + " features, the data has "
                    + train.columns());
        }
        var rows = Trainer.batchOf(model, train);
        Model minimized = model.smoothed(deviation(train.targets()));
        return new TrainingData(new TrainingObjective(minimized, plan.penalty(), rows, plan.batchSize(), plan.seed()),
                Scorer.of(model, rows), validation == null || validation.rows() == 0 ? null
                        : Scorer.of(model, Trainer.batchOf(model, validation)), train.rows(), rows);
    }

    /**
     * The training data of rows already made a batch (dense or sparse, standardized as the caller chose),
     * without validation rows: the objective {@code model} trained by {@code plan} makes over them, of the
     * model's smoothed form for a kinked loss.
     */
    public static TrainingData inMemory(Model model, TrainingPlan plan, dev.descent.ml.model.Batch rows) {
        if (rows.columns() != model.inputs()) {
            throw new IllegalArgumentException("the model reads " + model.inputs() + " features, the rows have "
                    + rows.columns());
        }
        Model minimized = model.smoothed(deviation(rows.targets()));
        return new TrainingData(new TrainingObjective(minimized, plan.penalty(), rows, plan.batchSize(), plan.seed()),
                Scorer.of(model, rows), null, rows.rows(), rows);
    }

    /**
     * The population standard deviation of the targets, 1 without numeric targets or when they are
     * constant: the scale of a kinked loss's smoothing ({@link Model#smoothed}); an engine whose rows lie
     * elsewhere gathers the training targets in row order and calls it, for the same bits.
     */
    public static double deviation(double[] targets) {
        if (targets == null || targets.length == 0) {
            return 1;
        }
        double mean = 0;
        for (double t : targets) {
            mean += t / targets.length;
        }
        double squares = 0;
        for (double t : targets) {
            squares += (t - mean) * (t - mean) / targets.length;
        }
        return squares > 0 ? Math.sqrt(squares) : 1;
    }
}
