package dev.descent.autodiff;

import java.util.Arrays;

/**
 * Records the operations of one forward pass, in order, so that {@link #backward} can walk them in
 * reverse: reverse-mode automatic differentiation (backpropagation). The walk is a plain loop over
 * the recorded nodes, never a recursion, so graphs of tens of millions of nodes cannot overflow the
 * stack.
 *
 * <p>Only operations with at least one input that needs a gradient are recorded; work on constants
 * is computed and forgotten. A tape is single-use and not thread-safe: make one per evaluation.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Tensor x = tape.variable(new double[] {1, 2});
 * Tensor f = x.square().sum();          // f = x0^2 + x1^2
 * tape.backward(f);
 * double[] g = x.gradient();             // {2, 4}
 * }</pre>
 *
 * <p>Reference: Griewank &amp; Walther, Evaluating Derivatives (2nd ed., SIAM 2008), ch. 3 and 4.
 */
public final class Tape {
    private Tensor[] nodes = new Tensor[16];
    private int size;
    private boolean finished;

    /** A vector the gradient is taken with respect to; the values are copied. */
    public Tensor variable(double[] values) {
        return new Tensor(this, 1, 1, values.length, values.clone(), true);
    }

    /** A row-major {@code rows x cols} matrix the gradient is taken with respect to; copied. */
    public Tensor variable(double[] values, int rows, int cols) {
        Shapes.checkMatrix(values.length, rows, cols);
        return new Tensor(this, 2, rows, cols, values.clone(), true);
    }

    /** A scalar the gradient is taken with respect to. */
    public Tensor variable(double value) {
        return new Tensor(this, 0, 1, 1, new double[] {value}, true);
    }

    /** A constant vector (no gradient); copied. */
    public Tensor constant(double[] values) {
        return new Tensor(this, 1, 1, values.length, values.clone(), false);
    }

    /** A constant row-major {@code rows x cols} matrix; copied. */
    public Tensor constant(double[] values, int rows, int cols) {
        Shapes.checkMatrix(values.length, rows, cols);
        return new Tensor(this, 2, rows, cols, values.clone(), false);
    }

    /**
     * A constant row-major {@code rows x cols} matrix over {@code values} without a copy: for large
     * data evaluated many times (a training set). The caller must not change {@code values} while
     * this tape is in use.
     */
    public Tensor constantView(double[] values, int rows, int cols) {
        Shapes.checkMatrix(values.length, rows, cols);
        return new Tensor(this, 2, rows, cols, values, false);
    }

    /** A constant scalar. */
    public Tensor scalar(double value) {
        return new Tensor(this, 0, 1, 1, new double[] {value}, false);
    }

    /** The number of recorded operations. */
    public int size() {
        return size;
    }

    /**
     * Back-propagates from a scalar output: seeds {@code d output / d output = 1} and runs every
     * recorded backward rule in reverse order. Afterwards {@link Tensor#gradient()} of each variable
     * holds {@code d output / d variable}. A tape can be walked once.
     *
     * @throws IllegalArgumentException when {@code output} is not a single number or is from another tape
     */
    public void backward(Tensor output) {
        if (output.tape != this) {
            throw new IllegalArgumentException("the output was recorded on another tape");
        }
        if (output.size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar output, got shape " + output.shapeString());
        }
        if (finished) {
            throw new IllegalStateException("this tape has already been walked backward; record a new one");
        }
        finished = true;
        if (!output.requiresGradient) {
            return;
        }
        output.gradientBuffer()[0] += 1.0;
        for (int i = size - 1; i >= 0; i--) {
            Tensor node = nodes[i];
            nodes[i] = null; // let intermediate values go as soon as they are used
            if (node.grad != null) {
                node.backward.run();
            }
        }
        size = 0;
    }

    void record(Tensor node) {
        if (finished) {
            throw new IllegalStateException("this tape has already been walked backward; record a new one");
        }
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, nodes.length * 2);
        }
        nodes[size++] = node;
    }
}
