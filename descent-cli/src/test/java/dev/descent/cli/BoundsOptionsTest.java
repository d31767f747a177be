package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Bounds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --bounds} text: one pair for all variables or one per variable, infinities, and what is refused. */
class BoundsOptionsTest {

    @Test
    void onePairBoundsEveryVariableAndOnePairPerVariableBoundsEach() {
        Bounds box = BoundsOptions.parse("-1:2.5", List.of("x", "y", "z"));
        assertThat(box.isUniform()).isTrue();
        assertThat(box.lower(2)).isEqualTo(-1);
        assertThat(box.upper(2)).isEqualTo(2.5);
        Bounds each = BoundsOptions.parse("0:inf, -inf:3 ,:", List.of("x", "y", "z"));
        assertThat(new double[] {each.lower(0), each.lower(1), each.lower(2)})
                .containsExactly(0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(new double[] {each.upper(0), each.upper(1), each.upper(2)})
                .containsExactly(Double.POSITIVE_INFINITY, 3, Double.POSITIVE_INFINITY);
        assertThat(BoundsOptions.parse("1:1", List.of("x")).lower(0)).isEqualTo(1); // a fixed variable
    }

    @Test
    void badBoxesAreRefusedWithTheOptionTheVariableAndWhy() {
        List<String> xy = List.of("x", "y");
        assertThatThrownBy(() -> BoundsOptions.parse("0:1,0:1,0:1", xy)).hasMessage("--bounds has 3 pairs and the problem 2 "
                + "variables: give one LO:HI for every variable, or one pair per variable");
        assertThatThrownBy(() -> BoundsOptions.parse("0:1,2:1", xy))
                .hasMessage("--bounds: lower bound exceeds upper bound at index 1 (y): 2.0 > 1.0");
        assertThatThrownBy(() -> BoundsOptions.parse("0-1", xy))
                .hasMessage("--bounds: a bound interval is lower:upper: '0-1'");
        assertThatThrownBy(() -> BoundsOptions.parse("inf:inf", xy)).hasMessageStartingWith("--bounds: the box is empty");
        assertThatThrownBy(() -> BoundsOptions.parse("0:1,a:1", xy))
                .hasMessage("--bounds: a bound is not a number at index 1 (y): 'a'");
        assertThatThrownBy(() -> BoundsOptions.parse("nan:1", xy)).hasMessageStartingWith("--bounds: a bound is not a number");
    }
}
