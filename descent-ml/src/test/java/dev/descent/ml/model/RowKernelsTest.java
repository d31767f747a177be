package dev.descent.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The SIMD kernels give the scalar loops' bits; both are accurate against exact arithmetic. */
class RowKernelsTest {
    @Property(tries = 200)
    void rowKernelsEqualTheScalarOnesBitForBit(@ForAll @IntRange(min = 8, max = 70) int d,
                                               @ForAll @IntRange(min = 0, max = 1000) int seed) {
        // dot8 at 512 bits, dot4 twice at 256 (the surefire run with -XX:MaxVectorSize=32); axpy8 at any width
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = random.doubles(9 * d + 3, -3, 3).toArray();
        double[] w = random.doubles(d + 1, -3, 3).toArray();
        int[] offsets = {5 * d, 3, 3 + 7 * d, 3 + 2 * d, 8 * d, 3 + d, 3 + 4 * d, 3 + 6 * d}; // shuffled rows
        double[] z = new double[8];
        double[] scratch = new double[64];
        if (VectorRowKernels.EIGHT_ROWS) {
            VectorRowKernels.dot8(x, offsets, w, d, scratch, z);
        } else {
            VectorRowKernels.dot4(x, offsets, 0, w, d, scratch, z);
            VectorRowKernels.dot4(x, offsets, 4, w, d, scratch, z);
        }
        for (int k = 0; k < 8; k++) {
            assertThat(z[k]).isEqualTo(RowKernels.dot(x, offsets[k], w, d));
        }
        double[] r = random.doubles(8, -2, 2).toArray();
        double[] g = new double[d + 1];
        for (int j = 0; j < d; j++) {
            g[j] = random.nextDouble(-1, 1);
        }
        double[] expected = g.clone();
        for (int k = 0; k < 8; k++) {
            RowKernels.axpy(r[k], x, offsets[k], expected, d);
        }
        VectorRowKernels.axpy8(r, x, offsets, g, d);
        assertThat(g).containsExactly(expected);
    }

