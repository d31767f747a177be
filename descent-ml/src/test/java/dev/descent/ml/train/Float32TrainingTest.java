package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.model.Precision;
import dev.descent.ml.model.Task;
import dev.descent.optim.Adam;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Training in float32: the accuracy and the loss curve of float64, with float32's rounding. */
class Float32TrainingTest {

    /** The float64 test's bar (SklearnReferenceTest), on the same seeds and splits. */
    @Test
    void theDigitsMlpStillReachesNinetySevenPercentInFloat32() {
        double[] accuracy = LongStream.range(0, 5).mapToDouble(s -> SklearnReferenceTest.digitsAccuracy(s, Precision.FLOAT32))
                .toArray();
        assertThat(java.util.Arrays.stream(accuracy).min().orElseThrow()).as(java.util.Arrays.toString(accuracy))
                .isGreaterThanOrEqualTo(0.97);
    }

    /**
     * Thirty epochs of the digits MLP from the same start and batches: the float32 run's training
     * loss stays within 1e-4 (relative) of the float64 run's at every epoch. The largest difference
     * measured is 5.0e-6: float32 rounds every weight, moment and gradient at about 6e-8, and Adam's
     * steps carry the differences forward.
     */
    @Test
    void aFloat32LossCurveTracksTheFloat64One() {
        Split split = Split.of(CsvDatasets.builtIn("digits", null, true), 0.1, 0.2, 0);
        Standardizer standardizer = Standardizer.fit(split.train());
        Dataset train = standardizer.apply(split.train());
        double[][] curves = new double[2][];
        Precision[] precisions = {Precision.FLOAT64, Precision.FLOAT32};
        for (int p = 0; p < 2; p++) {
            Mlp mlp = new Mlp(64, List.of(64), Activation.RELU, Task.MULTICLASS, 10, precisions[p]);
            TrainingResult result = Trainer.of(mlp, TrainingPlan.of(new Adam(1e-3)).epochs(30).batchSize(32).seed(0)).fit(train, null);
            curves[p] = result.history().stream().mapToDouble(r -> r.train().loss()).toArray();
        }
        double largest = 0;
        for (int e = 0; e < curves[0].length; e++) {
            largest = Math.max(largest, Math.abs(curves[1][e] - curves[0][e]) / curves[0][e]);
        }
        assertThat(curves[1]).hasSameSizeAs(curves[0]);
        assertThat(curves[1][curves[1].length - 1]).isLessThan(curves[1][0] / 10);
        assertThat(largest).as("largest relative difference of the two curves").isLessThan(1e-4).isGreaterThan(0);
    }

    /**
     * With a first-order rule the parameters and its state are float32, as torch.optim keeps a
     * float32 model's (the rule's float32 form); L-BFGS, which has none, updates float64 parameters
     * (master weights).
     */
    @Test
    void firstOrderRulesKeepAFloat32ModelsParametersInFloat32() {
        Split split = Split.of(CsvDatasets.builtIn("iris", null, true), 0.2, 0.2, 1);
        Dataset train = Standardizer.fit(split.train()).apply(split.train());
        Mlp mlp = new Mlp(4, List.of(8), Activation.TANH, Task.MULTICLASS, 3, Precision.FLOAT32);
        for (dev.descent.optim.Optimizer rule : List.of(new Adam(1e-2), new dev.descent.optim.Sgd(0.1).withMomentum(0.9),
                new dev.descent.optim.RmsProp(1e-2), new dev.descent.optim.Lion(1e-3))) {
            double[] trained = Trainer.of(mlp, TrainingPlan.of(rule).epochs(5).batchSize(16)).fit(train, null).parameters();
            for (double p : trained) {
                assertThat((double) (float) p).as(rule.describe()).isEqualTo(p);
            }
        }
        double[] lbfgs = Trainer.of(mlp, TrainingPlan.of(dev.descent.optim.Lbfgs.defaults()).epochs(5).batchSize(0)).fit(train, null)
                .parameters();
        assertThat(java.util.Arrays.stream(lbfgs).filter(p -> (double) (float) p != p).count()).isPositive();
    }

