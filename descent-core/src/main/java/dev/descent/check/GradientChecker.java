package dev.descent.check;

import dev.descent.Objective;
import dev.descent.Objectives;

/**
 * Checks an objective's gradient against central finite differences
 * ({@link Objectives#centralDifferences}): the standard test of a hand-written or generated
 * gradient. With the default step a correct gradient of a smooth function typically agrees to
 * 1e-7 relative or better; a wrong one is off by far more.
 */
public final class GradientChecker {
    private GradientChecker() {}

    /**
     * @param x the point; not modified
     */
    public static GradientCheck check(Objective objective, double[] x) {
        int n = objective.dimension();
        if (x.length != n) {
            throw new IllegalArgumentException("the point has " + x.length + " entries, the objective dimension " + n);
        }
        double[] analytic = new double[n];
        objective.valueAndGradient(x.clone(), analytic);
        double[] numeric = new double[n];
        Objectives.centralDifferences(objective::value, x, numeric);
        double[] absolute = new double[n];
        double[] relative = new double[n];
        int worst = 0;
        double maxAbsolute = 0;
        double maxRelative = 0;
        for (int i = 0; i < n; i++) {
            absolute[i] = Math.abs(analytic[i] - numeric[i]);
            relative[i] = absolute[i] / Math.max(1, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
            if (!(absolute[i] <= maxAbsolute)) {
                maxAbsolute = absolute[i];
            }
            if (!(relative[i] <= maxRelative)) {
                maxRelative = relative[i];
                worst = i;
            }
        }
        return new GradientCheck(analytic, numeric, absolute, relative, worst, maxAbsolute, maxRelative);
    }
}
