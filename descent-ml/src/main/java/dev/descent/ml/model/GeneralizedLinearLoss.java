package dev.descent.ml.model;

import dev.descent.autodiff.Fused;
import dev.descent.autodiff.Tensor;
import dev.descent.parallel.Team;

/**
 * The loss of a generalized linear model as one fused operation over a constant design matrix
 * {@code X} ({@code n x d}) and a parameter vector {@code theta = [w (d), b]}:
 *
 * <pre>
 * z_i = x_i . w + b
 * squared error:  L = (1/n) sum_i (z_i - y_i)^2            dL/dz_i = 2 (z_i - y_i) / n
 * logistic:       L = (1/n) sum_i softplus(z_i) - y_i z_i   dL/dz_i = (sigmoid(z_i) - y_i) / n
 * poisson:        L = (1/n) sum_i exp(z_i) - y_i z_i        dL/dz_i = (exp(z_i) - y_i) / n
 * hinge:          L = (1/n) sum_i h(1 - t_i z_i)           t_i = 2 y_i - 1, h(u) = max(u, 0)
 * pinball (q):    L = (1/n) sum_i p(y_i - z_i)             p(r) = q max(r, 0) + (1 - q) max(-r, 0)
 * dL/dw = sum_i dL/dz_i x_i,   dL/db = sum_i dL/dz_i
 * </pre>
 *
 * <p>The forward pass reads each row once: the dot product, then the gradient's update while the
 * row is still in the L1 cache ({@link RowKernels}: SIMD where the Vector API is present, the same bits
 * either way), so value and gradient cost one pass over {@code X} instead of the
 * two (a matrix-vector product each way) of the unfused graph. Rows are split into fixed chunks of
 * {@link Model#SUM_BLOCK_ROWS} rows summed on the {@link Team}, and the chunks' sums are added by the
 * fixed tree over chunk indices ({@link BlockTree}), so the result does not depend on the number of
 * threads or their timing, and is what an engine summing the same rows as blocks elsewhere gets. The
 * backward rule scales the stored gradient.
 *
 * <p>The hinge and the pinball loss have a kink; with a smoothing width {@code mu > 0} each is its
 * Moreau envelope (Beck &amp; Teboulle, "Smoothing and first order methods: a unified framework",
 * SIAM J. Optim. 22(2) (2012)), the kink replaced by the parabola that joins its two slopes:
 * {@code h_mu(u) = 0 (u <= 0), u^2 / (2 mu) (0 < u < mu), u - mu / 2 (u >= mu)}, and
 * {@code p_mu(r) = r^2 / (2 mu)} for {@code -(1 - q) mu < r < q mu}, {@code q r - q^2 mu / 2} above and
 * {@code (q - 1) r - (1 - q)^2 mu / 2} below. With {@code mu = 0} the loss is exact and its
 * derivative at the kink is taken as 0 (a subgradient).
 */
final class GeneralizedLinearLoss {
    /** Rows per chunk: large enough to amortize a task, small enough to balance two cores. */
    private static final int CHUNK_ROWS = Model.SUM_BLOCK_ROWS;
    /** Rows whose {@code log(1 + e_i)} are summed as the logarithm of one product: each factor is in (1, 2]. */
    private static final int PRODUCT_ROWS = 16;
    /** Interleaved row streams per chunk; the SIMD loop reads one row of each at a time. */
    private static final int STREAMS = 8;

    /** Which loss of the linear predictor, with its parameter (the quantile) and smoothing width. */
    static final class Kind {
        /** The family of the loss. */
        enum Type { SQUARED_ERROR, LOGISTIC, POISSON, HINGE, PINBALL }

        /** Linear regression's mean squared error. */
        static final Kind SQUARED_ERROR = new Kind(Type.SQUARED_ERROR, Double.NaN, 0);
        /** Logistic regression's mean binary cross-entropy. */
        static final Kind LOGISTIC = new Kind(Type.LOGISTIC, Double.NaN, 0);
        /** Poisson regression's mean negative log-likelihood, up to a constant. */
        static final Kind POISSON = new Kind(Type.POISSON, Double.NaN, 0);

        final Type type;
        /** The quantile q of the pinball loss; NaN for the others. */
        final double quantile;
        /** The smoothing width mu of a kink (hinge, pinball); 0 for the exact loss. */
        final double smoothing;

