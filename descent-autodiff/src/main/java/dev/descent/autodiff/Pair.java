package dev.descent.autodiff;

/**
 * Two operands of a broadcasting operation: the output shape, both operands' values expanded to it
 * (the original arrays when no expansion is needed), and the reduction of a gradient back to an
 * operand's own shape. Keeping the expansion here lets every binary operation be one flat loop.
 */
final class Pair {
    final Tensor left;
    final Tensor right;
    final int rank;
    final int rows;
    final int cols;
    final double[] leftValues;
    final double[] rightValues;

    Pair(Tensor left, Tensor right, String operation) {
        if (left.tape != right.tape) {
            throw new IllegalArgumentException(operation + " of tensors recorded on different tapes");
        }
        this.left = left;
        this.right = right;
        this.rank = Math.max(left.rank, right.rank);
        this.rows = Shapes.broadcast(left.rows, right.rows, left, right, operation);
        this.cols = Shapes.broadcast(left.cols, right.cols, left, right, operation);
        this.leftValues = expand(left);
        this.rightValues = expand(right);
    }

    int size() {
        return rows * cols;
    }

    boolean requiresGradient() {
        return left.requiresGradient || right.requiresGradient;
    }

    Tensor result(double[] out) {
        return Tensor.result(left.tape, rank, rows, cols, out, requiresGradient());
    }

    private double[] expand(Tensor t) {
        if (t.rows == rows && t.cols == cols) {
            return t.value;
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            int sourceRow = t.rows == 1 ? 0 : r * t.cols;
            int target = r * cols;
            if (t.cols == 1) {
                java.util.Arrays.fill(out, target, target + cols, t.value[sourceRow]);
            } else {
                System.arraycopy(t.value, sourceRow, out, target, cols);
            }
        }
        return out;
    }

    /** Where to accumulate {@code t}'s gradient at the output's shape: its own buffer, or a scratch array. */
    double[] accumulator(Tensor t) {
        return t.rows == rows && t.cols == cols ? t.gradientBuffer() : new double[rows * cols];
    }

    /** Sums a scratch accumulator over the stretched dimensions into {@code t}'s gradient. */
    void reduce(Tensor t, double[] accumulated) {
        double[] g = t.gradientBuffer();
        if (accumulated == g) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int targetRow = t.rows == 1 ? 0 : r * t.cols;
            for (int c = 0; c < cols; c++) {
                g[targetRow + (t.cols == 1 ? 0 : c)] += accumulated[r * cols + c];
            }
        }
    }
}
