package dev.descent.autodiff;

/** Shape checks and broadcasting rules, with messages that show the shapes. */
final class Shapes {
    private Shapes() {}

    static void checkMatrix(int length, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols != length) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + length);
        }
    }

    /**
     * NumPy's rule on at most two dimensions: a vector is a 1 x n row; each dimension must match or
     * be 1.
     */
    static int broadcast(int a, int b, Tensor left, Tensor right, String operation) {
        if (a == b || b == 1) {
            return a;
        }
        if (a == 1) {
            return b;
        }
        throw new IllegalArgumentException("cannot broadcast " + left.shapeString() + " with " + right.shapeString()
                + " in " + operation);
    }
}
