package dev.descent.bounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.BatchedObjective;
import dev.descent.Listener;
import dev.descent.Minimizer;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.RunSnapshot;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A bounded run resumed from a snapshot equals the uninterrupted run to the bit, for every bounded form. */
class BoundedResumeTest {

    static Stream<Optimizer> rules() {
        return Stream.of(Lbfgs.defaults(), new Lbfgs(3), GradientDescent.armijo(1.0), new Sgd(0.001).withMomentum(0.9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void aResumedBoundedRunEqualsTheUninterruptedOne(Optimizer rule) {
        BoundedProblems.Problem p = BoundedProblems.all().get(10); // extended Rosenbrock in a box, 10 variables
        BatchedObjective f = BatchedObjective.of(p.objective());
        Minimizer loop = Minimizer.using(rule).bounds(p.bounds()).stoppingWhen(StoppingRules.maxIterations(25));
        Result whole = loop.minimize(f, p.start());
        RunSnapshot[] atTwelve = new RunSnapshot[1];
        loop.stoppingWhen(StoppingRules.maxIterations(12)).listener(new Listener() {
            @Override
            public void onStep(Progress progress) {}

            @Override
            public void onEpoch(Progress progress) {
                atTwelve[0] = progress.snapshot();
            }
        }).minimize(f, p.start());
        Result resumed = loop.resume(f, atTwelve[0]);
        for (int i = 0; i < whole.point().length; i++) {
            assertThat(Double.doubleToRawLongBits(resumed.point()[i]))
                    .as("x[%d]", i).isEqualTo(Double.doubleToRawLongBits(whole.point()[i]));
        }
        assertThat(resumed.iterations()).isEqualTo(whole.iterations());
        assertThat(resumed.valueEvaluations()).isEqualTo(whole.valueEvaluations());
        assertThat(resumed.activeBounds()).isEqualTo(whole.activeBounds());
    }
}
