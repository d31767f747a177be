package dev.descent;

/**
 * A differentiable function {@code f: R^n -> R} to minimize.
 *
 * <p>The value and the gradient are computed in one call because they usually share work
 * (a residual, a forward pass). Implementations must not keep a reference to {@code x} or
 * {@code gradientOut} past the call.
 *
 * <p>Adapters live in {@link Objectives}: from a value function plus a gradient function, and from
 * a value-only function by central finite differences.
 */
public interface Objective {

    /** The number of variables, {@code n}. */
    int dimension();

    /**
     * Computes {@code f(x)} and writes {@code grad f(x)} into {@code gradientOut}.
     *
     * @param x the point; not modified
     * @param gradientOut receives the gradient, length {@link #dimension()}; modified
     * @return {@code f(x)}
     */
    double valueAndGradient(double[] x, double[] gradientOut);

    /**
     * Computes {@code f(x)} alone. Line searches call this at trial points. The default calls
     * {@link #valueAndGradient} into a scratch array; override it when the value alone is cheaper.
     *
     * @param x the point; not modified
     * @return {@code f(x)}
     */
    default double value(double[] x) {
        return valueAndGradient(x, new double[dimension()]);
    }
}
