package dev.descent.ml.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels}' dot products and updates eight rows at a time with the Vector API (256 or 512
 * bits): the rows share each load of {@code w} and each load and store of {@code g}, and eight
 * independent accumulators hide the latency of the fused multiply-adds; and the logistic terms of
 * eight rows. Each kernel is one method with one job whatever the loss: a method that branched on
 * the loss was compiled for the loss it first saw and fell back to the interpreter, where vectors
 * are objects, for the other. Loaded only where {@code jdk.incubator.vector} is present; the order
 * of operations, and so every bit, is that of the scalar loops in {@link RowKernels}.
 */
final class VectorRowKernels {
    /**
     * The one vector shape used, the hardware's preferred (the matrix product's too): mixing two
     * shapes in one JVM splits the type profiles of the Vector API's shared code and the JIT stops
     * intrinsifying it, so that every vector operation becomes an object on the heap. Every kernel
     * here gives the same bits at any width.
     */
    private static final VectorSpecies<Double> P = DoubleVector.SPECIES_PREFERRED;
    private static final int L = P.length();

    private VectorRowKernels() {}

    /** 512-bit vectors: {@link #dot8} and the eight-row terms run; at 256 bits, {@link #dot4} twice and scalar terms. */
    static final boolean EIGHT_ROWS = L == 8;

    /** 0, 1, ..., 7: compared with a count, the lanes of a vector's last elements. */
    private static final double[] LANE_INDEX = {0, 1, 2, 3, 4, 5, 6, 7};

    /**
     * {@code z[k] = x[o_k, o_k + d) . w} for the eight row offsets {@code o[0..7]}, 512-bit only,
     * {@code d >= 8}: one load of {@code w} per step for all eight rows, one 8-lane accumulator per
     * row (lane l of {@link RowKernels}' order), the last {@code d mod 8} products as one more vector,
     * the row's last eight elements with the lanes before them zeroed. {@code scratch} has room for 64:
     * the lanes pass through it to be summed in order (no vector may cross a method boundary, and
     * shuffling them in registers made the method too big for the JIT to compile whole).
     */
    static void dot8(double[] x, int[] o, double[] w, int d, double[] scratch, double[] z) {
        int o0 = o[0];
        int o1 = o[1];
        int o2 = o[2];
        int o3 = o[3];
        int o4 = o[4];
        int o5 = o[5];
        int o6 = o[6];
        int o7 = o[7];
        DoubleVector zero = DoubleVector.zero(P);
        DoubleVector a0 = zero;
        DoubleVector a1 = zero;
        DoubleVector a2 = zero;
        DoubleVector a3 = zero;
        DoubleVector a4 = zero;
        DoubleVector a5 = zero;
        DoubleVector a6 = zero;
        DoubleVector a7 = zero;
        int full = d & ~7;
        for (int j = 0; j < full; j += 8) {
            DoubleVector wj = DoubleVector.fromArray(P, w, j);
            a0 = DoubleVector.fromArray(P, x, o0 + j).fma(wj, a0);
            a1 = DoubleVector.fromArray(P, x, o1 + j).fma(wj, a1);
            a2 = DoubleVector.fromArray(P, x, o2 + j).fma(wj, a2);
            a3 = DoubleVector.fromArray(P, x, o3 + j).fma(wj, a3);
            a4 = DoubleVector.fromArray(P, x, o4 + j).fma(wj, a4);
            a5 = DoubleVector.fromArray(P, x, o5 + j).fma(wj, a5);
            a6 = DoubleVector.fromArray(P, x, o6 + j).fma(wj, a6);
            a7 = DoubleVector.fromArray(P, x, o7 + j).fma(wj, a7);
        }
        int rest = d - full;
        if (rest > 0) {
            // the last rest elements in the last rest lanes: x[o + d - 8 ..] with the lanes before them zeroed
            VectorMask<Double> restLanes = DoubleVector.fromArray(P, LANE_INDEX, 0)
                    .compare(VectorOperators.GE, DoubleVector.broadcast(P, 8 - rest));
            DoubleVector wRest = zero.blend(DoubleVector.fromArray(P, w, d - 8), restLanes);
            a0 = zero.blend(DoubleVector.fromArray(P, x, o0 + d - 8), restLanes).fma(wRest, a0);
            a1 = zero.blend(DoubleVector.fromArray(P, x, o1 + d - 8), restLanes).fma(wRest, a1);
            a2 = zero.blend(DoubleVector.fromArray(P, x, o2 + d - 8), restLanes).fma(wRest, a2);
            a3 = zero.blend(DoubleVector.fromArray(P, x, o3 + d - 8), restLanes).fma(wRest, a3);
            a4 = zero.blend(DoubleVector.fromArray(P, x, o4 + d - 8), restLanes).fma(wRest, a4);
            a5 = zero.blend(DoubleVector.fromArray(P, x, o5 + d - 8), restLanes).fma(wRest, a5);
            a6 = zero.blend(DoubleVector.fromArray(P, x, o6 + d - 8), restLanes).fma(wRest, a6);
            a7 = zero.blend(DoubleVector.fromArray(P, x, o7 + d - 8), restLanes).fma(wRest, a7);
        }
        a0.intoArray(scratch, 0);
        a1.intoArray(scratch, 8);
        a2.intoArray(scratch, 16);
        a3.intoArray(scratch, 24);
        a4.intoArray(scratch, 32);
        a5.intoArray(scratch, 40);
        a6.intoArray(scratch, 48);
        a7.intoArray(scratch, 56);
        for (int r = 0; r < 8; r++) {
            int l = 8 * r;
            z[r] = ((scratch[l] + scratch[l + 4]) + (scratch[l + 1] + scratch[l + 5]))
                    + ((scratch[l + 2] + scratch[l + 6]) + (scratch[l + 3] + scratch[l + 7]));
        }
    }

