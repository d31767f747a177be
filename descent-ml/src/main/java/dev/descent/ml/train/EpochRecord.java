package dev.descent.ml.train;

/**
 * One epoch's figures.
 *
 * @param epoch 1 for the first epoch
 * @param train the training metrics after the epoch (the loss includes no penalty)
 * @param validation the validation metrics, NaN without validation rows
 * @param learningRate the learning rate of the epoch's last update
 * @param updates optimizer updates so far
 * @param elapsedMillis wall-clock time of the epoch
 */
public record EpochRecord(int epoch, Metrics train, Metrics validation, double learningRate, long updates,
                          double elapsedMillis) {

    /** This epoch's figures in the units of a target standardized by {@code target} ({@link Metrics#inTargetUnits}). */
    public EpochRecord inTargetUnits(dev.descent.ml.data.Standardizer target) {
        return target == null ? this : new EpochRecord(epoch, train.inTargetUnits(target), validation.inTargetUnits(target),
                learningRate, updates, elapsedMillis);
    }
}
