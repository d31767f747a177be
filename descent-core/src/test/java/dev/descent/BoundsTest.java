package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void refusesCrossedAndNaNBoundsNamingTheIndex() {
        assertThatThrownBy(() -> Bounds.of(new double[] {0, 2}, new double[] {1, 1}))
                .hasMessage("lower bound exceeds upper bound at index 1: 2.0 > 1.0");
        assertThatThrownBy(() -> Bounds.of(new double[] {0, Double.NaN}, new double[] {1, 1}))
                .hasMessage("a bound is NaN at index 1: lower NaN, upper 1.0");
        assertThatThrownBy(() -> Bounds.uniform(3, 1)).hasMessage("lower bound exceeds upper bound: 3.0 > 1.0");
        assertThatThrownBy(() -> Bounds.of(new double[] {0}, new double[] {1, 2}))
                .hasMessage("lower has 1 entries, upper has 2");
    }

    @Test
    void projectsClampsAndCountsWhatMoved() {
        Bounds b = Bounds.of(new double[] {0, -INF, -1}, new double[] {1, 2, INF});
        double[] x = {-3, 5, 7};
        assertThat(b.project(x)).isEqualTo(2);
        assertThat(x).containsExactly(0, 2, 7);
        assertThat(b.isFeasible(x)).isTrue();
        assertThat(b.isFeasible(new double[] {0, 2.5, 0})).isFalse();
    }

    @Test
    void projectedGradientIsGradientInsideAndZeroWhenPushingOutward() {
        Bounds b = Bounds.of(new double[] {0, 0, 0, -INF}, new double[] {1, 1, 1, INF});
        double[] x = {0, 1, 0.95, 3};
        double[] g = {2, -3, -1, -4};
        double[] out = new double[4];
        double norm = b.projectedGradient(x, g, out);
        // at the lower bound pushing down: 0; at the upper pushing up: 0; near the upper: x - u = -0.05; free: g
        assertThat(out[0]).isEqualTo(0);
        assertThat(out[1]).isEqualTo(0);
        assertThat(out[2]).isCloseTo(-0.05, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(out[3]).isEqualTo(-4);
        assertThat(norm).isEqualTo(4);
        assertThat(b.projectedGradientNorm(x, g)).isEqualTo(4);
        assertThat(x).containsExactly(0, 1, 0.95, 3);
    }

    @Test
    void activeBoundsAreListedBySide() {
        Bounds b = Bounds.uniform(-1, 1);
        Bounds.Active a = b.activeAt(new double[] {-1, 0, 1, 1, 0.5});
        assertThat(a.lower()).containsExactly(0);
        assertThat(a.upper()).containsExactly(2, 3);
        assertThat(a.count()).isEqualTo(3);
        assertThat(b.dimension()).isEqualTo(-1);
        assertThatThrownBy(() -> Bounds.of(new double[] {0}, new double[] {1}).project(new double[2]))
                .hasMessage("the bounds have 1 variables, the problem has 2");
    }

    @Test
    void parsesOneIntervalForAllOrOnePerVariable() {
        assertThat(Bounds.parse("-1:1")).isEqualTo(Bounds.uniform(-1, 1));
        assertThat(Bounds.parse("0:1, -2: ,:5,-inf:inf")).isEqualTo(Bounds.of(new double[] {0, -2, -INF, -INF},
                new double[] {1, INF, 5, INF}));
        assertThatThrownBy(() -> Bounds.parse("0:1,2"))
                .hasMessage("a bound interval is lower:upper at index 1: '2'");
        assertThatThrownBy(() -> Bounds.parse("0:x")).hasMessage("a bound is not a number: 'x'");
        assertThatThrownBy(() -> Bounds.parse("0:1,3:2"))
                .hasMessage("lower bound exceeds upper bound at index 1: 3.0 > 2.0");
        assertThatThrownBy(() -> Bounds.parse("nan:1")).hasMessage("a bound is not a number: 'nan'");
    }
}
