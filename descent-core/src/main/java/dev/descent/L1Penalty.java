package dev.descent;

import java.util.Arrays;

/**
 * The L1 part of a composite objective {@code F(x) = f(x) + sum_i c_i |x_i|}, with a strength
 * {@code c_i >= 0} per variable (0 leaves a variable, such as an intercept, unpenalized). {@code f} is
 * the smooth objective the optimizer differentiates; this term is not differentiable where
 * {@code x_i = 0}, which is where its solutions lie: an L1 penalty makes coefficients exactly zero.
 * {@link dev.descent.loop.Minimizer#l1} minimizes {@code F}, each rule in the form that reaches its
 * optimum (OWL-QN for L-BFGS, proximal steps for the first-order rules).
 *
 * <pre>
 * pseudo-gradient (the subgradient of F of least norm, Andrew &amp; Gao 2007, eq. 4):
 *   pg_i = g_i + c_i sign(x_i)     when x_i != 0
 *        = g_i + c_i               when x_i = 0 and g_i + c_i &lt; 0
 *        = g_i - c_i               when x_i = 0 and g_i - c_i &gt; 0
 *        = 0                       otherwise
 * soft threshold (the proximal map of t |.|):  S(v, t) = sign(v) max(|v| - t, 0)
 * </pre>
 *
 * <p>{@code x} minimizes a convex {@code F} exactly when {@code pg(x) = 0}, so the pseudo-gradient's
 * Euclidean norm is the gradient norm an L1 run reports and its stopping rules test.
 *
 * <p>Reference: Andrew &amp; Gao, "Scalable training of L1-regularized log-linear models", ICML 2007;
 * Beck &amp; Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear inverse problems",
 * SIAM J. Imaging Sciences 2(1) (2009), for the soft threshold.
 */
public final class L1Penalty {

    private final double[] strengths;

    private L1Penalty(double[] strengths) {
        this.strengths = strengths;
    }

    /**
     * A strength per variable.
     *
     * @param strengths not modified; each finite and at least 0
     * @throws IllegalArgumentException for an empty array, or a negative, NaN or infinite strength (named by index)
     */
    public static L1Penalty of(double... strengths) {
        if (strengths.length == 0) {
            throw new IllegalArgumentException("an L1 penalty needs at least one variable");
        }
        for (int i = 0; i < strengths.length; i++) {
            if (!(strengths[i] >= 0) || strengths[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("L1 strength " + i + " must be finite and at least 0: " + strengths[i]);
            }
        }
        return new L1Penalty(strengths.clone());
    }

    /** The same strength on each of {@code dimension} variables. */
    public static L1Penalty uniform(int dimension, double strength) {
        Check.atLeast("dimension", dimension, 1);
        double[] strengths = new double[dimension];
        Arrays.fill(strengths, strength);
        return of(strengths);
    }

    /** The number of variables. */
    public int dimension() {
        return strengths.length;
    }

    /** {@code c_i}. */
    public double strength(int i) {
        return strengths[i];
    }

    /** @throws IllegalArgumentException when the objective's dimension is not this penalty's */
    public void checkDimension(int dimension) {
        if (dimension != strengths.length) {
            throw new IllegalArgumentException("the L1 penalty has " + strengths.length
                    + " strengths, the objective has dimension " + dimension);
        }
    }

    /** {@code sum_i c_i |x_i|}. */
    public double value(double[] x) {
        double sum = 0;
        for (int i = 0; i < strengths.length; i++) {
            sum += strengths[i] * Math.abs(x[i]);
        }
        return sum;
    }

    /** The pseudo-gradient's entry {@code i} at {@code x_i} for the smooth gradient's entry {@code g}. */
    public double pseudoGradient(int i, double x, double g) {
        double c = strengths[i];
        if (x > 0) {
            return g + c;
        }
        if (x < 0) {
            return g - c;
        }
        if (g + c < 0) {
            return g + c;
        }
        if (g - c > 0) {
            return g - c;
        }
        return 0;
    }

    /**
     * The pseudo-gradient of {@code F} at {@code x}.
     *
     * @param gradient {@code grad f(x)}; not modified
     * @param out written; may be {@code gradient} itself
     */
    public void pseudoGradient(double[] x, double[] gradient, double[] out) {
        for (int i = 0; i < strengths.length; i++) {
            out[i] = pseudoGradient(i, x[i], gradient[i]);
        }
    }

    /** The pseudo-gradient's Euclidean norm, without storing it. */
    public double pseudoGradientNorm(double[] x, double[] gradient) {
        double sum = 0;
        for (int i = 0; i < strengths.length; i++) {
            double p = pseudoGradient(i, x[i], gradient[i]);
            sum += p * p;
        }
        return Math.sqrt(sum);
    }

    /** The pseudo-gradient's infinity norm. */
    public double pseudoGradientMaxNorm(double[] x, double[] gradient) {
        double max = 0;
        for (int i = 0; i < strengths.length; i++) {
            max = Math.max(max, Math.abs(pseudoGradient(i, x[i], gradient[i])));
        }
        return max;
    }

    /** {@code S(v, t) = sign(v) max(|v| - t, 0)}: exactly 0 when {@code |v| <= t}. */
    public static double softThreshold(double v, double t) {
        if (v > t) {
            return v - t;
        }
        if (v < -t) {
            return v + t;
        }
        return 0;
    }

    /**
     * The proximal step of this term after an update of per-variable step {@code steps}:
     * {@code x_i <- S(x_i, c_i steps_i)}, the minimizer of {@code c_i |z| + (z - x_i)^2 / (2 steps_i)}.
     *
     * @param x modified
     * @param steps the step the update took along each variable; not modified
     */
    public void shrink(double[] x, double[] steps) {
        for (int i = 0; i < strengths.length; i++) {
            double c = strengths[i];
            if (c != 0) {
                x[i] = softThreshold(x[i], c * steps[i]);
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof L1Penalty o && Arrays.equals(strengths, o.strengths);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(strengths);
    }

    @Override
    public String toString() {
        return "L1Penalty" + Arrays.toString(strengths);
    }
}
