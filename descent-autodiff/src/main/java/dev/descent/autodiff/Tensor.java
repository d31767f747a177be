package dev.descent.autodiff;

import java.util.Arrays;

/**
 * A dense float64 scalar, vector or matrix (row-major {@code double[]} with a shape) recorded on a
 * {@link Tape}. Every operation returns a new tensor; the ones whose inputs need a gradient are
 * recorded with their backward rule, written next to the forward rule in the operation's class
 * ({@link Arithmetic}, {@link Elementwise}, {@link Reductions}, {@link LinearAlgebra},
 * {@link Indexing}, {@link Losses}).
 *
 * <p>Broadcasting follows NumPy on at most two dimensions: a scalar combines with anything; a vector
 * of length {@code n} is a {@code 1 x n} row; a dimension of 1 stretches to match the other operand.
 * Back-propagation sums the gradient over stretched dimensions.
 */
public final class Tensor {
    final Tape tape;
    /** 0 scalar, 1 vector, 2 matrix. */
    final int rank;
    final int rows;
    final int cols;
    final double[] value;
    final boolean requiresGradient;
    double[] grad;
    Runnable backward;

    Tensor(Tape tape, int rank, int rows, int cols, double[] value, boolean requiresGradient) {
        this.tape = tape;
        this.rank = rank;
        this.rows = rows;
        this.cols = cols;
        this.value = value;
        this.requiresGradient = requiresGradient;
    }

    /** A result of an operation: recorded with {@code backward} when it needs a gradient. */
    static Tensor result(Tape tape, int rank, int rows, int cols, double[] value, boolean requiresGradient) {
        return new Tensor(tape, rank, rows, cols, value, requiresGradient);
    }

    /** Records this result with its backward rule when it needs a gradient; returns this. */
    Tensor withBackward(Runnable rule) {
        if (requiresGradient) {
            backward = rule;
            tape.record(this);
        }
        return this;
    }

    double[] gradientBuffer() {
        if (grad == null) {
            grad = new double[value.length];
        }
        return grad;
    }

    // ---- shape and values ----

    /** 0 for a scalar, 1 for a vector, 2 for a matrix. */
    public int rank() {
        return rank;
    }

    /** Rows: 1 for scalars and vectors. */
    public int rows() {
        return rows;
    }

    /** Columns: the length for vectors, 1 for scalars. */
    public int cols() {
        return cols;
    }

    /** The number of entries. */
    public int size() {
        return value.length;
    }

    /** The shape as text: {@code []}, {@code [n]} or {@code [rows, cols]}. */
    public String shapeString() {
        return switch (rank) {
            case 0 -> "[]";
            case 1 -> "[" + cols + "]";
            default -> "[" + rows + ", " + cols + "]";
        };
    }

    /** The entries, row-major, copied. */
    public double[] values() {
        return value.clone();
    }

    /** Entry {@code i} (row-major). */
    public double get(int i) {
        return value[i];
    }

    /** The single entry of a one-entry tensor. */
    public double item() {
        if (value.length != 1) {
            throw new IllegalStateException("item() needs a single entry, the shape is " + shapeString());
        }
        return value[0];
    }

    /** Whether a gradient flows to this tensor. */
    public boolean requiresGradient() {
        return requiresGradient;
    }

    /**
     * The gradient of the tape's output with respect to this tensor after {@link Tape#backward};
     * zeros if the output does not depend on it. Copied.
     */
    public double[] gradient() {
        return grad == null ? new double[value.length] : grad.clone();
    }

    /** The tape this tensor is recorded on. */
    public Tape tape() {
        return tape;
    }

    // ---- arithmetic with broadcasting ----

    /** {@code this + other}, broadcast. */
    public Tensor add(Tensor other) {
        return Arithmetic.add(this, other);
    }

    /** {@code this + c}. */
    public Tensor add(double c) {
        return Arithmetic.addScalar(this, c);
    }

    /** {@code this - other}, broadcast. */
    public Tensor sub(Tensor other) {
        return Arithmetic.sub(this, other);
    }

    /** {@code this - c}. */
    public Tensor sub(double c) {
        return Arithmetic.addScalar(this, -c);
    }

    /** {@code this * other} element-wise, broadcast. */
    public Tensor mul(Tensor other) {
        return Arithmetic.mul(this, other);
    }

    /** {@code c * this}. */
    public Tensor mul(double c) {
        return Arithmetic.scale(this, c);
    }

    /** {@code this / other} element-wise, broadcast. */
    public Tensor div(Tensor other) {
        return Arithmetic.div(this, other);
    }

    /** {@code this / c}. */
    public Tensor div(double c) {
        return Arithmetic.scale(this, 1.0 / c);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Arithmetic.scale(this, -1.0);
    }

