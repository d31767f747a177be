package dev.descent.linesearch;

import dev.descent.Objective;
import dev.descent.linesearch.LineSearchFailedException;
import dev.descent.vector.Vectors;

/**
 * A line search for a step satisfying the strong Wolfe conditions
 *
 * <pre>
 * f(x + t d) &lt;= f(x) + c1 * t * (grad f(x) . d)          (sufficient decrease)
 * |grad f(x + t d) . d| &lt;= c2 * |grad f(x) . d|           (curvature)
 * </pre>
 *
 * <p>Nocedal &amp; Wright, Numerical Optimization (2006), Algorithm 3.5 (bracketing, extrapolating
 * by safeguarded cubic interpolation) and Algorithm 3.6 (zoom, cubic interpolation of the two
 * bracket ends with bisection as safeguard). A non-finite trial counts as too long a step. When
 * the zoom runs out of trials but has found a point with sufficient decrease, that point is
 * accepted (its curvature condition may not hold; L-BFGS then skips the curvature pair).
 *
 * <p>Defaults: c1 = 1e-4, c2 = 0.9 (quasi-Newton), at most 25 evaluations.
 *
 * @param c1 sufficient-decrease constant, in (0, c2)
 * @param c2 curvature constant, in (c1, 1)
 * @param maxEvaluations evaluations before giving up, at least 2
 */
public record StrongWolfe(double c1, double c2, int maxEvaluations) implements LineSearch {

    private static final double EXTRAPOLATION_LIMIT = 10;

    /** Validates; messages name the parameter and its range. */
    public StrongWolfe {
        if (!(c1 > 0 && c1 < 1)) {
            throw new IllegalArgumentException("c1 must be in (0, 1): " + c1);
        }
        if (!(c2 > c1 && c2 < 1)) {
            throw new IllegalArgumentException("c2 must be in (c1, 1) = (" + c1 + ", 1): " + c2);
        }
        if (maxEvaluations < 2) {
            throw new IllegalArgumentException("maxEvaluations must be at least 2: " + maxEvaluations);
        }
    }

    /** c1 = 1e-4, c2 = 0.9, 25 evaluations. */
    public static StrongWolfe defaults() {
        return new StrongWolfe(1e-4, 0.9, 25);
    }

    @Override
    public String name() {
        return "strong-wolfe";
    }

    @Override
    public Step search(Objective objective, double[] x, double value, double[] gradient, double[] direction,
                       double initialStep, double[] trialPoint, double[] trialGradient) {
        Probe probe = new Probe(objective, x, direction, trialPoint, trialGradient);
        double slope0 = Vectors.dot(gradient, direction);
        if (!(slope0 < 0)) {
            throw new LineSearchFailedException("not a descent direction: slope " + slope0);
        }
        double previousStep = 0;
        double previousValue = value;
        double previousSlope = slope0;
        double step = initialStep;
        while (probe.evaluations < maxEvaluations) {
            double trialValue = probe.evaluate(step);
            double trialSlope = probe.slope;
            boolean sufficientDecrease = trialValue <= value + c1 * step * slope0;
            if (!sufficientDecrease || (probe.evaluations > 1 && trialValue >= previousValue)) {
                return zoom(probe, value, slope0, previousStep, previousValue, previousSlope, step, trialValue, trialSlope);
            }
            if (Math.abs(trialSlope) <= -c2 * slope0) {
                return new Step(step, trialValue, probe.evaluations);
            }
            if (trialSlope >= 0) {
                return zoom(probe, value, slope0, step, trialValue, trialSlope, previousStep, previousValue, previousSlope);
            }
            double next = cubicMinimizer(previousStep, previousValue, previousSlope, step, trialValue, trialSlope,
                    step + 0.01 * (step - previousStep), EXTRAPOLATION_LIMIT * step);
            previousStep = step;
            previousValue = trialValue;
            previousSlope = trialSlope;
            step = next;
        }
        return acceptOrFail(probe, value, slope0, previousStep, previousValue);
    }

