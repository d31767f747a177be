package dev.descent.optim;

import dev.descent.parallel.Team;

/**
 * An element-wise update of one state's vectors on all cores: {@code [0, n)} is cut once, when the
 * state is made, into fixed ranges run on the {@link Team}. Each element is updated by one thread
 * with the same operations, so the result has the same bits whatever the number of threads. The
 * task is made once, with the state, so an update allocates nothing.
 *
 * @param <T> the vectors' type: {@code double[]}, or {@code float[]} for a float32 rule
 */
final class Ranges<T> {
    /** Below this many elements an update runs on the calling thread: a task costs more than it saves. */
    static final int PARALLEL_LENGTH = 1 << 16;
    /** The fewest elements per task. */
    private static final int GRAIN = 1 << 14;
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
    /** The ranges' bounds, {@code count + 1} of them, or null when the update runs on the caller alone. */
    private final int[] bounds;
    private final Team.Task range;
    private T parameters;
    private T gradient;

    /**
     * @param length the vectors' length
     * @param body the update of one range
     */
    Ranges(int length, Body<T> body) {
        this.length = length;
        this.body = body;
        this.bounds = cuts(length);
        this.range = k -> body.run(parameters, gradient, bounds[k], bounds[k + 1]);
    }

    /** The bounds of the ranges of {@code [0, length)}, or null when it is too short to split. */
    private static int[] cuts(int length) {
        int threads = Team.threads();
        if (length < PARALLEL_LENGTH || threads < 2) {
            return null;
        }
        int count = (int) Math.min((long) threads * TASKS_PER_THREAD, length / GRAIN);
        int[] bounds = new int[count + 1];
        for (int k = 0; k <= count; k++) {
            bounds[k] = (int) ((long) length * k / count);
        }
        return bounds;
    }

    /** Runs the body over {@code [0, length)}, split over the team when the vectors are long. */
    void run(T parameters, T gradient) {
        if (bounds == null) {
            body.run(parameters, gradient, 0, length);
            return;
        }
        // Team.run publishes these fields to the tasks and sees the tasks' writes when it returns
        this.parameters = parameters;
        this.gradient = gradient;
        Team.run(bounds.length - 1, range);
        this.parameters = null;
        this.gradient = null;
    }
}
