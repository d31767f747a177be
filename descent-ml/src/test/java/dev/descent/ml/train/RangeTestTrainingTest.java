package dev.descent.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.ml.Pipeline;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.LogisticModel;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.rangetest.LearningRateFinder;
import dev.descent.rangetest.RangeTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The range test on real training objectives: what users want from it is a rate that trains well,
 * so the suggested rate is used to train and compared with a rate 100 times smaller after the same
 * epochs.
 */
class RangeTestTrainingTest {

    static double finalTrainingLoss(Pipeline pipeline) throws IOException {
        var history = pipeline.run().training().history();
        return history.get(history.size() - 1).train().loss();
    }

    @Test
    void theSuggestedRateTrainsLogisticRegressionBetterThanAHundredTimesSmaller() throws IOException {
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic")).plan(p -> p.optimizer(new Sgd(0.01)).batchSize(32).epochs(5));
        Pipeline.RangeTestOutcome outcome = pipeline.findLearningRate(LearningRateFinder.defaults());
        RangeTest test = outcome.test();
        double rate = test.suggestedRate();
        assertThat(rate).isBetween(1e-3, 10.0);
        double suggested = finalTrainingLoss(pipeline.plan(p -> p.optimizer(new Sgd(rate))));
        double smaller = finalTrainingLoss(pipeline.plan(p -> p.optimizer(new Sgd(rate / 100))));
        System.out.printf("breast_cancer logistic sgd: suggested %.3g (%s), loss after 5 epochs %.4g, at %.3g %.4g%n",
                rate, test.stopReason(), suggested, rate / 100, smaller);
        assertThat(suggested).isLessThan(smaller / 2);
        assertThat(outcome.optimizer().describe()).isEqualTo("sgd lr=0.01");
        assertThat(outcome.batchSize()).isEqualTo(32);
        assertThat(outcome.model()).isEqualTo(pipeline.run().model().model().describe());
    }

    @Test
    void theSuggestedRateTrainsAnMlpWithItsDefaultOptimizerBetterThanAHundredTimesSmaller() throws IOException {
        Pipeline pipeline = Pipeline.of("digits", ModelSpec.parse("mlp:32")).plan(p -> p.epochs(3)); // adam, batches of 32
        Pipeline.RangeTestOutcome outcome = pipeline.findLearningRate(LearningRateFinder.defaults());
        RangeTest test = outcome.test();
        assertThat(outcome.optimizer().name()).isEqualTo("adam");
        assertThat(test.stoppedEarly()).isTrue();
        assertThat(test.warnings()).isEmpty();
        double rate = test.suggestedRate();
        double suggested = finalTrainingLoss(pipeline.plan(p -> p.optimizer(new Adam(rate))));
        double smaller = finalTrainingLoss(pipeline.plan(p -> p.optimizer(new Adam(rate / 100))));
        System.out.printf("digits mlp:32 adam: suggested %.3g (%s after %d steps), loss after 3 epochs %.4g, at %.3g %.4g%n",
                rate, test.stopReason(), test.steps(), suggested, rate / 100, smaller);
        assertThat(suggested).isLessThan(smaller / 2);
    }

    static Dataset breastCancerTrainingRows() {
        Split split = Split.of(CsvDatasets.builtIn("breast_cancer", null, true), 0.2, 0.2, 0);
        return Standardizer.fit(split.train()).apply(split.train());
    }

    @Test
    void theSweepTrainsNothingAndTheSameSeedGivesTheSameBits() {
        Dataset train = breastCancerTrainingRows();
        Model model = new LogisticModel(train.columns());
        double[] before = model.initialParameters(3);
        Trainer trainer = Trainer.of(model, TrainingPlan.of(new Sgd(0.1)).batchSize(16).seed(3).epochs(2));
        TrainingResult alone = trainer.fit(train, null);
        RangeTest first = trainer.findLearningRate(LearningRateFinder.defaults(), train);
        RangeTest second = trainer.findLearningRate(LearningRateFinder.defaults(), train);
        assertThat(second.losses()).containsExactly(first.losses());
        assertThat(second.suggestedRate()).isEqualTo(first.suggestedRate());
        // the model's start and a fit after the sweep are as they were without it
        assertThat(model.initialParameters(3)).containsExactly(before);
        assertThat(trainer.fit(train, null).parameters()).containsExactly(alone.parameters());
        // another seed: another initialization and row order, another curve
        RangeTest other = trainer.plan(p -> p.seed(4)).findLearningRate(LearningRateFinder.defaults(), train);
        assertThat(other.losses()).isNotEqualTo(first.losses());
    }

    @Test
    void theFirstStepsLossIsTheTrainingLossOfItsPoint() {
        // a full batch and a rate too small to move: every step's loss is the loss at the start
        Dataset train = breastCancerTrainingRows();
        Model model = new LogisticModel(train.columns());
        Trainer trainer = Trainer.of(model, TrainingPlan.of(new Sgd(0.1)).epochs(10).batchSize(0).seed(1));
        RangeTest test = trainer.findLearningRate(LearningRateFinder.defaults().withRange(1e-30, 1e-29).withSteps(3), train);
        double start = Loss.valueAndGradient(model, Penalty.NONE, model.initialParameters(1), Trainer.batchOf(model, train),
                new double[model.parameterCount()]);
        assertThat(test.losses()).containsExactly(start, start, start);
    }

    @Test
    void aRuleWithoutALearningRateIsRefusedAsTheOptimizerSetting() {
        // logistic regression trains with L-BFGS by default, whose line search sets every step
        Pipeline pipeline = Pipeline.of("breast_cancer", ModelSpec.parse("logistic"));
        assertThatThrownBy(() -> pipeline.findLearningRate(LearningRateFinder.defaults()))
                .isInstanceOfSatisfying(InvalidSetting.class, e -> assertThat(e.setting()).isEqualTo("optimizer"))
                .hasMessageStartingWith("the learning-rate range test does not apply to lbfgs m=10: its line search");
    }
}
