package dev.descent.optim;

import static dev.descent.stop.StoppingRules.gradientNorm;
import static dev.descent.stop.StoppingRules.maxIterations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.functions.Rosenbrock;
import dev.descent.functions.TestFunction;
import dev.descent.functions.TestFunctions;
import dev.descent.linesearch.StrongWolfe;
import dev.descent.schedule.CosineAnnealing;
import dev.descent.vector.Vectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every optimizer reaches the published minimum of a quadratic and of Rosenbrock with fitting hyper-parameters. */
class ConvergenceTest {

    /** Optimizer, schedule period (0 for a constant rate), iteration budget. */
    static Stream<Arguments> rosenbrock() {
        return Stream.of(
                Arguments.of(GradientDescent.fixed(1.5e-3), 0, 60_000),
                Arguments.of(GradientDescent.armijo(1.0), 0, 60_000),
                Arguments.of(GradientDescent.withLineSearch(1.0, StrongWolfe.defaults()), 0, 60_000),
                Arguments.of(new Sgd(1e-3).withMomentum(0.9), 0, 20_000),
                Arguments.of(new Sgd(1e-3).withMomentum(0.9).withNesterov(true), 0, 20_000),
                Arguments.of(new Adam(0.02), 0, 20_000),
                Arguments.of(new Adam(0.02).withAmsgrad(true), 0, 20_000),
                Arguments.of(new AdamW(0.02).withWeightDecay(0), 0, 20_000),
                Arguments.of(new RmsProp(1e-3), 20_000, 20_000), // constant-rate RMSprop hovers; annealing settles it
                Arguments.of(new RmsProp(1e-3).withCentered(true).withMomentum(0.5), 20_000, 20_000),
                Arguments.of(new AdaGrad(0.5), 0, 30_000),
                Arguments.of(Lbfgs.defaults(), 0, 1_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rosenbrock")
    void reachesRosenbrocksMinimum(Optimizer optimizer, int period, int budget) {
        TestFunction rosenbrock = TestFunctions.byName("rosenbrock", 2);
        Minimizer minimizer = Minimizer.using(optimizer).stoppingWhen(gradientNorm(1e-6).or(maxIterations(budget)));
        if (period > 0) {
            minimizer = minimizer.schedule(CosineAnnealing.of(period, 0));
        }
        Result result = minimizer.minimize(rosenbrock, rosenbrock.standardStart());
        assertThat(Vectors.distance(result.point(), new double[] {1, 1})).as(result.toString()).isLessThan(1e-4);
        assertThat(result.value()).isLessThan(1e-8);
    }

    static Stream<Optimizer> quadratic() {
        return Stream.of(GradientDescent.fixed(0.05), GradientDescent.armijo(1.0), new Sgd(0.05),
                new Sgd(0.01).withMomentum(0.9), new Sgd(0.01).withMomentum(0.9).withNesterov(true), new Adam(0.05),
                new AdamW(0.05).withWeightDecay(0), new RmsProp(0.01).withCentered(true), new AdaGrad(0.5), Lbfgs.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quadratic")
    void reachesAnIllConditionedQuadraticsMinimum(Optimizer optimizer) {
        TestFunction quadratic = TestFunctions.byName("quadratic", 3); // curvatures 1, sqrt(10), 10
        Minimizer minimizer = Minimizer.using(optimizer).stoppingWhen(gradientNorm(1e-8).or(maxIterations(20_000)));
        if (optimizer instanceof RmsProp || optimizer instanceof Adam || optimizer instanceof AdamW) {
            minimizer = minimizer.schedule(CosineAnnealing.of(20_000, 0));
        }
        Result result = minimizer.minimize(quadratic, quadratic.standardStart());
        assertThat(Vectors.norm(result.point())).as(result.toString()).isLessThan(1e-6);
    }

    @Test
    void lbfgsSolvesExtendedRosenbrockInAHundredDimensions() {
        Rosenbrock rosenbrock = Rosenbrock.extended(100);
        Result result = Minimizer.using(Lbfgs.defaults()).stoppingWhen(gradientNorm(1e-8).or(maxIterations(10_000)))
                .minimize(rosenbrock, rosenbrock.standardStart());
        assertThat(result.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        assertThat(result.gradientNorm()).isLessThanOrEqualTo(1e-8);
        for (double xi : result.point()) {
            assertThat(xi).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-8));
        }
        assertThat(result.iterations()).isLessThan(200);
    }
}