        private Kind(Type type, double quantile, double smoothing) {
            this.type = type;
            this.quantile = quantile;
            this.smoothing = smoothing;
        }

        /** The hinge loss, smoothed over {@code mu} (0: exact). */
        static Kind hinge(double mu) {
            return new Kind(Type.HINGE, Double.NaN, mu);
        }

        /** The pinball loss of quantile {@code q}, smoothed over {@code mu} (0: exact). */
        static Kind pinball(double q, double mu) {
            return new Kind(Type.PINBALL, q, mu);
        }

        /** The factor between the residual {@link #term} stores and {@code dL/dz} times the rows: 2 for squares. */
        double gradientScale() {
            return type == Type.SQUARED_ERROR ? 2.0 : 1.0;
        }
    }

    private GeneralizedLinearLoss() {}

    /**
     * The mean loss of {@code theta = [w, b]} over rows of {@code x} ({@code matrixRows x d},
     * row-major), value and gradient in one pass, on {@code parameters}' tape.
     *
     * @param rows the rows of {@code x} to use, in order (a mini-batch read in place), or null for all of them;
     *     {@code targets} has one entry per used row
     */
    static Tensor loss(Tensor parameters, double[] x, int matrixRows, int d, int[] rows, double[] targets, Kind kind) {
        int n = rows == null ? matrixRows : rows.length;
        if (rows != null) {
            for (int row : rows) {
                if (row < 0 || row >= matrixRows) {
                    throw new IndexOutOfBoundsException("row " + row + " of a matrix with " + matrixRows + " rows");
                }
            }
        }
        if ((long) matrixRows * d != x.length || parameters.size() != d + 1 || targets.length != n) {
            throw new IllegalArgumentException("the fused linear-model loss needs an (n x d) matrix, d + 1 parameters and n "
                    + "targets, got " + x.length + " values for " + matrixRows + " x " + d + ", " + parameters.size()
                    + " and " + targets.length);
        }
        double[] gradient = new double[d + 1];
        double loss = sums(x, rows, parameters.values(), targets, kind, n, d, RowKernels.SIMD, gradient);
        return Fused.scalar(parameters, mean(loss, gradient, n, kind), gradient);
    }

    /**
     * The weighted mean loss {@code sum_i w_i loss_i / sum_i w_i} of {@code theta = [w, b]} over rows of
     * {@code x}, value and gradient in one pass, on {@code parameters}' tape: each row's dot product and
     * gradient update by the scalar row kernels of {@link #loss} (rows in order within a chunk, the
     * chunks' sums added by the {@link BlockTree}), its loss and residual times its weight, rows of
     * weight 0 skipped; the logistic loss takes each row's {@code log(1 + e)} directly, and the losses
     * are summed with Neumaier's compensation. 0 with a zero gradient when every weight is 0.
     *
     * @param rows the rows of {@code x} to use, in order, or null for all of them; {@code targets} and
     *     {@code weights} have one entry per used row
     */
    static Tensor weightedLoss(Tensor parameters, double[] x, int matrixRows, int d, int[] rows, double[] targets,
                               double[] weights, Kind kind) {
        int n = rows == null ? matrixRows : rows.length;
        if (rows != null) {
            for (int row : rows) {
                if (row < 0 || row >= matrixRows) {
                    throw new IndexOutOfBoundsException("row " + row + " of a matrix with " + matrixRows + " rows");
                }
            }
        }
        if ((long) matrixRows * d != x.length || parameters.size() != d + 1 || targets.length != n || weights.length != n) {
            throw new IllegalArgumentException("the fused linear-model loss needs an (n x d) matrix, d + 1 parameters, n "
                    + "targets and n weights, got " + x.length + " values for " + matrixRows + " x " + d + ", "
                    + parameters.size() + ", " + targets.length + " and " + weights.length);
        }
        double[] theta = parameters.values();
        double[] gradient = new double[d + 1];
        double loss = chunked(n, d + 1, (from, to, part) -> weightedChunk(x, rows, theta, targets, weights, kind, from, to,
                d, part), gradient);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double scale = total == 0 ? 0 : kind.gradientScale() / total;
        for (int j = 0; j <= d; j++) {
            gradient[j] *= scale;
        }
        return Fused.scalar(parameters, total == 0 ? 0 : loss / total, gradient);
    }

