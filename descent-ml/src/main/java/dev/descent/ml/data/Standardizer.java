package dev.descent.ml.data;

import java.util.List;

/**
 * Standardization {@code (x - mean) / std} per feature, fitted on the training rows only and then
 * applied unchanged to validation, test and new data (so no information leaks from them). A
 * feature that is constant in training keeps {@code std = 1}. The population standard deviation
 * is used, as scikit-learn's {@code StandardScaler}. When the rows carry weights
 * ({@link Dataset#weights()}) the moments are weighted, as {@code StandardScaler.fit(X, sample_weight=w)}
 * and glmnet's {@code standardize = TRUE} take them: {@code mean = sum_i w_i x_i / sum_i w_i} and
 * {@code std^2 = sum_i w_i (x_i - mean)^2 / sum_i w_i}.
 *
 * <p>A standardizer of one column also standardizes a regression target ({@link #fitTarget},
 * {@link #applyToTarget}): a network then fits {@code (y - mean) / std} and its outputs map back
 * through {@link #restore}, as scikit-learn's {@code TransformedTargetRegressor} with a
 * {@code StandardScaler} does. Without it, an MLP whose target is in raw units (prices of 4e5) starts
 * with outputs near 0 and spends its whole budget walking its last bias there.
 *
 * <p>Sparse features ({@link Dataset#isSparse()}, a LIBSVM file's) are scaled without centering, as
 * scikit-learn's {@code StandardScaler(with_mean=False)} and Spark MLlib's {@code StandardScaler} with
 * {@code withMean=false} (the default) scale them: every mean is 0, so a zero stays a zero and the rows stay
 * sparse, and each column is divided by its population deviation around its mean, implicit zeros counted
 * ({@link #fitSparse}). A column that is constant, or never stored, keeps {@code std = 1}.
 *
 * <p>Serializable only to travel to Spark's executors, which run the same build: its serialized
 * form is no stored format, so it is not documented.
 *
 * @param means per feature
 * @param deviations per feature, all positive
 * @serial exclude
 */
public record Standardizer(double[] means, double[] deviations) implements java.io.Serializable {

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

    /**
     * The same scales without centering (every mean 0), for a model without an intercept: a centred
     * feature's weight would need an intercept to absorb its mean, so the features are only scaled, as
     * Spark MLlib does with {@code fitIntercept=false} and scikit-learn's {@code StandardScaler(with_mean=False)}.
     */
    public Standardizer uncentered() {
        return new Standardizer(new double[means.length], deviations);
    }

    /**
     * Fits on every row of {@code train}: {@link Moments} of each block of {@link Moments#BLOCK_ROWS} rows, merged in
     * order; weighted moments when the rows carry weights.
     */
    public static Standardizer fit(Dataset train) {
        if (train.isSparse()) {
            return fitSparse(train.sparseRows(), train.weightsUnlessAllOnes());
        }
        int d = train.columns();
        double[] x = train.featuresView();
        double[] w = train.weightsUnlessAllOnes();
        Moments total = Moments.none(d);
        for (int from = 0; from < train.rows(); from += Moments.BLOCK_ROWS) {
            int rows = Math.min(Moments.BLOCK_ROWS, train.rows() - from);
            total = total.merge(w == null ? Moments.of(x, from, rows, d) : Moments.of(x, w, from, rows, d));
        }
        return total.standardizer();
    }

