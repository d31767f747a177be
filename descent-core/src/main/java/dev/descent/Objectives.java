package dev.descent;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Adapters that build an {@link Objective}.
 *
 * <ul>
 *   <li>{@link #of(int, ToDoubleFunction, Gradient)}: a value function plus a gradient function.
 *   <li>{@link #finiteDifferences(int, ToDoubleFunction)}: a value-only function, its gradient by
 *       central differences {@code g_i = (f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)} with
 *       {@code h_i = cbrt(eps) * max(1, |x_i|)}, the step that balances truncation error
 *       {@code O(h^2)} against rounding error {@code O(eps / h)} (Nocedal &amp; Wright, 2006, sec. 8.1).
 * </ul>
 */
public final class Objectives {

    /** The cube root of the machine epsilon of {@code double}, about 6.06e-6. */
    public static final double CENTRAL_DIFFERENCE_STEP = Math.cbrt(Math.ulp(1.0));

    private Objectives() {}

    /** Writes the gradient of a function at {@code x} into {@code gradientOut}. */
    @FunctionalInterface
    public interface Gradient {
        /**
         * @param x the point; not modified
         * @param gradientOut receives the gradient; modified
         */
        void gradient(double[] x, double[] gradientOut);
    }

    /** Value and gradient computed together, as {@link Objective#valueAndGradient} does. */
    @FunctionalInterface
    public interface ValueAndGradient {
        /**
         * @param x the point; not modified
         * @param gradientOut receives the gradient; modified
         * @return the value at {@code x}
         */
        double valueAndGradient(double[] x, double[] gradientOut);
    }

    /**
     * An objective from one function that computes value and gradient together (a loss over data);
     * its value alone is that function's value.
     *
     * @param dimension the number of variables, at least 1
     */
    public static Objective of(int dimension, ValueAndGradient function) {
        requireDimension(dimension);
        Objects.requireNonNull(function, "function");
        return new Objective() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradientOut) {
                return function.valueAndGradient(x, gradientOut);
            }
        };
    }

    /**
     * An objective from a value function and a gradient function.
     *
     * @param dimension the number of variables, at least 1
     */
    public static Objective of(int dimension, ToDoubleFunction<double[]> value, Gradient gradient) {
        requireDimension(dimension);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(gradient, "gradient");
        return new Objective() {
            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradientOut) {
                gradient.gradient(x, gradientOut);
                return value.applyAsDouble(x);
            }

            @Override
            public double value(double[] x) {
                return value.applyAsDouble(x);
            }
        };
    }

    /**
     * An objective whose gradient is estimated by central finite differences: {@code 2n + 1}
     * function calls per gradient. The point is perturbed in a private copy, never in place.
     *
     * @param dimension the number of variables, at least 1
     */
    public static Objective finiteDifferences(int dimension, ToDoubleFunction<double[]> value) {
        Objects.requireNonNull(value, "value");
        return of(dimension, value, (x, gradientOut) -> centralDifferences(value, x, gradientOut));
    }

    /**
     * Central-difference gradient of {@code value} at {@code x}.
     *
     * @param x the point; not modified
     * @param gradientOut receives the estimate; modified
     */
    public static void centralDifferences(ToDoubleFunction<double[]> value, double[] x, double[] gradientOut) {
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double h = CENTRAL_DIFFERENCE_STEP * Math.max(1.0, Math.abs(xi));
            // Use the step actually representable around xi so that (x+h) - (x-h) is exact.
            double up = xi + h;
            double down = xi - h;
            probe[i] = up;
            double fUp = value.applyAsDouble(probe);
            probe[i] = down;
            double fDown = value.applyAsDouble(probe);
            probe[i] = xi;
            gradientOut[i] = (fUp - fDown) / (up - down);
        }
    }

    private static void requireDimension(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
        }
    }
}
