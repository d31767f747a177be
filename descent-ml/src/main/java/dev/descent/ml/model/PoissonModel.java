package dev.descent.ml.model;

/**
 * Poisson regression with the log link: the predicted mean count {@code exp(x . w + b)}, trained on
 * the mean negative log-likelihood {@code (1/n) sum_i exp(z_i) - y_i z_i} (the log-likelihood's
 * {@code log y_i!} and scikit-learn's half deviance's {@code y log y - y} are constants), plus the
 * penalty: scikit-learn's {@code PoissonRegressor(alpha=l2)} and Spark MLlib's
 * {@code GeneralizedLinearRegression(family="poisson", regParam=l2)}. Targets are counts, at least 0.
 *
 * <p>Reference: Nelder &amp; Wedderburn, "Generalized linear models", J. R. Statist. Soc. A 135(3) (1972).
 */
public final class PoissonModel extends AffineModel {
    /** @param inputs the number of features */
    public PoissonModel(int inputs) {
        super(inputs, 1);
    }

    @Override
    public ModelSpec spec() {
        return ModelSpec.poisson();
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    GeneralizedLinearLoss.Kind kind() {
        return GeneralizedLinearLoss.Kind.POISSON;
    }

    /** The mean count, {@code exp(z)}. */
    @Override
    public double prediction(double output) {
        return Math.exp(output);
    }
}
