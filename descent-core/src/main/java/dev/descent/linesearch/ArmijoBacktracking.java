package dev.descent.linesearch;

import dev.descent.Objective;
import dev.descent.linesearch.LineSearchFailedException;
import dev.descent.vector.Vectors;

/**
 * Backtracking until the Armijo sufficient-decrease condition holds:
 *
 * <pre>
 * t = t0;  while f(x + t d) &gt; f(x) + c1 * t * (grad f(x) . d):  t = shrink * t
 * </pre>
 *
 * <p>A non-finite trial value counts as too large a step. Reference: Armijo, "Minimization of
 * functions having Lipschitz continuous first partial derivatives", Pacific J. Math. 16 (1966);
 * Nocedal &amp; Wright, Numerical Optimization (2006), Algorithm 3.1.
 *
 * <p>Defaults: c1 = 1e-4, shrink = 0.5, at most 60 trials.
 *
 * @param c1 sufficient-decrease constant, in (0, 1)
 * @param shrink the factor a rejected step is multiplied by, in (0, 1)
 * @param maxTrials trials before giving up, at least 1
 */
public record ArmijoBacktracking(double c1, double shrink, int maxTrials) implements LineSearch {

    /** Validates; messages name the parameter and its range. */
    public ArmijoBacktracking {
        if (!(c1 > 0 && c1 < 1)) {
            throw new IllegalArgumentException("c1 must be in (0, 1): " + c1);
        }
        if (!(shrink > 0 && shrink < 1)) {
            throw new IllegalArgumentException("shrink must be in (0, 1): " + shrink);
        }
        if (maxTrials < 1) {
            throw new IllegalArgumentException("maxTrials must be at least 1: " + maxTrials);
        }
    }

    /** c1 = 1e-4, shrink = 0.5, 60 trials. */
    public static ArmijoBacktracking defaults() {
        return new ArmijoBacktracking(1e-4, 0.5, 60);
    }

    @Override
    public String name() {
        return "armijo";
    }

    @Override
    public Step search(Objective objective, double[] x, double value, double[] gradient, double[] direction,
                       double initialStep, double[] trialPoint, double[] trialGradient) {
        double slope = Vectors.dot(gradient, direction);
        if (!(slope < 0)) {
            throw new LineSearchFailedException("not a descent direction: slope " + slope);
        }
        double step = initialStep;
        double[] outside = null;
        for (int trial = 1; trial <= maxTrials; trial++) {
            Vectors.addScaled(x, step, direction, trialPoint);
            double trialValue = objective.valueAndGradient(trialPoint, trialGradient);
            if (trialValue <= value + c1 * step * slope) {
                return new Step(step, trialValue, trial);
            }
            if (!Double.isFinite(trialValue)) {
                outside = trialPoint.clone(); // the steps shrink: the last one outside is the nearest
            }
            step *= shrink;
        }
        throw LineSearchFailedException.of("Armijo backtracking found no sufficient decrease in " + maxTrials
                + " trials (last step " + step / shrink + ")", outside);
    }
}
