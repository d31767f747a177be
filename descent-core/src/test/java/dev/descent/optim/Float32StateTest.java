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
 * Adam and AdamW in float32 replay torch.optim's float32 trajectories bit for bit (recorded by
 * tools/reference/torch_float32_reference.py: 37 entries, 60 steps, gradient 3 (x - c) in float32).
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

    @Test
    void theFloat32FormIsTheOneRuleWithItsFlagSetAndOnlyTheAdamFamilyHasOne() {
        Adam adam = new Adam(1e-3).withBetas(0.8, 0.9);
        Optimizer single = adam.inFloat32().orElseThrow();
        assertThat(single).isEqualTo(new Adam(1e-3, 0.8, 0.9, 1e-8, 0, false, false, true));
        assertThat(((Adam) single).withLearningRate(0.5).float32()).isTrue(); // a schedule's copy stays float32
        assertThat(Lbfgs.defaults().inFloat32()).isEmpty();
    }

    @Test
    void aFloat32StateSavedAndRestoredContinuesToTheSameBits() throws IOException {
        Optimizer rule = new Adam(1e-2).withAmsgrad(true).inFloat32().orElseThrow();
        float[] c = {0.25f, -0.5f, 1.5f};
        double[] whole = {1, 2, -3};
        FirstOrderState state = (FirstOrderState) rule.init(3);
        double[] resumed = null;
        for (int step = 0; step < 20; step++) {
            state.update(whole, gradient(whole, c), 1e-2);
            if (step == 9) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                state.writeTo(new DataOutputStream(bytes));
                resumed = whole.clone();
                FirstOrderState restored = (FirstOrderState) rule.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                for (int again = 10; again < 20; again++) {
                    restored.update(resumed, gradient(resumed, c), 1e-2);
                }
            }
        }
        assertThat(resumed).containsExactly(whole);
        for (double p : whole) {
            assertThat((double) (float) p).isEqualTo(p);
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