    /** Rows [from, to) of a weighted batch: adds sum_i w_i r_i [x_i, 1] into {@code gradient} and returns sum_i w_i loss_i. */
    private static double weightedChunk(double[] x, int[] rows, double[] theta, double[] y, double[] weights, Kind kind,
                                        int from, int to, int d, double[] gradient) {
        double bias = theta[d];
        double[] r = new double[1];
        double[] e = new double[1];
        double loss = 0;
        double compensation = 0;
        double residuals = 0;
        for (int i = from; i < to; i++) {
            double w = weights[i];
            if (w == 0) {
                continue;
            }
            int at = offset(rows, i, d);
            double part = term(RowKernels.dot(x, at, theta, d) + bias, y[i], kind, r, e, 0);
            if (kind == Kind.LOGISTIC) {
                part += Math.log1p(e[0]);
            }
            // near an optimum a line search compares losses that differ in their last bits
            double term = w * part;
            double sum = loss + term;
            compensation += Math.abs(loss) >= Math.abs(term) ? (loss - sum) + term : (term - sum) + loss;
            loss = sum;
            double weighted = w * r[0];
            residuals += weighted;
            RowKernels.axpy(weighted, x, at, gradient, d);
        }
        gradient[d] += residuals;
        return loss + compensation;
    }

    /**
     * The unscaled sums of one block of at most {@link Model#SUM_BLOCK_ROWS} rows (all the rows of
     * {@code x}): exactly one chunk of {@link #sums}, so blocks cut at multiples of that size and
     * added by the {@link BlockTree} over their indices give the sums of the whole, to the last bit.
     *
     * @param gradientSums zeros on entry; receives the unscaled gradient sums
     */
    static double blockSums(double[] x, int n, int d, double[] theta, double[] y, Kind kind, double[] gradientSums) {
        if (n > CHUNK_ROWS) {
            throw new IllegalArgumentException("a block holds at most " + CHUNK_ROWS + " rows: " + n);
        }
        return chunk(x, null, theta, y, kind, 0, n, d, RowKernels.SIMD, gradientSums);
    }

    /**
     * The (weighted) mean loss of {@code theta = [w, b]} over sparse rows, value and gradient in one pass
     * over the nonzeros, on {@code parameters}' tape: row {@code i}'s {@code z_i = sum_k v_k w_{j_k} + b}
     * over its nonzeros in stored order, its loss and residual times its weight (1 unweighted; rows of
     * weight 0 skipped), the gradient's update {@code g_{j_k} += r_i v_k} at its nonzeros only. Chunks of
     * {@link Model#SUM_BLOCK_ROWS} rows are summed on the {@link Team} and added by the
     * {@link BlockTree}, each chunk {@link #sparseBlockSums}'s sums, so blocks of that many rows summed
     * elsewhere give the same bits.
     *
     * @param rows the rows of {@code x} to use, in order (a mini-batch read in place), or null for all
     *     of them; {@code targets} and {@code weights} (null: every row weighs 1) have one entry per used row
     */
    static Tensor sparseLoss(Tensor parameters, SparseRows x, int[] rows, double[] targets, double[] weights, Kind kind) {
        int d = x.columns();
        int n = rows == null ? x.rows() : rows.length;
        if (parameters.size() != d + 1 || targets.length != n || weights != null && weights.length != n) {
            throw new IllegalArgumentException("the fused linear-model loss needs d + 1 parameters and n targets (and "
                    + "weights), got " + parameters.size() + " for " + d + " features and " + targets.length + " for " + n
                    + " rows");
        }
        if (rows != null) {
            for (int row : rows) {
                if (row < 0 || row >= x.rows()) {
                    throw new IndexOutOfBoundsException("row " + row + " of a matrix with " + x.rows() + " rows");
                }
            }
        }
        double[] theta = parameters.values();
        double[] gradient = new double[d + 1];
        double loss = chunked(n, d + 1, (from, to, part) -> sparseChunk(x, rows, theta, targets, weights, kind, from, to,
                part), gradient);
        double total = n;
        if (weights != null) {
            total = 0;
            for (double w : weights) {
                total += w;
            }
        }
        double scale = total == 0 ? 0 : kind.gradientScale() / total;
        for (int j = 0; j <= d; j++) {
            gradient[j] *= scale;
        }
        return Fused.scalar(parameters, total == 0 ? 0 : weights == null ? loss / n : loss / total, gradient);
    }

