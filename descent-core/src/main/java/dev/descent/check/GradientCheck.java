package dev.descent.check;

import java.util.Locale;

/**
 * An objective's gradient compared with central finite differences at one point. The relative
 * error of a coordinate is {@code |a - n| / max(1, |a|, |n|)}: relative for large entries,
 * absolute for entries near zero, so a gradient entry of 0 checked against 1e-9 noise passes.
 *
 * @param analytic the objective's gradient
 * @param numeric the finite-difference estimate
 * @param absoluteError {@code |analytic - numeric|} per coordinate
 * @param relativeError the error scaled as above, per coordinate
 * @param worstCoordinate the coordinate with the largest relative error
 * @param maxAbsoluteError the largest absolute error
 * @param maxRelativeError the largest relative error
 */
public record GradientCheck(double[] analytic, double[] numeric, double[] absoluteError, double[] relativeError,
                            int worstCoordinate, double maxAbsoluteError, double maxRelativeError) {

    /** Copies the arrays. */
    public GradientCheck {
        analytic = analytic.clone();
        numeric = numeric.clone();
        absoluteError = absoluteError.clone();
        relativeError = relativeError.clone();
    }

    /** True when every coordinate's relative error is at most {@code tolerance} (NaN fails). */
    public boolean passes(double tolerance) {
        return maxRelativeError <= tolerance;
    }

    /** The objective's gradient, a copy. */
    @Override
    public double[] analytic() {
        return analytic.clone();
    }

    /** The finite-difference estimate, a copy. */
    @Override
    public double[] numeric() {
        return numeric.clone();
    }

    /** {@code |analytic - numeric|} per coordinate, a copy. */
    @Override
    public double[] absoluteError() {
        return absoluteError.clone();
    }

    /** The scaled error per coordinate, a copy. */
    @Override
    public double[] relativeError() {
        return relativeError.clone();
    }

    /** A per-coordinate table, the worst coordinate marked. */
    @Override
    public String toString() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%6s %24s %24s %11s %11s%n", "i",
                "gradient", "finite difference", "abs error", "rel error"));
        for (int i = 0; i < analytic.length; i++) {
            table.append(String.format(Locale.ROOT, "%6d %24.16e %24.16e %11.3e %11.3e%s%n", i, analytic[i], numeric[i],
                    absoluteError[i], relativeError[i], i == worstCoordinate ? "  <- worst" : ""));
        }
        return table.toString();
    }
}
