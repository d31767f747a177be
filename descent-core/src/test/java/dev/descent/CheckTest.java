package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each range's bounds, NaN refused everywhere, and the one message format. */
class CheckTest {

    @Test
    void realRangesKeepTheirBoundsAndRefuseNaN() {
        assertThat(Check.nonNegative("a", 0)).isEqualTo(0);
        assertThatThrownBy(() -> Check.nonNegative("a", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a must be in [0, inf): Infinity");
        assertThatThrownBy(() -> Check.nonNegative("a", -0.5)).hasMessage("a must be in [0, inf): -0.5");
        assertThat(Check.positive("b", Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
        assertThatThrownBy(() -> Check.positive("b", 0)).hasMessage("b must be in (0, inf): 0.0");
        assertThat(Check.unitOpen("c", 0)).isEqualTo(0);
        assertThatThrownBy(() -> Check.unitOpen("c", 1)).hasMessage("c must be in [0, 1): 1.0");
        assertThat(Check.unitClosed("d", 1)).isEqualTo(1);
        assertThatThrownBy(() -> Check.unitClosed("d", -1e-300)).hasMessage("d must be in [0, 1]: -1.0E-300");
        assertThat(Check.unitOpenClosed("e", 1)).isEqualTo(1);
        assertThatThrownBy(() -> Check.unitOpenClosed("e", 0)).hasMessage("e must be in (0, 1]: 0.0");
        assertThat(Check.openInterval("f", 0.5, 0, 1)).isEqualTo(0.5);
        assertThatThrownBy(() -> Check.openInterval("f", 1, 0, 1)).hasMessage("f must be in (0.0, 1.0): 1.0");
        double nan = Double.NaN;
        assertThatThrownBy(() -> Check.nonNegative("g", nan)).hasMessage("g must be in [0, inf): NaN");
        assertThatThrownBy(() -> Check.positive("g", nan)).hasMessage("g must be in (0, inf): NaN");
        assertThatThrownBy(() -> Check.unitOpen("g", nan)).hasMessage("g must be in [0, 1): NaN");
        assertThatThrownBy(() -> Check.unitClosed("g", nan)).hasMessage("g must be in [0, 1]: NaN");
        assertThatThrownBy(() -> Check.unitOpenClosed("g", nan)).hasMessage("g must be in (0, 1]: NaN");
        assertThatThrownBy(() -> Check.openInterval("g", nan, 0, 1)).hasMessage("g must be in (0.0, 1.0): NaN");
    }

    @Test
    void countsHaveAMinimum() {
        assertThat(Check.atLeast("n", 1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> Check.atLeast("n", 0, 1)).hasMessage("n must be at least 1: 0");
        assertThat(Check.atLeast("m", 5_000_000_000L, 0)).isEqualTo(5_000_000_000L);
        assertThatThrownBy(() -> Check.atLeast("m", -1L, 0)).hasMessage("m must be at least 0: -1");
    }
}
