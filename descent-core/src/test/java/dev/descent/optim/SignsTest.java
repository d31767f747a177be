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
}