    @Property(tries = 60)
    void theFusedLossHasTheSameBitsWithAndWithoutSimd(@ForAll @IntRange(min = 1, max = 40_000) int n,
                                                      @ForAll @IntRange(min = 1, max = 37) int d,
                                                      @ForAll boolean logistic, @ForAll boolean shuffled,
                                                      @ForAll boolean separable,
                                                      @ForAll @IntRange(min = 0, max = 1000) int seed) {
        // the whole chunked pass (streams, row groups, tails, several chunks) in one JVM, both ways;
        // separable labels (t = [z >= 0]) make every loss part max(z, 0) - t z zero, so the logistic
        // loss is the sum of the log1p(product) terms alone and their bits are seen
        SplittableRandom random = new SplittableRandom(seed);
        int matrixRows = shuffled ? n + 5 : n;
        double[] x = random.doubles((long) matrixRows * d, -2, 2).toArray();
        double[] theta = random.doubles(d + 1, -1, 1).toArray();
        int[] rows = shuffled ? random.ints(n, 0, matrixRows).toArray() : null;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            if (logistic && separable) {
                y[i] = RowKernels.dot(x, (rows == null ? i : rows[i]) * d, theta, d) + theta[d] >= 0 ? 1 : 0;
            } else {
                y[i] = logistic ? random.nextInt(2) : random.nextDouble(-3, 3);
            }
        }
        double[] simdGradient = new double[d + 1];
        double[] scalarGradient = new double[d + 1];
        double simd = GeneralizedLinearLoss.sums(x, rows, theta, y, kind(logistic), n, d, true, simdGradient);
        double scalar = GeneralizedLinearLoss.sums(x, rows, theta, y, kind(logistic), n, d, false, scalarGradient);
        assertThat(simd).isEqualTo(scalar);
        assertThat(simdGradient).containsExactly(scalarGradient);
    }

    @Test
    void theExponentialIsWithinOneUlpOfMathExp() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 200_000; i++) {
            double x = i < 100_000 ? random.nextDouble(-40, 0) : random.nextDouble(-708, 0);
            double exact = Math.exp(x);
            assertThat(Math.abs(RowKernels.expNonPositive(x) - exact)).as("exp(%s)", x).isLessThanOrEqualTo(Math.ulp(exact));
        }
        assertThat(RowKernels.expNonPositive(0)).isEqualTo(1.0);
        assertThat(RowKernels.expNonPositive(-0.0)).isEqualTo(1.0);
        // clamped below -708: tiny, positive, never zero
        assertThat(RowKernels.expNonPositive(-1e6)).isEqualTo(RowKernels.expNonPositive(-708)).isPositive();
    }

    @Property(tries = 40)
    void extremeLinearPredictorsHaveTheSameLogisticTermsWithAndWithoutSimd(
            @ForAll @IntRange(min = 8, max = 19) int d, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        // rows whose z = x . w + b is exactly a chosen value: x = (z, 0, ..., 0), w = (1, 0, ...), b = 0
        double[] special = {0.0, 1e-300, -1e-300, 800, -800, 40, -40, 36.7, -36.7, 1e-8, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.MIN_VALUE};
        double[] nonFinite = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        SplittableRandom random = new SplittableRandom(seed);
        int n = 8 * 40 + random.nextInt(8);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i * d] = random.nextInt(3) == 0 ? special[random.nextInt(special.length)]
                    : random.nextDouble(-50, 50) * Math.pow(10, random.nextInt(-3, 2));
            y[i] = random.nextInt(2);
        }
        if (seed % 4 == 0) { // one row that makes the sums infinite or NaN
            x[random.nextInt(n) * d] = nonFinite[seed / 4 % nonFinite.length];
        }
        double[] theta = new double[d + 1];
        theta[0] = 1;
        double[] simdGradient = new double[d + 1];
        double[] scalarGradient = new double[d + 1];
        double simd = GeneralizedLinearLoss.sums(x, null, theta, y, GeneralizedLinearLoss.Kind.LOGISTIC, n, d, true, simdGradient);
        double scalar = GeneralizedLinearLoss.sums(x, null, theta, y, GeneralizedLinearLoss.Kind.LOGISTIC, n, d, false, scalarGradient);
        assertThat(Double.doubleToRawLongBits(simd)).isEqualTo(Double.doubleToRawLongBits(scalar));
        assertThat(simdGradient).containsExactly(scalarGradient);
    }

    @Test
    void eightLogisticTermsEqualTheScalarTermsBitForBit() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorRowKernels.EIGHT_ROWS, "512-bit vectors only");
        double[] special = {0.0, -0.0, 1e-300, -1e-300, 800, -800, 40, -40, Double.MIN_VALUE, 36.7, -36.7,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (int seed = 0; seed < 2000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] dot = new double[8];
            double[] t = new double[8];
            for (int k = 0; k < 8; k++) {
                dot[k] = seed % 5 == 0 ? special[random.nextInt(special.length)]
                        : random.nextDouble(-50, 50) * Math.pow(10, random.nextInt(-3, 2));
                t[k] = random.nextInt(2);
            }
            double bias = seed % 3 == 0 ? 0 : random.nextDouble(-2, 2);
            double[] residual = new double[8];
            double[] exps = new double[8];
            double[] parts = new double[8];
            VectorRowKernels.logistic8(dot, bias, t, residual, exps, parts, new double[16]);
            double[] r = new double[1];
            double[] e = new double[1];
            for (int k = 0; k < 8; k++) {
                double part = GeneralizedLinearLoss.term(dot[k] + bias, t[k], GeneralizedLinearLoss.Kind.LOGISTIC, r, e, 0);
                // the same bits, -0.0 apart from 0.0; NaN equal to NaN whatever its payload
                assertThat(Double.doubleToLongBits(parts[k])).as("loss part, z = %s + %s", dot[k], bias)
                        .isEqualTo(Double.doubleToLongBits(part));
                assertThat(Double.doubleToLongBits(residual[k])).as("residual, z = %s + %s", dot[k], bias)
                        .isEqualTo(Double.doubleToLongBits(r[0]));
                assertThat(Double.doubleToLongBits(exps[k])).as("exp, z = %s + %s", dot[k], bias)
                        .isEqualTo(Double.doubleToLongBits(e[0]));
            }
        }
    }

    @Test
    void theDotProductIsAccurateAgainstExactArithmetic() {
        SplittableRandom random = new SplittableRandom(3);
        int d = 1003;
        double[] x = random.doubles(d, -1, 1).toArray();
        double[] w = random.doubles(d, -1, 1).toArray();
        BigDecimal exact = BigDecimal.ZERO;
        double absolute = 0;
        for (int j = 0; j < d; j++) {
            exact = exact.add(new BigDecimal(x[j]).multiply(new BigDecimal(w[j])));
            absolute += Math.abs(x[j] * w[j]);
        }
        // the classic bound for a sum of d terms, with the eight-way split: about (d/8 + 3) ulps of sum |x_j w_j|
        double bound = (d / 8.0 + 4) * Math.ulp(1.0) * absolute;
        assertThat(Math.abs(RowKernels.dot(x, 0, w, d) - exact.round(MathContext.DECIMAL128).doubleValue())).isLessThan(bound);
    }

    private static GeneralizedLinearLoss.Kind kind(boolean logistic) {
        return logistic ? GeneralizedLinearLoss.Kind.LOGISTIC : GeneralizedLinearLoss.Kind.SQUARED_ERROR;
    }
}
