package dev.descent.ml.train;

import dev.descent.autodiff.Tape;
import dev.descent.ml.metrics.ClassificationReport;
import dev.descent.ml.metrics.RankingReport;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.BlockTree;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.Task;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model scores on some rows, as sums that add up across blocks of rows: the row count, the
 * data loss sum, and the confusion counts (classification) or the residual, absolute-error and
 * target moments (regression). Every score descent reports comes from a tally, per epoch
 * ({@link #metrics()}) and at the end ({@code Evaluation.of}), so local and distributed scoring
 * are one computation: a tally per block of {@link Model#SUM_BLOCK_ROWS} rows, merged by the fixed
 * tree over the block indices ({@link BlockTree}, each merge left then right). The target moments
 * merge as Chan, Golub and LeVeque give ("Algorithms for computing the sample variance", 1983):
 * with {@code delta = mean_b - mean_a},
 *
 * <pre>
 * mean = mean_a + delta n_b / n,   M2 = M2_a + M2_b + delta^2 n_a n_b / n.
 * </pre>
 *
 * <p>The predicted class is the largest logit (a binary model's positive logit), which is the
 * largest probability.
 *
 * <p>A tally made {@code withScores} (as {@code Evaluation.of} makes them) also keeps, for
 * classification, the sum of scikit-learn's clipped log-loss over the rows
 * ({@link ClassificationReport#logLossTerm} of the class probabilities {@code SavedModel.predict}
 * gives, computed by the same formulas), and with two classes every row's positive-class
 * probability and label, in row order, which the ROC AUC and average precision need
 * ({@link #ranking()}). Those rows merge by concatenation, left then right, so they stay in block
 * order, and a tally merged by the same tree from blocks scored anywhere holds the same bits as one
 * tally of the same blocks scored here.
 * The per-epoch tallies ({@link #metrics()}) are made without scores, which keeps them to counts
 * and sums: no logarithm a row, no memory a row.
 *
 * <p>Rows that carry weights make the loss the weighted mean {@code sum_r w_r loss_r / sum_r w_r}
 * (the tally keeps the weighted loss sum and the weight sum, both added across blocks), as the
 * training objective is; the other scores (accuracy, the confusion counts, RMSE, R^2, log-loss,
 * ranking) stay unweighted, as scikit-learn's metric functions without {@code sample_weight}.
 *
 * <p>Serializable only to travel to Spark's executors, which run the same build: its serialized
 * form is no stored format, so it is not documented.
 *
 * @serial exclude
 */
public final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long rows;
    private final double lossSum;
    private final long[] confusion;
    private final int classes;
    private final double residualSquares;
    private final double absoluteErrors;
    private final double targetMean;
    private final double targetSquares;
    private final boolean constantTarget;
    private final double firstTarget;
    /** Whether the log-loss sum and (binary) the rows' scores were kept. */
    private final boolean withScores;
    /** The clipped log-loss sum; 0 unless a classification tally with scores. */
    private final double logLossSum;
    /** A binary tally's rows with scores, one chunk a block in block order; empty otherwise. */
    private final List<Scored> scored;
    /** The rows' weight sum when they carry weights (then {@link #lossSum} is weighted); NaN otherwise. */
    private final double weightSum;

    /** One block's positive-class probabilities and labels, row by row. */
    private record Scored(double[] probabilities, int[] labels) implements Serializable {}

    private Tally(long rows, double lossSum, long[] confusion, int classes, double residualSquares, double absoluteErrors,
                  double targetMean, double targetSquares, boolean constantTarget, double firstTarget) {
        this(rows, lossSum, confusion, classes, residualSquares, absoluteErrors, targetMean, targetSquares, constantTarget,
                firstTarget, false, 0, List.of(), Double.NaN);
    }

    private Tally(long rows, double lossSum, long[] confusion, int classes, double residualSquares, double absoluteErrors,
                  double targetMean, double targetSquares, boolean constantTarget, double firstTarget, boolean withScores,
                  double logLossSum, List<Scored> scored, double weightSum) {
        this.rows = rows;
        this.weightSum = weightSum;
        this.lossSum = lossSum;
        this.confusion = confusion;
        this.classes = classes;
        this.residualSquares = residualSquares;
        this.absoluteErrors = absoluteErrors;
        this.targetMean = targetMean;
        this.targetSquares = targetSquares;
        this.constantTarget = constantTarget;
        this.firstTarget = firstTarget;
        this.withScores = withScores;
        this.logLossSum = logLossSum;
        this.scored = scored;
    }

    /**
     * Scores {@code parameters} on all of {@code batch}, a tally per block of {@link Model#SUM_BLOCK_ROWS} rows merged by
     * the {@link BlockTree}, without scores: {@code over(model, parameters, batch, false)}.
     */
    public static Tally over(Model model, double[] parameters, Batch batch) {
        return over(model, parameters, batch, false);
    }

    /**
     * Scores {@code parameters} on all of {@code batch}, a tally per block of {@link Model#SUM_BLOCK_ROWS} rows merged by
     * the {@link BlockTree}.
     *
     * @param withScores whether to keep the log-loss sum and a binary model's per-row probabilities and labels (see
     *     the class comment); false for the per-epoch metrics, which need neither
     */
    public static Tally over(Model model, double[] parameters, Batch batch, boolean withScores) {
        Batch rows = batch.rowIndices() == null ? batch : batch.isSparse()
                ? Batch.sparse(batch.sparse().gather(batch.rowIndices()), batch.targets(), batch.labels(), null, batch.weights())
                : new Batch(batch.gathered(), batch.rows(), batch.columns(), batch.targets(), batch.labels(), null,
                        batch.weights());
        if (rows.rows() == 0) {
            return empty(model, withScores, batch.weights() != null);
        }
        int d = rows.columns();
        int blocks = (rows.rows() + Model.SUM_BLOCK_ROWS - 1) / Model.SUM_BLOCK_ROWS;
        BlockTree.Accumulator<Tally> total = new BlockTree.Accumulator<>(blocks, 0, Tally::merge);
        for (int from = 0; from < rows.rows(); from += Model.SUM_BLOCK_ROWS) {
            int count = Math.min(Model.SUM_BLOCK_ROWS, rows.rows() - from);
            double[] targets = rows.targets() == null ? null : java.util.Arrays.copyOfRange(rows.targets(), from, from + count);
            int[] labels = rows.labels() == null ? null : java.util.Arrays.copyOfRange(rows.labels(), from, from + count);
            double[] weights = rows.weights() == null ? null : java.util.Arrays.copyOfRange(rows.weights(), from, from + count);
            Batch block = from == 0 && count == rows.rows() ? rows : rows.isSparse()
                    ? Batch.sparse(rows.sparse().slice(from, from + count), targets, labels, null, weights)
                    : new Batch(java.util.Arrays.copyOfRange(rows.features(), from * d, (from + count) * d), count, d,
                            targets, labels, null, weights);
            total.push(of(model, parameters, block, withScores));
        }
        return total.total();
    }

    /** Scores {@code parameters} on one block of rows, as one tally, without scores: {@code of(model, parameters, block, false)}. */
    public static Tally of(Model model, double[] parameters, Batch block) {
        return of(model, parameters, block, false);
    }

    /**
     * Scores {@code parameters} on one block of rows, as one tally.
     *
     * @param withScores whether to keep the log-loss sum and a binary model's per-row probabilities and labels (see
     *     the class comment); false for the per-epoch metrics, which need neither
     */
    public static Tally of(Model model, double[] parameters, Batch block, boolean withScores) {
        int n = block.rows();
        if (n == 0) {
            return empty(model, withScores, block.weights() != null);
        }
        Tape tape = new Tape();
        double weights = block.weights() == null ? Double.NaN : block.weightSum();
        // the weighted mean times the weight sum is the weighted loss sum (0 when every weight is 0)
        double loss = model.trainingLoss(tape.constant(parameters), tape, block).item()
                * (block.weights() == null ? n : weights);
        double[] outputs = model.outputs(parameters, block);
        if (model.task() == Task.REGRESSION) {
            double[] y = block.targets();
            double sum = 0;
            boolean constant = true;
            for (double v : y) {
                sum += v;
                constant &= v == y[0];
            }
            double mean = sum / n;
            double residual = 0;
            double absolute = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double error = y[i] - model.prediction(outputs[i]);
                residual += error * error;
                absolute += Math.abs(error);
                squares += (y[i] - mean) * (y[i] - mean);
            }
            return new Tally(n, loss, null, 0, residual, absolute, mean, constant ? 0 : squares, constant, y[0], withScores,
                    0, List.of(), weights);
        }
        int k = model.task() == Task.BINARY ? 2 : model.outputs();
        long[] counts = new long[k * k];
        int[] labels = block.labels();
        for (int i = 0; i < n; i++) {
            counts[labels[i] * k + predictedClass(model.task(), outputs, i, k)]++;
        }
        if (!withScores) {
            return new Tally(n, loss, counts, k, 0, 0, 0, 0, true, 0, false, 0, List.of(), weights);
        }
        // a decision value (the SVM's) ranks rows as a probability does, but has no log-loss
        boolean probabilistic = model.probabilistic();
        double logLoss = probabilistic ? 0 : Double.NaN;
        double[] row = new double[k];
        double[] positive = k == 2 ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            if (probabilistic) {
                probabilities(model.task(), outputs, i, row);
                logLoss += ClassificationReport.logLossTerm(row, 0, k, labels[i]);
            } else {
                row[1] = outputs[i];
            }
            if (positive != null) {
                positive[i] = row[1];
            }
        }
        List<Scored> scored = positive == null ? List.of() : List.of(new Scored(positive, labels.clone()));
        return new Tally(n, loss, counts, k, 0, 0, 0, 0, true, 0, true, logLoss, scored, weights);
    }

    /**
     * The class probabilities of row {@code i} from the raw outputs, into {@code row}: {@code 1 - p, p} with
     * {@code p = 1 / (1 + exp(-logit))} for a binary model, else the softmax shifted by the largest logit. These are
     * SavedModel.predict's formulas, operation for operation, so the tally's log-loss and ranking are those of the
     * probabilities a user is given.
     */
    static void probabilities(Task task, double[] outputs, int i, double[] row) {
        if (task == Task.BINARY) {
            double p = 1 / (1 + Math.exp(-outputs[i]));
            row[0] = 1 - p;
            row[1] = p;
            return;
        }
        int k = row.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, outputs[i * k + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            row[c] = Math.exp(outputs[i * k + c] - max);
            sum += row[c];
        }
        for (int c = 0; c < k; c++) {
            row[c] /= sum;
        }
    }

    /** The predicted class of row {@code i} from the raw outputs: the positive logit's sign, else the largest logit. */
    static int predictedClass(Task task, double[] outputs, int i, int k) {
        if (task == Task.BINARY) {
            return outputs[i] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (outputs[i * k + c] > outputs[i * k + best]) {
                best = c;
            }
        }
        return best;
    }

    private static Tally empty(Model model, boolean withScores, boolean weighted) {
        int k = model.task() == Task.REGRESSION ? 0 : model.task() == Task.BINARY ? 2 : model.outputs();
        return new Tally(0, 0, k == 0 ? null : new long[k * k], k, 0, 0, 0, 0, true, Double.NaN, withScores, 0,
                List.of(), weighted ? 0 : Double.NaN);
    }

    /** This tally followed by {@code next}'s rows. */
    public Tally merge(Tally next) {
        if ((confusion == null) != (next.confusion == null) || classes != next.classes) {
            throw new IllegalArgumentException("tallies of different tasks do not merge");
        }
        if (withScores != next.withScores) {
            throw new IllegalArgumentException("a tally with scores merges only with another with scores");
        }
        if (isWeighted() != next.isWeighted()) {
            throw new IllegalArgumentException("a tally of weighted rows merges only with another of weighted rows");
        }
        if (next.rows == 0) {
            return this;
        }
        if (rows == 0) {
            return next;
        }
        long n = rows + next.rows;
        double weights = weightSum + next.weightSum;
        if (confusion != null) {
            long[] counts = confusion.clone();
            for (int i = 0; i < counts.length; i++) {
                counts[i] += next.confusion[i];
            }
            List<Scored> rowsScored = scored;
            if (!next.scored.isEmpty()) {
                rowsScored = new ArrayList<>(scored.size() + next.scored.size());
                rowsScored.addAll(scored);
                rowsScored.addAll(next.scored);
                rowsScored = List.copyOf(rowsScored);
            }
            return new Tally(n, lossSum + next.lossSum, counts, classes, 0, 0, 0, 0, true, 0, withScores,
                    logLossSum + next.logLossSum, rowsScored, weights);
        }
        double delta = next.targetMean - targetMean;
        boolean constant = constantTarget && next.constantTarget && firstTarget == next.firstTarget;
        double squares = constant ? 0
                : targetSquares + next.targetSquares + delta * delta * ((double) rows * next.rows / n);
        return new Tally(n, lossSum + next.lossSum, null, 0, residualSquares + next.residualSquares,
                absoluteErrors + next.absoluteErrors, targetMean + delta * next.rows / n, squares, constant, firstTarget,
                withScores, 0, List.of(), weights);
    }

    /**
     * This regression tally, scored on a target standardized by {@code target} (a one-column
     * standardizer, or null for none), in the target's own units: squared sums times {@code std^2},
     * absolute errors times {@code std}, the target mean mapped back. The sums are those of the
     * unstandardized rows up to rounding, since {@code y - f = std (z - g)} for
     * {@code y = mean + std z} and {@code f = mean + std g}.
     */
    public Tally inTargetUnits(dev.descent.ml.data.Standardizer target) {
        if (target == null) {
            return this;
        }
        if (confusion != null) {
            throw new IllegalArgumentException("a classification tally has no target units");
        }
        double mean = target.means()[0];
        double std = target.deviations()[0];
        double variance = std * std;
        return new Tally(rows, lossSum * variance, null, 0, residualSquares * variance, absoluteErrors * std,
                mean + std * targetMean, targetSquares * variance, constantTarget, mean + std * firstTarget, withScores, 0,
                List.of(), weightSum);
    }

    /** The rows scored. */
    public long rows() {
        return rows;
    }

    /**
     * The mean data loss (no penalty): with weighted rows the weighted mean
     * {@code sum_r w_r loss_r / sum_r w_r}; NaN without rows or when every weight is 0.
     */
    public double loss() {
        if (isWeighted()) {
            return rows == 0 || weightSum == 0 ? Double.NaN : lossSum / weightSum;
        }
        return rows == 0 ? Double.NaN : lossSum / rows;
    }

    /** Whether the rows carried weights, so that {@link #loss()} is their weighted mean. */
    public boolean isWeighted() {
        return !Double.isNaN(weightSum);
    }

    /** The rows' weight sum; NaN unless {@link #isWeighted()}. */
    public double weightSum() {
        return weightSum;
    }

    /** Whether these are classification counts. */
    public boolean isClassification() {
        return confusion != null;
    }

    /** The confusion counts {@code [true][predicted]}; classification only. */
    public long[][] confusion() {
        if (confusion == null) {
            throw new IllegalStateException("a regression tally has no confusion matrix");
        }
        long[][] out = new long[classes][classes];
        for (int t = 0; t < classes; t++) {
            System.arraycopy(confusion, t * classes, out[t], 0, classes);
        }
        return out;
    }

    /** The sum of squared residuals; regression only. */
    public double residualSquares() {
        return residualSquares;
    }

    /** The sum of absolute residuals; regression only. */
    public double absoluteErrors() {
        return absoluteErrors;
    }

    /** The sum of squared deviations of the target from its mean, 0 for a constant target; regression only. */
    public double totalSquares() {
        return targetSquares;
    }

    /** Whether this tally was made with scores: the log-loss, and for a binary model the rows' probabilities and labels. */
    public boolean hasScores() {
        return withScores;
    }

    /**
     * The mean log-loss of the class probabilities, scikit-learn 1.2.1's {@code log_loss} with its
     * clipping ({@link ClassificationReport#logLoss}); unlike {@link #loss()}, the model's training
     * loss from the logits, it is what scikit-learn reports for the probabilities
     * {@code SavedModel.predict} gives.
     *
     * @return the mean clipped log-loss; NaN for regression, without rows, or for a tally made without scores
     */
    public double logLoss() {
        return rows == 0 || confusion == null || !withScores ? Double.NaN : logLossSum / rows;
    }

    /**
     * A binary tally's positive-class probabilities {@code P(class 1)}, one a row in row order.
     *
     * @return a fresh array of {@link #rows()} probabilities
     * @throws IllegalStateException unless a binary tally made with scores
     */
    public double[] positiveProbabilities() {
        requireRanked();
        double[] out = new double[(int) rows];
        int at = 0;
        for (Scored chunk : scored) {
            System.arraycopy(chunk.probabilities(), 0, out, at, chunk.probabilities().length);
            at += chunk.probabilities().length;
        }
        return out;
    }

    /**
     * A binary tally's true labels, 0 or 1, one a row in row order (the order of {@link #positiveProbabilities()}).
     *
     * @return a fresh array of {@link #rows()} labels
     * @throws IllegalStateException unless a binary tally made with scores
     */
    public int[] labels() {
        requireRanked();
        int[] out = new int[(int) rows];
        int at = 0;
        for (Scored chunk : scored) {
            System.arraycopy(chunk.labels(), 0, out, at, chunk.labels().length);
            at += chunk.labels().length;
        }
        return out;
    }

    /**
     * The ROC AUC and average precision of a binary tally's positive-class probabilities.
     *
     * @return the ranking report; null for a multiclass or regression tally, one made without scores, or one without rows
     */
    public RankingReport ranking() {
        if (rows == 0 || classes != 2 || !withScores || confusion == null) {
            return null;
        }
        return RankingReport.of(positiveProbabilities(), labels());
    }

    private void requireRanked() {
        if (classes != 2 || !withScores || confusion == null) {
            throw new IllegalStateException("only a binary tally made with scores keeps its rows' probabilities");
        }
        if (rows > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + " rows is more than an array holds");
        }
    }

    /** The epoch metrics: loss, and accuracy or RMSE and R^2. */
    public Metrics metrics() {
        if (rows == 0) {
            return Metrics.NONE;
        }
        if (confusion != null) {
            long right = 0;
            for (int c = 0; c < classes; c++) {
                right += confusion[c * classes + c];
            }
            return new Metrics(loss(), right / (double) rows, Double.NaN, Double.NaN);
        }
        return new Metrics(loss(), Double.NaN, Math.sqrt(residualSquares / rows),
                targetSquares == 0 ? Double.NaN : 1 - residualSquares / targetSquares);
    }
}
