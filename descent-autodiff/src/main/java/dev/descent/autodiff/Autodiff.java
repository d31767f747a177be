package dev.descent.autodiff;

import dev.descent.Objective;
import java.util.Objects;

/**
 * Turns a function written with {@link Tensor} operations into a core {@link Objective}, so every
 * optimizer, schedule and stopping rule works on it:
 *
 * <pre>{@code
 * Objective rosenbrock = Autodiff.objective(2, x -> {
 *     Tensor a = x.index(0), b = x.index(1);
 *     return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100));
 * });
 * }</pre>
 *
 * <p>Each gradient evaluation records one {@link Tape} and walks it backward; a value-only
 * evaluation runs the same operations on constants, recording nothing.
 */
public final class Autodiff {
    private Autodiff() {}

    /** A scalar function of one vector. */
    @FunctionalInterface
    public interface VectorFunction {
        /** @return a tensor with a single entry */
        Tensor apply(Tensor x);
    }

    /** An objective of {@code dimension} variables whose gradient is computed by backpropagation. */
    public static Objective objective(int dimension, VectorFunction function) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
        }
        Objects.requireNonNull(function, "function");
        return new Objective() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradientOut) {
                return Autodiff.valueAndGradient(function, x, gradientOut);
            }

            @Override
            public double value(double[] x) {
                return Autodiff.value(function, x);
            }
        };
    }

    /**
     * @param x the point; not modified
     * @param gradientOut receives the gradient; modified
     * @return the value
     */
    public static double valueAndGradient(VectorFunction function, double[] x, double[] gradientOut) {
        if (gradientOut.length != x.length) {
            throw new IllegalArgumentException("gradient has " + gradientOut.length + " entries, the point " + x.length);
        }
        Tape tape = new Tape();
        Tensor variable = tape.variable(x);
        Tensor output = function.apply(variable);
        double value = output.item();
        tape.backward(output);
        if (variable.grad == null) {
            java.util.Arrays.fill(gradientOut, 0);
        } else {
            System.arraycopy(variable.grad, 0, gradientOut, 0, x.length);
        }
        return value;
    }

    /** The value alone, recording nothing. */
    public static double value(VectorFunction function, double[] x) {
        Tape tape = new Tape();
        return function.apply(tape.constant(x)).item();
    }
}
