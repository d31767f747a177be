package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The SIMD matrix product gives the scalar loop's bits, at any width and thread count. */
class MatrixKernelsTest {
    @Test
    void theSimdSwitchIsObeyed() {
        // surefire adds --add-modules jdk.incubator.vector, and a second run sets -Ddescent.simd=false:
        // both the SIMD kernels and the scalar loops are under test
        assertThat(Simd.enabled()).isEqualTo(Boolean.parseBoolean(System.getProperty("descent.simd", "true")));
    }

    @Test
    void theFloatKernelsRunWhereverTheDoubleOnesDo() {
        // Simd asks only the float64 kernels; the float32 ones, from the same template, hold twice the lanes
        assertThat(VectorFloatKernels.usable()).isEqualTo(VectorMatrixKernels.usable());
        assertThat(VectorFloatKernels.tileWidth()).isEqualTo(2 * VectorMatrixKernels.tileWidth());
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
        // the same operands inside larger arrays, at offsets, as a layer's weights lie in a parameter vector
        int aOffset = random.nextInt(5);
        int bOffset = random.nextInt(5);
        int outOffset = random.nextInt(5);
        double[] aLarge = embed(a, aOffset, random);
        double[] bLarge = embed(b, bOffset, random);
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
        double[] tiled = embed(start, outOffset, random);
        double[] untouched = tiled.clone();
        VectorMatrixKernels.multiplyRows(aLarge, aOffset, rowStride, colStride, bLarge, bOffset, tiled, outOffset, 0, m,
                0, n, k, n);
        assertThat(java.util.Arrays.copyOfRange(tiled, outOffset, outOffset + m * n)).containsExactly(expected);
        assertOutsideUnchanged(tiled, untouched, outOffset, m * n);
        double[] threaded = embed(start, outOffset, random);
        untouched = threaded.clone();
        MatrixProduct.multiplyAdd(aLarge, aOffset, rowStride, colStride, bLarge, bOffset, threaded, outOffset, m, k, n);
        assertThat(java.util.Arrays.copyOfRange(threaded, outOffset, outOffset + m * n)).containsExactly(expected);
        assertOutsideUnchanged(threaded, untouched, outOffset, m * n);
        // out = A B over whatever the block held: the bits of the sums started from +0
        double[] fromZero = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[i * rowStride + p * colStride], b[p * n + j], sum);
                }
                fromZero[i * n + j] = sum;
            }
        }
        double[] overwritten = embed(start, outOffset, random);
        untouched = overwritten.clone();
        MatrixProduct.multiply(aLarge, aOffset, rowStride, colStride, bLarge, bOffset, overwritten, outOffset, m, k, n);
        assertThat(java.util.Arrays.copyOfRange(overwritten, outOffset, outOffset + m * n)).containsExactly(fromZero);
        assertOutsideUnchanged(overwritten, untouched, outOffset, m * n);
    }

    @Property(tries = 100)
    void floatProductsEqualOneFloatFusedSumPerElementBitForBit(@ForAll @IntRange(min = 1, max = 41) int m,
                                                               @ForAll @IntRange(min = 0, max = 300) int k,
                                                               @ForAll @IntRange(min = 1, max = 70) int n,
                                                               @ForAll boolean transposed,
                                                               @ForAll @IntRange(min = 0, max = 1000) int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int offset = random.nextInt(5);
        float[] a = floats(random, offset + m * k);
        float[] b = floats(random, offset + k * n);
        float[] start = floats(random, offset + m * n);
        int rowStride = transposed ? 1 : k;
        int colStride = transposed ? m : 1;
        float[] expected = start.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = expected[offset + i * n + j];
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[offset + i * rowStride + p * colStride], b[offset + p * n + j], sum);
                }
                expected[offset + i * n + j] = sum;
            }
        }
        float[] tiled = start.clone();
        VectorFloatKernels.multiplyRows(a, offset, rowStride, colStride, b, offset, tiled, offset, 0, m, 0, n, k, n);
        assertThat(tiled).containsExactly(expected);
        float[] threaded = start.clone();
        MatrixProduct.multiplyAdd(a, offset, rowStride, colStride, b, offset, threaded, offset, m, k, n);
        assertThat(threaded).containsExactly(expected);
        float[] fromZero = start.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[offset + i * rowStride + p * colStride], b[offset + p * n + j], sum);
                }
                fromZero[offset + i * n + j] = sum;
            }
        }
        float[] overwritten = start.clone();
        MatrixProduct.multiply(a, offset, rowStride, colStride, b, offset, overwritten, offset, m, k, n);
        assertThat(overwritten).containsExactly(fromZero);
    }

    @Test
    void largeFloatProductsSplitOverThreadsGiveTheSameBits() {
        SplittableRandom random = new SplittableRandom(9);
        int m = 128;
        int k = 784;
        int n = 256;
        float[] a = floats(random, m * k);
        float[] b = floats(random, k * n);
        float[] expected = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[i * k + p], b[p * n + j], sum);
                }
                expected[i * n + j] = sum;
            }
        }
        float[] out = new float[m * n];
        MatrixProduct.multiplyAdd(a, 0, k, 1, b, 0, out, 0, m, k, n);
        assertThat(out).containsExactly(expected);
        float[] overwritten = floats(random, m * n);
        MatrixProduct.multiply(a, 0, k, 1, b, 0, overwritten, 0, m, k, n);
        assertThat(overwritten).containsExactly(expected);
    }

    private static float[] floats(SplittableRandom random, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) random.nextDouble(-2, 2);
        }
        return out;
    }

    /** {@code values} at {@code offset} in a longer array, with random values around them. */
    private static double[] embed(double[] values, int offset, SplittableRandom random) {
        double[] out = random.doubles(values.length + offset + 3, -5, 5).toArray();
        System.arraycopy(values, 0, out, offset, values.length);
        return out;
    }

    private static void assertOutsideUnchanged(double[] out, double[] before, int offset, int length) {
        assertThat(java.util.Arrays.copyOfRange(out, 0, offset)).containsExactly(java.util.Arrays.copyOfRange(before, 0, offset));
        assertThat(java.util.Arrays.copyOfRange(out, offset + length, out.length))
                .containsExactly(java.util.Arrays.copyOfRange(before, offset + length, before.length));
    }

    @Test
    void largeProductsSplitOverThreadsGiveTheSameBits() {
        // tall products split between rows, wide ones (a batch times a layer's weights) between columns,
        // also the small ones of an MLP's output layer
        int[][] shapes = {{203, 517, 77}, {37, 300, 203}, {128, 784, 256}, {128, 256, 10}, {128, 10, 256}, {256, 128, 10}};
        SplittableRandom random = new SplittableRandom(8);
        for (int[] shape : shapes) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
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
            assertThat(out).as("%d x %d x %d", m, k, n).containsExactly(expected);
            double[] overwritten = random.doubles((long) m * n, -1, 1).toArray();
            MatrixProduct.multiply(a, 0, k, 1, b, 0, overwritten, 0, m, k, n);
            assertThat(overwritten).as("%d x %d x %d over old values", m, k, n).containsExactly(expected);
        }
    }
}
