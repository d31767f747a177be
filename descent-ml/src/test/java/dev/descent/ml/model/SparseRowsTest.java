package dev.descent.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.descent.autodiff.Tape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sparse rows' fused losses against the dense kernels on the same rows made dense (themselves
 * checked against autodiff and finite differences in {@code FusedLinearLossTest}): the same values and
 * gradients to rounding, for every loss, weighted and not, whole and indexed; and blocks of sparse
 * rows summed by the tree give the whole pass's bits.
 */
class SparseRowsTest {

    /** {@code rows} rows of {@code columns} columns, about {@code density} of the cells nonzero. */
    static SparseRows random(int rows, int columns, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] starts = new int[rows + 1];
        List<Integer> indices = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < columns; j++) {
                if (random.nextDouble() < density) {
                    indices.add(j);
                    values.add(random.nextGaussian());
                }
            }
            starts[r + 1] = indices.size();
        }
        return new SparseRows(rows, columns, starts, indices.stream().mapToInt(Integer::intValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static final GeneralizedLinearLoss.Kind[] KINDS = {GeneralizedLinearLoss.Kind.SQUARED_ERROR,
        GeneralizedLinearLoss.Kind.LOGISTIC, GeneralizedLinearLoss.Kind.POISSON, GeneralizedLinearLoss.Kind.hinge(0.1),
        GeneralizedLinearLoss.Kind.pinball(0.3, 0.05)};

    @Test
    void theSparseKernelIsTheDenseKernelOnTheRowsMadeDense() {
        int n = 500;
        int d = 40;
        SparseRows x = random(n, d, 0.1, 3);
        double[] dense = x.dense();
        SplittableRandom random = new SplittableRandom(4);
        double[] theta = random.doubles(d + 1, -0.3, 0.3).toArray();
        double[] y = new double[n];
        double[] w = random.doubles(n, 0, 2).toArray();
        w[7] = 0;
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(2);
        }
        int[] picked = {5, 3, 499, 0, 42, 42};
        for (GeneralizedLinearLoss.Kind kind : KINDS) {
            for (boolean weighted : new boolean[] {false, true}) {
                for (int[] rows : new int[][] {null, picked}) {
                    double[] targets = rows == null ? y : new double[rows.length];
                    double[] weights = !weighted ? null : rows == null ? w : new double[rows.length];
                    if (rows != null) {
                        for (int k = 0; k < rows.length; k++) {
                            targets[k] = y[rows[k]];
                            if (weighted) {
                                weights[k] = w[rows[k]];
                            }
                        }
                    }
                    Tape sparseTape = new Tape();
                    var sparseTheta = sparseTape.variable(theta);
                    var sparse = GeneralizedLinearLoss.sparseLoss(sparseTheta, x, rows, targets, weights, kind);
                    sparseTape.backward(sparse);
                    Tape denseTape = new Tape();
                    var denseTheta = denseTape.variable(theta);
                    var reference = weighted
                            ? GeneralizedLinearLoss.weightedLoss(denseTheta, dense, n, d, rows, targets, weights, kind)
                            : GeneralizedLinearLoss.loss(denseTheta, dense, n, d, rows, targets, kind);
                    denseTape.backward(reference);
                    assertThat(sparse.item()).isCloseTo(reference.item(), offset(1e-12 * Math.max(1, Math.abs(reference.item()))));
                    for (int j = 0; j <= d; j++) {
                        assertThat(sparseTheta.gradient()[j]).as("%s gradient %d", kind.type, j)
                                .isCloseTo(denseTheta.gradient()[j], offset(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void blocksSummedByTheTreeGiveTheWholePassBits() {
        int n = 3 * Model.SUM_BLOCK_ROWS + 1000;
        int d = 30;
        SparseRows x = random(n, d, 0.05, 8);
        SplittableRandom random = new SplittableRandom(9);
        double[] theta = random.doubles(d + 1, -0.5, 0.5).toArray();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(2);
        }
        for (GeneralizedLinearLoss.Kind kind : new GeneralizedLinearLoss.Kind[] {GeneralizedLinearLoss.Kind.LOGISTIC,
            GeneralizedLinearLoss.Kind.SQUARED_ERROR}) {
            Tape tape = new Tape();
            var t = tape.variable(theta);
            var whole = GeneralizedLinearLoss.sparseLoss(t, x, null, y, null, kind);
            tape.backward(whole);
            List<Double> losses = new ArrayList<>();
            List<double[]> gradients = new ArrayList<>();
            for (int from = 0; from < n; from += Model.SUM_BLOCK_ROWS) {
                int to = Math.min(n, from + Model.SUM_BLOCK_ROWS);
                double[] g = new double[d + 1];
                losses.add(GeneralizedLinearLoss.sparseBlockSums(x.slice(from, to), theta,
                        java.util.Arrays.copyOfRange(y, from, to), null, kind, g));
                gradients.add(g);
            }
            double[] gradient = BlockTree.add(new double[d + 1], BlockTree.reduce(gradients, BlockTree::add));
            double loss = GeneralizedLinearLoss.mean(BlockTree.reduce(losses, Double::sum), gradient, n, kind);
            assertThat(loss).isEqualTo(whole.item());
            assertThat(gradient).isEqualTo(t.gradient());
        }
    }

    @Test
    void slicesGathersAndScalesKeepTheRows() {
        SparseRows x = random(20, 7, 0.4, 12);
        double[] dense = x.dense();
        assertThat(x.slice(5, 9).dense()).isEqualTo(java.util.Arrays.copyOfRange(dense, 5 * 7, 9 * 7));
        double[] gathered = x.gather(new int[] {3, 3, 19}).dense();
        assertThat(java.util.Arrays.copyOfRange(gathered, 0, 7)).isEqualTo(java.util.Arrays.copyOfRange(dense, 21, 28));
        assertThat(java.util.Arrays.copyOfRange(gathered, 14, 21)).isEqualTo(java.util.Arrays.copyOfRange(dense, 133, 140));
        double[] scales = {1, 2, 4, 0.5, 3, 1, 8};
        double[] scaled = x.dividedBy(scales).dense();
        for (int i = 0; i < dense.length; i++) {
            assertThat(scaled[i]).isEqualTo(dense[i] / scales[i % 7]);
        }
        LinearModel model = new LinearModel(7);
        double[] theta = new SplittableRandom(1).doubles(8, -1, 1).toArray();
        double[] sparseOutputs = model.outputs(theta, Batch.sparse(x, new double[20], null, null, null));
        double[] denseOutputs = model.outputs(theta, new Batch(dense, 20, 7, new double[20], null));
        for (int i = 0; i < 20; i++) {
            assertThat(sparseOutputs[i]).isCloseTo(denseOutputs[i], offset(1e-12));
        }
    }
}
