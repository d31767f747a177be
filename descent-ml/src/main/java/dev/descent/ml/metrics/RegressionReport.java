package dev.descent.ml.metrics;

import java.util.Objects;

/**
 * How close predicted numbers are to the true ones: root mean squared error, mean absolute error
 * and the coefficient of determination R^2, over {@code n} rows. With {@code y} the truth,
 * {@code p} the prediction and {@code mean} the mean of {@code y}:
 *
 * <pre>
 * SS_res = sum over i of (y_i - p_i)^2
 * SS_tot = sum over i of (y_i - mean)^2
 * RMSE   = sqrt(SS_res / n)
 * MAE    = (sum over i of |y_i - p_i|) / n
 * R^2    = 1 - SS_res / SS_tot      when SS_tot &gt; 0
 *        = 1.0                      when SS_res = 0 (perfect predictions, even of a constant truth)
 *        = 0.0                      when SS_tot = 0 and SS_res &gt; 0
 * </pre>
 *
 * <p>R^2 follows scikit-learn's {@code r2_score} default ({@code force_finite=True}), which
 * replaces the NaN and -infinity of a constant truth by 1.0 and 0.0. R^2 can be negative: a model
 * worse than predicting the mean. This class treats a truth whose values are all equal as
 * {@code SS_tot = 0} exactly, which is the case that rule is for; scikit-learn computes
 * {@code SS_tot} around its floating-point mean, and where that mean rounds (three times 0.1 has
 * the mean 0.10000000000000002) it gets a tiny nonzero {@code SS_tot} and an R^2 near -1e31 where
 * this class gives 0.0. For every truth that is not constant the two agree.
 *
 * <p>RMSE is the square root of scikit-learn's {@code mean_squared_error}, MAE its
 * {@code mean_absolute_error}. References: scikit-learn's
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.r2_score.html">r2_score</a>,
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_squared_error.html">mean_squared_error</a> and
 * <a href="https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.mean_absolute_error.html">mean_absolute_error</a>.
 *
 * @param rows the number of rows scored, {@code n}
 * @param rmse the root mean squared error, at least 0
 * @param mae the mean absolute error, at least 0
 * @param r2 the coefficient of determination, at most 1
 */
public record RegressionReport(long rows, double rmse, double mae, double r2) {

    /**
     * Scores {@code predicted} against {@code truth}.
     *
     * @param truth the true value of each row
     * @param predicted the predicted value of each row, as many as {@code truth}
     * @return the report
     * @throws IllegalArgumentException if there are no rows, the two arrays differ in length, or a
     *     value is NaN or infinite (scikit-learn refuses them too)
     * @throws NullPointerException if an argument is null
     */
    public static RegressionReport of(double[] truth, double[] predicted) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(predicted, "predicted");
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " values but predicted has "
                    + predicted.length + "; they must pair up row by row");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("truth and predicted are empty: there are no rows to score");
        }
        checkFinite("truth", truth);
        checkFinite("predicted", predicted);

        int n = truth.length;
        double truthSum = 0;
        boolean constant = true;
        for (double value : truth) {
            truthSum += value;
            constant &= value == truth[0];
        }
        double mean = truthSum / n;
        double residualSquares = 0;
        double absoluteErrors = 0;
        double totalSquares = 0;
        for (int i = 0; i < n; i++) {
            double error = truth[i] - predicted[i];
            residualSquares += error * error;
            absoluteErrors += Math.abs(error);
            double deviation = truth[i] - mean;
            totalSquares += deviation * deviation;
        }
        if (constant) {
            // A rounded mean would leave a tiny SS_tot and a huge negative R^2; a constant truth has none.
            totalSquares = 0;
        }
        return of(n, residualSquares, absoluteErrors, totalSquares);
    }

    /**
     * The report of sums made elsewhere (over blocks of rows): {@code RMSE = sqrt(SS_res / n)},
     * {@code MAE = sum|e| / n}, {@code R^2 = 1 - SS_res / SS_tot} (1 for a perfect fit, 0 for a
     * constant truth, as scikit-learn).
     *
     * @param rows the rows, at least 1
     * @param residualSquares {@code SS_res}
     * @param absoluteErrors the sum of absolute errors
     * @param totalSquares {@code SS_tot}, the squared deviations of the truth from its mean (0 when constant)
     */
    public static RegressionReport of(long rows, double residualSquares, double absoluteErrors, double totalSquares) {
        if (rows < 1) {
            throw new IllegalArgumentException("there are no rows to score");
        }
        long n = rows;
        double r2;
        if (residualSquares == 0) {
            r2 = 1.0;
        } else if (totalSquares == 0) {
            r2 = 0.0;
        } else {
            r2 = 1 - residualSquares / totalSquares;
        }
        return new RegressionReport(n, Math.sqrt(residualSquares / n), absoluteErrors / n, r2);
    }

    private static void checkFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i]
                        + ": values must be finite (no NaN or infinity)");
            }
        }
    }
}
