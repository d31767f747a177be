package dev.descent.autodiff;

import java.util.Objects;

/**
 * A way to add an operation of your own to the tape: you compute its forward value outside the
 * tape, in one pass of whatever speed you can write, and give its backward rule; the tape records
 * it like any built-in operation and calls the rule when it walks back. This is how descent-ml's
 * fused linear-model losses read a large design matrix once for value and gradient.
 *
 * <pre>{@code
 * double[] g = new double[theta.size()];
 * double value = myLossAndGradient(theta.values(), g);         // your fused pass
 * Tensor loss = Fused.scalar(theta, value, g);                 // d loss / d theta = g
 * }</pre>
 *
 * <p>The backward rule receives the upstream gradient {@code dL/d output} and adds
 * {@code dL/d input} into the input's gradient buffer (chain rule); it must add, not overwrite,
 * since other operations add to the same buffer.
 */
public final class Fused {
    private Fused() {}

    /** An operation's backward rule. */
    @FunctionalInterface
    public interface Backward {
        /**
         * @param upstream {@code dL/d output}, one entry per output entry; not modified
         * @param inputGradient the input's gradient buffer, to which {@code dL/d input} is added; modified
         */
        void apply(double[] upstream, double[] inputGradient);
    }

    /**
     * A scalar whose gradient with respect to {@code input} is already known: its backward rule adds
     * {@code upstream * gradient} into the input's gradient.
     *
     * @param gradient {@code d value / d input}, one entry per input entry; kept, not copied, so do not change it
     */
    public static Tensor scalar(Tensor input, double value, double[] gradient) {
        Objects.requireNonNull(input, "input");
        if (gradient.length != input.value.length) {
            throw new IllegalArgumentException("the gradient has " + gradient.length + " entries, the input "
                    + input.value.length);
        }
        return of(input, 0, 1, 1, new double[] {value}, (upstream, inputGradient) -> {
            double scale = upstream[0];
            for (int j = 0; j < gradient.length; j++) {
                inputGradient[j] += scale * gradient[j];
            }
        });
    }

    /**
     * A row-major {@code rows x cols} matrix (a vector when {@code rows} is 1) computed from
     * {@code input}, with its backward rule.
     *
     * @param value the output's entries; kept, not copied
     */
    public static Tensor matrix(Tensor input, int rows, int cols, double[] value, Backward backward) {
        Shapes.checkMatrix(value.length, rows, cols);
        return of(input, rows == 1 ? 1 : 2, rows, cols, value, backward);
    }

    private static Tensor of(Tensor input, int rank, int rows, int cols, double[] value, Backward backward) {
        Objects.requireNonNull(backward, "backward");
        Tensor result = Tensor.result(input.tape, rank, rows, cols, value, input.requiresGradient);
        return result.withBackward(() -> backward.apply(result.grad, input.gradientBuffer()));
    }
}
