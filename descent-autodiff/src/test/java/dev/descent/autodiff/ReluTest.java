package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Relu#backward} against the tape's rule {@code 0 + (z > 0 ? g : 0)} element by element,
 * bit for bit, on lengths around the vector width and on NaN, infinite and signed-zero entries; the
 * suite runs with and without the vector kernels (-Ddescent.simd=false), so both paths are held to it.
 */
class ReluTest {
    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, 1.5, -2.25};

    @Property(tries = 200)
    void theBackwardPassKeepsTheGradientWhereTheInputIsPositive(@ForAll @IntRange(min = 0, max = 70) int length,
                                                                  @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] z = new double[length + 3];
        double[] g = new double[length + 3];
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian();
            g[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian();
        }
        float[] z32 = new float[z.length];
        float[] g32 = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            z32[i] = (float) z[i];
            g32[i] = (float) g[i];
        }
        double[] want = g.clone();
        float[] want32 = g32.clone();
        for (int i = 0; i < length; i++) {
            want[i] = 0 + (z[i] > 0 ? g[i] : 0);
            want32[i] = 0 + (z32[i] > 0 ? g32[i] : 0);
        }
        Relu.backward(g, z, length);
        Relu.backward(g32, z32, length);
        for (int i = 0; i < z.length; i++) {
            assertThat(Double.doubleToRawLongBits(g[i])).as("entry %d of %d", i, length)
                    .isEqualTo(Double.doubleToRawLongBits(want[i]));
            assertThat(Float.floatToRawIntBits(g32[i])).as("float entry %d of %d", i, length)
                    .isEqualTo(Float.floatToRawIntBits(want32[i]));
        }
    }
}
