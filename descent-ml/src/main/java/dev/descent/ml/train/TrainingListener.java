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
}
