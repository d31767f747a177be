package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-free sign gives Math.signum's bits. */
class SignsTest {

    @Test
    void sameBitsAsMathSignumOnSpecialValuesAndRandomBitPatterns() {
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 1e-300,
            -3.5};
        for (double value : special) {
            assertThat(Double.doubleToRawLongBits(Signs.of(value)))
                    .as("sign of %s", value).isEqualTo(Double.doubleToRawLongBits(Math.signum(value)));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            long want = Double.doubleToLongBits(Math.signum(value)); // NaNs compared as NaN
            assertThat(Double.doubleToLongBits(Signs.of(value))).isEqualTo(want);
        }
    }

    /** torch's {@code (0 < x) - (x < 0)}: 1, -1, and +0 for both zeros (NaN aside, which stays NaN). */
    @Test
    void theFloat32SignIsTorchsWithAPositiveZero() {
        float[] special = {0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1.0f, -1.0f, 1e-30f, -3.5f};
        for (float value : special) {
            assertThat(Float.floatToRawIntBits(Signs.torch(value))).as("sign of %s", value)
                    .isEqualTo(Float.floatToRawIntBits((value > 0 ? 1f : 0f) - (value < 0 ? 1f : 0f)));
        }
        assertThat(Signs.torch(Float.NaN)).isNaN();
        SplittableRandom random = new SplittableRandom(12);
        float[] values = new float[1 << 16];
        float[] signs = new float[values.length];
        for (int round = 0; round < 20; round++) { // a loop the JIT compiles, as the rules' loops
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.intBitsToFloat(random.nextInt());
            }
            values[round] = -0.0f;
            for (int i = 0; i < values.length; i++) {
                signs[i] = Signs.torch(values[i]);
            }
            for (int i = 0; i < values.length; i++) {
                float value = values[i];
                if (!Float.isNaN(value)) {
                    assertThat(Float.floatToRawIntBits(signs[i])).isEqualTo(
                            Float.floatToRawIntBits((value > 0 ? 1f : 0f) - (value < 0 ? 1f : 0f)));
                }
            }
        }
    }
}
