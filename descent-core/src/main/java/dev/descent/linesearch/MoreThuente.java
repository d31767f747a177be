package dev.descent.linesearch;

/**
 * The Moré-Thuente line search, as L-BFGS-B calls it: a step {@code t} in {@code [0, tMax]} with
 *
 * <pre>
 * phi(t) &lt;= phi(0) + ftol * t * phi'(0)      (sufficient decrease)
 * |phi'(t)| &lt;= gtol * |phi'(0)|               (curvature)
 * </pre>
 *
 * <p>found by safeguarded cubic and quadratic interpolation in an interval of uncertainty that
 * shrinks each trial ({@link #next}); until the interval brackets a minimizer, the search works on
 * the auxiliary {@code psi(t) = phi(t) - phi(0) - ftol t phi'(0)}. Reverse communication: the
 * caller evaluates {@code phi} where the search says and hands the value back, so the caller keeps
 * its own buffers and counts its own evaluations. A search that ends on a warning (the step at
 * {@code tMax}, the interval at its tolerance, rounding) accepts its last step, as L-BFGS-B does.
 *
 * <p>Reference: Moré &amp; Thuente, "Line search algorithms with guaranteed sufficient decrease",
 * ACM Trans. Math. Software 20(3) (1994); the MINPACK-2 subroutine {@code dcsrch} that L-BFGS-B 3.0
 * uses with ftol 1e-3, gtol 0.9, xtol 0.1.
 */
public final class MoreThuente {
    private static final double EXTRAPOLATE_LOW = 1.1;
    private static final double EXTRAPOLATE_HIGH = 4.0;

    private final double ftol;
    private final double gtol;
    private final double xtol;
    private double stepMin;
    private double stepMax;
    private double value0;
    private double slope0;
    private double slopeTest;
    private boolean bracketed;
    private int stage = 1;
    private double width;
    private double previousWidth;
    /** The endpoint with the lowest value so far, and the other endpoint of the interval. */
    private double bestStep;
    private double bestValue;
    private double bestSlope;
    private double otherStep;
    private double otherValue;
    private double otherSlope;
    private double low;
    private double high;

    /** How the last trial ended the search, or null while it goes on. */
    public enum Outcome { CONVERGED, WARNING }

    /**
     * @param ftol the sufficient-decrease coefficient, in (0, gtol)
     * @param gtol the curvature coefficient, in (ftol, 1)
     * @param xtol the relative width of the interval of uncertainty at which the search stops
     */
    public MoreThuente(double ftol, double gtol, double xtol) {
        this.ftol = ftol;
        this.gtol = gtol;
        this.xtol = xtol;
    }

    /**
     * Starts a search; reusable, so a run allocates one search.
     *
     * @param value0 phi(0)
     * @param slope0 phi'(0), negative
     * @param firstStep the first trial, in [stepMin, stepMax]
     */
    public void start(double stepMin, double stepMax, double value0, double slope0, double firstStep) {
        this.bracketed = false;
        this.stage = 1;
        this.stepMin = stepMin;
        this.stepMax = stepMax;
        this.value0 = value0;
        this.slope0 = slope0;
        this.slopeTest = ftol * slope0;
        this.width = stepMax - stepMin;
        this.previousWidth = 2 * width;
        this.bestStep = 0;
        this.bestValue = value0;
        this.bestSlope = slope0;
        this.otherStep = 0;
        this.otherValue = value0;
        this.otherSlope = slope0;
        this.low = 0;
        this.high = firstStep + EXTRAPOLATE_HIGH * firstStep;
    }

    /** The step to evaluate after {@link #next} returned null. */
    private double step;

    /** The trial the caller evaluates next, after {@link #next} returned null. */
    public double step() {
        return step;
    }

    /**
     * Takes {@code phi(step), phi'(step)} of the trial and either ends the search (the outcome) or
     * sets the next trial ({@link #step()}) and returns null.
     */
    public Outcome next(double trialStep, double value, double slope) {
        step = trialStep;
        double valueTest = value0 + step * slopeTest;
        if (stage == 1 && value <= valueTest && slope >= 0) {
            stage = 2;
        }
        if (value <= valueTest && Math.abs(slope) <= gtol * -slope0) {
            return Outcome.CONVERGED;
        }
        if ((bracketed && (step <= low || step >= high)) || (bracketed && high - low <= xtol * high)
                || (step == stepMax && value <= valueTest && slope <= slopeTest)
                || (step == stepMin && (value > valueTest || slope >= slopeTest))) {
            return Outcome.WARNING;
        }
        if (stage == 1 && value <= bestValue && value > valueTest) {
            // psi's values and slopes, while no minimizer of phi is bracketed
            bestValue -= bestStep * slopeTest;
            bestSlope -= slopeTest;
            otherValue -= otherStep * slopeTest;
            otherSlope -= slopeTest;
            safeguardedStep(value - step * slopeTest, slope - slopeTest);
            bestValue += bestStep * slopeTest;
            bestSlope += slopeTest;
            otherValue += otherStep * slopeTest;
            otherSlope += slopeTest;
        } else {
            safeguardedStep(value, slope);
        }
        if (bracketed) {
            if (Math.abs(otherStep - bestStep) >= 0.66 * previousWidth) {
                step = bestStep + 0.5 * (otherStep - bestStep); // the interval shrank too little: bisect
            }
            previousWidth = width;
            width = Math.abs(otherStep - bestStep);
            low = Math.min(bestStep, otherStep);
            high = Math.max(bestStep, otherStep);
        } else {
            low = step + EXTRAPOLATE_LOW * (step - bestStep);
            high = step + EXTRAPOLATE_HIGH * (step - bestStep);
        }
        step = Math.min(Math.max(step, stepMin), stepMax);
        if ((bracketed && (step <= low || step >= high)) || (bracketed && high - low <= xtol * high)) {
            step = bestStep;
        }
        return null;
    }

