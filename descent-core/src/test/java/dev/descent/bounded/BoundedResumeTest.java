package dev.descent.bounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.BatchedObjective;
import dev.descent.Listener;
import dev.descent.loop.Minimizer;
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
        assertThat(resumed.startProjected()).isEqualTo(whole.startProjected());
    }

    @org.junit.jupiter.api.Test
    void aResumedRunStillSaysHowMuchOfItsStartWasProjected() throws java.io.IOException {
        BoundedProblems.Problem p = BoundedProblems.all().get(10);
        double[] outside = p.start().clone();
        int moved = 0;
        for (int i = 0; i < outside.length; i++) {
            if (Double.isFinite(p.bounds().lower(i))) {
                outside[i] = p.bounds().lower(i) - 1;
                moved++;
            } else if (Double.isFinite(p.bounds().upper(i))) {
                outside[i] = p.bounds().upper(i) + 1;
                moved++;
            }
        }
        assertThat(moved).isPositive();
        BatchedObjective f = BatchedObjective.of(p.objective());
        Minimizer loop = Minimizer.using(dev.descent.optim.Lbfgs.defaults()).bounds(p.bounds())
                .stoppingWhen(StoppingRules.maxIterations(20));
        Result whole = loop.minimize(f, outside);
        assertThat(whole.startProjected()).isEqualTo(moved);
        RunSnapshot[] atFive = new RunSnapshot[1];
        loop.stoppingWhen(StoppingRules.maxIterations(5)).listener(new Listener() {
            @Override
            public void onStep(Progress progress) {}

            @Override
            public void onEpoch(Progress progress) {
                atFive[0] = progress.snapshot();
            }
        }).minimize(f, outside);
        // through the bytes of a checkpoint, format 3
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        atFive[0].write(new java.io.DataOutputStream(bytes));
        RunSnapshot read = RunSnapshot.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.startProjected()).isEqualTo(moved);
        Result resumed = loop.resume(f, read);
        assertThat(resumed.startProjected()).isEqualTo(moved);
        assertThat(resumed.point()).containsExactly(whole.point());
    }
}
