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
     * Computes {@code f(x)} and its gradient at a float32 point, for a run whose rule steps float32
     * parameters ({@link dev.descent.optim.Optimizer#float32()}) over an objective whose batches
     * compute in float32 ({@link BatchedObjective#float32()}). An objective that computes in float32
     * (a float32 model's loss) overrides it to read {@code x} and write {@code gradientOut} where
     * they lie. The default widens {@code x} into a new array, calls
     * {@link #valueAndGradient(double[], double[])} and rounds the gradient to float32.
     *
     * @param x the point; not modified
     * @param gradientOut receives the gradient rounded to float32, length {@link #dimension()}; modified
     * @return {@code f(x)}
     */
    default double valueAndGradient(float[] x, float[] gradientOut) {
        double[] wide = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            wide[i] = x[i];
        }
        double[] gradient = new double[x.length];
        double value = valueAndGradient(wide, gradient);
        for (int i = 0; i < x.length; i++) {
            gradientOut[i] = (float) gradient[i];
        }
        return value;
    }

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
