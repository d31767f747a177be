package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.TraceStep;
import dev.descent.schedule.StepDecay;
import dev.descent.stop.StoppingRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays torch 1.13 runs with two param groups (tools/reference/torch_groups_reference.py) through
 * {@link ParameterGroups} and {@link Minimizer}: every iterate of 200 steps to 1e-12 relative.
 */
class TorchGroupsTest {

    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd-momentum-no-decay", "adam-no-decay", "adamw-no-decay", "rmsprop-rates", "nadam-betas",
            "adam-step-schedule"})
    void sameIteratesAsTorchWithTwoParamGroups(String name) throws IOException {
        TorchIteratesTest.Recording torch = TorchIteratesTest.read("../torch-groups/" + name);
        Map<String, String> defaults = new HashMap<>();
        Map<String, String> second = new HashMap<>();
        torch.parameters().forEach((key, value) -> {
            if (!key.startsWith("group.")) {
                defaults.put(key, value);
            }
        });
        second.putAll(defaults);
        torch.parameters().forEach((key, value) -> {
            if (key.startsWith("group.")) {
                second.put(key.substring("group.".length()), value);
            }
        });
        int[] indices = Arrays.stream(torch.parameters().get("group").split("/")).mapToInt(Integer::parseInt).toArray();
        Optimizer rule = TorchIteratesTest.optimizer(new TorchIteratesTest.Recording(name, defaults, List.of()));
        Optimizer groupRule = TorchIteratesTest.optimizer(new TorchIteratesTest.Recording(name, second, List.of()));
        ParameterGroups groups = ParameterGroups.of(rule).group(indices, groupRule);

        double[][] a = new double[3][3];
        double[] b = new double[3];
        TorchIteratesTest.readQuadratic(a, b);
        String objective = torch.parameters().get("objective");
        double[] start = torch.iterates().get(0);
        Objective f = new Objective() {
            @Override
            public int dimension() {
                return start.length;
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradientOut) {
                TorchIteratesTest.gradient(objective, 1.0, x, gradientOut, a, b);
                return 0;
            }
        };
        Minimizer loop = Minimizer.using(groups).stoppingWhen(StoppingRules.maxIterations(200)).recordingTrace();
        if ("step".equals(torch.parameters().get("schedule"))) {
            loop = loop.schedule(new StepDecay(Long.parseLong(torch.parameters().get("schedule.size")),
                    Double.parseDouble(torch.parameters().get("schedule.gamma"))));
        }
        Result result = loop.minimize(f, start);
        List<TraceStep> trace = result.trace();
        assertThat(trace).hasSize(201);
        for (int step = 1; step <= 200; step++) {
            double[] want = torch.iterates().get(step);
            for (int i = 0; i < start.length; i++) {
                double got = trace.get(step).coordinate(i);
                double error = Math.abs(got - want[i]) / Math.max(1, Math.abs(want[i]));
                if (!(error <= TOLERANCE)) {
                    fail("%s: step %d coordinate %d: descent %s, torch %s (relative error %.3e)", name, step, i, got,
                            want[i], error);
                }
            }
        }
        // and one group's rule for all parameters would not have reproduced it
        Result single = Minimizer.using(rule).stoppingWhen(StoppingRules.maxIterations(200)).minimize(f, start);
        assertThat(Math.abs(single.point()[indices[0]] - torch.iterates().get(200)[indices[0]])).isGreaterThan(1e-9);
    }

    @Test
    void aSavedGroupedStateContinuesToTheSameBits() throws IOException {
        ParameterGroups groups = ParameterGroups.of(new Adam(0.01).withWeightDecay(0.1))
                .group(new int[] {3, 1}, new Adam(0.02));
        double[] p = {1, -2, 0.5, 3};
        double[] g = new double[4];
        ParameterGroups.State state = groups.init(4);
        for (int step = 0; step < 5; step++) {
            for (int i = 0; i < 4; i++) {
                g[i] = Math.sin(p[i] * (i + 1));
            }
            state.update(p, g, 0.01);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(bytes));
        OptimizerState restored = groups.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        double[] q = p.clone();
        for (int step = 0; step < 5; step++) {
            for (int i = 0; i < 4; i++) {
                g[i] = Math.sin(p[i] * (i + 1));
            }
            state.update(p, g, 0.01);
            for (int i = 0; i < 4; i++) {
                g[i] = Math.sin(q[i] * (i + 1));
            }
            restored.update(q, g, 0.01);
        }
        assertThat(q).containsExactly(p);
        assertThat(restored.steps()).isEqualTo(10);
        // a plain Adam state is not a grouped one
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        new Adam(0.01).init(4).writeTo(new DataOutputStream(plain));
        assertThatThrownBy(() -> groups.restore(new DataInputStream(new ByteArrayInputStream(plain.toByteArray()))))
                .hasMessageContaining("belongs to optimizer 'adam', not 'groups:adam'");
    }

    @Test
    void groupsAreCheckedWhenMade() {
        ParameterGroups groups = ParameterGroups.of(new Sgd(0.1)).group(new int[] {0}, new Sgd(0.2));
        assertThatThrownBy(() -> groups.group(new int[] {0, 2}, new Sgd(0.3)))
                .hasMessage("parameter 0 is already in another group");
        assertThatThrownBy(() -> groups.group(new int[] {1}, new Adam(0.3)))
                .hasMessage("a group's rule must be sgd, as the default rule: adam");
        assertThatThrownBy(() -> groups.group(new int[] {1, 1}, new Sgd(0.3)))
                .hasMessage("parameter 1 is listed twice in a group");
        assertThatThrownBy(() -> groups.group(new int[] {1}, new Sgd(0.3).withMaximize(true)))
                .hasMessage("every group must minimize, as the default rule");
        assertThatThrownBy(() -> ParameterGroups.of(Lbfgs.defaults())).hasMessageContaining("cannot take parameter groups");
        assertThatThrownBy(() -> ParameterGroups.of(GradientDescent.fixed(0.1)).group(new int[] {1},
                GradientDescent.armijo(0.1))).hasMessageContaining("cannot be a group's rule");
        assertThatThrownBy(() -> groups.init(3).update(new double[1], new double[1], 0.1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> groups.group(new int[] {5}, new Sgd(0.3)).init(3))
                .hasMessage("parameter group 2 lists parameter 5, past the problem's 3");
        assertThat(groups.describe()).isEqualTo("sgd lr=0.1 (2 parameter groups)");
    }
}