    /**
     * The loop steps a float32 model's parameters in float[] (no conversion per step) unless
     * something needs them in double[] every step, as clipping does. A clipping that never bites
     * leaves the gradient as it is, so both paths must give the same bits: every epoch's loss, the
     * parameters, and with an L2 penalty added to the float32 gradient.
     */
    @Test
    void theFloat32PathGivesTheBitsOfTheSameRunOnDoubleArrays() {
        Split split = Split.of(CsvDatasets.builtIn("iris", null, true), 0.2, 0.2, 1);
        Dataset train = Standardizer.fit(split.train()).apply(split.train());
        Mlp mlp = new Mlp(4, List.of(8, 6), Activation.TANH, Task.MULTICLASS, 3, Precision.FLOAT32);
        for (Penalty penalty : List.of(Penalty.NONE, new Penalty(1e-2, 1e-3))) {
            Trainer trainer = Trainer.of(mlp, TrainingPlan.of(new Adam(1e-2).withAmsgrad(true)).epochs(6).batchSize(16).seed(3)
                    .penalty(penalty));
            TrainingResult single = trainer.fit(train, null);
            TrainingResult wide = trainer.plan(p -> p.clipping(dev.descent.GradientClipping.byNorm(1e300))).fit(train, null);
            assertThat(single.parameters()).containsExactly(wide.parameters());
            assertThat(single.history().stream().mapToDouble(r -> r.train().loss()).toArray())
                    .containsExactly(wide.history().stream().mapToDouble(r -> r.train().loss()).toArray());
            assertThat(single.parameters()).isNotEqualTo(mlp.initialParameters(3));
        }
        // the first run took the float32 path: its batches compute in float32, a float64 model's do not
        Batch rows = Trainer.batchOf(mlp, train);
        assertThat(new TrainingObjective(mlp, Penalty.NONE, rows, 16, 3).float32()).isTrue();
        Mlp wide = new Mlp(4, List.of(8, 6), Activation.TANH, Task.MULTICLASS, 3, Precision.FLOAT64);
        assertThat(new TrainingObjective(wide, Penalty.NONE, Trainer.batchOf(wide, train), 16, 3).float32()).isFalse();
        // and a batch's float32 objective is the model's float32 pass at the float32 point
        float[] point = new float[mlp.parameterCount()];
        double[] start = mlp.initialParameters(3);
        for (int i = 0; i < point.length; i++) {
            point[i] = (float) start[i];
        }
        float[] viaObjective = new float[point.length];
        float[] viaModel = new float[point.length];
        double value = new TrainingObjective(mlp, Penalty.NONE, rows, 16, 3).batch(0, 0).valueAndGradient(point, viaObjective);
        int[] order = RowOrder.of(3, rows.rows(), 0);
        double[] features = new double[16 * rows.columns()];
        int[] labels = new int[16];
        for (int k = 0; k < 16; k++) {
            System.arraycopy(rows.features(), order[k] * rows.columns(), features, k * rows.columns(), rows.columns());
            labels[k] = rows.labels()[order[k]];
        }
        Batch first = new Batch(features, 16, rows.columns(), null, labels);
        assertThat(value).isPositive().isEqualTo(mlp.lossAndGradient(point, first, viaModel));
        assertThat(viaObjective).containsExactly(viaModel);
        assertThat(viaModel).doesNotContain(Float.NaN).matches(g -> g[0] != 0 || g[1] != 0);
    }

    /** One step's gradient: float32's agrees with float64's to float32's rounding, not to the bit. */
    @Test
    void aFloat32GradientIsTheFloat64OneToFloat32Rounding() {
        SplittableRandom random = new SplittableRandom(4);
        int rows = 300;
        double[] x = random.doubles(rows * 20L, -2, 2).toArray();
        int[] labels = random.ints(rows, 0, 5).toArray();
        Batch batch = new Batch(x, rows, 20, null, labels);
        for (Activation activation : Activation.values()) {
            Mlp f64 = new Mlp(20, List.of(33, 17), activation, Task.MULTICLASS, 5);
            Mlp f32 = new Mlp(20, List.of(33, 17), activation, Task.MULTICLASS, 5, Precision.FLOAT32);
            double[] theta = f64.initialParameters(1);
            double[] g64 = new double[theta.length];
            double[] g32 = new double[theta.length];
            double loss64 = f64.lossAndGradient(theta, batch, g64);
            double loss32 = f32.lossAndGradient(theta, batch, g32);
            assertThat(Math.abs(loss32 - loss64) / loss64).as(activation.toString()).isLessThan(1e-6);
            double difference = 0;
            double norm = 0;
            for (int j = 0; j < theta.length; j++) {
                difference += (g32[j] - g64[j]) * (g32[j] - g64[j]);
                norm += g64[j] * g64[j];
                assertThat((double) (float) g32[j]).isEqualTo(g32[j]); // a float32 value, widened
            }
            assertThat(Math.sqrt(difference / norm)).as(activation.toString()).isLessThan(1e-5).isGreaterThan(0);
        }
    }

    @Test
    void theSpecNamesThePrecisionAndOnlyAnMlpTakesFloat32() {
        ModelSpec spec = ModelSpec.parse("mlp:64,32:tanh:f32");
        assertThat(spec.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(spec).hasToString("mlp:64,32:tanh:f32").isNotEqualTo(ModelSpec.parse("mlp:64,32:tanh"));
        assertThat(ModelSpec.parse("mlp:64:f32")).hasToString("mlp:64:f32")
                .isEqualTo(ModelSpec.parse("mlp:64").withPrecision(Precision.FLOAT32));
        Mlp built = (Mlp) spec.build(10, 3);
        assertThat(built.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(built.spec()).isEqualTo(spec);
        assertThatThrownBy(() -> ModelSpec.linear().withPrecision(Precision.FLOAT32))
                .hasMessage("f32 applies to mlp models; linear trains in f64");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:64:relu:f16")).hasMessageContaining("'f16' is not a precision");
    }
}
