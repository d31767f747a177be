package dev.descent.ml;

import dev.descent.ml.train.InvalidSetting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.average.ExponentialMovingAverage;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.ml.model.ModelSpec;
import dev.descent.optim.Adam;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The pipeline evaluates and saves the average when asked, and says when it could not. */
class PipelineAveragingTest {

    @Test
    void theSavedAndEvaluatedModelIsTheAverage() throws IOException {
        // averaging set first: the setters after it carry it through
        Pipeline averaged = Pipeline.of("iris", ModelSpec.parse("mlp:8")).split(0.2, 0.2).plan(p -> p.averaging(new ExponentialMovingAverage(0.9)))
                .plan(p -> p.optimizer(new Adam(0.01)).batchSize(16).epochs(20).seed(1));
        assertThat(averaged.plan().averaging()).isEqualTo(new ExponentialMovingAverage(0.9));
        Pipeline.Outcome run = averaged.run();
        Pipeline.Outcome plain = Pipeline.of("iris", ModelSpec.parse("mlp:8")).split(0.2, 0.2).plan(p -> p.optimizer(new Adam(0.01)).batchSize(16).epochs(20).seed(1)).run();
        assertThat(run.training().modelIsAverage()).isTrue();
        assertThat(run.training().average().count()).isEqualTo(20L * 6);   // 90 training rows in batches of 16
        assertThat(run.model().parameters()).containsExactly(run.training().average().parameters());
        // the run is the same run: its own parameters are the plain run's, whose model they are
        assertThat(run.training().parameters()).containsExactly(plain.model().parameters());
        assertThat(run.model().parameters()).isNotEqualTo(plain.model().parameters());
        assertThat(run.evaluation("test").loss()).isNotEqualTo(plain.evaluation("test").loss());
        assertThat(run.warnings()).noneMatch(w -> w.contains("EMA") || w.contains("averaged"));
    }

    @Test
    void anSwaStartPastTheBudgetIsRefusedByName() {
        assertThatThrownBy(() -> Pipeline.of("iris", ModelSpec.softmax()).plan(p -> p.epochs(20).averaging(new StochasticWeightAveraging(21))).run())
                .isInstanceOf(InvalidSetting.class)
                .hasMessage("the SWA start epoch must be in [1, 20] (the epoch budget): 21")
                .extracting(e -> ((InvalidSetting) e).setting()).isEqualTo("swaStart");
    }

    @Test
    void theWarningsSayWhenTheAverageIsNotTheModelOrIsYoung() throws IOException {
        // full-batch L-BFGS converges long before epoch 90: nothing is averaged
        Pipeline.Outcome converged = Pipeline.of("iris", ModelSpec.softmax()).plan(p -> p.averaging(new StochasticWeightAveraging(90)))
                .run();
        assertThat(converged.training().converged()).isTrue();
        assertThat(converged.training().average()).isNull();
        assertThat(converged.model().parameters()).containsExactly(converged.training().parameters());
        assertThat(converged.warnings()).anySatisfy(w -> assertThat(w).startsWith("no weights were averaged (the run "
                + "ended after epoch " + converged.training().epochs() + ", before the SWA start epoch 90)"));

        Pipeline.Outcome young = Pipeline.of("iris", ModelSpec.parse("mlp:8")).split(0.2, 0.2).plan(p -> p.averaging(new ExponentialMovingAverage(0.999)).epochs(10)).run();
        assertThat(young.training().modelIsAverage()).isTrue();
        assertThat(young.warnings()).anySatisfy(w -> assertThat(w).startsWith("the EMA averaged 30 updates, fewer than "
                + "its time constant 1 / (1 - 0.999) = 1000 updates: its first point still weighs 0.97 in it; lower the "
                + "decay (--ema 0.5) or train longer"));
    }
}
