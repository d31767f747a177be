package dev.descent.ml.model;

import dev.descent.Bounds;
import dev.descent.Check;
import dev.descent.autodiff.Fused;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.parallel.Team;

/**
 * Robust linear regression with Huber's loss and the scale fitted jointly (Owen, "A robust hybrid of
 * lasso and ridge regression", Contemporary Mathematics 443 (2007); the formulation of scikit-learn's
 * {@code HuberRegressor} and Spark MLlib's {@code LinearRegression(loss="huber")}): parameters
 * {@code [w, b, sigma]}, prediction {@code z = x . w + b}, and the mean loss
 *
 * <pre>
 * L = (1/n) sum_i [ sigma + sigma H_eps((y_i - z_i) / sigma) ]
 * H_eps(u) = u^2 (|u| &lt;= eps),  2 eps |u| - eps^2 (|u| &gt; eps)
 * dL/dz_i = -(2 r_i / sigma) / n (inlier), -(2 eps sign(r_i)) / n (outlier),  r_i = y_i - z_i
 * dL/dsigma = (1/n) sum_i [ 1 - (r_i / sigma)^2 ] (inliers), [ 1 - eps^2 ] (outliers)
 * </pre>
 *
 * <p>The loss is jointly convex in {@code (w, b, sigma)} for {@code sigma > 0} (the perspective of
 * {@code 1 + H}), so its minimum estimates the coefficients and the scale together, and rows beyond
 * {@code eps} scales count linearly rather than quadratically: an outlier moves the fit a bounded
 * amount. The scale is kept positive by a bound ({@link #parameterBounds()}, as scikit-learn's L-BFGS-B
 * does), and the penalty applies to {@code w} alone. Default {@code eps = 1.35}, which keeps 95% of the
 * efficiency of least squares on normal errors.
 */
public final class HuberModel extends AffineModel {
    /** scikit-learn's and MLlib's default epsilon. */
    public static final double DEFAULT_EPSILON = 1.35;
    /** The smallest scale: 10 ulps of 1, scikit-learn's bound. */
    public static final double SCALE_FLOOR = 10 * Math.ulp(1.0);
    private static final int CHUNK_ROWS = Model.SUM_BLOCK_ROWS;

    private final double epsilon;

    /**
     * @param inputs the number of features
     * @param epsilon in (1, inf): the number of scales beyond which a residual counts linearly
     */
    public HuberModel(int inputs, double epsilon) {
        super(inputs, 1);
        if (!(epsilon > 1) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("huber's epsilon must be finite and above 1: " + epsilon);
        }
        this.epsilon = epsilon;
    }

