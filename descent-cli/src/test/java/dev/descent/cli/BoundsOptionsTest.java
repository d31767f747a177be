package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code --bounds} text: one pair for all variables or one per variable, infinities, and what is refused. */
class BoundsOptionsTest {

    @Test
    void onePairBoundsEveryVariableAndOnePairPerVariableBoundsEach() {
        double[][] box = BoundsOptions.parse("-1:2.5", List.of("x", "y", "z"));
        assertThat(box[0]).containsExactly(-1, -1, -1);
        assertThat(box[1]).containsExactly(2.5, 2.5, 2.5);
        double[][] each = BoundsOptions.parse("0:inf, -inf:3 ,-INF:Infinity", List.of("x", "y", "z"));
        assertThat(each[0]).containsExactly(0, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(each[1]).containsExactly(Double.POSITIVE_INFINITY, 3, Double.POSITIVE_INFINITY);
        assertThat(BoundsOptions.parse("1:1", List.of("x"))[0]).containsExactly(1); // a fixed variable
    }

    @Test
    void badBoxesAreRefusedWithTheOptionAndWhy() {
        List<String> xy = List.of("x", "y");
        assertThatThrownBy(() -> BoundsOptions.parse("0:1,0:1,0:1", xy)).hasMessage("--bounds has 3 pairs and the problem 2 "
                + "variables: give one LO:HI for every variable, or one pair per variable");
        assertThatThrownBy(() -> BoundsOptions.parse("0:1,2:1", xy))
                .hasMessage("--bounds of y: the lower bound 2 is above the upper 1");
        assertThatThrownBy(() -> BoundsOptions.parse("0-1", xy))
                .hasMessage("--bounds: expected LO:HI, got '0-1' (use inf and -inf for no bound)");
        assertThatThrownBy(() -> BoundsOptions.parse("inf:inf", xy))
                .hasMessage("--bounds: the lower bound must be below +inf and the upper above -inf: inf:inf");
        assertThatThrownBy(() -> BoundsOptions.parse("a:1", xy)).hasMessageStartingWith("--bounds").hasMessageContaining("'a'");
        assertThatThrownBy(() -> BoundsOptions.parse("nan:1", xy)).hasMessageStartingWith("--bounds");
    }
}
