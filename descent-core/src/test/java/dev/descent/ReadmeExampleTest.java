package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.optim.Lbfgs;
import dev.descent.stop.StoppingRules;
import org.junit.jupiter.api.Test;

/** The README's first example, verbatim, with the output its comment promises. */
class ReadmeExampleTest {

    @Test
    void rosenbrockExample() {
        Objective rosenbrock = Objectives.of(2,
                x -> Math.pow(1 - x[0], 2) + 100 * Math.pow(x[1] - x[0] * x[0], 2),
                (x, g) -> {
                    g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
                    g[1] = 200 * (x[1] - x[0] * x[0]);
                });

        Result r = Minimizer.using(Lbfgs.defaults())
                .stoppingWhen(StoppingRules.gradientNorm(1e-10).or(StoppingRules.maxIterations(1000)))
                .minimize(rosenbrock, new double[] {-1.2, 1});

        assertThat(r.stopReason() + " after " + r.iterations() + " iterations: " + java.util.Arrays.toString(r.point()))
                .isEqualTo("GRADIENT_TOLERANCE after 38 iterations: [0.9999999999999897, 0.9999999999999779]");
    }
}
