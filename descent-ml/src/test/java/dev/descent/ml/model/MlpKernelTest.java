package dev.descent.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.parallel.Team;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The MLP's fused pass gives the tape's bits, and the gradient the finite differences give. */
class MlpKernelTest {

    @Property(tries = 60)
    void theFusedPassGivesTheTapesBits(@ForAll Activation activation, @ForAll Task task,
                                        @ForAll @IntRange(min = 1, max = 3) int hiddenLayers,
                                        @ForAll @IntRange(min = 1, max = 40) int rows,
                                        @ForAll boolean indexed, @ForAll @IntRange(min = 0, max = 500) int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> hidden = random.ints(hiddenLayers, 1, 30).boxed().toList();
        int inputs = 1 + random.nextInt(20);
        int outputs = task == Task.MULTICLASS ? 2 + random.nextInt(5) : 1;
        Mlp mlp = new Mlp(inputs, hidden, activation, task, outputs);
        assertSameBits(mlp, batch(random, rows, inputs, task, outputs, indexed), mlp.initialParameters(seed));
    }

    @Test
    void batchesLongerThanAChunkKeepEverySumInRowOrder() {
        SplittableRandom random = new SplittableRandom(3);
        for (Task task : Task.values()) {
            int outputs = task == Task.MULTICLASS ? 4 : 1;
            Mlp mlp = new Mlp(13, List.of(17, 9), Activation.TANH, task, outputs);
            for (boolean indexed : new boolean[] {false, true}) {
                assertSameBits(mlp, batch(random, 2 * MlpKernel.CHUNK + 77, 13, task, outputs, indexed),
                        mlp.initialParameters(5));
            }
        }
    }

    @Test
    void aW4SizedPassGivesTheTapesBitsAndTheSameBitsOnOneThread() {
        // 128 rows gathered from a larger matrix through a 256-wide ReLU layer into 10 classes: the products
        // split over the team, and the gather and the bias passes run in parts
        SplittableRandom random = new SplittableRandom(4);
        Batch batch = batch(random, 128, 784, Task.MULTICLASS, 10, true);
        for (Precision precision : Precision.values()) {
            Mlp mlp = new Mlp(784, List.of(256), Activation.RELU, Task.MULTICLASS, 10, precision);
            double[] theta = mlp.initialParameters(1);
            if (precision == Precision.FLOAT64) {
                assertSameBits(mlp, batch, theta);
            }
            float[] narrow = new float[theta.length];
            for (int i = 0; i < theta.length; i++) {
                narrow[i] = (float) theta[i];
            }
            double[] wide = new double[theta.length];
            float[] single = new float[theta.length];
            double wideValue = mlp.lossAndGradient(theta, batch, wide);
            double singleValue = mlp.lossAndGradient(narrow, batch, single);
            // inside a task of the team every nested split runs on that task's thread alone
            double[] aloneWide = new double[theta.length];
            float[] aloneSingle = new float[theta.length];
            double[] aloneValues = new double[2];
            Team.run(2, task -> {
                if (task == 0) {
                    aloneValues[0] = mlp.lossAndGradient(theta, batch, aloneWide);
                    aloneValues[1] = mlp.lossAndGradient(narrow, batch, aloneSingle);
                }
            });
            // isEqualTo compares arrays bit for bit as containsExactly does, in linear time
            assertThat(aloneValues).as("%s", precision).containsExactly(wideValue, singleValue);
            assertThat(aloneWide).as("%s", precision).isEqualTo(wide);
            assertThat(aloneSingle).as("%s", precision).isEqualTo(single);
        }
    }

    @Test
    void theGradientIsTheFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(11);
        for (Task task : Task.values()) {
            int outputs = task == Task.MULTICLASS ? 3 : 1;
            Mlp mlp = new Mlp(5, List.of(7, 4), Activation.TANH, task, outputs);
            Batch batch = batch(random, 23, 5, task, outputs, false);
            double[] theta = mlp.initialParameters(2);
            double[] gradient = new double[theta.length];
            mlp.lossAndGradient(theta, batch, gradient);
            double[] scratch = new double[theta.length];
            for (int j = 0; j < theta.length; j++) {
                double h = 1e-6;
                double[] plus = theta.clone();
                plus[j] += h;
                double[] minus = theta.clone();
                minus[j] -= h;
                double central = (mlp.lossAndGradient(plus, batch, scratch) - mlp.lossAndGradient(minus, batch, scratch))
                        / (2 * h);
                assertThat(gradient[j]).as("%s parameter %d", task, j).isCloseTo(central, within(1e-7));
            }
        }
    }

    private static void assertSameBits(Mlp mlp, Batch batch, double[] theta) {
        Tape tape = new Tape();
        Tensor variable = tape.variable(theta);
        Tensor loss = mlp.trainingLoss(variable, tape, batch);
        tape.backward(loss);
        double[] gradient = new double[theta.length];
        java.util.Arrays.fill(gradient, Double.NaN); // overwritten, never added to
        double value = mlp.lossAndGradient(theta, batch, gradient);
        assertThat(value).isEqualTo(loss.item());
        assertThat(gradient).isEqualTo(variable.gradient());
    }

    private static Batch batch(SplittableRandom random, int rows, int inputs, Task task, int outputs, boolean indexed) {
        int matrixRows = indexed ? rows + 7 : rows;
        double[] x = random.doubles((long) matrixRows * inputs, -2, 2).toArray();
        double[] targets = switch (task) {
            case REGRESSION -> random.doubles(rows, -3, 3).toArray();
            case BINARY -> random.ints(rows, 0, 2).asDoubleStream().toArray();
            case MULTICLASS -> null;
        };
        int[] labels = task == Task.MULTICLASS ? random.ints(rows, 0, outputs).toArray() : null;
        int[] indices = indexed ? random.ints(rows, 0, matrixRows).toArray() : null;
        return new Batch(x, rows, inputs, targets, labels, indices);
    }
}