    /**
     * The sums of one block of at most {@link Model#SUM_BLOCK_ROWS} sparse rows (all of {@code x}), one
     * chunk of {@link #sparseLoss}: returns {@code sum_i w_i loss_i} and adds {@code sum_i w_i r_i [x_i, 1]}
     * into {@code gradientSums} (zeros on entry), unscaled for unweighted rows ({@link #mean} scales them
     * as it scales the dense kernel's); weighted rows' gradient sums times the loss's
     * {@link Kind#gradientScale} (an exact power of two), the weighted mean's gradient times the weight
     * sum, as {@link Model#meanOfWeightedSums} takes them.
     *
     * @param weights one per row, or null for rows that weigh 1
     */
    static double sparseBlockSums(SparseRows x, double[] theta, double[] targets, double[] weights, Kind kind,
                                  double[] gradientSums) {
        if (x.rows() > CHUNK_ROWS) {
            throw new IllegalArgumentException("a block holds at most " + CHUNK_ROWS + " rows: " + x.rows());
        }
        double loss = sparseChunk(x, null, theta, targets, weights, kind, 0, x.rows(), gradientSums);
        if (weights != null && kind.gradientScale() != 1) {
            for (int j = 0; j < gradientSums.length; j++) {
                gradientSums[j] *= kind.gradientScale();
            }
        }
        return loss;
    }

    /**
     * Rows [from, to) of sparse rows: adds {@code sum_i w_i r_i [x_i, 1]} into {@code gradient} and returns
     * {@code sum_i w_i loss_i}, the losses summed with Neumaier's compensation (the logistic loss's
     * {@code log(1 + e)} taken row by row).
     */
    private static double sparseChunk(SparseRows x, int[] rows, double[] theta, double[] y, double[] weights, Kind kind,
                                      int from, int to, double[] gradient) {
        int d = x.columns();
        int[] starts = x.starts();
        int[] indices = x.indices();
        double[] values = x.values();
        double bias = theta[d];
        double[] r = new double[1];
        double[] e = new double[1];
        double loss = 0;
        double compensation = 0;
        double residuals = 0;
        for (int i = from; i < to; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            int row = rows == null ? i : rows[i];
            int end = starts[row + 1];
            double z = 0;
            for (int k = starts[row]; k < end; k++) {
                z = Math.fma(values[k], theta[indices[k]], z);
            }
            double part = term(z + bias, y[i], kind, r, e, 0);
            if (kind == Kind.LOGISTIC) {
                part += Math.log1p(e[0]);
            }
            double term = w * part;
            double sum = loss + term;
            compensation += Math.abs(loss) >= Math.abs(term) ? (loss - sum) + term : (term - sum) + loss;
            loss = sum;
            double weighted = w * r[0];
            residuals += weighted;
            for (int k = starts[row]; k < end; k++) {
                gradient[indices[k]] = Math.fma(weighted, values[k], gradient[indices[k]]);
            }
        }
        gradient[d] += residuals;
        return loss + compensation;
    }

    /** Turns the sums over {@code n} rows into the mean loss (returned) and its gradient (in place). */
    static double mean(double lossSum, double[] gradientSums, long n, Kind kind) {
        double scale = kind.gradientScale() / n;
        for (int j = 0; j < gradientSums.length; j++) {
            gradientSums[j] *= scale;
        }
        return lossSum / n;
    }

    /**
     * The unscaled sums over all {@code n} rows, chunk by chunk, the chunks' sums added by the
     * {@link BlockTree} over chunk indices: returns sum_i loss_i and adds sum_i r_i [x_i, 1] into
     * {@code gradient}. {@code simd} picks the kernels (the same bits
     * either way; package-private so a test can run both in one JVM).
     */
    static double sums(double[] x, int[] rows, double[] theta, double[] y, Kind kind, int n, int d, boolean simd,
                       double[] gradient) {
        return chunked(n, d + 1, (from, to, part) -> chunk(x, rows, theta, y, kind, from, to, d, simd, part), gradient);
    }

    /** One chunk of rows {@code [from, to)}: adds its gradient sums into {@code gradient} and returns its loss sum. */
    private interface Chunk {
        double sums(int from, int to, double[] gradient);
    }

