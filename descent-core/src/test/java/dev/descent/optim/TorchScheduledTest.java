package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.TraceStep;
import dev.descent.schedule.Cyclic;
import dev.descent.schedule.MomentumCycle;
import dev.descent.schedule.OneCycle;
import dev.descent.schedule.Schedule;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays torch 1.13 runs under OneCycleLR and CyclicLR with momentum cycling
 * (tools/reference/torch_scheduled_reference.py) through {@link Minimizer}: the rate and the momentum
 * of every one of 200 steps, and the iterates, to 1e-12 relative.
 */
class TorchScheduledTest {

    private static final double TOLERANCE = 1e-12;

    /** One recorded run: options, then per row the rate and momentum the step used and the point after it. */
    record Scheduled(String name, Map<String, String> parameters, List<double[]> rows) {
        double number(String key) {
            return Double.parseDouble(parameters.get(key));
        }

        MomentumCycle cycle() {
            return new MomentumCycle(number("base-momentum"), number("max-momentum"));
        }

        Schedule schedule() {
            if (parameters.get("schedule").equals("onecycle")) {
                return new OneCycle(Long.parseLong(parameters.get("total")), number("pct"),
                        parameters.get("anneal").equals("linear"), number("div"), number("final-div"),
                        Boolean.parseBoolean(parameters.get("three-phase").toLowerCase()), cycle());
            }
            return new Cyclic(number("base"), Long.parseLong(parameters.get("up")), Long.parseLong(parameters.get("down")),
                    Cyclic.Mode.valueOf(parameters.get("mode").toUpperCase()), number("gamma"), cycle());
        }
    }

    /** A recording of torch-scheduled/, in the format of torch-reference/ (a momentum of "nan" where none is cycled). */
    static Scheduled read(String name) throws IOException {
        TorchIteratesTest.Recording recording = TorchIteratesTest.read("../torch-scheduled/" + name);
        return new Scheduled(name, recording.parameters(), recording.iterates());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd-onecycle", "sgd-nesterov-onecycle-three-phase", "sgd-dampening-onecycle",
            "adam-onecycle", "adamw-onecycle", "rmsprop-onecycle", "rmsprop-centered-onecycle", "nadam-onecycle",
            "radam-onecycle", "adamax-onecycle", "sgd-cyclic", "sgd-cyclic-exp-range", "rmsprop-cyclic-triangular2",
            "adam-cyclic"})
    void sameRatesMomentaAndIteratesAsTorch(String name) throws IOException {
        Scheduled torch = read(name);
        assertThat(torch.rows()).hasSize(201);
        Optimizer optimizer = TorchIteratesTest.optimizer(
                new TorchIteratesTest.Recording(name, torch.parameters(), List.of()));
        double[][] a = new double[3][3];
        double[] b = new double[3];
        TorchIteratesTest.readQuadratic(a, b);
        String objective = torch.parameters().get("objective");
        double[] start = point(torch.rows().get(0));
        Objective f = new Objective() {
            @Override
            public int dimension() {
                return start.length;
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradientOut) {
                TorchIteratesTest.gradient(objective, 1.0, x, gradientOut, a, b);
                return 0; // the first-order rules never read the value; a constant keeps divergence checks quiet
            }
        };
        Result result = Minimizer.using(optimizer).schedule(torch.schedule())
                .stoppingWhen(StoppingRules.maxIterations(200)).recordingTrace().minimize(f, start);
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_ITERATIONS);
        List<TraceStep> trace = result.trace();
        assertThat(trace).hasSize(201);
        for (int step = 1; step <= 200; step++) {
            double[] want = torch.rows().get(step);
            TraceStep got = trace.get(step);
            check(name, step, "lr", got.learningRate(), want[0]);
            check(name, step, "momentum", got.momentum(), want[1]);
            for (int i = 0; i < start.length; i++) {
                check(name, step, "x" + i, got.coordinate(i), want[2 + i]);
            }
        }
    }

    private static double[] point(double[] row) {
        double[] point = new double[row.length - 2];
        System.arraycopy(row, 2, point, 0, point.length);
        return point;
    }

    private static void check(String name, int step, String what, double got, double want) {
        double error = Math.abs(got - want) / Math.max(1, Math.abs(want));
        if (!(error <= TOLERANCE)) {
            fail("%s: step %d %s: descent %s, torch %s (relative error %.3e)", name, step, what, got, want, error);
        }
    }

    @Test
    void aCyclingScheduleIsRefusedForARuleWithoutMomentumAndAcceptedWithoutTheCycle() {
        assertThatThrownBy(() -> Minimizer.using(new AdaGrad(0.1)).schedule(OneCycle.of(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the schedule cycles the momentum, and adagrad has none");
        Minimizer.using(new AdaGrad(0.1)).schedule(OneCycle.of(100).withoutMomentum());
        assertThatThrownBy(() -> new AdaGrad(0.1).init(2).setMomentum(0.9))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void lionTakesTheScheduledBeta1() {
        // Lion has no torch reference: a state given beta1 = 0.7 step by step follows the rule built with it
        double[] p = {1.0, -2.0};
        double[] q = p.clone();
        double[] g = {0.3, -0.1};
        FirstOrderState scheduled = new Lion(0.01).init(2);
        FirstOrderState fixed = new Lion(0.01).withBetas(0.7, 0.99).init(2);
        for (int step = 0; step < 5; step++) {
            scheduled.setMomentum(0.7);
            scheduled.update(p, g, 0.01);
            fixed.update(q, g, 0.01);
            g[0] = -g[0] * 0.5;
        }
        assertThat(p).containsExactly(q);
        assertThat(new Lion(0.01).momentum()).isEqualTo(0.9);
    }
}