    /** Epsilon. */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public ModelSpec spec() {
        return ModelSpec.huber(epsilon);
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    /** The weights, the intercept and the scale. */
    @Override
    public int parameterCount() {
        return inputs() + 2;
    }

    /** The index of the scale sigma, the last parameter. */
    public int scaleIndex() {
        return inputs() + 1;
    }

    /** Zeros, and the scale 1 (scikit-learn's start). */
    @Override
    public double[] initialParameters(long seed) {
        double[] theta = new double[parameterCount()];
        theta[scaleIndex()] = 1;
        return theta;
    }

    @Override
    public boolean isWeight(int index) {
        return index < inputs();
    }

    @Override
    public int[] interceptIndices() {
        return new int[] {inputs()};
    }

    /** The scale at least {@link #SCALE_FLOOR}; the rest free. */
    @Override
    public Bounds parameterBounds() {
        double[] lower = new double[parameterCount()];
        double[] upper = new double[parameterCount()];
        java.util.Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(upper, Double.POSITIVE_INFINITY);
        lower[scaleIndex()] = SCALE_FLOOR;
        return Bounds.of(lower, upper);
    }

    @Override
    public Tensor forward(Tensor parameters, Tensor features) {
        int d = inputs();
        return features.matmul(parameters.slice(0, d).reshape(d, 1)).add(parameters.slice(d, d + 1));
    }

    /** One pass over the rows: value and gradient of the (weighted) mean loss, rows read in place. */
    @Override
    public Tensor trainingLoss(Tensor parameters, Tape tape, Batch given) {
        Batch batch = given.densified(); // its kernel reads dense rows
        int d = inputs();
        int n = batch.rows();
        double[] theta = parameters.values();
        Check.positive("the Huber scale", theta[d + 1]);
        int chunks = Math.max(1, (n + CHUNK_ROWS - 1) / CHUNK_ROWS);
        double[][] partial = new double[chunks][d + 2];
        double[] losses = new double[chunks];
        if (chunks == 1) {
            losses[0] = chunk(batch, theta, 0, n, partial[0]);
        } else {
            Team.run(chunks, c -> {
                int from = c * CHUNK_ROWS;
                losses[c] = chunk(batch, theta, from, Math.min(n, from + CHUNK_ROWS), partial[c]);
            });
        }
        double total = batch.weights() == null ? n : batch.weightSum();
        // the chunks' sums added by the fixed tree over chunk indices, as an engine adds the same blocks
        double loss = BlockTree.sum(losses);
        double[] gradient = BlockTree.add(new double[d + 2], BlockTree.sum(partial));
        double scale = total == 0 ? 0 : 1 / total;
        for (int j = 0; j < d + 2; j++) {
            gradient[j] *= scale;
        }
        return Fused.scalar(parameters, loss * scale, gradient);
    }

    /** Rows [from, to): adds the unscaled gradient sums into {@code gradient} and returns the loss sum. */
    private double chunk(Batch batch, double[] theta, int from, int to, double[] gradient) {
        int d = inputs();
        double[] x = batch.features();
        int[] rows = batch.rowIndices();
        double[] y = batch.targets();
        double[] w = batch.weights();
        double b = theta[d];
        double sigma = theta[d + 1];
        double eps = epsilon;
        double loss = 0;
        double residuals = 0;
        double scaleGradient = 0;
        for (int i = from; i < to; i++) {
            double weight = w == null ? 1 : w[i];
            if (weight == 0) {
                continue;
            }
            int at = (rows == null ? i : rows[i]) * d;
            double r = y[i] - (RowKernels.dot(x, at, theta, d) + b);
            double u = r / sigma;
            double dz;
            if (Math.abs(u) <= eps) {
                loss += weight * (sigma + r * u);
                dz = -2 * u;
                scaleGradient += weight * (1 - u * u);
            } else {
                loss += weight * (sigma + 2 * eps * Math.abs(r) - eps * eps * sigma);
                dz = -2 * eps * Math.signum(r);
                scaleGradient += weight * (1 - eps * eps);
            }
            residuals += weight * dz;
            RowKernels.axpy(weight * dz, x, at, gradient, d);
        }
        gradient[d] += residuals;
        gradient[d + 1] += scaleGradient;
        return loss;
    }

    /**
     * The exact unscaled sums of one pass for an unweighted, unindexed block of at most
     * {@link Model#SUM_BLOCK_ROWS} rows (one chunk of {@link #trainingLoss}), so blocks added by the
     * {@link BlockTree} over their indices and divided once ({@link #meanOfSums}) give the local
     * mean's bits; otherwise the mean times the rows.
     */
    /** Its kernel reads dense rows (it makes a sparse batch dense). */
    @Override
    public boolean readsSparseRows() {
        return false;
    }

    @Override
    public double lossSums(double[] parameters, Batch batch, double[] gradientSums) {
        batch = batch.densified();
        if (batch.weights() == null && batch.rowIndices() == null && batch.rows() <= CHUNK_ROWS) {
            Check.positive("the Huber scale", parameters[inputs() + 1]);
            return chunk(batch, parameters, 0, batch.rows(), gradientSums);
        }
        double loss = lossAndGradient(parameters, batch, gradientSums);
        double total = batch.weights() == null ? batch.rows() : batch.weightSum();
        for (int j = 0; j < gradientSums.length; j++) {
            gradientSums[j] *= total;
        }
        return loss * total;
    }

    @Override
    public double meanOfSums(double lossSum, double[] gradientSums, long rows) {
        double scale = 1.0 / rows;
        for (int j = 0; j < gradientSums.length; j++) {
            gradientSums[j] *= scale;
        }
        return lossSum * scale;
    }
}
