package dev.descent.bounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.optim.Lbfgs;
import dev.descent.stop.StoppingRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bound-constrained Hock-Schittkowski problems (1981) reach their published optima from their
 * published starts, and each published optimum is itself a KKT point: its projected gradient
 * vanishes to the digits published.
 */
class HockSchittkowskiTest {

    static Stream<BoundedProblems.Problem> published() {
        return BoundedProblems.all().stream().filter(p -> p.optimum() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void thePublishedOptimumIsAKktPoint(BoundedProblems.Problem p) {
        double[] x = p.optimum();
        double[] g = new double[x.length];
        double f = p.objective().valueAndGradient(x, g);
        assertThat(p.bounds().isFeasible(x)).isTrue();
        // HS110's optimum is published as 9.35025655 in every entry, 9.3e-6 from the stationary point
        // 9.3502658 (SciPy's x* agrees to 1e-6): along (1, ..., 1) the curvature is about 6.5 per entry,
        // so the gradient there is 6e-5; every other optimum is published to more digits than 1e-6 needs
        double tolerance = p.name().equals("hs110") ? 1e-4 : 1e-6;
        assertThat(p.bounds().projectedGradientNorm(x, g)).as(p.name()).isLessThan(tolerance);
        assertThat(f).as(p.name()).isCloseTo(p.optimalValue(), org.assertj.core.data.Offset.offset(1e-8));
        for (int i = 0; i < x.length; i++) {
            // the KKT signs by hand: at a lower bound g_i >= 0, at an upper bound g_i <= 0, free g_i = 0
            if (x[i] == p.bounds().lower(i)) {
                assertThat(g[i]).as("%s g[%d] at its lower bound", p.name(), i).isGreaterThanOrEqualTo(-tolerance);
            } else if (x[i] == p.bounds().upper(i)) {
                assertThat(g[i]).as("%s g[%d] at its upper bound", p.name(), i).isLessThanOrEqualTo(tolerance);
            } else {
                assertThat(Math.abs(g[i])).as("%s g[%d] free", p.name(), i).isLessThan(tolerance);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void lbfgsBReachesThePublishedOptimum(BoundedProblems.Problem p) {
        if (p.name().equals("hs2")) {
            return; // from its published start every L-BFGS-B (SciPy's too) finds the other local minimum: below
        }
        Result r = Minimizer.using(Lbfgs.defaults()).bounds(p.bounds())
                .stoppingWhen(StoppingRules.tolerances().or(StoppingRules.maxIterations(15_000)))
                .minimize(p.objective(), p.start());
        assertThat(r.converged()).as(p.name()).isTrue();
        // SciPy's tolerances stop at a relative value change of 2.2e-9, projected gradient 1e-5
        assertThat(r.value()).as(p.name()).isCloseTo(p.optimalValue(),
                org.assertj.core.data.Offset.offset(1e-7 * Math.max(1, Math.abs(p.optimalValue()))));
        double[] x = r.point();
        for (int i = 0; i < x.length; i++) {
            // HS3's value is flat in x1 to 1e-5 (x1 = 1.3e-8 from SciPy as well), HS1's valley to 1e-7
            double tolerance = p.name().equals("hs110") ? 2e-5 : 1e-5; // HS110's published digits, above
            assertThat(Math.abs(x[i] - p.optimum()[i])).as("%s x[%d]", p.name(), i).isLessThan(tolerance);
        }
    }

    @Test
    void hs2FromItsPublishedStartFindsTheLocalMinimumAtTheBound() {
        BoundedProblems.Problem p = BoundedProblems.all().get(1);
        Result r = Minimizer.using(Lbfgs.defaults()).bounds(p.bounds())
                .stoppingWhen(StoppingRules.tolerances()).minimize(p.objective(), p.start());
        // the other KKT point of x2 >= 1.5: x1 = -1.2210262, f = 4.9412293 (SciPy 1.10 ends there too)
        assertThat(r.point()[1]).isEqualTo(1.5);
        assertThat(r.point()[0]).isCloseTo(-1.2210262422, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.value()).isCloseTo(4.9412293, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.activeBounds().lower()).containsExactly(1);
        // from the right of the ridge, the published (global) optimum
        Result right = Minimizer.using(Lbfgs.defaults()).bounds(p.bounds())
                .stoppingWhen(StoppingRules.tolerances()).minimize(p.objective(), new double[] {2, 1});
        assertThat(right.value()).isCloseTo(p.optimalValue(), org.assertj.core.data.Offset.offset(1e-8));
        assertThat(right.point()[0]).isCloseTo(p.optimum()[0], org.assertj.core.data.Offset.offset(1e-5));
    }
}
