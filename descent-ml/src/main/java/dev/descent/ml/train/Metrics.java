package dev.descent.ml.train;

import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;

/**
 * What a model scores on some rows: the mean data loss (no penalty), and accuracy for
 * classification or RMSE and R^2 for regression ({@code NaN} where it does not apply).
 *
 * @param loss the mean data loss
 * @param accuracy the fraction classified right
 * @param rmse the root mean squared error
 * @param r2 the coefficient of determination, {@code 1 - SS_res / SS_tot}
 */
public record Metrics(double loss, double accuracy, double rmse, double r2) {

    /** No figures: every field NaN (an epoch whose metrics were not computed, an empty split). */
    public static final Metrics NONE = new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Scores {@code parameters} on {@code batch} ({@link Tally#over}). */
    public static Metrics of(Model model, double[] parameters, Batch batch) {
        return Tally.over(model, parameters, batch).metrics();
    }

    /**
     * These regression figures, scored on a target standardized by {@code target} (a one-column
     * standardizer, or null for none), in the target's own units: the mean squared error times
     * {@code std^2}, the RMSE times {@code std}, R^2 unchanged.
     */
    public Metrics inTargetUnits(dev.descent.ml.data.Standardizer target) {
        if (target == null || Double.isNaN(loss) && Double.isNaN(rmse)) {
            return this;
        }
        double std = target.deviations()[0];
        return new Metrics(loss * std * std, accuracy, rmse * std, r2);
    }
}
