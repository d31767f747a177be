package dev.descent.optim;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Element-wise updates of long vectors on all cores: {@code [0, n)} is cut into fixed ranges run on
 * the common fork-join pool. Each element is updated by one thread with the same operations, so the
 * result has the same bits whatever the number of threads.
 */
final class Ranges {
    /** Below this many elements an update runs on the calling thread: a task costs more than it saves. */
    static final int PARALLEL_LENGTH = 1 << 16;
    /** Elements per task. */
    private static final int GRAIN = 1 << 15;

    /** An update of the elements {@code [from, to)}. */
    @FunctionalInterface
    interface Action {
        void run(int from, int to);
    }

    private Ranges() {}

    /** Runs {@code action} over {@code [0, n)}, split over the common pool when {@code n} is large. */
    static void run(int n, Action action) {
        if (n < PARALLEL_LENGTH || ForkJoinPool.getCommonPoolParallelism() < 1) {
            action.run(0, n);
            return;
        }
        ForkJoinPool.commonPool().invoke(new Task(action, 0, n));
    }

    private static final class Task extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient Action action;
        private final int from;
        private final int to;

        Task(Action action, int from, int to) {
            this.action = action;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from <= GRAIN) {
                action.run(from, to);
                return;
            }
            int middle = (from + to) >>> 1;
            invokeAll(new Task(action, from, middle), new Task(action, middle, to));
        }
    }
}
