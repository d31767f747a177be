package dev.descent.bench;

import java.util.SplittableRandom;

/** Benchmark data: uniform in [-1, 1] from a fixed seed, so every run and every library sees the same numbers. */
final class Data {
    private Data() {}

    static double[] uniform(int n, long seed) {
        double[] values = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return values;
    }
}