    /**
     * Rows {@code [0, n)} in chunks of {@link #CHUNK_ROWS}, summed on the {@link Team} and added by the
     * {@link BlockTree} over the chunk indices (so the result does not depend on the threads, and equals
     * an engine's sum of the same blocks): returns the loss sum and adds the gradient sums into
     * {@code gradient}.
     */
    private static double chunked(int n, int width, Chunk chunk, double[] gradient) {
        int chunks = Math.max(1, (n + CHUNK_ROWS - 1) / CHUNK_ROWS);
        double[][] partialGradients = new double[chunks][width];
        double[] partialLosses = new double[chunks];
        if (chunks == 1) {
            partialLosses[0] = chunk.sums(0, n, partialGradients[0]);
        } else {
            Team.run(chunks, c -> {
                int from = c * CHUNK_ROWS;
                partialLosses[c] = chunk.sums(from, Math.min(n, from + CHUNK_ROWS), partialGradients[c]);
            });
        }
        double loss = BlockTree.sum(partialLosses);
        BlockTree.add(gradient, BlockTree.sum(partialGradients));
        return loss;
    }

    /**
     * Rows [from, to): adds sum_i r_i [x_i, 1] into {@code gradient} (unscaled) and returns the summed
     * loss. The rows are visited as eight interleaved streams, the eighths of the range (position
     * {@code s < 8e} is row {@code from + (s mod 8) e + floor(s / 8)}, in stream {@code s mod 8}), then
     * the few left over in order (position {@code 8e + k} in stream {@code k}): eight memory streams
     * per thread keep more reads in flight than one, and the SIMD loop takes one row of each stream at
     * a time. Each stream keeps its own running sums ({@link StreamSums}).
     */
    private static double chunk(double[] x, int[] rows, double[] theta, double[] y, Kind kind, int from, int to,
                                int d, boolean simd, double[] gradient) {
        double bias = theta[d];
        StreamSums sums = new StreamSums(kind);
        double[] r = new double[STREAMS];
        double[] e = new double[STREAMS];
        int groups = (to - from) / STREAMS;
        int s = 0;
        if (simd && d >= 8) {
            int[] o = new int[STREAMS];
            double[] z = new double[STREAMS];
            double[] t = new double[STREAMS];
            double[] parts = new double[STREAMS];
            double[] scratch = new double[64];
            for (int group = 0; group < groups; group++) {
                for (int k = 0; k < STREAMS; k++) {
                    int i = from + k * groups + group;
                    o[k] = offset(rows, i, d);
                    t[k] = y[i];
                }
                if (VectorRowKernels.EIGHT_ROWS) {
                    VectorRowKernels.dot8(x, o, theta, d, scratch, z);
                } else {
                    VectorRowKernels.dot4(x, o, 0, theta, d, scratch, z);
                    VectorRowKernels.dot4(x, o, 4, theta, d, scratch, z);
                }
                if (kind == Kind.LOGISTIC && VectorRowKernels.EIGHT_ROWS) {
                    VectorRowKernels.logistic8(z, bias, t, r, e, parts, scratch);
                } else {
                    for (int k = 0; k < STREAMS; k++) {
                        parts[k] = term(z[k] + bias, t[k], kind, r, e, k);
                    }
                }
                for (int k = 0; k < STREAMS; k++) {
                    sums.add(k, parts[k], r[k], e[k]);
                }
                VectorRowKernels.axpy8(r, x, o, gradient, d);
            }
            s = STREAMS * groups;
        }
        for (; s < to - from; s++) {
            boolean streamed = s < STREAMS * groups;
            int i = streamed ? from + (s % STREAMS) * groups + s / STREAMS : from + s;
            int at = offset(rows, i, d);
            double part = term(RowKernels.dot(x, at, theta, d) + bias, y[i], kind, r, e, 0);
            sums.add(streamed ? s % STREAMS : s - STREAMS * groups, part, r[0], e[0]);
            RowKernels.axpy(r[0], x, at, gradient, d);
        }
        gradient[d] += sums.residuals();
        return sums.loss();
    }

