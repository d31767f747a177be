package dev.descent.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every model's loss gradient against central finite differences. */
class ModelGradientTest {

    static Stream<Model> models() {
        return Stream.of(new LinearModel(5), new LogisticModel(5), new SoftmaxModel(5, 4),
                new Mlp(5, List.of(7, 3), Activation.RELU, Task.MULTICLASS, 4),
                new Mlp(5, List.of(6), Activation.TANH, Task.REGRESSION, 1),
                new Mlp(5, List.of(4, 4), Activation.SIGMOID, Task.BINARY, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void lossGradientMatchesFiniteDifferences(Model model) {
        SplittableRandom random = new SplittableRandom(11);
        int rows = 9;
        double[] x = new double[rows * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble(-2, 2);
        }
        double[] targets = new double[rows];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(model.task() == Task.MULTICLASS ? 4 : 2);
            targets[i] = model.task() == Task.REGRESSION ? random.nextDouble(-3, 3) : labels[i];
        }
        Batch batch = new Batch(x, rows, 5, targets, labels);
        Objective loss = new Objective() {
            @Override
            public int dimension() {
                return model.parameterCount();
            }

            @Override
            public double valueAndGradient(double[] theta, double[] gradient) {
                Tape tape = new Tape();
                Tensor parameters = tape.variable(theta);
                Tensor value = model.loss(model.forward(parameters, Model.features(tape, batch)), batch);
                tape.backward(value);
                System.arraycopy(parameters.gradient(), 0, gradient, 0, theta.length);
                return value.item();
            }
        };
        double[] theta = model.initialParameters(3);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += random.nextDouble(-0.5, 0.5); // away from zero, where relu has its kink only by chance
        }
        double[] analytic = new double[theta.length];
        loss.valueAndGradient(theta, analytic);
        double[] numeric = new double[theta.length];
        Objectives.centralDifferences(loss::value, theta, numeric);
        for (int i = 0; i < theta.length; i++) {
            assertThat(Math.abs(analytic[i] - numeric[i]) / Math.max(1, Math.abs(numeric[i])))
                    .as("%s parameter %d: %s vs %s", model.describe(), i, analytic[i], numeric[i]).isLessThan(1e-6);
        }
    }
}
