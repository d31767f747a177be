package dev.descent.ml.train;

/** Sees the training run: progress bars, logging, plots. */
public interface TrainingListener {

    /** Before the first epoch of this run (after a resume, the first remaining one). */
    default void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {}

    /** After each mini-batch update. */
    default void onBatch(int epoch, int batch, double loss) {}

    /** After each epoch, with its figures. */
    default void onEpoch(EpochRecord record) {}

    /** When the run ends, however it ends. */
    default void onEnd(TrainingResult result) {}

    /**
     * This listener seeing the figures of a run on a standardized target in the target's units: epoch
     * metrics through {@link EpochRecord#inTargetUnits}, and batch losses (the penalty included) times
     * {@code std^2}.
     *
     * @param target a one-column standardizer of the target, or null for this listener itself
     */
    default TrainingListener inTargetUnits(dev.descent.ml.data.Standardizer target) {
        if (target == null) {
            return this;
        }
        TrainingListener listener = this;
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
}
