package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.GradientClipping;
import dev.descent.StopReason;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.SoftmaxModel;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Sgd;
import dev.descent.schedule.CosineAnnealing;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlanTest {

    @Test
    void theDefaultsAreWrittenOnceAndTheBatchSizeFollowsTheOptimizerUntilSet() {
        TrainingPlan adam = TrainingPlan.of(new Adam(1e-3));
        assertThat(adam.epochs()).isEqualTo(100);
        assertThat(adam.batchSize()).isEqualTo(32);
        assertThat(adam.seed()).isZero();
        assertThat(adam.penalty()).isEqualTo(Penalty.NONE);
        assertThat(adam.accumulation()).isEqualTo(1);
        assertThat(adam.timeLimit()).isNull();
        assertThat(adam.epochMetrics()).isTrue();
        // L-BFGS needs the whole objective: its default is the full batch, and switching to it follows
        assertThat(adam.optimizer(Lbfgs.defaults()).batchSize()).isZero();
        assertThat(adam.batchSize(64).optimizer(Lbfgs.defaults()).batchSize()).isEqualTo(64);
    }

    @Test
    void aWitherLeavesThePlanItWasCalledOnAsItWas() {
        TrainingPlan plan = TrainingPlan.of(new Sgd(0.1));
        TrainingPlan changed = plan.epochs(7).seed(3).penalty(new Penalty(1e-3, 0)).earlyStopping(2)
                .timeLimit(Duration.ofSeconds(5)).listener(new TrainingListener() {});
        assertThat(plan.epochs()).isEqualTo(100);
        assertThat(plan.seed()).isZero();
        assertThat(plan.penalty()).isEqualTo(Penalty.NONE);
        assertThat(plan.patience()).isZero();
        assertThat(plan.timeLimit()).isNull();
        assertThat(plan.listeners()).isEmpty();
        assertThat(changed.epochs()).isEqualTo(7);
        assertThat(changed.seed()).isEqualTo(3);
        assertThat(changed.patience()).isEqualTo(2);
        assertThat(changed.timeLimit()).isEqualTo(Duration.ofSeconds(5));
        assertThat(changed.listeners()).hasSize(1);
    }

    @Test
    void combinationsNoRunCouldTakeAreRefusedWhereTheyAreMadeNamingTheSetting() {
        TrainingPlan lbfgs = TrainingPlan.of(Lbfgs.defaults());
        assertRefused(() -> lbfgs.schedule(CosineAnnealing.of(10, 0)), "schedule", "a schedule does not apply to lbfgs");
        assertRefused(() -> lbfgs.clipping(GradientClipping.byNorm(1)), "clipping",
                "gradient clipping does not apply to lbfgs");
        assertRefused(() -> lbfgs.accumulating(2), "accumulate", "accumulating batches needs mini-batches, and lbfgs "
                + "takes full batches");
        assertRefused(() -> TrainingPlan.of(new Sgd(0.1)).accumulating(2).optimizer(Lbfgs.defaults()), "accumulate",
                "lbfgs takes full batches");
        assertRefused(() -> lbfgs.epochs(10).averaging(new StochasticWeightAveraging(11)), "swaStart",
                "the SWA start epoch must be in [1, 10] (the epoch budget): 11");
        assertRefused(() -> lbfgs.averaging(new StochasticWeightAveraging(50)).epochs(20), "swaStart",
                "the SWA start epoch must be in [1, 20] (the epoch budget): 50");
        assertRefused(() -> TrainingPlan.of(new Sgd(0.1)).noDecayOnBiases(), "noDecayBias",
                "leaving the biases out of weight decay needs a weight decay: sgd lr=0.1 has none");
        assertRefused(() -> TrainingPlan.of(new Adam(0.1)).withoutEpochMetrics().earlyStopping(3), "earlyStopping",
                "early stopping needs the per-epoch metrics");
        assertRefused(() -> lbfgs.epochs(0), "epochs", "epochs must be at least 1: 0");
        assertRefused(() -> lbfgs.batchSize(-1), "batchSize", "batch size must be at least 0");
        assertRefused(() -> lbfgs.timeLimit(Duration.ZERO), "timeLimit", "the time limit must be positive");
        assertRefused(() -> lbfgs.checkpoint(Path.of("x.ckpt"), 0), "checkpointEvery",
                "checkpoint interval must be at least 1 epoch: 0");
        assertThat(TrainingPlan.of(new AdamW(0.01)).noDecayOnBiases().leavesBiasesOutOfDecay()).isTrue();
    }

    @Test
    void aTimeLimitEndsTheRunWithTheEpochUnderWay(@TempDir Path dir) throws Exception {
        Dataset iris = CsvDatasets.builtIn("iris", null, true);
        Dataset train = Standardizer.fit(iris).apply(iris);
        Path file = dir.resolve("run.ckpt");
        // a budget of one nanosecond is spent by the time the first epoch ends
        TrainingPlan plan = TrainingPlan.of(new Adam(0.01)).batchSize(16).epochs(1000).timeLimit(Duration.ofNanos(1))
                .checkpoint(file, 100);
        TrainingResult result = Trainer.of(new SoftmaxModel(4, 3), plan).fit(train, null);
        assertThat(result.stopReason()).isEqualTo(StopReason.TIME_LIMIT);
        assertThat(result.epochs()).isEqualTo(1);
        assertThat(result.history()).hasSize(1);
        // the last epoch is checkpointed as any other last epoch, and is the one-epoch run to the bit
        assertThat(Checkpoint.read(file).epoch()).isEqualTo(1);
        TrainingResult oneEpoch = Trainer.of(new SoftmaxModel(4, 3), plan.epochs(1)).fit(train, null);
        assertThat(result.parameters()).containsExactly(oneEpoch.parameters());
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String setting,
                                      String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidSetting.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageContaining(message);
    }
}