    /** Algorithm 3.6: {@code low} has sufficient decrease and the lowest value seen in the bracket. */
    private Step zoom(Probe probe, double value0, double slope0, double low, double lowValue, double lowSlope,
                      double high, double highValue, double highSlope) {
        while (probe.evaluations < maxEvaluations) {
            double left = Math.min(low, high);
            double right = Math.max(low, high);
            double width = right - left;
            double step = Double.isFinite(highValue) && Double.isFinite(highSlope)
                    ? cubicMinimizer(low, lowValue, lowSlope, high, highValue, highSlope, left, right)
                    : 0.5 * (low + high);
            // Safeguard: stay clear of the bracket ends, else bisect.
            if (!(step > left + 0.1 * width && step < right - 0.1 * width)) {
                step = 0.5 * (left + right);
            }
            if (step == low || step == high) {
                break; // the bracket has collapsed to adjacent doubles
            }
            double trialValue = probe.evaluate(step);
            double trialSlope = probe.slope;
            if (!(trialValue <= value0 + c1 * step * slope0) || trialValue >= lowValue) {
                high = step;
                highValue = trialValue;
                highSlope = trialSlope;
            } else {
                if (Math.abs(trialSlope) <= -c2 * slope0) {
                    return new Step(step, trialValue, probe.evaluations);
                }
                if (trialSlope * (high - low) >= 0) {
                    high = low;
                    highValue = lowValue;
                    highSlope = lowSlope;
                }
                low = step;
                lowValue = trialValue;
                lowSlope = trialSlope;
            }
        }
        return acceptOrFail(probe, value0, slope0, low, lowValue);
    }

    /** Falls back to the best point with sufficient decrease, re-evaluated, or fails. */
    private Step acceptOrFail(Probe probe, double value0, double slope0, double step, double stepValue) {
        if (step > 0 && stepValue < value0 && stepValue <= value0 + c1 * step * slope0) {
            double trialValue = probe.evaluate(step);
            return new Step(step, trialValue, probe.evaluations);
        }
        throw LineSearchFailedException.of("strong Wolfe search found no acceptable step in "
                + probe.evaluations + " evaluations", probe.outside);
    }

    /**
     * The minimizer of the cubic through two points with their slopes, clamped to
     * [{@code lower}, {@code upper}]; the interval's middle when the cubic has no real minimizer
     * (Nocedal &amp; Wright, eq. 3.59).
     */
    static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db,
                                 double lower, double upper) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double radicand = d1 * d1 - da * db;
        if (radicand >= 0 && Double.isFinite(radicand)) {
            double d2 = Math.copySign(Math.sqrt(radicand), b - a);
            double minimizer = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
            if (Double.isFinite(minimizer)) {
                return Math.min(Math.max(minimizer, lower), upper);
            }
        }
        return 0.5 * (lower + upper);
    }

    /** Evaluates {@code phi(t)} and {@code phi'(t)} into the caller's buffers. */
    private static final class Probe {
        final Objective objective;
        final double[] x;
        final double[] direction;
        final double[] point;
        final double[] gradient;
        int evaluations;
        double slope;
        /** The trial point of the shortest step at which f or its gradient was not finite, or null. */
        double[] outside;
        private double outsideStep = Double.POSITIVE_INFINITY;

        Probe(Objective objective, double[] x, double[] direction, double[] point, double[] gradient) {
            this.objective = objective;
            this.x = x;
            this.direction = direction;
            this.point = point;
            this.gradient = gradient;
        }

        double evaluate(double step) {
            Vectors.addScaled(x, step, direction, point);
            double value = objective.valueAndGradient(point, gradient);
            evaluations++;
            slope = Vectors.dot(gradient, direction);
            if (!Double.isFinite(value) || !Double.isFinite(slope)) {
                if (step < outsideStep) {
                    outsideStep = step;
                    outside = point.clone();
                }
                slope = Double.NaN;
                return Double.POSITIVE_INFINITY;
            }
            return value;
        }
    }
}
