package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.ml.Pipeline;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.model.Task;
import dev.descent.optim.AdamW;
import dev.descent.optim.ParameterGroups;
import dev.descent.optim.Sgd;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient accumulation and the no-decay bias group, in the trainer and the pipeline. */
class TrainingToolsTest {

    @Test
    void fourBatchesOfTenPerUpdateAreOneBatchOfForty() {
        // iris's 90 training rows: batches of 10, four per update, are the rows of the batches of 40 in the
        // same shuffled order (40, 40 and a last 10, which is one batch of 10 on its own)
        Dataset train = TrainerTest.iris().train();
        Mlp mlp = new Mlp(4, List.of(8), Activation.TANH, Task.MULTICLASS, 3);
        for (var optimizer : List.of(new Sgd(0.05).withMomentum(0.9), new AdamW(0.01))) {
            double[] accumulated = Trainer.of(mlp, TrainingPlan.of(optimizer).batchSize(10).accumulating(4).epochs(20).seed(3))
                    .fit(train, null).parameters();
            double[] large = Trainer.of(mlp, TrainingPlan.of(optimizer).batchSize(40).epochs(20).seed(3)).fit(train, null).parameters();
            double[] small = Trainer.of(mlp, TrainingPlan.of(optimizer).batchSize(10).epochs(20).seed(3)).fit(train, null).parameters();
            double worst = 0;
            for (int i = 0; i < large.length; i++) {
                worst = Math.max(worst, Math.abs(accumulated[i] - large[i]) / Math.max(1, Math.abs(large[i])));
            }
            assertThat(worst).as(optimizer.name()).isLessThan(1e-12);
            assertThat(Math.abs(small[0] - large[0])).as("updating every batch of 10 differs").isGreaterThan(1e-6);
        }
    }

    @Test
    void theShortLastBatchCountsForItsRows() {
        // diabetes's 442 rows: batches of 25 end with one of 17; with four per update the last update takes
        // 25 + 17 rows, the last batch of 100 (a linear model: no chaos to amplify rounding)
        Dataset train = AveragingTrainerTest.diabetes();
        var linear = new dev.descent.ml.model.LinearModel(10);
        double[] accumulated = Trainer.of(linear, TrainingPlan.of(new Sgd(0.05)).batchSize(25).accumulating(4).epochs(5).seed(3))
                .fit(train, null).parameters();
        double[] large = Trainer.of(linear, TrainingPlan.of(new Sgd(0.05)).batchSize(100).epochs(5).seed(3)).fit(train, null).parameters();
        for (int i = 0; i < large.length; i++) {
            assertThat(Math.abs(accumulated[i] - large[i]) / Math.max(1, Math.abs(large[i]))).isLessThan(1e-12);
        }
    }

    @Test
    void thePipelineLeavesTheBiasesOutOfWeightDecay() throws IOException {
        AdamW adamw = new AdamW(0.01).withWeightDecay(0.5);
        Pipeline pipeline = Pipeline.of("iris", ModelSpec.parse("mlp:6")).plan(p -> p.optimizer(adamw).epochs(20).seed(1));
        Pipeline.Outcome grouped = pipeline.plan(p -> p.noDecayOnBiases()).run();
        Mlp mlp = (Mlp) grouped.model().model();
        int[] biases = mlp.biasIndices();
        assertThat(biases).hasSize(6 + 3);
        assertThat(grouped.optimizer()).isInstanceOf(ParameterGroups.class);
        assertThat(grouped.optimizer().describe()).isEqualTo("adamw lr=0.01 (2 parameter groups)");
        // the same run with the groups made by hand, through the pipeline's own optimizer setting
        Pipeline.Outcome byHand = pipeline.plan(p -> p.optimizer(ParameterGroups.of(adamw).group(biases, adamw.withWeightDecay(0))))
                .run();
        assertThat(byHand.training().parameters()).containsExactly(grouped.training().parameters());
        Pipeline.Outcome decayed = pipeline.run();
        assertThat(decayed.training().parameters()).isNotEqualTo(grouped.training().parameters());
        assertThat(pipeline.plan().leavesBiasesOutOfDecay()).isFalse();
        assertThat(pipeline.plan(p -> p.noDecayOnBiases()).plan().leavesBiasesOutOfDecay()).isTrue();
    }

    @Test
    void settingsThatCannotWorkAreRefusedByName() {
        Pipeline pipeline = Pipeline.of("iris", ModelSpec.parse("softmax")).plan(p -> p.epochs(2));
        assertThatThrownBy(() -> pipeline.plan(p -> p.accumulating(2)).run()).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("lbfgs takes full batches");
        assertThatThrownBy(() -> pipeline.plan(p -> p.optimizer(new Sgd(0.1)).batchSize(0).accumulating(2)).run())
                .hasMessageContaining("needs mini-batches: give a batch size smaller than the 120 training rows");
        assertThatThrownBy(() -> pipeline.plan(p -> p.optimizer(new Sgd(0.1)).noDecayOnBiases()).run())
                .hasMessageContaining("needs a weight decay: sgd lr=0.1 has none");
        assertThatThrownBy(() -> pipeline.plan(p -> p.accumulating(0))).hasMessageContaining("must be at least 1: 0");
    }
}
