package dev.descent.autodiff;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Supplier;

/**
 * A scratch buffer per thread that lasts, for kernels that run on the common fork-join pool. A
 * {@link ThreadLocal} does not last there: the common pool erases its workers' thread-locals after
 * each task it runs from its queue, so a kernel's buffer was made again for nearly every product
 * (an allocation profile of float32 W4 showed one 12 KiB panel per product). The common pool's
 * workers each have a slot, by their pool index, which no two live workers share; every other thread
 * keeps its buffer in a thread-local.
 *
 * @param <T> the buffer's type
 */
final class PerThread<T> {
    private final Supplier<T> make;
    private final ThreadLocal<T> others;
    /** The common pool's workers' buffers, by pool index; grown under the lock, read without it. */
    private volatile Object[] workers = new Object[0];

    PerThread(Supplier<T> make) {
        this.make = make;
        this.others = ThreadLocal.withInitial(make);
    }

    /** This thread's buffer, made on its first call. */
    @SuppressWarnings("unchecked")
    T get() {
        if (Thread.currentThread() instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
            int index = worker.getPoolIndex();
            Object[] slots = workers;
            if (index < slots.length && slots[index] != null) {
                return (T) slots[index];
            }
            return (T) slot(index);
        }
        return others.get();
    }

    private synchronized Object slot(int index) {
        Object[] slots = workers;
        if (index >= slots.length) {
            slots = java.util.Arrays.copyOf(slots, Math.max(index + 1, 2 * slots.length));
        } else {
            slots = slots.clone();
        }
        if (slots[index] == null) {
            slots[index] = make.get();
        }
        workers = slots;
        return slots[index];
    }
}