    /**
     * The scale-only standardizer of sparse rows, reading their nonzeros only: every mean 0, and each column's
     * population deviation around its (weighted) mean, the rows that store nothing in it counted as zeros,
     * as scikit-learn's {@code StandardScaler(with_mean=False).fit(X, sample_weight=w)} gives its {@code scale_}:
     * with {@code W = sum_i w_i}, {@code mean_j = sum_i w_i x_ij / W} and
     * {@code std_j^2 = (sum_{i stored} w_i (x_ij - mean_j)^2 + (W - W_j) mean_j^2) / W}, {@code W_j} the
     * weight of the rows that store column {@code j} (two passes over the nonzeros, so no cancellation of
     * {@code E[x^2] - mean^2}). A column whose deviation is below 1e-12 of its mean's magnitude (constant,
     * or never stored) keeps 1. Each pass sums blocks of {@link Moments#BLOCK_ROWS} rows
     * ({@link #sparseSums}, {@link #sparseSquares}) added by the {@link dev.descent.ml.model.BlockTree}
     * over their indices, as an engine adds the same blocks elsewhere, so both give the same bits.
     *
     * @param weights one per row, or null for every row weighing 1
     * @throws IllegalArgumentException when there are no rows, or they all weigh 0
     */
    public static Standardizer fitSparse(dev.descent.ml.model.SparseRows rows, double[] weights) {
        int d = rows.columns();
        List<dev.descent.ml.model.SparseRows> blocks = new java.util.ArrayList<>();
        List<double[]> blockWeights = new java.util.ArrayList<>();
        for (int from = 0; from < rows.rows(); from += Moments.BLOCK_ROWS) {
            int to = Math.min(rows.rows(), from + Moments.BLOCK_ROWS);
            blocks.add(from == 0 && to == rows.rows() ? rows : rows.slice(from, to));
            blockWeights.add(weights == null ? null : java.util.Arrays.copyOfRange(weights, from, to));
        }
        List<double[]> sums = new java.util.ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            sums.add(sparseSums(blocks.get(k), blockWeights.get(k)));
        }
        double[] first = sums.isEmpty() ? new double[1 + 2 * d]
                : dev.descent.ml.model.BlockTree.reduce(sums, dev.descent.ml.model.BlockTree::add);
        double[] mean = sparseMeans(first, d);
        List<double[]> squares = new java.util.ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            squares.add(sparseSquares(blocks.get(k), blockWeights.get(k), mean));
        }
        return ofSparseSums(first, dev.descent.ml.model.BlockTree.reduce(squares, dev.descent.ml.model.BlockTree::add), d);
    }

    /**
     * A block's first-pass sums for {@link #fitSparse}: {@code [sum w, sum w x_j (d of them), W_j (d)]},
     * {@code W_j} the weight of the rows that store column {@code j}, row by row in order.
     *
     * @param weights one per row, or null for rows that weigh 1
     */
    public static double[] sparseSums(dev.descent.ml.model.SparseRows rows, double[] weights) {
        int d = rows.columns();
        double[] sum = new double[1 + 2 * d];
        int[] starts = rows.starts();
        int[] indices = rows.indices();
        double[] values = rows.values();
        for (int i = 0; i < rows.rows(); i++) {
            double w = weights == null ? 1 : weights[i];
            sum[0] += w;
            for (int k = starts[i]; k < starts[i + 1]; k++) {
                sum[1 + indices[k]] += w * values[k];
                sum[1 + d + indices[k]] += w;
            }
        }
        return sum;
    }

    /** The columns' weighted means from the first-pass sums ({@link #sparseSums} added over the rows). */
    public static double[] sparseMeans(double[] sums, int columns) {
        if (sums.length != 1 + 2 * columns || !(sums[0] > 0)) {
            throw new IllegalArgumentException("no rows to standardize on");
        }
        double[] mean = new double[columns];
        for (int j = 0; j < columns; j++) {
            mean[j] = sums[1 + j] / sums[0];
        }
        return mean;
    }

    /** A block's second-pass sums for {@link #fitSparse}: {@code sum_{i stored} w_i (x_ij - mean_j)^2} per column. */
    public static double[] sparseSquares(dev.descent.ml.model.SparseRows rows, double[] weights, double[] mean) {
        double[] squares = new double[rows.columns()];
        int[] starts = rows.starts();
        int[] indices = rows.indices();
        double[] values = rows.values();
        for (int i = 0; i < rows.rows(); i++) {
            double w = weights == null ? 1 : weights[i];
            for (int k = starts[i]; k < starts[i + 1]; k++) {
                double delta = values[k] - mean[indices[k]];
                squares[indices[k]] += w * (delta * delta);
            }
        }
        return squares;
    }

    /** The scale-only standardizer from the two passes' sums over all the rows ({@link #fitSparse}). */
    public static Standardizer ofSparseSums(double[] sums, double[] squares, int columns) {
        double[] mean = sparseMeans(sums, columns);
        double total = sums[0];
        double[] deviation = new double[columns];
        for (int j = 0; j < columns; j++) {
            double s = Math.sqrt((squares[j] + (total - sums[1 + columns + j]) * mean[j] * mean[j]) / total);
            deviation[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j])) ? s : 1.0;
        }
        return new Standardizer(new double[columns], deviation);
    }

    /**
     * Fits one column on the targets of every row of {@code train}, in the blocks {@link #fit} takes; weighted moments
     * when the rows carry weights.
     */
    public static Standardizer fitTarget(Dataset train) {
        double[] y = train.targets();
        double[] w = train.weightsUnlessAllOnes();
        Moments total = Moments.none(1);
        for (int from = 0; from < y.length; from += Moments.BLOCK_ROWS) {
            int rows = Math.min(Moments.BLOCK_ROWS, y.length - from);
            total = total.merge(w == null ? Moments.of(y, from, rows, 1) : Moments.of(y, w, from, rows, 1));
        }
        return total.standardizer();
    }

    /**
     * Per-feature count, mean and sum of squared deviations of some rows: two passes within a block,
     * and blocks merged as Chan, Golub and LeVeque give ("Algorithms for computing the sample
     * variance", 1983): with {@code delta = mean_b - mean_a},
     * {@code mean = mean_a + delta n_b / n} and {@code M2 = M2_a + M2_b + delta^2 n_a n_b / n}.
     * Engines that hold the rows elsewhere fit in one pass this way, to the same bits as
     * {@link #fit} when their blocks are the same rows.
     *
     * <p>Weighted rows ({@link #of(double[], double[], int, int, int)}) count by their weights: the
     * block's mean and squared deviations are weighted, and blocks merge by the same formulas with
     * the weight sums {@code W_a}, {@code W_b} for the counts. Moments of weighted and unweighted
     * rows do not merge.
     *
     * <p>Serializable only to travel to Spark's executors, which run the same build: its serialized
     * form is no stored format, so it is not documented.
     *
     * @serial exclude
     */
    public static final class Moments implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** The rows per block {@link Standardizer#fit} takes moments of. */
        public static final int BLOCK_ROWS = 16_384;

        private final long count;
        private final double[] means;
        private final double[] squares;
        /** The rows' weight sum when they carry weights; NaN for unweighted rows. */
        private final double weights;

        private Moments(long count, double[] means, double[] squares) {
            this(count, means, squares, Double.NaN);
        }

        private Moments(long count, double[] means, double[] squares, double weights) {
            this.count = count;
            this.means = means;
            this.squares = squares;
            this.weights = weights;
        }

        /** No rows of {@code columns} features. */
        public static Moments none(int columns) {
            return new Moments(0, new double[columns], new double[columns]);
        }

        /** The moments of {@code rows} row-major rows of {@code columns} features starting at row {@code from}. */
        public static Moments of(double[] features, int from, int rows, int columns) {
            double[] mean = new double[columns];
            for (int i = from; i < from + rows; i++) {
                for (int j = 0; j < columns; j++) {
                    mean[j] += features[i * columns + j];
                }
            }
            for (int j = 0; j < columns; j++) {
                mean[j] /= rows;
            }
            double[] squares = new double[columns];
            for (int i = from; i < from + rows; i++) {
                for (int j = 0; j < columns; j++) {
                    double delta = features[i * columns + j] - mean[j];
                    squares[j] += delta * delta;
                }
            }
            return new Moments(rows, mean, squares);
        }

        /**
         * The weighted moments of {@code rows} row-major rows of {@code columns} features starting at row
         * {@code from}, row {@code i} weighing {@code weights[i]} (finite, at least 0): the weighted mean, and the
         * weighted sum of squared deviations {@code sum_i w_i (x_i - mean)^2}. Rows that all weigh 0 count as none.
         */
        public static Moments of(double[] features, double[] weights, int from, int rows, int columns) {
            double total = 0;
            double[] mean = new double[columns];
            for (int i = from; i < from + rows; i++) {
                double w = weights[i];
                total += w;
                for (int j = 0; j < columns; j++) {
                    mean[j] += w * features[i * columns + j];
                }
            }
            if (total == 0) {
                return new Moments(rows, new double[columns], new double[columns], 0);
            }
            for (int j = 0; j < columns; j++) {
                mean[j] /= total;
            }
            double[] squares = new double[columns];
            for (int i = from; i < from + rows; i++) {
                double w = weights[i];
                for (int j = 0; j < columns; j++) {
                    double delta = features[i * columns + j] - mean[j];
                    squares[j] += w * (delta * delta);
                }
            }
            return new Moments(rows, mean, squares, total);
        }

        /** These rows followed by {@code next}'s. */
        public Moments merge(Moments next) {
            if (next.means.length != means.length) {
                throw new IllegalArgumentException("moments of " + means.length + " and " + next.means.length + " features");
            }
            if (isWeighted() || next.isWeighted()) {
                return mergeWeighted(next);
            }
            if (next.count == 0) {
                return this;
            }
            if (count == 0) {
                return next;
            }
            long n = count + next.count;
            double[] mean = new double[means.length];
            double[] m2 = new double[means.length];
            double weight = (double) count * next.count / n;
            for (int j = 0; j < mean.length; j++) {
                double delta = next.means[j] - means[j];
                mean[j] = means[j] + delta * next.count / n;
                m2[j] = squares[j] + next.squares[j] + delta * delta * weight;
            }
            return new Moments(n, mean, m2);
        }

        /** The merge of weighted moments (an empty {@link #none} merges with either kind): the weight sums as the counts. */
        private Moments mergeWeighted(Moments next) {
            if (next.count == 0) {
                return this;
            }
            if (count == 0) {
                return next;
            }
            if (!isWeighted() || !next.isWeighted()) {
                throw new IllegalArgumentException("moments of weighted and unweighted rows do not merge");
            }
            long n = count + next.count;
            double total = weights + next.weights;
            if (next.weights == 0 || weights == 0) {
                Moments kept = next.weights == 0 ? this : next;
                return new Moments(n, kept.means, kept.squares, total);
            }
            double[] mean = new double[means.length];
            double[] m2 = new double[means.length];
            double weight = weights * next.weights / total;
            for (int j = 0; j < mean.length; j++) {
                double delta = next.means[j] - means[j];
                mean[j] = means[j] + delta * next.weights / total;
                m2[j] = squares[j] + next.squares[j] + delta * delta * weight;
            }
            return new Moments(n, mean, m2, total);
        }

        /** Whether these are moments of weighted rows. */
        public boolean isWeighted() {
            return !Double.isNaN(weights);
        }

        /** The weight sum of the rows counted; NaN unless {@link #isWeighted()}. */
        public double weightSum() {
            return weights;
        }

        /** The rows counted. */
        public long count() {
            return count;
        }

        /**
         * The population deviations of these rows as they are (weighted when they carry weights), 0 for a
         * constant feature, where {@link #standardizer()} keeps 1.
         */
        public double[] deviations() {
            if (count == 0 || isWeighted() && weights == 0) {
                throw new IllegalArgumentException("no rows to take deviations of");
            }
            double[] deviation = new double[means.length];
            for (int j = 0; j < deviation.length; j++) {
                deviation[j] = Math.sqrt(squares[j] / (isWeighted() ? weights : count));
            }
            return deviation;
        }

        /**
         * The standardizer of these rows: population deviations (weighted by the rows' weights when they carry them), and 1 for a feature whose deviation
         * is below 1e-12 of its magnitude (constant in training).
         */
        public Standardizer standardizer() {
            if (count == 0 || isWeighted() && weights == 0) {
                throw new IllegalArgumentException("no rows to standardize on");
            }
            double[] deviation = new double[means.length];
            for (int j = 0; j < deviation.length; j++) {
                double s = Math.sqrt(squares[j] / (isWeighted() ? weights : count));
                deviation[j] = s > 1e-12 * Math.max(1, Math.abs(means[j])) ? s : 1.0;
            }
            return new Standardizer(means, deviation);
        }
    }

    /** The training mean per feature, a copy. */
    @Override
    public double[] means() {
        return means.clone();
    }

    /** The training standard deviation per feature (1 for a constant feature), a copy. */
    @Override
    public double[] deviations() {
        return deviations.clone();
    }

    /**
     * The dataset with standardized features. Sparse features are only scaled, which keeps them sparse: this needs
     * every mean to be 0 ({@link #fitSparse}, {@link #uncentered()}).
     *
     * @throws IllegalArgumentException for sparse features and a mean that is not 0, which would fill every zero
     */
    public Dataset apply(Dataset data) {
        if (data.columns() != means.length) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " features, the standardizer "
                    + means.length);
        }
        if (data.isSparse()) {
            if (!scalesOnly()) {
                throw new IllegalArgumentException(data.name() + ": sparse features are scaled without centering; this "
                        + "standardizer centres them, which would store every zero");
            }
            return data.withSparseFeatures(data.sparseRows().dividedBy(deviations));
        }
        return data.withFeatures(transform(data.featureArray()));
    }

    /** Whether every mean is 0: the standardizer only scales, and keeps a zero a zero. */
    public boolean scalesOnly() {
        for (double m : means) {
            if (m != 0) {
                return false;
            }
        }
        return true;
    }

    /** The dataset with its targets standardized by this one-column standardizer. */
    public Dataset applyToTarget(Dataset data) {
        if (means.length != 1) {
            throw new IllegalArgumentException("a standardizer of " + means.length + " columns does not standardize a target");
        }
        return data.withTargets(transform(data.targets()));
    }

    /** The inverse of {@link #transform}: {@code z * std + mean} per column; returns a new array. */
    public double[] restore(double[] standardized) {
        int d = means.length;
        double[] out = new double[standardized.length];
        for (int i = 0; i < standardized.length; i++) {
            int j = i % d;
            out[i] = standardized[i] * deviations[j] + means[j];
        }
        return out;
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
