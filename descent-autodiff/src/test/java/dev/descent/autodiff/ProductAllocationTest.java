package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A product split over the team's threads allocates only the lambdas that name its parts: each
 * thread's packing panel (12 KiB) lasts from product to product.
 */
class ProductAllocationTest {

    /** Bytes allocated so far by every live Java thread. */
    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    @Test
    void fiftySplitProductsAllocateLessThanOnePanelEach() {
        int m = 128;
        int k = 784;
        int n = 256;
        double[] a = new double[m * k];
        double[] b = new double[k * n];
        double[] out = new double[m * n];
        float[] a32 = new float[m * k];
        float[] b32 = new float[k * n];
        float[] out32 = new float[m * n];
        java.util.Arrays.fill(a, 0.5);
        java.util.Arrays.fill(b, 0.25);
        java.util.Arrays.fill(a32, 0.5f);
        java.util.Arrays.fill(b32, 0.25f);
        for (int warm = 0; warm < 20; warm++) {
            MatrixProduct.multiplyAdd(a, 0, k, 1, b, 0, out, 0, m, k, n);
            MatrixProduct.multiplyAdd(a32, 0, k, 1, b32, 0, out32, 0, m, k, n);
        }
        long before = allocated();
        for (int product = 0; product < 50; product++) {
            MatrixProduct.multiplyAdd(a, 0, k, 1, b, 0, out, 0, m, k, n);
            MatrixProduct.multiplyAdd(a32, 0, k, 1, b32, 0, out32, 0, m, k, n);
        }
        long bytes = allocated() - before;
        // a product allocates its two small lambdas (89-159 bytes measured); a panel made again per product, 12 KiB
        assertThat(bytes).as("bytes allocated by 100 products split over the team").isLessThan(100 * 1024L);
        assertThat(out[0]).isEqualTo(70 * k * 0.125);
    }
}
