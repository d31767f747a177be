package dev.descent.ml.train;

import static dev.descent.ml.train.TrainerTest.assertSameBits;
import static dev.descent.ml.train.TrainerTest.iris;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.average.ExponentialMovingAverage;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.average.WeightAveraging;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.SoftmaxModel;
import dev.descent.ml.model.Task;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's weight averaging: what it averages, and that checkpoints carry it to the same bits. */
class AveragingTrainerTest {

    /** diabetes, standardized: a linear model with full-batch SGD takes one update per epoch. */
    static Dataset diabetes() {
        Dataset diabetes = CsvDatasets.builtIn("diabetes", null, false);
        return Standardizer.fit(diabetes).apply(diabetes);
    }

    @Test
    void theEmaOfAFullBatchRunIsTheEmaOfItsEpochEndParameters() {
        // a full-batch epoch is one update, and a run of k epochs ends at the k-th iterate: the EMA of
        // a 12-epoch run is the EMA, taken by hand, of the parameters of runs of 1, 2, ..., 12 epochs
        Dataset train = diabetes();
        Supplier<Trainer> trainer = () -> Trainer.of(new LinearModel(10), TrainingPlan.of(new Sgd(0.1)).epochs(10).batchSize(0));
        double decay = 0.8;
        double[] expected = trainer.get().plan(p -> p.epochs(1)).fit(train, null).parameters();
        for (int k = 2; k <= 12; k++) {
            int epochs = k;
            double[] theta = trainer.get().plan(p -> p.epochs(epochs)).fit(train, null).parameters();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = decay * expected[i] + (1 - decay) * theta[i];
            }
        }
        TrainingResult result = trainer.get().plan(p -> p.epochs(12).averaging(new ExponentialMovingAverage(decay))).fit(train, null);
        assertThat(result.average().count()).isEqualTo(12);
        assertSameBits(result.average().parameters(), expected);
        assertThat(result.modelIsAverage()).isTrue();
        assertSameBits(result.modelParameters(), expected);
        // the run itself is untouched: its parameters are those of the run without averaging
        assertSameBits(result.parameters(), trainer.get().plan(p -> p.epochs(12)).fit(train, null).parameters());
        assertThat(result.parameters()).isNotEqualTo(expected);
    }

    @Test
    void swaIsTheRunningMeanOfTheEpochEndParametersFromItsStartEpoch() {
        // mini-batches: the parameters at the end of epoch k are those a run of k epochs returns
        Split data = iris();
        Supplier<Trainer> trainer = () -> Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(new Adam(0.05)).epochs(10).batchSize(16).seed(2));
        double[] expected = trainer.get().plan(p -> p.epochs(4)).fit(data.train(), data.validation()).parameters();
        double[] sum = expected.clone();
        for (int k = 5; k <= 9; k++) {
            int epochs = k;
            double[] theta = trainer.get().plan(p -> p.epochs(epochs)).fit(data.train(), data.validation()).parameters();
            long n = k - 4;   // points averaged so far
            for (int i = 0; i < expected.length; i++) {
                expected[i] = expected[i] + (theta[i] - expected[i]) / (n + 1);
                sum[i] += theta[i];
            }
        }
        TrainingResult result = trainer.get().plan(p -> p.epochs(9).averaging(new StochasticWeightAveraging(4)))
                .fit(data.train(), data.validation());
        assertThat(result.average().count()).isEqualTo(6);   // the ends of epochs 4 to 9
        assertSameBits(result.average().parameters(), expected);
        for (int i = 0; i < sum.length; i++) {
            assertThat(result.average().parameters()[i]).isCloseTo(sum[i] / 6, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void withEarlyStoppingTheAverageRunsToTheLastEpochAndTheParametersAreTheBestEpochs() {
        Split data = iris();
        Mlp mlp = new Mlp(4, List.of(16), Activation.RELU, Task.MULTICLASS, 3);
        Supplier<Trainer> trainer = () -> Trainer.of(mlp, TrainingPlan.of(new Adam(0.1)).batchSize(4).epochs(300).seed(1).earlyStopping(5));
        TrainingResult plain = trainer.get().fit(data.train(), data.validation());
        TrainingResult averaged = trainer.get().plan(p -> p.averaging(new StochasticWeightAveraging(1))).fit(data.train(), data.validation());
        assertThat(averaged.stoppedEarly()).isTrue();
        assertThat(averaged.bestEpoch()).isEqualTo(plain.bestEpoch()).isLessThan(averaged.epochs());
        assertSameBits(averaged.parameters(), plain.parameters());
        assertThat(averaged.average().count()).isEqualTo(averaged.epochs());   // every epoch, through the patience
        assertThat(averaged.modelParameters()).isNotEqualTo(averaged.parameters());
    }

    @Test
    void aRunThatStopsBeforeTheSwaStartHasNoAverage() {
        // a full-batch run whose convergence test ends it after epoch 3, before the SWA start epoch 5
        TrainingResult result = Trainer.of(new LinearModel(10), TrainingPlan.of(new Sgd(0.1)).batchSize(0).epochs(5)
                .convergence(StoppingRules.maxEpochs(3)).averaging(new StochasticWeightAveraging(5))).fit(diabetes(), null);
        assertThat(result.average()).isNull();
        assertThat(result.modelIsAverage()).isFalse();
        assertSameBits(result.modelParameters(), result.parameters());
    }

    @Test
    void aFailedRunKeepsItsBestFiniteParametersNotTheAverage() {
        TrainingResult result = Trainer.of(new LinearModel(10), TrainingPlan.of(new Sgd(5.0)).batchSize(16).epochs(50)
                .averaging(new ExponentialMovingAverage(0.9))).fit(diabetes(), null);
        assertThat(result.diverged()).isTrue();
        assertThat(result.average()).isNotNull();
        assertThat(result.modelIsAverage()).isFalse();
        assertSameBits(result.modelParameters(), result.parameters());
    }

    /** Trainers made fresh for each run. */
    record Setup(String name, Supplier<Trainer> trainer) {}

    @Test
    void resumingFromACheckpointGivesTheUninterruptedRunsAverageToTheBit(@TempDir Path dir) throws IOException {
        Split data = iris();
        Mlp mlp = new Mlp(4, List.of(8), Activation.TANH, Task.MULTICLASS, 3);
        List<Setup> setups = List.of(
                new Setup("ema mini-batch", () -> Trainer.of(mlp, TrainingPlan.of(new Adam(0.01)).epochs(10).batchSize(16).seed(5)
                        .averaging(new ExponentialMovingAverage(0.95)))),
                new Setup("ema per-example", () -> Trainer.of(mlp, TrainingPlan.of(new Sgd(0.01).withMomentum(0.9)).epochs(10).batchSize(1).seed(6)
                        .averaging(new ExponentialMovingAverage(0.999)))),
                new Setup("swa full batch", () -> Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(new Sgd(0.5)).epochs(10).batchSize(0).seed(7)
                        .averaging(new StochasticWeightAveraging(3)))),
                new Setup("swa from after the checkpoint", () -> Trainer.of(mlp, TrainingPlan.of(new Adam(0.02)).epochs(10).batchSize(8).seed(8)
                        .averaging(new StochasticWeightAveraging(8)))),
                new Setup("swa early stopping", () -> Trainer.of(mlp, TrainingPlan.of(new Adam(0.05)).epochs(10).batchSize(8).seed(8).earlyStopping(3)
                        .averaging(new StochasticWeightAveraging(2)))));
        for (Setup setup : setups) {
            TrainingResult whole = setup.trainer().get().plan(p -> p.epochs(24)).fit(data.train(), data.validation());
            Path file = dir.resolve(setup.name().replace(' ', '-') + ".ckpt");
            Trainer interrupted = setup.trainer().get().plan(p -> p.epochs(24).checkpoint(file, 5).listener(TrainerTest.interruptedIn(7)));
            // the run dies in epoch 7; the checkpoint of epoch 5 is what survives
            assertThatThrownBy(() -> interrupted.fit(data.train(), data.validation())).hasMessage("interrupted");
            TrainingResult resumed = setup.trainer().get().plan(p -> p.epochs(24)).resume(file, data.train(), data.validation());
            assertThat(resumed.average()).as(setup.name()).isNotNull();
            assertThat(resumed.average().count()).as(setup.name()).isEqualTo(whole.average().count());
            assertSameBits(resumed.average().parameters(), whole.average().parameters());
            assertSameBits(resumed.parameters(), whole.parameters());
            assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
        }
    }

    @Test
    void aCheckpointResumesOnlyWithTheAveragingThatWroteIt(@TempDir Path dir) throws IOException {
        Split data = iris();
        Path averaged = dir.resolve("averaged.ckpt");
        Path plain = dir.resolve("plain.ckpt");
        Supplier<Trainer> trainer = () -> Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(new Adam(0.01)).batchSize(0).epochs(3));
        trainer.get().plan(p -> p.averaging(new ExponentialMovingAverage(0.99)).checkpoint(averaged, 1)).fit(data.train(), null);
        trainer.get().plan(p -> p.checkpoint(plain, 1)).fit(data.train(), null);
        List<WeightAveraging> others = List.of(new ExponentialMovingAverage(0.9), new StochasticWeightAveraging(2));
        for (WeightAveraging other : others) {
            assertThatThrownBy(() -> trainer.get().plan(p -> p.averaging(other).epochs(6)).resume(averaged, data.train(), null))
                    .isInstanceOf(DataException.class)
                    .hasMessage(averaged + ": the checkpoint was made averaging the weights (ema decay=0.99); resuming "
                            + "needs the same (got " + other.describe() + ")");
        }
        assertThatThrownBy(() -> trainer.get().plan(p -> p.epochs(6)).resume(averaged, data.train(), null))
                .hasMessageEndingWith("resuming needs the same (got no averaging)");
        assertThatThrownBy(() -> trainer.get().plan(p -> p.averaging(new ExponentialMovingAverage(0.99)).epochs(6)).resume(plain, data.train(), null))
                .hasMessage(plain + ": the checkpoint was made without weight averaging; resuming needs the same (got "
                        + "ema decay=0.99)");
        TrainingResult resumed = trainer.get().plan(p -> p.averaging(new ExponentialMovingAverage(0.99)).epochs(6))
                .resume(averaged, data.train(), null);
        assertThat(resumed.average().count()).isEqualTo(6);   // the trainer's default full batch: one update an epoch
    }

    @Test
    void aCheckpointOfFormatTwoStillResumes(@TempDir Path dir) throws IOException {
        // format 2 is format 3 without the trailing averaging (an empty UTF string and a zero length)
        Split data = iris();
        Path file = dir.resolve("run.ckpt");
        Supplier<Trainer> trainer = () -> Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(new Adam(0.01)).epochs(10).batchSize(16).seed(4));
        trainer.get().plan(p -> p.epochs(3).checkpoint(file, 1)).fit(data.train(), data.validation());
        byte[] three = Files.readAllBytes(file);
        byte[] content = Arrays.copyOf(three, three.length - 8 - 6);
        assertThat(Arrays.copyOfRange(three, content.length, content.length + 6)).containsOnly(0);
        content[7] = 2;   // the version, an int after the magic number
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        java.io.ByteArrayOutputStream two = new java.io.ByteArrayOutputStream();
        two.write(content);
        new java.io.DataOutputStream(two).writeLong(crc.getValue());
        Files.write(file, two.toByteArray());

        TrainingResult resumed = trainer.get().plan(p -> p.epochs(8)).resume(file, data.train(), data.validation());
        assertSameBits(resumed.parameters(), trainer.get().plan(p -> p.epochs(8)).fit(data.train(), data.validation()).parameters());
        assertThat(resumed.average()).isNull();
    }
}