    /**
     * Moré and Thuente's four cases: the new trial from the interval's ends and the trial just
     * evaluated, which then replaces one of the ends (the best and other fields). Sets {@link #step}
     * to the new trial.
     */
    private void safeguardedStep(double value, double slope) {
        double sx = bestStep;
        double fx = bestValue;
        double dx = bestSlope;
        double sy = otherStep;
        double fy = otherValue;
        double dy = otherSlope;
        double sp = step;
        double signs = slope * Math.signum(dx);
        double next;
        if (value > fx) {
            // higher value: the minimizer is bracketed; take the cubic step, or halfway to the quadratic one
            double cubic = cubicStep(sx, fx, dx, sp, value, slope);
            double quadratic = sx + ((dx / ((fx - value) / (sp - sx) + dx)) / 2) * (sp - sx);
            next = Math.abs(cubic - sx) < Math.abs(quadratic - sx) ? cubic : cubic + (quadratic - cubic) / 2;
            bracketed = true;
        } else if (signs < 0) {
            // slopes of opposite sign: bracketed; the step farther from the trial
            double cubic = cubicStepFromTrial(sx, fx, dx, sp, value, slope, false);
            double secant = sp + (slope / (slope - dx)) * (sx - sp);
            next = Math.abs(cubic - sp) > Math.abs(secant - sp) ? cubic : secant;
            bracketed = true;
        } else if (Math.abs(slope) < Math.abs(dx)) {
            // same sign, the slope's magnitude falls: the cubic step if it goes the right way, else an end
            double cubic = cubicStepFromTrial(sx, fx, dx, sp, value, slope, true);
            double secant = sp + (slope / (slope - dx)) * (sx - sp);
            if (bracketed) {
                next = Math.abs(cubic - sp) < Math.abs(secant - sp) ? cubic : secant;
                next = sp > sx ? Math.min(sp + 0.66 * (sy - sp), next) : Math.max(sp + 0.66 * (sy - sp), next);
            } else {
                next = Math.abs(cubic - sp) > Math.abs(secant - sp) ? cubic : secant;
                next = Math.max(low, Math.min(high, next));
            }
        } else if (bracketed) {
            // same sign, the slope does not fall: the cubic through the trial and the other end
            next = cubicStepFromTrial(sy, fy, dy, sp, value, slope, false);
        } else {
            next = sp > sx ? high : low;
        }
        if (value > fx) {
            sy = sp;
            fy = value;
            dy = slope;
        } else {
            if (signs < 0) {
                sy = sx;
                fy = fx;
                dy = dx;
            }
            sx = sp;
            fx = value;
            dx = slope;
        }
        bestStep = sx;
        bestValue = fx;
        bestSlope = dx;
        otherStep = sy;
        otherValue = fy;
        otherSlope = dy;
        step = next;
    }

    /** Case 1's cubic minimizer measured from the best end {@code sx}. */
    private static double cubicStep(double sx, double fx, double dx, double sp, double fp, double dp) {
        double theta = 3 * (fx - fp) / (sp - sx) + dx + dp;
        double scale = Math.max(Math.abs(theta), Math.max(Math.abs(dx), Math.abs(dp)));
        double gamma = scale * Math.sqrt((theta / scale) * (theta / scale) - (dx / scale) * (dp / scale));
        if (sp < sx) {
            gamma = -gamma;
        }
        double p = (gamma - dx) + theta;
        double q = ((gamma - dx) + gamma) + dp;
        return sx + (p / q) * (sp - sx);
    }

    /**
     * Cases 2 to 4's cubic minimizer measured from the trial {@code sp}, through the end {@code (s, f, d)};
     * with {@code clampRoot} (case 3) a cubic without a minimizer in range gives an end of the interval.
     */
    private double cubicStepFromTrial(double s, double f, double d, double sp, double fp, double dp, boolean clampRoot) {
        double theta = 3 * (f - fp) / (sp - s) + d + dp;
        double scale = Math.max(Math.abs(theta), Math.max(Math.abs(d), Math.abs(dp)));
        double radicand = (theta / scale) * (theta / scale) - (d / scale) * (dp / scale);
        double gamma = scale * Math.sqrt(clampRoot ? Math.max(0, radicand) : radicand);
        if (sp > s) {
            gamma = -gamma;
        }
        double p = (gamma - dp) + theta;
        if (clampRoot) {
            double q = (gamma + (d - dp)) + gamma;
            double r = p / q;
            if (r < 0 && gamma != 0) {
                return sp + r * (s - sp);
            }
            return sp > s ? high : low;
        }
        double q = ((gamma - dp) + gamma) + d;
        return sp + (p / q) * (s - sp);
    }
}
