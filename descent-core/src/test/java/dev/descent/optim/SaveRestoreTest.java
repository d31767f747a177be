package dev.descent.optim;

import static dev.descent.stop.StoppingRules.maxIterations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.TraceStep;
import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.schedule.CosineAnnealing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Restoring a saved state mid-run and continuing gives the uninterrupted run's iterates, bit for bit. */
class SaveRestoreTest {

    static Stream<Optimizer> optimizers() {
        return Stream.of(
                GradientDescent.fixed(1e-3),
                GradientDescent.withLineSearch(1.0, ArmijoBacktracking.defaults()),
                new Sgd(1e-3),
                new Sgd(1e-3).withMomentum(0.9).withDampening(0.1).withWeightDecay(0.01),
                new Sgd(1e-3).withMomentum(0.9).withNesterov(true),
                new Adam(0.02),
                new Adam(0.02).withAmsgrad(true).withWeightDecay(0.01),
                new AdamW(0.02).withAmsgrad(true),
                new RmsProp(1e-3).withCentered(true).withMomentum(0.5),
                new AdaGrad(0.1).withLearningRateDecay(0.01).withInitialAccumulatorValue(0.1),
                new Adamax(0.02).withWeightDecay(0.01),
                new NAdam(0.02).withMomentumDecay(0.05),
                // split after rho_t passes 5, so the restored run is in the rectified branch
                new RAdam(5e-4),
                new Adadelta(1.0).withWeightDecay(0.01),
                new Rprop(1e-2).withEtas(0.3, 1.5),
                // t0 before the split: the restored run must carry the running average and its weight
                new Asgd(5e-4).withT0(10),
                new Lion(1e-3).withWeightDecay(0.1),
                Lbfgs.defaults(),
                new Lbfgs(3));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void restoredRunContinuesBitIdentically(Optimizer optimizer) throws IOException {
        double[] start = {-1.2, 1};
        // L-BFGS reaches Rosenbrock's minimum to machine precision in about 35 iterations
        int total = optimizer instanceof Lbfgs ? 24 : 60;
        int split = optimizer instanceof Lbfgs ? 11 : 25;
        Minimizer base = Minimizer.using(optimizer).recordingTrace();
        // Rprop sets its own step sizes after the first step and refuses a schedule
        if (!(optimizer instanceof Lbfgs) && !(optimizer instanceof GradientDescent) && optimizer.followsSchedule()) {
            base = base.schedule(CosineAnnealing.withRestarts(20, 2, 1e-5));
        }
        Minimizer whole = base.stoppingWhen(maxIterations(total));
        Result uninterrupted = whole.minimize(Problems.ROSENBROCK, start);
        assertThat(uninterrupted.iterations()).isEqualTo(total);

        OptimizerState first = optimizer.init(2);
        Result firstPart = base.stoppingWhen(maxIterations(split)).minimize(Problems.ROSENBROCK, start, first);
        byte[] saved = save(first);
        OptimizerState restored = optimizer.restore(new DataInputStream(new ByteArrayInputStream(saved)));
        assertThat(restored.steps()).isEqualTo(split);
        assertThat(save(restored)).isEqualTo(saved);
        double[] middle = firstPart.trace().get(split).point();
        Result secondPart = base.stoppingWhen(maxIterations(total - split)).minimize(Problems.ROSENBROCK, middle, restored);

        List<TraceStep> expected = uninterrupted.trace();
        List<TraceStep> continued = secondPart.trace();
        assertThat(continued).hasSize(total - split + 1);
        for (int k = 0; k < continued.size(); k++) {
            double[] want = expected.get(split + k).point();
            double[] got = continued.get(k).point();
            for (int i = 0; i < 2; i++) {
                assertThat(Double.doubleToRawLongBits(got[i]))
                        .as("%s step %d coordinate %d: %s vs %s", optimizer, split + k, i, got[i], want[i])
                        .isEqualTo(Double.doubleToRawLongBits(want[i]));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void truncatedStateIsRefused(Optimizer optimizer) throws IOException {
        OptimizerState state = optimizer.init(2);
        Minimizer.using(optimizer).stoppingWhen(maxIterations(3)).minimize(Problems.ROSENBROCK, new double[] {-1.2, 1}, state);
        byte[] saved = save(state);
        for (int cut : new int[] {0, 3, saved.length / 2, saved.length - 1}) {
            byte[] truncated = java.util.Arrays.copyOf(saved, cut);
            assertThatThrownBy(() -> optimizer.restore(new DataInputStream(new ByteArrayInputStream(truncated))))
                    .isInstanceOf(EOFException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void stateOfAnotherOptimizerOrDimensionIsRefused(Optimizer optimizer) throws IOException {
        Optimizer other = optimizer instanceof Adam ? new Sgd(0.1) : new Adam(0.1);
        byte[] foreign = save(other.init(2));
        assertThatThrownBy(() -> optimizer.restore(new DataInputStream(new ByteArrayInputStream(foreign))))
                .isInstanceOf(IOException.class)
                .hasMessage("the state belongs to optimizer '" + other.name() + "', not '" + optimizer.name() + "'");
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> optimizer.restore(new DataInputStream(new ByteArrayInputStream(garbage))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("not a descent optimizer state");
    }

    static byte[] save(OptimizerState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            state.writeTo(out);
        }
        return bytes.toByteArray();
    }
}
