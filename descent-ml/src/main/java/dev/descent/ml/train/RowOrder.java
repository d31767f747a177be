package dev.descent.ml.train;

import java.util.SplittableRandom;

/**
 * The order in which an epoch of mini-batch training visits the rows: a Fisher-Yates shuffle seeded
 * by the run's seed and the epoch, the same wherever the rows live (here, or in Spark's blocks), so
 * that the batches are the same rows for the same seed.
 *
 * <pre>
 * random = SplittableRandom(seed ^ (0x9E3779B97F4A7C15 * (epoch + 2)))
 * for i = n-1 .. 1:  swap order[i] with order[random.nextInt(i + 1)]
 * </pre>
 */
public final class RowOrder {
    private RowOrder() {}

    /**
     * @param n the number of rows, at least 1
     * @param epoch epochs completed before this one (0 for the first)
     * @return a permutation of {@code 0 .. n-1}
     */
    public static int[] of(long seed, int n, long epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // epoch + 2 keeps the row orders, and so the checkpoints, of the first release
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 2)));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
