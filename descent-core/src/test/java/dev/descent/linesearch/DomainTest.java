package dev.descent.linesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.loop.Minimizer;
import dev.descent.optim.Lbfgs;
import org.junit.jupiter.api.Test;

/** A line search that fails after trying points where f is not finite says it left f's domain, and names the point. */
class DomainTest {

    /** log(x) + y^2: unbounded below as x -> 0+, NaN for x < 0. */
    static final Objective LOG = Objectives.of(2, (p, g) -> {
        g[0] = 1 / p[0];
        g[1] = 2 * p[1];
        return Math.log(p[0]) + p[1] * p[1];
    });

    @Test
    void lbfgsRunningOutOfTheDomainEndsNonFiniteNamingTheTrialPoint() {
        Result result = Minimizer.using(Lbfgs.defaults()).minimize(LOG, new double[] {1, 1});
        assertThat(result.stopReason()).isEqualTo(StopReason.NON_FINITE);
        assertThat(result.detail()).startsWith("the line search left f's domain: f or its gradient is not finite at (-");
        assertThat(result.point()[0]).isPositive();   // the best point reported is inside the domain
    }

    @Test
    void aSearchThatNeverMetANonFiniteValueFailsAsBefore() {
        // a wrong gradient (the sign flipped in x) on a smooth bowl: no step decreases f, every trial is finite
        Objective wrong = Objectives.of(1, (p, g) -> {
            g[0] = -2 * p[0];
            return p[0] * p[0];
        });
        assertThatThrownBy(() -> StrongWolfe.defaults().search(wrong, new double[] {1}, 1, new double[] {2},
                new double[] {-1e-300}, 1, new double[1], new double[1]))
                .isInstanceOfSatisfying(LineSearchFailedException.class, e -> assertThat(e.leftDomain()).isFalse());
        LineSearchFailedException outside = LineSearchFailedException.of("no step", new double[] {-2.1178, 0.5});
        assertThat(outside.leftDomain()).isTrue();
        assertThat(outside.getMessage()).isEqualTo("the line search left f's domain: f or its gradient is not finite at "
                + "(-2.1178, 0.5), and no shorter step decreased f enough (no step)");
    }
}
