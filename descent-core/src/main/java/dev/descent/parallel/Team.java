package dev.descent.parallel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads descent's kernels split their work over: the calling thread and {@link #threads()}
 * {@code - 1} helper threads, which wait for the next piece of work spinning for a millisecond and
 * only then sleep. {@link #run} hands out the tasks {@code 0 .. count-1} one at a time to whichever
 * of these threads asks next, and returns when every task has ended.
 *
 * <p>Why not the common fork-join pool: a training step is a few short parallel phases (the
 * products, the optimizer's update) with short serial gaps between them, and the pool's workers
 * park in those gaps. Waking a parked thread goes through the operating system's scheduler, and on
 * a virtual machine above all that can take as long as the phase itself, so on the pool a phase
 * split in two can end later than on one thread. A helper that spins through the gap takes its
 * part as soon as it is handed out. OpenMP's runtime and OpenBLAS keep their threads spinning for
 * the same reason.
 *
 * <p>Each task must depend only on its index, never on the thread that runs it or on the order the
 * tasks run in: then the results have the same bits for any number of threads. A task that calls
 * {@code run} (a product inside a parallel update), and a call made while another thread's call
 * holds the team, runs its tasks on its own thread, in order.
 *
 * <p>The number of threads is {@code Runtime.availableProcessors()}, or the system property
 * {@code descent.threads} (at least 1) when it is set, read once.
 */
public final class Team {
    /** One task of a {@link #run}. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs task {@code index}.
         *
         * @param index in {@code [0, count)}
         */
        void run(int index);
    }

    /**
     * How long an idle helper spins before it sleeps: longer than the serial gaps between the parallel
     * phases of a training step, which are single loops over a layer or a batch, and short enough
     * that an idle program stops using the cores at once.
     */
    private static final long SPIN_NANOS = 1_000_000;

    private static final int THREADS = configuredThreads();
    /** Whether a call holds the team: a second caller, or a nested one, runs its tasks alone. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** Bits of a task index, and of a call's task count, in {@link #CLAIMS}. */
    private static final int INDEX_BITS = 20;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    /** Call numbers count modulo 2^24, in the bits above two indices. */
    private static final long CALL_MASK = (1L << (64 - 2 * INDEX_BITS)) - 1;
    /** The most tasks one call may have. */
    public static final int MAX_TASKS = (int) INDEX_MASK;
    /**
     * The current call's number (the high 24 bits), its task count and its next unclaimed task (20
     * bits each), in one word: a thread claims a task with one compare-and-set, which fails if the
     * call it read has ended meanwhile.
     */
    private static final AtomicLong CLAIMS = new AtomicLong();
    /** Tasks of the current call that have ended. */
    private static final AtomicInteger DONE = new AtomicInteger();
    private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();
    private static volatile Task task;

    private Team() {}

    private static int configuredThreads() {
        return threadsFrom(System.getProperty("descent.threads"));
    }

    /** The thread count the value of {@code descent.threads} asks for (null: one per processor). */
    static int threadsFrom(String value) {
        if (value == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property descent.threads=" + value + ": expected a whole number >= 1");
    }

    /** The threads a {@link #run} uses: the caller and the helpers. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} for every index in {@code [0, count)}, on the caller and the helpers, and
     * returns when all have ended. If a task throws, the first exception is thrown here (an
     * unchecked one as it is) once no task is running; the tasks not started by then may or may not
     * have run.
     *
     * @param count the number of tasks, at least 0
     * @param body the tasks; must not depend on the thread or the order
     */
    public static void run(int count, Task body) {
        if (count < 0 || count > MAX_TASKS) {
            throw new IllegalArgumentException("count " + count + " outside [0, " + MAX_TASKS + "]");
        }
        if (count <= 1 || THREADS == 1 || !BUSY.compareAndSet(false, true)) {
            for (int i = 0; i < count; i++) {
                body.run(i);
            }
            return;
        }
        try {
            Helpers.start();
            task = body;
            DONE.set(0);
            FAILURE.set(null);
            long call = (callOf(CLAIMS.get()) + 1) & CALL_MASK;
            CLAIMS.set(call << (2 * INDEX_BITS) | (long) count << INDEX_BITS);
            Helpers.wake();
            work(call);
            while (DONE.get() < count) {
                Thread.onSpinWait();
            }
            Throwable failure = FAILURE.getAndSet(null);
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            task = null;
            BUSY.set(false);
        }
    }

    /** The call number in a {@link #CLAIMS} word, modulo 2^24. */
    private static long callOf(long claims) {
        return claims >>> (2 * INDEX_BITS);
    }

    /** Claims and runs tasks of call number {@code call} until none is left. */
    private static void work(long call) {
        while (true) {
            long claims = CLAIMS.get();
            if (callOf(claims) != call || (claims & INDEX_MASK) >= (claims >>> INDEX_BITS & INDEX_MASK)) {
                return;
            }
            // the claim succeeds only while the call has an unclaimed task, so before the call ends
            // and the next one writes its task
            if (CLAIMS.compareAndSet(claims, claims + 1)) {
                int next = (int) (claims & INDEX_MASK);
                try {
                    task.run(next);
                } catch (Throwable t) {
                    FAILURE.compareAndSet(null, t);
                } finally {
                    DONE.incrementAndGet();
                }
            }
        }
    }

    /** The helper threads, started by the first call that uses them. */
    private static final class Helpers {
        private static final Helper[] HELPERS = new Helper[THREADS - 1];

        static {
            for (int h = 0; h < HELPERS.length; h++) {
                HELPERS[h] = new Helper(h + 1);
                HELPERS[h].start();
            }
        }

        /** Loads the class, which starts the threads. */
        static void start() {}

        static void wake() {
            for (Helper helper : HELPERS) {
                if (helper.sleeping) {
                    LockSupport.unpark(helper);
                }
            }
        }
    }

    private static final class Helper extends Thread {
        /** Set before the helper parks and cleared after, so a caller knows to unpark it. */
        volatile boolean sleeping;

        Helper(int number) {
            super("descent-team-" + number);
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long started = System.nanoTime();
                long call;
                while ((call = callOf(CLAIMS.get())) == seen) {
                    if (System.nanoTime() - started < SPIN_NANOS) {
                        Thread.onSpinWait();
                        continue;
                    }
                    sleeping = true;
                    // the caller writes CLAIMS and then reads sleeping: either it sees this flag and
                    // unparks, or this read sees its call
                    if (callOf(CLAIMS.get()) == seen) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    started = System.nanoTime();
                }
                seen = call;
                work(call);
            }
        }
    }
}