    /** {@code this^p}, exact for integer {@code p} and negative bases. */
    public Tensor pow(double p) {
        return Arithmetic.powConstant(this, p);
    }

    /** {@code this^other} element-wise, broadcast. */
    public Tensor pow(Tensor other) {
        return Arithmetic.pow(this, other);
    }

    /** {@code this^2}. */
    public Tensor square() {
        return Arithmetic.square(this);
    }

    /** Element-wise minimum, broadcast; the gradient goes to the smaller (to {@code this} on ties). */
    public Tensor min(Tensor other) {
        return Arithmetic.min(this, other);
    }

    /** Element-wise maximum, broadcast; the gradient goes to the larger (to {@code this} on ties). */
    public Tensor max(Tensor other) {
        return Arithmetic.max(this, other);
    }

    // ---- element-wise functions ----

    /** {@code e^x}. */
    public Tensor exp() {
        return Elementwise.exp(this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Elementwise.log(this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Elementwise.sqrt(this);
    }

    /** Absolute value; derivative {@code sign(x)}, 0 at 0. */
    public Tensor abs() {
        return Elementwise.abs(this);
    }

    /** Sine. */
    public Tensor sin() {
        return Elementwise.sin(this);
    }

    /** Cosine. */
    public Tensor cos() {
        return Elementwise.cos(this);
    }

    /** Tangent. */
    public Tensor tan() {
        return Elementwise.tan(this);
    }

    /** Arc sine. */
    public Tensor asin() {
        return Elementwise.asin(this);
    }

    /** Arc cosine. */
    public Tensor acos() {
        return Elementwise.acos(this);
    }

    /** Arc tangent. */
    public Tensor atan() {
        return Elementwise.atan(this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Elementwise.tanh(this);
    }

    /** {@code 1 / (1 + e^-x)}, computed without overflow. */
    public Tensor sigmoid() {
        return Elementwise.sigmoid(this);
    }

    /** {@code log(1 + e^x)}, computed without overflow. */
    public Tensor softplus() {
        return Elementwise.softplus(this);
    }

    /** {@code max(x, 0)}; derivative 0 at 0, as PyTorch. */
    public Tensor relu() {
        return Elementwise.relu(this);
    }

    // ---- reductions ----

    /** The sum of all entries, a scalar. */
    public Tensor sum() {
        return Reductions.sum(this);
    }

    /** The mean of all entries, a scalar. */
    public Tensor mean() {
        return Reductions.mean(this);
    }

    /** Column sums of a matrix (a vector of length cols): the sum over rows. */
    public Tensor sumRows() {
        return Reductions.sumRows(this);
    }

    /** {@code log(sum(exp(x)))} over all entries, computed stably. */
    public Tensor logSumExp() {
        return Reductions.logSumExp(this);
    }

    // ---- linear algebra ----

    /** The dot product of two vectors of equal length. */
    public Tensor dot(Tensor other) {
        return LinearAlgebra.dot(this, other);
    }

    /** The matrix product {@code this (m x k) * other (k x n)}. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** The matrix-vector product {@code this (m x n) * v (n)}, a vector of length m. */
    public Tensor matvec(Tensor vector) {
        return LinearAlgebra.matvec(this, vector);
    }

    /** The transpose of a matrix (a vector becomes an n x 1 matrix). */
    public Tensor transpose() {
        return LinearAlgebra.transpose(this);
    }

    // ---- indexing ----

    /** The same entries (row-major) as a {@code rows x cols} matrix. */
    public Tensor reshape(int rows, int cols) {
        return Indexing.reshape(this, rows, cols);
    }

    /** Entries {@code start, start + step, ...} below {@code end} of a vector: Python's {@code x[start:end:step]}. */
    public Tensor slice(int start, int end, int step) {
        return Indexing.slice(this, start, end, step);
    }

    /** Entries {@code start} to {@code end - 1} of a vector. */
    public Tensor slice(int start, int end) {
        return Indexing.slice(this, start, end, 1);
    }

    /** Entry {@code i} of a vector (row-major for a matrix), a scalar. */
    public Tensor index(int i) {
        return Indexing.index(this, i);
    }

    /** The concatenation of scalars and vectors into one vector. */
    public static Tensor concat(Tensor... parts) {
        return Indexing.concat(parts);
    }

    /** Row-wise log-softmax of a matrix (or of a vector). */
    public Tensor logSoftmax() {
        return Losses.logSoftmax(this);
    }

    @Override
    public String toString() {
        String values = value.length <= 8 ? Arrays.toString(value)
                : Arrays.toString(Arrays.copyOf(value, 8)).replace("]", ", ...]");
        return "Tensor" + shapeString() + values;
    }
}
