package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The SIMD kernels give the scalar loops' bits; both are accurate against exact arithmetic. */
class KernelsTest {

    @Test
    void theSimdSwitchIsObeyed() {
        // surefire adds --add-modules jdk.incubator.vector, and a second run sets -Ddescent.simd=false:
        // both the SIMD kernels and the scalar loops are under test
        assertThat(Kernels.SIMD).isEqualTo(Boolean.parseBoolean(System.getProperty("descent.simd", "true")));
    }

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
        if (VectorKernels.EIGHT_ROWS) {
            VectorKernels.dot8(x, offsets, w, d, scratch, z);
        } else {
            VectorKernels.dot4(x, offsets, 0, w, d, scratch, z);
            VectorKernels.dot4(x, offsets, 4, w, d, scratch, z);
        }
        for (int k = 0; k < 8; k++) {
            assertThat(z[k]).isEqualTo(Kernels.dot(x, offsets[k], w, d));
        }
        double[] r = random.doubles(8, -2, 2).toArray();
        double[] g = new double[d + 1];
        for (int j = 0; j < d; j++) {
            g[j] = random.nextDouble(-1, 1);
        }
        double[] expected = g.clone();
        for (int k = 0; k < 8; k++) {
            Kernels.axpy(r[k], x, offsets[k], expected, d);
        }
        VectorKernels.axpy8(r, x, offsets, g, d);
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
                y[i] = Kernels.dot(x, (rows == null ? i : rows[i]) * d, theta, d) + theta[d] >= 0 ? 1 : 0;
            } else {
                y[i] = logistic ? random.nextInt(2) : random.nextDouble(-3, 3);
            }
        }
        double[] simdGradient = new double[d + 1];
        double[] scalarGradient = new double[d + 1];
        double simd = GeneralizedLinear.sums(x, rows, theta, y, logistic, n, d, true, simdGradient);
        double scalar = GeneralizedLinear.sums(x, rows, theta, y, logistic, n, d, false, scalarGradient);
        assertThat(simd).isEqualTo(scalar);
        assertThat(simdGradient).containsExactly(scalarGradient);
    }

    @Test
    void theExponentialIsWithinOneUlpOfMathExp() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 200_000; i++) {
            double x = i < 100_000 ? random.nextDouble(-40, 0) : random.nextDouble(-708, 0);
            double exact = Math.exp(x);
            assertThat(Math.abs(Kernels.expNonPositive(x) - exact)).as("exp(%s)", x).isLessThanOrEqualTo(Math.ulp(exact));
        }
        assertThat(Kernels.expNonPositive(0)).isEqualTo(1.0);
        assertThat(Kernels.expNonPositive(-0.0)).isEqualTo(1.0);
        // clamped below -708: tiny, positive, never zero
        assertThat(Kernels.expNonPositive(-1e6)).isEqualTo(Kernels.expNonPositive(-708)).isPositive();
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
        double simd = GeneralizedLinear.sums(x, null, theta, y, true, n, d, true, simdGradient);
        double scalar = GeneralizedLinear.sums(x, null, theta, y, true, n, d, false, scalarGradient);
        assertThat(Double.doubleToRawLongBits(simd)).isEqualTo(Double.doubleToRawLongBits(scalar));
        assertThat(simdGradient).containsExactly(scalarGradient);
    }

    @Test
    void eightLogisticTermsEqualTheScalarTermsBitForBit() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorKernels.EIGHT_ROWS, "512-bit vectors only");
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
            VectorKernels.logistic8(dot, bias, t, residual, exps, parts, new double[16]);
            double[] r = new double[1];
            double[] e = new double[1];
            for (int k = 0; k < 8; k++) {
                double part = GeneralizedLinear.term(dot[k] + bias, t[k], true, r, e, 0);
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

    @Property(tries = 150)
    void tiledMatrixProductsEqualOneFusedSumPerElementBitForBit(@ForAll @IntRange(min = 1, max = 23) int m,
                                                               @ForAll @IntRange(min = 0, max = 300) int k,
                                                               @ForAll @IntRange(min = 1, max = 41) int n,
                                                               @ForAll boolean transposed,
                                                               @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = random.doubles((long) m * k, -2, 2).toArray();
        double[] b = random.doubles((long) k * n, -2, 2).toArray();
        double[] start = random.doubles((long) m * n, -1, 1).toArray();
        int rowStride = transposed ? 1 : k;
        int colStride = transposed ? m : 1;
        double[] expected = start.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = expected[i * n + j];
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[i * rowStride + p * colStride], b[p * n + j], sum);
                }
                expected[i * n + j] = sum;
            }
        }
        double[] tiled = start.clone();
        VectorKernels.multiplyRows(a, rowStride, colStride, b, tiled, 0, m, k, n);
        assertThat(tiled).containsExactly(expected);
        double[] threaded = start.clone();
        LinearAlgebra.multiply(a, rowStride, colStride, b, threaded, m, k, n);
        assertThat(threaded).containsExactly(expected);
    }

    @Test
    void largeProductsSplitOverThreadsGiveTheSameBits() {
        SplittableRandom random = new SplittableRandom(8);
        int m = 203;
        int k = 517;
        int n = 77;
        double[] a = random.doubles((long) m * k, -1, 1).toArray();
        double[] b = random.doubles((long) k * n, -1, 1).toArray();
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[i * k + p], b[p * n + j], sum);
                }
                expected[i * n + j] = sum;
            }
        }
        double[] out = new double[m * n];
        LinearAlgebra.multiply(a, b, out, m, k, n);
        assertThat(out).containsExactly(expected);
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
        assertThat(Math.abs(Kernels.dot(x, 0, w, d) - exact.round(MathContext.DECIMAL128).doubleValue())).isLessThan(bound);
    }
}
