package dev.descent.ml.model;

import dev.descent.Check;

/**
 * Linear quantile regression: the prediction {@code z = x . w + b} of the {@code q}-th conditional
 * quantile, trained on the mean pinball loss
 * {@code (1/n) sum_i q max(y_i - z_i, 0) + (1 - q) max(z_i - y_i, 0)} plus the penalty (scikit-learn's
 * {@code QuantileRegressor(quantile=q, alpha=l1)}).
 *
 * <p>The pinball loss has a kink at every row the fit passes through, and the optimum passes
 * through some rows exactly (it is the solution of a linear program), so no gradient method reaches
 * it exactly. The trainer minimizes the loss smoothed over {@link #SMOOTHING} times the targets'
 * spread ({@link GeneralizedLinearLoss}), then solves the optimality conditions of the exact loss on
 * the rows the fit passes through ({@link PiecewiseLinearSolve}), as an LP solver's crossover does.
 *
 * <p>Reference: Koenker &amp; Bassett, "Regression quantiles", Econometrica 46(1) (1978).
 */
public final class QuantileModel extends AffineModel {
    /** The smoothing width of the kink the trainer starts from, relative to the targets' spread. */
    public static final double SMOOTHING = 1e-2;

    private final double quantile;
    private final double smoothing;

    /**
     * @param inputs the number of features
     * @param quantile q in (0, 1)
     */
    public QuantileModel(int inputs, double quantile) {
        this(inputs, quantile, 0);
    }

    private QuantileModel(int inputs, double quantile, double smoothing) {
        super(inputs, 1);
        Check.openInterval("q", quantile, 0, 1);
        this.quantile = quantile;
        this.smoothing = smoothing;
    }

    /** The quantile q. */
    public double quantile() {
        return quantile;
    }

    @Override
    public ModelSpec spec() {
        return ModelSpec.quantile(quantile);
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    GeneralizedLinearLoss.Kind kind() {
        return GeneralizedLinearLoss.Kind.pinball(quantile, smoothing);
    }

    @Override
    public Model smoothed(double scale) {
        return new QuantileModel(inputs(), quantile, SMOOTHING * (scale > 0 ? scale : 1));
    }

    @Override
    public PiecewiseLinearSolve.Kind piecewiseKind() {
        return smoothing == 0 ? PiecewiseLinearSolve.Kind.PINBALL : null;
    }

    @Override
    public double piecewiseQuantile() {
        return quantile;
    }
}
