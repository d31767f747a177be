package dev.descent;

/**
 * An objective that is a mean over data, visited a batch at a time: the stochastic objectives of
 * training. An epoch is one pass over every batch, in an order that may change from epoch to epoch
 * (reshuffled rows) but is fixed by the epoch number, so a run can be resumed to the same bits.
 *
 * <p>With one batch ({@link #batches()} is 1) the objective is the whole mean, the same at every
 * epoch: full-batch training, where every method applies (line searches, L-BFGS) and every epoch is
 * one iteration.
 */
public interface BatchedObjective {

    /** The number of variables. */
    int dimension();

    /** Batches per epoch, at least 1; the same for every epoch. */
    int batches();

    /**
     * The objective of one batch: its mean loss and gradient.
     *
     * @param epoch epochs completed before this one (0 for the first)
     * @param batch in [0, batches())
     */
    Objective batch(long epoch, int batch);

    /**
     * The batch's weight in a mean over several batches, its row count: accumulation
     * ({@link dev.descent.loop.Minimizer#accumulating}) weights each batch's mean gradient by it, so that the update is
     * that of the batches' rows as one batch. 1 by default (batches of equal size).
     *
     * @param epoch epochs completed before this one
     * @param batch in [0, batches())
     */
    default double weight(long epoch, int batch) {
        return 1;
    }

    /**
     * Whether each batch computes in float32 from float32 parameters
     * ({@link Objective#valueAndGradient(float[], float[])}), as a float32 model's loss does. With a
     * rule in float32 ({@link dev.descent.optim.Optimizer#float32()}) the loop then keeps the
     * parameters and the gradient of its mini-batch updates in {@code float[]}, with no per-step
     * conversion; the bits are those of the same run on {@code double[]}. False by default.
     */
    default boolean float32() {
        return false;
    }

    /** A plain objective as a single full batch. */
    static BatchedObjective of(Objective objective) {
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return objective.dimension();
            }

            @Override
            public int batches() {
                return 1;
            }

            @Override
            public Objective batch(long epoch, int batch) {
                return objective;
            }
        };
    }
}
