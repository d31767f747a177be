package dev.descent.ml.model;

import dev.descent.autodiff.Simd;

/**
 * The dense row kernels under the fused linear-model losses ({@link GeneralizedLinearLoss}), with one fixed order of floating-point operations
 * whatever runs them, so results are the same bits with and without SIMD.
 *
 * <p>A dot product {@code x . w} of length {@code d} sums in eight lanes, each from {@code +0}, each
 * step one fused multiply-add: lane {@code l} accumulates {@code x_j w_j} for {@code j = l (mod 8)}
 * among the first {@code 8 floor(d/8)} products, in increasing {@code j}; then the last
 * {@code d mod 8} products are one more step in the last lanes, product {@code j} in lane
 * {@code j - d + 8}; the result is {@code ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7))}. (The
 * vector kernels take the last products as one more vector, the row's last eight elements with the
 * lanes before them zeroed, which leaves those lanes' sums unchanged: a sum begun at {@code +0} is
 * never {@code -0}.) An update {@code g += r x} is one fused multiply-add per element.
 *
 * <p>Where the JVM runs with {@code --add-modules jdk.incubator.vector} on hardware with 256-bit or
 * wider vectors, {@link VectorRowKernels} does this work with the Vector API, eight rows at a time (Java
 * 17's JIT does not vectorize a floating-point sum, which it may not reorder); otherwise the scalar
 * loops here do it. {@code -Ddescent.simd=false} forces the scalar loops ({@link Simd}).
 */
final class RowKernels {
    /** Whether {@link VectorRowKernels} is in use: {@link Simd#enabled()}. */
    static final boolean SIMD = Simd.enabled();

    private RowKernels() {}

    /** {@code x[offset, offset + d) . w[0, d)} in the order of the class comment. */
    static double dot(double[] x, int offset, double[] w, int d) {
        double z0 = 0;
        double z1 = 0;
        double z2 = 0;
        double z3 = 0;
        double z4 = 0;
        double z5 = 0;
        double z6 = 0;
        double z7 = 0;
        int full = d & ~7;
        for (int j = 0; j < full; j += 8) {
            int o = offset + j;
            z0 = Math.fma(x[o], w[j], z0);
            z1 = Math.fma(x[o + 1], w[j + 1], z1);
            z2 = Math.fma(x[o + 2], w[j + 2], z2);
            z3 = Math.fma(x[o + 3], w[j + 3], z3);
            z4 = Math.fma(x[o + 4], w[j + 4], z4);
            z5 = Math.fma(x[o + 5], w[j + 5], z5);
            z6 = Math.fma(x[o + 6], w[j + 6], z6);
            z7 = Math.fma(x[o + 7], w[j + 7], z7);
        }
        // product j of the last d mod 8 in lane j - d + 8: lane l holds x[o + l] w[j + l]
        int rest = d - full;
        int o = offset + d - 8;
        int j = d - 8;
        if (rest > 6) {
            z1 = Math.fma(x[o + 1], w[j + 1], z1);
        }
        if (rest > 5) {
            z2 = Math.fma(x[o + 2], w[j + 2], z2);
        }
        if (rest > 4) {
            z3 = Math.fma(x[o + 3], w[j + 3], z3);
        }
        if (rest > 3) {
            z4 = Math.fma(x[o + 4], w[j + 4], z4);
        }
        if (rest > 2) {
            z5 = Math.fma(x[o + 5], w[j + 5], z5);
        }
        if (rest > 1) {
            z6 = Math.fma(x[o + 6], w[j + 6], z6);
        }
        if (rest > 0) {
            z7 = Math.fma(x[o + 7], w[j + 7], z7);
        }
        return ((z0 + z4) + (z1 + z5)) + ((z2 + z6) + (z3 + z7));
    }

    /** {@code 1.5 * 2^52}: added to a double below 2^51 in magnitude, it rounds it to an integer held in the low bits. */
    static final double EXP_SHIFT = 0x1.8p52;
    static final double LOG2E = 1.4426950408889634;
    /** ln 2 split so that {@code k * LN2_HI} is exact for the k that occur (fdlibm's split). */
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** Below this, {@code exp} would leave the normal range; {@link #expNonPositive} clamps there. */
    static final double EXP_FLOOR = -708;
    /** 1/i! for i = 0..13: the Taylor polynomial of exp on |r| <= ln(2)/2, truncation below 2e-16. */
    static final double[] EXP_TAYLOR = {1.0, 1.0, 1 / 2.0, 1 / 6.0, 1 / 24.0, 1 / 120.0, 1 / 720.0, 1 / 5040.0, 1 / 40320.0,
        1 / 362880.0, 1 / 3628800.0, 1 / 39916800.0, 1 / 479001600.0, 1 / 6227020800.0};

    /**
     * {@code exp(x)} for {@code x <= 0}, within about one ulp of {@link Math#exp} (arguments below
     * {@link #EXP_FLOOR} are clamped to it: the result is then about 3e-308 instead of smaller).
     * {@code x = k ln 2 + r} with {@code k = round(x / ln 2)} by the {@link #EXP_SHIFT} trick,
     * {@code exp(r)} by a degree-13 Horner polynomial of fused multiply-adds, and {@code 2^k} built
     * from the shifted double's low bits: operations {@link VectorRowKernels} repeats lane by lane, so
     * the logistic loss has the same bits with and without SIMD.
     */
    static double expNonPositive(double x) {
        double a = Math.max(x, EXP_FLOOR);
        double shifted = Math.fma(a, LOG2E, EXP_SHIFT);
        double k = shifted - EXP_SHIFT;
        double r = Math.fma(-k, LN2_HI, a);
        r = Math.fma(-k, LN2_LO, r);
        double p = EXP_TAYLOR[13];
        for (int i = 12; i >= 0; i--) {
            p = Math.fma(p, r, EXP_TAYLOR[i]);
        }
        return p * Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) + 1023) << 52);
    }

    /** {@code g[0, d) += r x[offset, offset + d)}, one fused multiply-add per element. */
    static void axpy(double r, double[] x, int offset, double[] g, int d) {
        for (int k = 0; k < d; k++) {
            g[k] = Math.fma(r, x[offset + k], g[k]);
        }
    }
}
