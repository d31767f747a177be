package dev.descent.ml;

import dev.descent.StopReason;
import dev.descent.average.ExponentialMovingAverage;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.ml.train.EpochRecord;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a finished run tells its user, in words they can act on ({@link Pipeline.Outcome#warnings()}). */
final class RunWarnings {
    private RunWarnings() {}

    /** How much better the training score may be than the test score before the run says so. */
    static final double OVERFIT_ACCURACY = 0.1;
    /** The same, in R^2. */
    static final double OVERFIT_R2 = 0.2;

    /** The warnings of a run of {@code plan} on a {@code spec} model, each once. */
    static List<String> of(ModelSpec spec, TrainingPlan plan, TrainingResult result, List<Evaluation> evaluations) {
        Optimizer optimizer = plan.optimizer();
        List<String> warnings = new ArrayList<>();
        StopReason reason = result.stopReason();
        if (result.diverged()) {
            warnings.add("the loss " + (reason == StopReason.DIVERGED ? "diverged" : "became non-finite")
                    + " (" + result.detail() + "): lower the learning rate (--lr " + optimizer.learningRate() / 10
                    + ") or standardize the target; the parameters of the best epoch before that are kept");
        } else if (reason == StopReason.MAX_EPOCHS && stillImproving(result.history())) {
            warnings.add("still improving at epoch " + result.epochs() + ": raise the epoch budget (--epochs "
                    + 2 * result.epochs() + ")");
        }
        warnings.addAll(averaging(plan, result));
        // a quantile model predicts a quantile, not the mean: R^2 against the mean says nothing of its fit
        boolean meanModel = spec.kind() != ModelSpec.Kind.QUANTILE;
        for (Evaluation evaluation : evaluations) {
            if (meanModel && evaluation.isRegression() && evaluation.regression().r2() < 0) {
                warnings.add(String.format(Locale.ROOT, "R^2 = %.4g on the %s rows: the model predicts worse than their "
                        + "mean; train longer (--epochs)%s", evaluation.regression().r2(), evaluation.name(),
                        spec.convex() ? ", or with the default optimizer (lbfgs)" : " or try another learning rate"));
                break;
            }
        }
        if (meanModel) {
            overfit(plan, evaluations).ifPresent(warnings::add);
        }
        baseline(evaluations).ifPresent(warnings::add);
        return warnings;
    }

    /**
     * The training rows scored much better than the test rows (accuracy by more than
     * {@link #OVERFIT_ACCURACY}, R^2 by more than {@link #OVERFIT_R2}): the model may be learning
     * the rows rather than the pattern, and a larger penalty helps.
     */
    private static java.util.Optional<String> overfit(TrainingPlan plan, List<Evaluation> evaluations) {
        Evaluation train = find(evaluations, "train");
        Evaluation test = find(evaluations, "test");
        if (train == null || test == null) {
            return java.util.Optional.empty();
        }
        String penalty = plan.penalty().l2() > 0 ? "a larger penalty (--l2 " + 10 * plan.penalty().l2() + ")"
                : "a penalty (--l2)";
        if (train.isRegression()) {
            // a fit poor on its own rows is not overfitting: the R^2 < 0 warning speaks for it
            double gap = train.regression().r2() - test.regression().r2();
            return gap > OVERFIT_R2 && train.regression().r2() > 0 ? java.util.Optional.of(String.format(Locale.ROOT, "the model fits the training rows "
                    + "much better than the test rows (R^2 %.4g against %.4g): it may be learning the rows rather than "
                    + "the pattern; %s or fewer features may help", train.regression().r2(), test.regression().r2(),
                    penalty)) : java.util.Optional.empty();
        }
        double gap = train.classification().accuracy() - test.classification().accuracy();
        return gap > OVERFIT_ACCURACY ? java.util.Optional.of(String.format(Locale.ROOT, "the model fits the training "
                + "rows much better than the test rows (accuracy %.4g against %.4g): it may be learning the rows rather "
                + "than the pattern; %s or fewer features may help", train.classification().accuracy(),
                test.classification().accuracy(), penalty)) : java.util.Optional.empty();
    }

    /** How far above the baseline a classifier's test accuracy must be not to be said to hardly beat it. */
    static final double BASELINE_MARGIN = 0.02;

    /**
     * The test accuracy is within {@link #BASELINE_MARGIN} of always predicting the training majority:
     * with imbalanced classes accuracy says little, and the rare classes' recall is what to look at.
     */
    private static java.util.Optional<String> baseline(List<Evaluation> evaluations) {
        Evaluation test = find(evaluations, "test");
        if (test == null || test.isRegression() || Double.isNaN(test.baselineAccuracy())
                || test.classification().accuracy() > test.baselineAccuracy() + BASELINE_MARGIN) {
            return java.util.Optional.empty();
        }
        String majority = test.classification().classNames().get(test.majorityClass());
        return java.util.Optional.of(String.format(Locale.ROOT, "the test accuracy %.4g is hardly above the %.4g of "
                + "always predicting '%s' (balanced accuracy %.4g): look at each class's recall; class weights "
                + "(--class-weight balanced) or a decision threshold (--threshold) trade accuracy for the rarer classes",
                test.classification().accuracy(), test.baselineAccuracy(), majority,
                test.classification().balancedAccuracy()));
    }

    private static Evaluation find(List<Evaluation> evaluations, String name) {
        return evaluations.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    /** What the user should know about the average: not used, or still close to its first points. */
    private static List<String> averaging(TrainingPlan plan, TrainingResult result) {
        if (plan.averaging() == null) {
            return List.of();
        }
        String name = plan.averaging().name().toUpperCase(Locale.ROOT);
        if (result.average() == null) {
            String kept = result.bestEpoch() == result.epochs() ? "the last epoch's parameters"
                    : "the parameters of epoch " + result.bestEpoch();
            return List.of(plan.averaging() instanceof StochasticWeightAveraging swa
                    ? "no weights were averaged (the run ended after epoch " + result.epochs() + ", before the SWA start "
                            + "epoch " + swa.startEpoch() + "): the model holds " + kept + "; start averaging earlier (--swa-start)"
                    : "no weights were averaged (the run made no update): the model holds " + kept);
        }
        if (!result.modelIsAverage()) {
            return List.of("the run failed, so the model holds the parameters of the best epoch before that, not the "
                    + name + " average");
        }
        if (plan.averaging() instanceof ExponentialMovingAverage ema) {
            long updates = result.average().count();
            double timeConstant = 1 / (1 - ema.decay());
            if (updates < timeConstant) {
                double suggested = 0.5;
                for (double decay : new double[] {0.9, 0.99, 0.999, 0.9999}) {
                    if (1 / (1 - decay) <= updates / 5.0) {
                        suggested = decay;
                    }
                }
                return List.of(String.format(Locale.ROOT, "the EMA averaged %d updates, fewer than its time constant "
                        + "1 / (1 - %s) = %.0f updates: its first point still weighs %.2f in it; lower the decay (--ema %s) "
                        + "or train longer", updates, ema.decay(), timeConstant, Math.pow(ema.decay(), updates - 1),
                        suggested));
            }
        }
        return List.of();
    }

    /** Whether the watched loss (validation, else training) of the last epoch is the lowest of the run. */
    private static boolean stillImproving(List<EpochRecord> history) {
        if (history.size() < 2) {
            return !history.isEmpty();
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < history.size() - 1; i++) {
            best = Math.min(best, watched(history.get(i)));
        }
        return watched(history.get(history.size() - 1)) < best;
    }

    private static double watched(EpochRecord record) {
        double validation = record.validation().loss();
        return Double.isNaN(validation) ? record.train().loss() : validation;
    }
}
