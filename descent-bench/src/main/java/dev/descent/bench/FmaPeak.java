package dev.descent.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's double-precision multiply-add peak as a Java program can reach it: twelve
 * independent vector accumulators per thread, no memory traffic. The floor of compute-bound work
 * (W4): no matrix product can do better. Needs {@code --add-modules jdk.incubator.vector}.
 */
final class FmaPeak {
    private static final VectorSpecies<Double> P = DoubleVector.SPECIES_PREFERRED;

    private FmaPeak() {}

    /** Floating-point operations of {@link #run}. */
    static double flops(long iterations) {
        return iterations * 12.0 * P.length() * 2;
    }

    /** {@code iterations} rounds of twelve vector multiply-adds; returns a value to keep alive. */
    static double run(long iterations) {
        DoubleVector m = DoubleVector.broadcast(P, 0.999999);
        DoubleVector c = DoubleVector.broadcast(P, 1e-7);
        DoubleVector a0 = DoubleVector.broadcast(P, 1);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        DoubleVector a8 = a0;
        DoubleVector a9 = a0;
        DoubleVector a10 = a0;
        DoubleVector a11 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }
}
