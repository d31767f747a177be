package dev.descent.optim;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * An element-wise update of one state's vectors on all cores: {@code [0, n)} is cut once, when the
 * state is made, into fixed ranges run on the common fork-join pool. Each element is updated by one
 * thread with the same operations, so the result has the same bits whatever the number of threads.
 * The tasks are made once and reinitialized before every update, so an update allocates nothing.
 *
 * @param <T> the vectors' type: {@code double[]}, or {@code float[]} for a float32 rule
 */
final class Ranges<T> {
    /** Below this many elements an update runs on the calling thread: a task costs more than it saves. */
    static final int PARALLEL_LENGTH = 1 << 16;
    /** The fewest elements per task. */
    private static final int GRAIN = 1 << 15;
    /** Tasks per thread, so that a thread slowed by other work hands its share to the others. */
    private static final int TASKS_PER_THREAD = 4;

    /**
     * The update of the elements {@code [from, to)} of the vectors the state holds, and of these two.
     *
     * @param <T> the arrays' type: {@code double[]}, or {@code float[]} for a float32 rule
     */
    @FunctionalInterface
    interface Body<T> {
        void run(T parameters, T gradient, int from, int to);
    }

    private final int length;
    private final Body<T> body;
    private final RecursiveAction[] leaves;
    private T parameters;
    private T gradient;

    /**
     * @param length the vectors' length
     * @param body the update of one range
     */
    Ranges(int length, Body<T> body) {
        this.length = length;
        this.body = body;
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1; // the pool's workers and the caller
        if (length < PARALLEL_LENGTH || threads < 2) {
            leaves = null;
            return;
        }
        int count = (int) Math.min((long) threads * TASKS_PER_THREAD, length / GRAIN);
        leaves = new RecursiveAction[count];
        for (int k = 0; k < count; k++) {
            leaves[k] = new Leaf((int) ((long) length * k / count), (int) ((long) length * (k + 1) / count));
        }
    }

    /** Runs the body over {@code [0, length)}, split over the common pool when the vectors are long. */
    void run(T parameters, T gradient) {
        if (leaves == null) {
            body.run(parameters, gradient, 0, length);
            return;
        }
        // fork happens-before each task runs, and join after each ends: the tasks see these fields
        this.parameters = parameters;
        this.gradient = gradient;
        for (RecursiveAction leaf : leaves) {
            leaf.reinitialize();
        }
        ForkJoinTask.invokeAll(leaves);
        this.parameters = null;
        this.gradient = null;
    }

    private final class Leaf extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final int from;
        private final int to;

        Leaf(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            body.run(parameters, gradient, from, to);
        }
    }
}
