package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.SoftmaxModel;
import dev.descent.ml.model.Task;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.schedule.CosineAnnealing;
import dev.descent.schedule.ReduceOnPlateau;
import dev.descent.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    static Split iris() {
        Split split = Split.of(CsvDatasets.builtIn("iris", null, true), 0.2, 0.2, 3);
        Standardizer s = Standardizer.fit(split.train());
        return new Split(s.apply(split.train()), s.apply(split.validation()), s.apply(split.test()));
    }

    static void assertSameBits(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(Double.doubleToRawLongBits(a[i])).as("parameter %d: %s vs %s", i, a[i], b[i])
                    .isEqualTo(Double.doubleToRawLongBits(b[i]));
        }
    }

    /** Trainer, optimizer and schedule made fresh for each run (a plateau schedule is stateful). */
    record Setup(String name, Supplier<Trainer> trainer) {}

    /** A listener that kills the run at the end of {@code epoch} with "interrupted", as a crash would. */
    static TrainingListener interruptedIn(int epoch) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                if (record.epoch() == epoch) {
                    throw new IllegalStateException("interrupted");
                }
            }
        };
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedRunsBits(@TempDir Path dir) throws IOException {
        Split data = iris();
        Mlp mlp = new Mlp(4, List.of(8, 6), Activation.TANH, Task.MULTICLASS, 3);
        List<Setup> setups = List.of(
                new Setup("adam mini-batch cosine", () -> Trainer.of(mlp, TrainingPlan.of(new Adam(0.01)).epochs(10).batchSize(16).seed(5)
                        .schedule(CosineAnnealing.withRestarts(30, 2, 1e-4)).penalty(new Penalty(1e-3, 1e-4)))),
                new Setup("sgd per-example plateau", () -> Trainer.of(mlp, TrainingPlan.of(new Sgd(0.01).withMomentum(0.9)).epochs(10).batchSize(1)
                        .seed(6).schedule(new ReduceOnPlateau(0.5, 2, 1e-4, 0, 1e-5)))),
                new Setup("lbfgs full batch", () -> Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(Lbfgs.defaults()).epochs(10).batchSize(0).seed(7))),
                new Setup("early stopping", () -> Trainer.of(mlp, TrainingPlan.of(new Adam(0.05)).epochs(10).batchSize(8).seed(8).earlyStopping(3))),
                new Setup("adam float32", () -> Trainer.of(new Mlp(4, List.of(8, 6), Activation.TANH, Task.MULTICLASS, 3,
                        dev.descent.ml.model.Precision.FLOAT32), TrainingPlan.of(new Adam(0.01)).epochs(10).batchSize(16).seed(9))));
        for (Setup setup : setups) {
            TrainingResult whole = setup.trainer().get().plan(p -> p.epochs(24)).fit(data.train(), data.validation());
            Path file = dir.resolve(setup.name().replace(' ', '-') + ".ckpt");
            Trainer interrupted = setup.trainer().get().plan(p -> p.epochs(24).checkpoint(file, 5).listener(interruptedIn(10)));
            // the run dies in epoch 10; the checkpoint of epoch 5 is what survives
            assertThatThrownBy(() -> interrupted.fit(data.train(), data.validation())).hasMessage("interrupted");
            TrainingResult resumed = setup.trainer().get().plan(p -> p.epochs(24)).resume(file, data.train(), data.validation());
            assertSameBits(resumed.parameters(), whole.parameters());
            assertThat(resumed.history()).as(setup.name()).hasSameSizeAs(whole.history());
            assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
        }
    }

    @Test
    void shuffledBatchesReadInPlaceGiveTheGatheredBatchesBits() {
        // LogisticModel reads a shuffled mini-batch's rows where they lie; the same model made to
        // gather them first must train to the same bits
        Split data = Split.of(CsvDatasets.builtIn("breast_cancer", null, true), 0.2, 0.2, 3);
        Standardizer s = Standardizer.fit(data.train());
        Dataset train = s.apply(data.train());
        dev.descent.ml.model.LogisticModel inPlace = new dev.descent.ml.model.LogisticModel(train.columns());
        assertThat(inPlace.readsRowsInPlace()).isTrue();
        Model gathering = new Model() {
            @Override public dev.descent.ml.model.ModelSpec spec() { return inPlace.spec(); }
            @Override public Task task() { return inPlace.task(); }
            @Override public int inputs() { return inPlace.inputs(); }
            @Override public int outputs() { return inPlace.outputs(); }
            @Override public int parameterCount() { return inPlace.parameterCount(); }
            @Override public double[] initialParameters(long seed) { return inPlace.initialParameters(seed); }
            @Override public boolean isWeight(int index) { return inPlace.isWeight(index); }
            @Override public dev.descent.autodiff.Tensor forward(dev.descent.autodiff.Tensor p, dev.descent.autodiff.Tensor f) {
                return inPlace.forward(p, f);
            }
            @Override public dev.descent.autodiff.Tensor trainingLoss(dev.descent.autodiff.Tensor p, dev.descent.autodiff.Tape tape,
                                                                     dev.descent.ml.model.Batch batch) {
                assertThat(batch.rowIndices()).isNull();
                return inPlace.trainingLoss(p, tape, batch);
            }
            @Override public List<Integer> layerSizes() { return inPlace.layerSizes(); }
        };
        TrainingResult a = Trainer.of(inPlace, TrainingPlan.of(new Sgd(0.05)).batchSize(32).epochs(4).seed(9)).fit(train, null);
        TrainingResult b = Trainer.of(gathering, TrainingPlan.of(new Sgd(0.05)).batchSize(32).epochs(4).seed(9)).fit(train, null);
        assertSameBits(a.parameters(), b.parameters());
    }

    @Test
    void earlyStoppingRestoresTheBestValidationEpoch() {
        Split data = iris();
        Mlp mlp = new Mlp(4, List.of(32), Activation.RELU, Task.MULTICLASS, 3);
        TrainingResult result = Trainer.of(mlp, TrainingPlan.of(new Adam(0.1)).batchSize(4).epochs(300).seed(1).earlyStopping(5))
                .fit(data.train(), data.validation());
        assertThat(result.stoppedEarly()).isTrue();
        List<EpochRecord> history = result.history();
        EpochRecord best = history.stream().min((a, b) -> Double.compare(a.validation().loss(), b.validation().loss())).orElseThrow();
        assertThat(result.bestEpoch()).isEqualTo(best.epoch());
        assertThat(history.get(history.size() - 1).epoch()).isEqualTo(best.epoch() + 5);
        Metrics restored = Metrics.of(mlp, result.parameters(), Trainer.batchOf(mlp, data.validation()));
        assertThat(restored.loss()).isEqualTo(best.validation().loss());
    }

    @Test
    void fullBatchEqualsABatchAsLargeAsTheData() {
        Dataset diabetes = CsvDatasets.builtIn("diabetes", null, false);
        Dataset train = Standardizer.fit(diabetes).apply(diabetes);
        LinearModel linear = new LinearModel(10);
        TrainingResult zero = Trainer.of(linear, TrainingPlan.of(new Sgd(0.1)).epochs(20).batchSize(0)).fit(train, null);
        TrainingResult all = Trainer.of(linear, TrainingPlan.of(new Sgd(0.1)).epochs(20).batchSize(442)).fit(train, null);
        TrainingResult more = Trainer.of(linear, TrainingPlan.of(new Sgd(0.1)).epochs(20).batchSize(10_000)).fit(train, null);
        assertSameBits(zero.parameters(), all.parameters());
        assertSameBits(zero.parameters(), more.parameters());
        assertThat(zero.history().get(19).updates()).isEqualTo(20);
        TrainingResult perExample = Trainer.of(linear, TrainingPlan.of(new Sgd(0.001)).epochs(2).batchSize(1)).fit(train, null);
        assertThat(perExample.history().get(1).updates()).isEqualTo(2 * 442);
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherOrder() {
        Split data = iris();
        Mlp mlp = new Mlp(4, List.of(8), Activation.RELU, Task.MULTICLASS, 3);
        Supplier<Trainer> trainer = () -> Trainer.of(mlp, TrainingPlan.of(new Adam(0.01)).batchSize(10).epochs(5));
        assertSameBits(trainer.get().plan(p -> p.seed(3)).fit(data.train(), null).parameters(),
                trainer.get().plan(p -> p.seed(3)).fit(data.train(), null).parameters());
        assertThat(trainer.get().plan(p -> p.seed(3)).fit(data.train(), null).parameters())
                .isNotEqualTo(trainer.get().plan(p -> p.seed(4)).fit(data.train(), null).parameters());
    }

    @Test
    void aDamagedCheckpointIsRefusedNeverHalfLoaded(@TempDir Path dir) throws IOException {
        Split data = iris();
        Model softmax = new SoftmaxModel(4, 3);
        Path file = dir.resolve("run.ckpt");
        Trainer.of(softmax, TrainingPlan.of(new Adam(0.01)).batchSize(0).epochs(3).checkpoint(file, 1)).fit(data.train(), data.validation());
        byte[] good = Files.readAllBytes(file);
        Trainer trainer = Trainer.of(softmax, TrainingPlan.of(new Adam(0.01)).batchSize(0).epochs(6));

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 20));
        assertThatThrownBy(() -> trainer.resume(file, data.train(), data.validation())).isInstanceOf(DataException.class)
                .hasMessageContaining("corrupted or truncated");
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertThatThrownBy(() -> trainer.resume(file, data.train(), data.validation()))
                .hasMessageContaining("checksum mismatch");
        Files.writeString(file, "hello, this is not a checkpoint at all");
        assertThatThrownBy(() -> trainer.resume(file, data.train(), data.validation()))
                .hasMessageContaining("not a descent checkpoint");
        Files.write(file, good);
        assertThatThrownBy(() -> Trainer.of(new Mlp(4, List.of(3), Activation.RELU, Task.MULTICLASS, 3), TrainingPlan.of(new Adam(0.01)).epochs(10).batchSize(0))
                .resume(file, data.train(), data.validation())).hasMessageContaining("holds a softmax model, not mlp:3:relu");
        assertThatThrownBy(() -> Trainer.of(softmax, TrainingPlan.of(new Sgd(0.1)).epochs(10).batchSize(0)).resume(file, data.train(), data.validation()))
                .hasMessageContaining("trained with adam, not sgd");
        assertThatThrownBy(() -> Trainer.of(softmax, TrainingPlan.of(new Adam(0.01)).epochs(10).batchSize(0).seed(9)).resume(file, data.train(), data.validation()))
                .hasMessageContaining("resuming needs the same");
        assertThat(trainer.resume(file, data.train(), data.validation()).history()).hasSize(6);
    }

    @Test
    void lineSearchMethodsRefuseMiniBatches() {
        Split data = iris();
        assertThatThrownBy(() -> Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(Lbfgs.defaults()).epochs(10).batchSize(8)).fit(data.train(), null))
                .hasMessageContaining("lbfgs takes full batches");
    }

    @Test
    void listenersSeeEveryBatchAndEpoch() {
        Split data = iris();
        List<String> seen = new ArrayList<>();
        Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(new Adam(0.01)).epochs(2).batchSize(30).listener(new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
                seen.add("start " + firstEpoch + " " + epochs + " " + batchesPerEpoch);
            }

            @Override
            public void onBatch(int epoch, int batch, double loss) {
                seen.add("batch " + epoch + "." + batch);
            }

            @Override
            public void onEpoch(EpochRecord record) {
                seen.add("epoch " + record.epoch());
            }

            @Override
            public void onEnd(TrainingResult result) {
                seen.add("end");
            }
        })).fit(data.train(), data.validation());
        assertThat(seen).containsExactly("start 1 2 3", "batch 1.0", "batch 1.1", "batch 1.2", "epoch 1", "batch 2.0",
                "batch 2.1", "batch 2.2", "epoch 2", "end");
    }

    @Test
    void aFullBatchLbfgsRunThatConvergesSaysSoAndStops() {
        Split data = iris();
        TrainingResult result = Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(1e-2, 0)).epochs(500))
                .fit(data.train(), data.validation());
        assertThat(result.converged()).as(result.stopReason() + " " + result.detail()).isTrue();
        assertThat(result.epochs()).isLessThan(500).isEqualTo(result.history().size());
        assertThat(result.bestEpoch()).isEqualTo(result.epochs());
    }

    @Test
    void divergenceIsCaughtWithoutEpochMetrics() {
        Dataset diabetes = CsvDatasets.builtIn("diabetes", null, false);
        Dataset train = Standardizer.fit(diabetes).apply(diabetes);
        TrainingResult result = Trainer.of(new LinearModel(10), TrainingPlan.of(new Sgd(5.0)).batchSize(16).epochs(50).withoutEpochMetrics())
                .fit(train, null);
        assertThat(result.diverged()).as(result.stopReason().toString()).isTrue();
        assertThat(result.epochs()).isLessThan(50);
        for (double p : result.parameters()) {
            assertThat(Double.isFinite(p)).isTrue();
        }
    }

    @Test
    void aCheckpointOfTheEarlierFormatIsRefusedByItsVersion(@TempDir Path dir) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(0x4453434B);
        out.writeInt(1);
        out.writeUTF("softmax");
        out.writeUTF("adam");
        byte[] content = bytes.toByteArray();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(content);
        out.writeLong(crc.getValue());
        Path file = dir.resolve("old.ckpt");
        Files.write(file, bytes.toByteArray());
        assertThatThrownBy(() -> Trainer.of(new SoftmaxModel(4, 3), TrainingPlan.of(new Adam(0.01)).epochs(10).batchSize(0)).resume(file, iris().train(), null))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("checkpoint format version 1 was written by an earlier descent; this build reads versions 2 to 3");
    }
}