    /**
     * The logistic terms of eight rows, 512-bit only: for {@code z = dot[k] + b} and target
     * {@code t[k]}, {@link GeneralizedLinearLoss#term}'s operations lane by lane, so the same bits:
     * {@code e = exp(-|z|)} ({@link RowKernels#expNonPositive}) into {@code exps},
     * {@code (z >= 0 ? 1 : e) / (1 + e) - t} into {@code residual}, and the loss part
     * {@code max(z, 0) - t z} into {@code parts}. {@code scratch} has room for 16.
     *
     * <p>Every operand is a vector of the constant species (an operation taking a scalar broadcasts it
     * through the receiver's species, which C2 does not always resolve), the polynomial is written
     * out, {@code 2^-k} is built in scalar code (the long species of {@code reinterpretAsLongs()} is
     * not always a constant to C2), the method only stores results, and the exponential is a method
     * of its own ({@code exp8}): each of these is needed for JDK 17's C2 to intrinsify every vector
     * operation; with the exponential inline, the last stores can lose their intrinsic
     * (PrintIntrinsics shows it), as if the compilation ran out of its inlining budget, and a store
     * that is not intrinsified boxes its vector on every call of this per-row-block kernel.
     */
    static void logistic8(double[] dot, double b, double[] t, double[] residual, double[] exps, double[] parts,
                          double[] scratch) {
        exp8(dot, b, exps, scratch);
        DoubleVector zero = DoubleVector.zero(P);
        DoubleVector one = DoubleVector.broadcast(P, 1.0);
        DoubleVector z = DoubleVector.fromArray(P, dot, 0).add(DoubleVector.broadcast(P, b));
        DoubleVector tv = DoubleVector.fromArray(P, t, 0);
        DoubleVector e = DoubleVector.fromArray(P, exps, 0);
        e.blend(one, z.compare(VectorOperators.GE, zero)).div(e.add(one)).sub(tv).intoArray(residual, 0);
        z.max(zero).sub(tv.mul(z)).intoArray(parts, 0);
    }

