package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every first-order rule in float32 replays torch.optim's float32 trajectories bit for bit (recorded
 * by tools/reference/torch_float32_reference.py: 37 entries, 60 steps, gradient 3 (x - c) in float32;
 * Lion, which PyTorch 1.13 lacks, against the script's float32 tensor code).
 */
class Float32StateTest {

    @Test
    void adamAndAdamWInFloat32StepAsTorchStepsFloat32Parameters() throws IOException {
        check("adam", new Adam(1e-2));
        check("adam-amsgrad-decay", new Adam(1e-2).withWeightDecay(0.1).withAmsgrad(true));
        check("adam-maximize", new Adam(1e-2).withMaximize(true));
        check("adamw", new AdamW(1e-2));
        check("adamw-amsgrad", new AdamW(1e-2).withWeightDecay(0.05).withAmsgrad(true).withBetas(0.8, 0.99).withEpsilon(1e-6));
    }

    @Test
    void sgdInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("sgd", new Sgd(1e-2));
        check("sgd-momentum", new Sgd(1e-2).withMomentum(0.9));
        check("sgd-nesterov-decay", new Sgd(1e-2).withMomentum(0.8).withNesterov(true).withWeightDecay(0.05));
        check("sgd-dampening-maximize", new Sgd(1e-2).withMomentum(0.7).withDampening(0.3).withMaximize(true));
    }

    /** A fixed step's float32 form is torch's plain SGD step, {@code p.add_(g, alpha=-lr)}. */
    @Test
    void fixedStepGradientDescentInFloat32StepsAsTorchsPlainSgd() throws IOException {
        check("sgd", GradientDescent.fixed(1e-2));
    }

    @Test
    void rmsPropInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("rmsprop", new RmsProp(1e-2));
        check("rmsprop-centered-momentum", new RmsProp(1e-2).withCentered(true).withMomentum(0.5).withWeightDecay(0.1));
        check("rmsprop-maximize", new RmsProp(1e-2).withMaximize(true).withAlpha(0.9).withEpsilon(1e-6).withMomentum(0.3));
    }

    @Test
    void adaGradInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("adagrad", new AdaGrad(0.1));
        check("adagrad-decay", new AdaGrad(0.1).withLearningRateDecay(0.01).withInitialAccumulatorValue(0.5)
                .withWeightDecay(0.1).withEpsilon(1e-3));
        check("adagrad-maximize", new AdaGrad(0.1).withMaximize(true));
    }

    @Test
    void adamaxInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("adamax", new Adamax(2e-2));
        check("adamax-decay-maximize", new Adamax(2e-2).withBetas(0.85, 0.99).withEpsilon(1e-4).withWeightDecay(0.05)
                .withMaximize(true));
    }

    @Test
    void nAdamInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("nadam", new NAdam(2e-2));
        check("nadam-decay", new NAdam(2e-2).withWeightDecay(0.1).withMomentumDecay(0.005).withBetas(0.85, 0.99));
    }

    /** Both cases cross rho_t = 5 at step 6: SGD-like steps first, rectified ones after. */
    @Test
    void rAdamInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("radam", new RAdam(2e-2));
        check("radam-decay", new RAdam(2e-2).withWeightDecay(0.1).withBetas(0.8, 0.99).withEpsilon(1e-6));
    }

    @Test
    void adadeltaInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("adadelta", new Adadelta(1.0));
        check("adadelta-decay-maximize", new Adadelta(0.5).withRho(0.95).withEpsilon(1e-4).withWeightDecay(0.1)
                .withMaximize(true));
    }

    @Test
    void rpropInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("rprop", new Rprop(1e-2));
        check("rprop-settings", new Rprop(1e-2).withEtas(0.4, 1.3).withStepSizes(1e-4, 0.5).withMaximize(true));
    }

    @Test
    void asgdInFloat32StepsAsTorchStepsFloat32Parameters() throws IOException {
        check("asgd", new Asgd(1e-2));
        check("asgd-settings", new Asgd(1e-2).withLambd(1e-3).withAlpha(0.6).withT0(5).withWeightDecay(0.05));
    }

    /** PyTorch 1.13 has no Lion: the recording is the reference script's float32 tensor code. */
    @Test
    void lionInFloat32StepsAsTheFloat32ReferenceSteps() throws IOException {
        check("lion", new Lion(1e-3));
        check("lion-decay-maximize", new Lion(1e-3).withBetas(0.8, 0.95).withWeightDecay(0.5).withMaximize(true));
    }

    /** One configuration of every first-order rule, options on, so that every buffer is in use. */
    private static List<Optimizer> oneOfEachRule() {
        return List.of(new Adam(1e-2).withAmsgrad(true).withWeightDecay(0.1),
                new AdamW(1e-2).withAmsgrad(true).withBetas(0.8, 0.99),
                new Sgd(1e-2).withMomentum(0.8).withNesterov(true).withWeightDecay(0.05),
                new RmsProp(1e-2).withCentered(true).withMomentum(0.5).withWeightDecay(0.1),
                new AdaGrad(0.1).withLearningRateDecay(0.01).withInitialAccumulatorValue(0.5).withWeightDecay(0.1),
                new Adamax(2e-2).withBetas(0.85, 0.99).withWeightDecay(0.05).withMaximize(true),
                new NAdam(2e-2).withWeightDecay(0.1).withMomentumDecay(0.005),
                new RAdam(2e-2).withWeightDecay(0.1).withBetas(0.8, 0.99),
                new Adadelta(0.5).withRho(0.95).withWeightDecay(0.1).withMaximize(true),
                new Rprop(1e-2).withEtas(0.4, 1.3).withStepSizes(1e-4, 0.5),
                new Asgd(1e-2).withLambd(1e-3).withT0(3).withWeightDecay(0.05),
                new Lion(1e-3).withBetas(0.8, 0.95).withWeightDecay(0.5),
                GradientDescent.fixed(1e-2));
    }

    @Test
    void everyFirstOrderRulesFloat32FormIsTheSameRuleWithItsFlagSet() throws ReflectiveOperationException {
        assertThat(new Adam(1e-3).withBetas(0.8, 0.9).inFloat32()).contains(new Adam(1e-3, 0.8, 0.9, 1e-8, 0, false, false, true));
        for (Optimizer rule : oneOfEachRule()) {
            Optimizer single = rule.inFloat32().orElseThrow();
            assertThat(rule.float32()).as(rule.describe()).isFalse();
            assertThat(single.float32()).as(rule.describe()).isTrue();
            assertThat(single.getClass()).isEqualTo(rule.getClass());
            java.lang.reflect.RecordComponent[] components = rule.getClass().getRecordComponents();
            assertThat(components[components.length - 1].getName()).isEqualTo("float32");
            for (java.lang.reflect.RecordComponent component : components) {
                if (!component.getName().equals("float32")) {
                    assertThat(component.getAccessor().invoke(single)).as("%s of %s", component.getName(), rule.describe())
                            .isEqualTo(component.getAccessor().invoke(rule));
                }
            }
            assertThat(single.name()).isEqualTo(rule.name()); // saved states are keyed by it
            assertThat(single.describe()).isEqualTo(rule.describe());
            assertThat(single.inFloat32()).contains(single);
        }
    }

    @Test
    void aWithersCopyOfAFloat32RuleStaysFloat32() {
        Adam adam = (Adam) new Adam(1e-3).inFloat32().orElseThrow();
        AdamW adamW = (AdamW) new AdamW(1e-3).inFloat32().orElseThrow();
        Sgd sgd = (Sgd) new Sgd(0.1).inFloat32().orElseThrow();
        RmsProp rmsProp = (RmsProp) new RmsProp(0.1).inFloat32().orElseThrow();
        AdaGrad adaGrad = (AdaGrad) new AdaGrad(0.1).inFloat32().orElseThrow();
        Adamax adamax = (Adamax) new Adamax(0.1).inFloat32().orElseThrow();
        NAdam nAdam = (NAdam) new NAdam(0.1).inFloat32().orElseThrow();
        RAdam rAdam = (RAdam) new RAdam(0.1).inFloat32().orElseThrow();
        Adadelta adadelta = (Adadelta) new Adadelta(0.1).inFloat32().orElseThrow();
        Rprop rprop = (Rprop) new Rprop(0.1).inFloat32().orElseThrow();
        Asgd asgd = (Asgd) new Asgd(0.1).inFloat32().orElseThrow();
        Lion lion = (Lion) new Lion(0.1).inFloat32().orElseThrow();
        List<Optimizer> copies = List.of(
                adam.withBetas(0.8, 0.9), adam.withEpsilon(1e-6), adam.withWeightDecay(0.1), adam.withAmsgrad(true),
                adam.withMaximize(true), adam.withLearningRate(0.5),
                adamW.withBetas(0.8, 0.9), adamW.withEpsilon(1e-6), adamW.withWeightDecay(0.1), adamW.withAmsgrad(true),
                adamW.withMaximize(true), adamW.withLearningRate(0.5),
                sgd.withMomentum(0.9), sgd.withDampening(0.1), sgd.withMomentum(0.9).withNesterov(true),
                sgd.withWeightDecay(0.1), sgd.withMaximize(true), sgd.withLearningRate(0.5),
                rmsProp.withAlpha(0.9), rmsProp.withEpsilon(1e-6), rmsProp.withWeightDecay(0.1), rmsProp.withMomentum(0.5),
                rmsProp.withCentered(true), rmsProp.withMaximize(true), rmsProp.withLearningRate(0.5),
                adaGrad.withLearningRateDecay(0.1), adaGrad.withWeightDecay(0.1), adaGrad.withInitialAccumulatorValue(0.1),
                adaGrad.withEpsilon(1e-6), adaGrad.withMaximize(true), adaGrad.withLearningRate(0.5),
                adamax.withBetas(0.8, 0.9), adamax.withEpsilon(1e-6), adamax.withWeightDecay(0.1),
                adamax.withMaximize(true), adamax.withLearningRate(0.5),
                nAdam.withBetas(0.8, 0.9), nAdam.withEpsilon(1e-6), nAdam.withWeightDecay(0.1),
                nAdam.withMomentumDecay(0.01), nAdam.withLearningRate(0.5),
                rAdam.withBetas(0.8, 0.9), rAdam.withEpsilon(1e-6), rAdam.withWeightDecay(0.1), rAdam.withLearningRate(0.5),
                adadelta.withRho(0.8), adadelta.withEpsilon(1e-4), adadelta.withWeightDecay(0.1),
                adadelta.withMaximize(true), adadelta.withLearningRate(0.5),
                rprop.withEtas(0.4, 1.3), rprop.withStepSizes(1e-4, 1), rprop.withMaximize(true), rprop.withLearningRate(0.5),
                asgd.withLambd(1e-3), asgd.withAlpha(0.5), asgd.withT0(10), asgd.withWeightDecay(0.1),
                asgd.withMaximize(true), asgd.withLearningRate(0.5),
                lion.withBetas(0.8, 0.9), lion.withWeightDecay(0.1), lion.withMaximize(true), lion.withLearningRate(0.5));
        for (Optimizer copy : copies) {
            assertThat(copy.float32()).as("%s", copy).isTrue(); // a schedule's or a parameter group's copy stays float32
        }
    }

    @Test
    void lbfgsAndGradientDescentWithALineSearchHaveNoFloat32Form() {
        assertThat(Lbfgs.defaults().inFloat32()).isEmpty();
        assertThat(GradientDescent.armijo(1.0).inFloat32()).isEmpty();
        assertThat(GradientDescent.withLineSearch(1.0, dev.descent.linesearch.ArmijoBacktracking.defaults()).inFloat32())
                .isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new GradientDescent(1.0, dev.descent.linesearch.ArmijoBacktracking.defaults(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no float32 form");
    }

    /**
     * Every rule's float32 state, saved after ten steps of {@code float[]} parameters and restored,
     * continues to the bits of the run that was not interrupted (ASGD's averaged point included).
     */
    @Test
    void aFloat32StateSavedAndRestoredContinuesToTheSameBits() throws IOException {
        float[] c = {0.25f, -0.5f, 1.5f, 0.125f, -2f};
        for (Optimizer rule : oneOfEachRule()) {
            Optimizer single = rule.inFloat32().orElseThrow();
            float[] whole = {1, 2, -3, 0.5f, -0.75f};
            FirstOrderState state = (FirstOrderState) single.init(whole.length);
            FirstOrderState restored = null;
            float[] resumed = null;
            for (int step = 0; step < 20; step++) {
                state.update(whole, gradient(whole, c), rule.learningRate());
                if (step == 9) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    state.writeTo(new DataOutputStream(bytes));
                    resumed = whole.clone();
                    restored = (FirstOrderState) single.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                    assertThat(restored.steps()).isEqualTo(10);
                    for (int again = 10; again < 20; again++) {
                        restored.update(resumed, gradient(resumed, c), rule.learningRate());
                    }
                }
            }
            assertThat(resumed).as(rule.describe()).containsExactly(whole);
            assertThat(whole).as(rule.describe()).doesNotContain(1, 2, -3, 0.5f, -0.75f); // every entry moved
            ByteArrayOutputStream ended = new ByteArrayOutputStream();
            state.writeTo(new DataOutputStream(ended));
            ByteArrayOutputStream endedAfterRestore = new ByteArrayOutputStream();
            restored.writeTo(new DataOutputStream(endedAfterRestore));
            assertThat(endedAfterRestore.toByteArray()).as("%s: the state after 20 steps", rule.describe())
                    .isEqualTo(ended.toByteArray());
            if (state instanceof Asgd.State asgd) {
                assertThat(((Asgd.State) restored).averagedPoint()).containsExactly(asgd.averagedPoint());
                for (double a : asgd.averagedPoint()) {
                    assertThat((double) (float) a).isEqualTo(a);
                }
            }
        }
    }

    @Test
    void aFloat64StateIsNotReadIntoTheFloat32Form() throws IOException {
        Adam rule = new Adam(1e-2);
        FirstOrderState state = rule.init(2);
        state.update(new double[] {1, 2}, new double[] {0.1, -0.3}, 1e-2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.writeTo(new DataOutputStream(bytes));
        Optimizer single = rule.inFloat32().orElseThrow();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> single.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'exp_avg' entry 0")
                .hasMessageContaining("not a float32 value");
    }

    /**
     * Parameter groups in float32 are torch's float32 param_groups: each group steps as that group's
     * rule alone on its parameters, bit for bit.
     */
    @Test
    void float32ParameterGroupsStepEachGroupAsItsOwnFloat32Rule() throws IOException {
        List<String> lines = read("adamw");
        float[] c = floats(lines.get(0).substring(2));
        float[] x = floats(lines.get(1));
        int[] biases = {0, 3, 4, 10, 17, 18, 36};
        Optimizer groups = ParameterGroups.of(new AdamW(1e-2)).group(biases, new AdamW(1e-2).withWeightDecay(0))
                .inFloat32().orElseThrow();
        assertThat(groups.float32()).isTrue();
        java.util.BitSet inGroup = new java.util.BitSet();
        for (int index : biases) {
            inGroup.set(index);
        }
        int[] rest = java.util.stream.IntStream.range(0, x.length).filter(i -> !inGroup.get(i)).toArray();
        OptimizerState together = groups.init(x.length);
        OptimizerState decayed = new AdamW(1e-2).inFloat32().orElseThrow().init(rest.length);
        OptimizerState undecayed = new AdamW(1e-2).withWeightDecay(0).inFloat32().orElseThrow().init(biases.length);
        float[] restPoint = gather(x, rest);
        float[] biasPoint = gather(x, biases);
        for (int step = 1; step <= 60; step++) {
            float[] g = gradient(x, c);
            together.update(x, g, 1e-2);
            decayed.update(restPoint, gather(g, rest), 1e-2);
            undecayed.update(biasPoint, gather(g, biases), 1e-2);
            assertThat(gather(x, rest)).as("step %d", step).containsExactly(restPoint);
            assertThat(gather(x, biases)).as("step %d", step).containsExactly(biasPoint);
        }
        // element-wise rules: the decayed group is torch's AdamW on its entries, the other group is not
        assertThat(gather(x, rest)).containsExactly(gather(floats(lines.get(61)), rest));
        assertThat(gather(x, biases)).isNotEqualTo(gather(floats(lines.get(61)), biases));
    }

    @Test
    void parameterGroupsHaveAFloat32FormOnlyWhenEveryGroupsRuleHasOne() {
        Optimizer plain = new Optimizer() { // an SGD without a float32 form
            @Override
            public String name() {
                return "sgd";
            }

            @Override
            public double learningRate() {
                return 0.1;
            }

            @Override
            public OptimizerState init(int dimension) {
                return new Sgd(0.1).init(dimension);
            }
        };
        assertThat(ParameterGroups.of(new Sgd(0.1)).group(new int[] {1}, plain).inFloat32()).isEmpty();
        assertThat(ParameterGroups.of(plain).group(new int[] {1}, new Sgd(0.1)).inFloat32()).isEmpty();
        assertThat(ParameterGroups.of(new Sgd(0.1)).group(new int[] {1}, new Sgd(0.2)).inFloat32()).isPresent();
        // a float64 group among float32 ones would be handed float32 values it cannot step
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParameterGroups.of(new Sgd(0.1).inFloat32().orElseThrow())
                        .group(new int[] {1}, new Sgd(0.2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
    }

    private static float[] gather(float[] values, int[] at) {
        float[] out = new float[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = values[at[i]];
        }
        return out;
    }

    /**
     * Replays the recording twice: on {@code double[]} values (rounded in and out by the state) and
     * on {@code float[]} ones (the loop's float32 path); both must give torch's bits.
     */
    private static void check(String name, Optimizer rule) throws IOException {
        List<String> lines = read(name);
        assertThat(lines).hasSize(62);
        float[] c = floats(lines.get(0).substring(2));
        Optimizer single = rule.inFloat32().orElseThrow();
        assertThat(single.float32()).isTrue();
        double[] x = widen(floats(lines.get(1)));
        float[] y = floats(lines.get(1));
        FirstOrderState wide = (FirstOrderState) single.init(x.length);
        FirstOrderState narrow = (FirstOrderState) single.init(y.length);
        for (int step = 1; step < lines.size() - 1; step++) {
            wide.update(x, gradient(x, c), rule.learningRate());
            narrow.update(y, gradient(y, c), rule.learningRate());
            float[] want = floats(lines.get(step + 1));
            for (int i = 0; i < x.length; i++) {
                int bits = Float.floatToRawIntBits(want[i]);
                if (Float.floatToRawIntBits((float) x[i]) != bits || (float) x[i] != x[i]) {
                    fail("%s on double[]: step %d entry %d: descent %s, torch %s", name, step, i, x[i], want[i]);
                }
                if (Float.floatToRawIntBits(y[i]) != bits) {
                    fail("%s on float[]: step %d entry %d: descent %s, torch %s", name, step, i, y[i], want[i]);
                }
            }
        }
    }

    /** {@code 3 (x - c)} in float32, as the recording computes it. */
    private static float[] gradient(float[] x, float[] c) {
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = (x[i] - c[i]) * 3.0f;
        }
        return g;
    }

    /** {@code 3 (x - c)} in float32, as the recording computes it. */
    private static double[] gradient(double[] x, float[] c) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = ((float) x[i] - c[i]) * 3.0f;
        }
        return g;
    }

    private static List<String> read(String name) throws IOException {
        try (InputStream in = Float32StateTest.class.getResourceAsStream("/torch-float32/" + name + ".txt")) {
            if (in == null) {
                throw new IOException("missing reference file torch-float32/" + name + ".txt");
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("# ") && !line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private static float[] floats(String hex) {
        String[] parts = hex.trim().split(" ");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.intBitsToFloat((int) Long.parseLong(parts[i], 16));
        }
        return out;
    }

    private static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