    /**
     * Each stream's running sums, added to row by row in the visiting order by both loops, and
     * totalled in stream order: the loss parts, the residuals (the bias's gradient), and for the
     * logistic loss the rows' {@code log(1 + e)}, {@link #PRODUCT_ROWS} rows at a time as
     * {@code log1p(prod(1 + e) - 1)}, the product kept as {@code q = prod - 1}
     * ({@code q' = q + e (1 + q)}: no cancellation, a few ulps per row).
     */
    private static final class StreamSums {
        private final Kind kind;
        private final double[] parts = new double[STREAMS];
        private final double[] residuals = new double[STREAMS];
        private final double[] products = new double[STREAMS];
        private final double[] logs = new double[STREAMS];
        private final int[] factors = new int[STREAMS];

        StreamSums(Kind kind) {
            this.kind = kind;
        }

        void add(int k, double part, double residual, double e) {
            parts[k] += part;
            residuals[k] += residual;
            if (kind == Kind.LOGISTIC) {
                double q = products[k];
                q = q + e * (1 + q);
                if (++factors[k] == PRODUCT_ROWS) {
                    logs[k] += Math.log1p(q);
                    q = 0;
                    factors[k] = 0;
                }
                products[k] = q;
            }
        }

        double loss() {
            double loss = 0;
            for (int k = 0; k < STREAMS; k++) {
                loss += parts[k] + (factors[k] > 0 ? logs[k] + Math.log1p(products[k]) : logs[k]);
            }
            return loss;
        }

        double residuals() {
            double sum = 0;
            for (int k = 0; k < STREAMS; k++) {
                sum += residuals[k];
            }
            return sum;
        }
    }

    private static int offset(int[] rows, int i, int d) {
        return (rows == null ? i : rows[i]) * d;
    }

    /**
     * One row with linear predictor {@code z} and target {@code t}: stores dL/dz (times n, or n/2 for
     * squares) in {@code residual[k]} and returns the row's loss, except for the logistic loss's
     * {@code log(1 + e)}, {@code e = exp(-|z|)}, which it stores in {@code exps[k]} for the caller
     * to sum by products (one logarithm per {@link #PRODUCT_ROWS} rows instead of one per row).
     */
    static double term(double z, double t, Kind kind, double[] residual, double[] exps, int k) {
        if (kind == Kind.LOGISTIC) {
            // one exp serves the loss and the sigmoid: e = exp(-|z|) in (0, 1]
            double e = RowKernels.expNonPositive(-Math.abs(z));
            double numerator = z >= 0 ? 1 : e;
            residual[k] = numerator / (1 + e) - t;
            exps[k] = e;
            return Math.max(z, 0) - t * z;
        }
        if (kind == Kind.SQUARED_ERROR) {
            double difference = z - t;
            residual[k] = difference;
            return difference * difference;
        }
        return otherTerm(z, t, kind, residual, k);
    }

    /**
     * {@link #term} for the losses beside the two the streaming kernels are tuned for (Poisson, hinge,
     * pinball), kept out of its body so the squared error's and the logistic loss's path per row is what
     * it was.
     */
    private static double otherTerm(double z, double t, Kind kind, double[] residual, int k) {
        switch (kind.type) {
            case POISSON -> {
                double mean = Math.exp(z);
                residual[k] = mean - t;
                return mean - t * z;
            }
            case HINGE -> {
                double sign = 2 * t - 1;
                double u = 1 - sign * z;
                double mu = kind.smoothing;
                if (u <= 0) {
                    residual[k] = 0;
                    return 0;
                }
                if (u < mu) {
                    residual[k] = -sign * u / mu;
                    return u * u / (2 * mu);
                }
                residual[k] = -sign;
                return u - mu / 2;
            }
            case PINBALL -> {
                double q = kind.quantile;
                double mu = kind.smoothing;
                double r = t - z;
                if (r >= q * mu && r > 0) {
                    residual[k] = -q;
                    return q * r - q * q * mu / 2;
                }
                if (r <= -(1 - q) * mu && r < 0) {
                    residual[k] = 1 - q;
                    return (q - 1) * r - (1 - q) * (1 - q) * mu / 2;
                }
                if (mu == 0) {
                    residual[k] = 0; // r = 0: the subgradient 0
                    return 0;
                }
                residual[k] = -r / mu;
                return r * r / (2 * mu);
            }
            default -> throw new AssertionError(kind.type);
        }
    }
}