    /** {@code exps[k] = exp(-|dot[k] + b|)}, {@link RowKernels#expNonPositive} lane by lane; {@code scratch} has room for 16. */
    private static void exp8(double[] dot, double b, double[] exps, double[] scratch) {
        DoubleVector z = DoubleVector.fromArray(P, dot, 0).add(DoubleVector.broadcast(P, b));
        DoubleVector a = z.abs().neg().max(DoubleVector.broadcast(P, RowKernels.EXP_FLOOR));
        DoubleVector shift = DoubleVector.broadcast(P, RowKernels.EXP_SHIFT);
        DoubleVector shifted = a.fma(DoubleVector.broadcast(P, RowKernels.LOG2E), shift);
        DoubleVector k = shifted.sub(shift).neg();
        DoubleVector r = k.fma(DoubleVector.broadcast(P, RowKernels.LN2_HI), a);
        r = k.fma(DoubleVector.broadcast(P, RowKernels.LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[13]);
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[12]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[11]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[10]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[9]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[8]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[7]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[6]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[5]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[4]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[3]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[2]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[1]));
        p = p.fma(r, DoubleVector.broadcast(P, RowKernels.EXP_TAYLOR[0]));
        shifted.intoArray(scratch, 0);
        for (int i = 0; i < 8; i++) {
            scratch[8 + i] = Double.longBitsToDouble((Double.doubleToRawLongBits(scratch[i]) + 1023) << 52);
        }
        p.mul(DoubleVector.fromArray(P, scratch, 8)).intoArray(exps, 0);
    }

    /**
     * {@code z[at + k] = x[o_k, o_k + d) . w} for the four row offsets {@code o[at..at+3]}; 256-bit
     * only (two 4-lane accumulators per row hold lanes l0..l3 and l4..l7 of {@link RowKernels}' order,
     * the last {@code d mod 8} products added to the last lanes one by one; eight rows would need more
     * than AVX2's 16 registers). {@code scratch} has room for 32.
     */
    static void dot4(double[] x, int[] o, int at, double[] w, int d, double[] scratch, double[] z) {
        int o0 = o[at];
        int o1 = o[at + 1];
        int o2 = o[at + 2];
        int o3 = o[at + 3];
        DoubleVector a0 = DoubleVector.zero(P);
        DoubleVector a1 = a0;
        DoubleVector b0 = a0;
        DoubleVector b1 = a0;
        DoubleVector c0 = a0;
        DoubleVector c1 = a0;
        DoubleVector e0 = a0;
        DoubleVector e1 = a0;
        int full = d & ~7;
        for (int j = 0; j < full; j += 8) {
            DoubleVector w0 = DoubleVector.fromArray(P, w, j);
            DoubleVector w1 = DoubleVector.fromArray(P, w, j + 4);
            a0 = DoubleVector.fromArray(P, x, o0 + j).fma(w0, a0);
            a1 = DoubleVector.fromArray(P, x, o0 + j + 4).fma(w1, a1);
            b0 = DoubleVector.fromArray(P, x, o1 + j).fma(w0, b0);
            b1 = DoubleVector.fromArray(P, x, o1 + j + 4).fma(w1, b1);
            c0 = DoubleVector.fromArray(P, x, o2 + j).fma(w0, c0);
            c1 = DoubleVector.fromArray(P, x, o2 + j + 4).fma(w1, c1);
            e0 = DoubleVector.fromArray(P, x, o3 + j).fma(w0, e0);
            e1 = DoubleVector.fromArray(P, x, o3 + j + 4).fma(w1, e1);
        }
        a0.intoArray(scratch, 0);
        a1.intoArray(scratch, 4);
        b0.intoArray(scratch, 8);
        b1.intoArray(scratch, 12);
        c0.intoArray(scratch, 16);
        c1.intoArray(scratch, 20);
        e0.intoArray(scratch, 24);
        e1.intoArray(scratch, 28);
        for (int r = 0; r < 4; r++) {
            int l = 8 * r;
            int row = o[at + r];
            for (int j = full; j < d; j++) {
                scratch[l + j - d + 8] = Math.fma(x[row + j], w[j], scratch[l + j - d + 8]);
            }
            z[at + r] = ((scratch[l] + scratch[l + 4]) + (scratch[l + 1] + scratch[l + 5]))
                    + ((scratch[l + 2] + scratch[l + 6]) + (scratch[l + 3] + scratch[l + 7]));
        }
    }

    /**
     * {@code g[0, d) += r[0] x[o[0]..] ; g += r[1] x[o[1]..] ; ...} for eight rows: per element, eight
     * fused multiply-adds in row order (the bits of eight {@link Kernels#axpy} calls), one load and
     * store of {@code g} per vector; the last {@code d mod L} elements as the last whole vector once
     * more, its other lanes getting {@code + 0}, which leaves them unchanged ({@code d >= L}; a sum
     * begun at {@code +0} is never {@code -0}).
     * Any width.
     */
    static void axpy8(double[] r, double[] x, int[] o, double[] g, int d) {
        int o0 = o[0];
        int o1 = o[1];
        int o2 = o[2];
        int o3 = o[3];
        int o4 = o[4];
        int o5 = o[5];
        int o6 = o[6];
        int o7 = o[7];
        DoubleVector v0 = DoubleVector.broadcast(P, r[0]);
        DoubleVector v1 = DoubleVector.broadcast(P, r[1]);
        DoubleVector v2 = DoubleVector.broadcast(P, r[2]);
        DoubleVector v3 = DoubleVector.broadcast(P, r[3]);
        DoubleVector v4 = DoubleVector.broadcast(P, r[4]);
        DoubleVector v5 = DoubleVector.broadcast(P, r[5]);
        DoubleVector v6 = DoubleVector.broadcast(P, r[6]);
        DoubleVector v7 = DoubleVector.broadcast(P, r[7]);
        int rest = d % L;
        int full = d - rest;
        for (int k = 0; k < full; k += L) {
            DoubleVector acc = DoubleVector.fromArray(P, g, k);
            acc = DoubleVector.fromArray(P, x, o0 + k).fma(v0, acc);
            acc = DoubleVector.fromArray(P, x, o1 + k).fma(v1, acc);
            acc = DoubleVector.fromArray(P, x, o2 + k).fma(v2, acc);
            acc = DoubleVector.fromArray(P, x, o3 + k).fma(v3, acc);
            acc = DoubleVector.fromArray(P, x, o4 + k).fma(v4, acc);
            acc = DoubleVector.fromArray(P, x, o5 + k).fma(v5, acc);
            acc = DoubleVector.fromArray(P, x, o6 + k).fma(v6, acc);
            acc = DoubleVector.fromArray(P, x, o7 + k).fma(v7, acc);
            acc.intoArray(g, k);
        }
        if (rest > 0) {
            // the last L elements once more, the lanes before the last rest zeroed in x (they get + 0)
            VectorMask<Double> restLanes = DoubleVector.fromArray(P, LANE_INDEX, 0)
                    .compare(VectorOperators.GE, DoubleVector.broadcast(P, L - rest));
            DoubleVector zero = DoubleVector.zero(P);
            int k = d - L;
            DoubleVector acc = DoubleVector.fromArray(P, g, k);
            acc = zero.blend(DoubleVector.fromArray(P, x, o0 + k), restLanes).fma(v0, acc);
            acc = zero.blend(DoubleVector.fromArray(P, x, o1 + k), restLanes).fma(v1, acc);
            acc = zero.blend(DoubleVector.fromArray(P, x, o2 + k), restLanes).fma(v2, acc);
            acc = zero.blend(DoubleVector.fromArray(P, x, o3 + k), restLanes).fma(v3, acc);
            acc = zero.blend(DoubleVector.fromArray(P, x, o4 + k), restLanes).fma(v4, acc);
            acc = zero.blend(DoubleVector.fromArray(P, x, o5 + k), restLanes).fma(v5, acc);
            acc = zero.blend(DoubleVector.fromArray(P, x, o6 + k), restLanes).fma(v6, acc);
            acc = zero.blend(DoubleVector.fromArray(P, x, o7 + k), restLanes).fma(v7, acc);
            acc.intoArray(g, k);
        }
    }

}
