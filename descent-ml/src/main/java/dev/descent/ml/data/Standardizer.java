package dev.descent.ml.data;

/**
 * Standardization {@code (x - mean) / std} per feature, fitted on the training rows only and then
 * applied unchanged to validation, test and new data (so no information leaks from them). A
 * feature that is constant in training keeps {@code std = 1}. The population standard deviation
 * is used, as scikit-learn's {@code StandardScaler}.
 *
 * @param means per feature
 * @param deviations per feature, all positive
 */
public record Standardizer(double[] means, double[] deviations) {

    /** Validates and copies. */
    public Standardizer {
        means = means.clone();
        deviations = deviations.clone();
        if (means.length != deviations.length) {
            throw new IllegalArgumentException("means and deviations differ in length");
        }
        for (double s : deviations) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("standard deviations must be positive and finite: " + s);
            }
        }
    }

    /** Fits on every row of {@code train}. */
    public static Standardizer fit(Dataset train) {
        int d = train.columns();
        int n = train.rows();
        double[] x = train.featureArray();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] variance = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double delta = x[i * d + j] - mean[j];
                variance[j] += delta * delta;
            }
        }
        double[] deviation = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(variance[j] / n);
            deviation[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j])) ? s : 1.0;
        }
        return new Standardizer(mean, deviation);
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] deviations() {
        return deviations.clone();
    }

    /** The dataset with standardized features. */
    public Dataset apply(Dataset data) {
        if (data.columns() != means.length) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " features, the standardizer "
                    + means.length);
        }
        return data.withFeatures(transform(data.featureArray()));
    }

    /** Standardizes row-major features with {@code means.length} columns; returns a new array. */
    public double[] transform(double[] features) {
        int d = means.length;
        double[] out = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            int j = i % d;
            out[i] = (features[i] - means[j]) / deviations[j];
        }
        return out;
    }
}
