package dev.descent.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's limits as a Java program can reach them, with the Vector API: the double- and
 * single-precision multiply-add peaks (twelve independent vector accumulators per thread, no memory
 * traffic), the floors of compute-bound work (W4 in float64 and float32); and the read bandwidth (a sum over eight interleaved streams), the floor
 * of memory-bound work (W1-W3, W5). Needs {@code --add-modules jdk.incubator.vector}.
 */
final class VectorProbes {
    private static final VectorSpecies<Double> P = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorProbes() {}

    /**
     * The sum of {@code x[from, to)} read as eight interleaved streams (the eighths of the range), one
     * vector from each per step: several streams keep more reads in flight than one (eight read
     * faster than four here), so this is as fast as the memory delivers to one thread.
     */
    static double sum(double[] x, int from, int to) {
        DoubleVector a0 = DoubleVector.zero(P);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        int l = P.length();
        int part = (to - from) / 8 / l * l;
        int end = from + part;
        for (int i = from; i < end; i += l) {
            a0 = a0.add(DoubleVector.fromArray(P, x, i));
            a1 = a1.add(DoubleVector.fromArray(P, x, i + part));
            a2 = a2.add(DoubleVector.fromArray(P, x, i + 2 * part));
            a3 = a3.add(DoubleVector.fromArray(P, x, i + 3 * part));
            a4 = a4.add(DoubleVector.fromArray(P, x, i + 4 * part));
            a5 = a5.add(DoubleVector.fromArray(P, x, i + 5 * part));
            a6 = a6.add(DoubleVector.fromArray(P, x, i + 6 * part));
            a7 = a7.add(DoubleVector.fromArray(P, x, i + 7 * part));
        }
        double sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD);
        for (int i = from + 8 * part; i < to; i++) {
            sum += x[i];
        }
        return sum;
    }

    /** Floating-point operations of {@link #multiplyAdds}, or of {@link #floatMultiplyAdds} when {@code single}. */
    static double flops(long iterations, boolean single) {
        return iterations * 12.0 * (single ? F.length() : P.length()) * 2;
    }

    /** {@code iterations} rounds of twelve vector multiply-adds; returns a value to keep alive. */
    static double multiplyAdds(long iterations) {
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

    /** {@link #multiplyAdds} in float32: twice the lanes per vector, the floor of W4f. */
    static double floatMultiplyAdds(long iterations) {
        FloatVector m = FloatVector.broadcast(F, 0.999999f);
        FloatVector c = FloatVector.broadcast(F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(F, 1);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        FloatVector a9 = a0;
        FloatVector a10 = a0;
        FloatVector a11 = a0;
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
