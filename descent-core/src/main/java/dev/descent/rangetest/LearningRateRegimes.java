package dev.descent.rangetest;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.check.Curvature;
import dev.descent.optim.GradientDescent;
import dev.descent.stop.StoppingRules;
import java.util.List;

/**
 * Three learning rates of gradient descent at a start, the lesson of the step size: one too small,
 * one too large and a good one, from the largest curvature {@code L} at the start (the largest
 * eigenvalue of the Hessian, {@link Curvature#largestEigenvalue}):
 *
 * <pre>
 * too small = 0.02 / L
 * too large = the first of 2.2 / L, 4 / L, 8 / L, 16 / L with which 500 steps of gradient descent
 *             really diverge (or reach a non-finite value); 2.2 / L when none does
 * good      = 1 / L
 * </pre>
 *
 * <p>On a quadratic, gradient descent converges for rates below {@code 2 / L} and diverges above it
 * (Nocedal &amp; Wright, Numerical Optimization (2006), ch. 3); away from a quadratic the curvature
 * changes along the way, so the too-large rate is the first one whose run really diverges.
 *
 * @param tooSmall a rate that crawls
 * @param tooLarge a rate whose steps overshoot further each time
 * @param good {@code 1 / L}
 */
public record LearningRateRegimes(double tooSmall, double tooLarge, double good) {

    /** The names of the three regimes, in the order of {@link #rates()}. */
    public static final List<String> NAMES = List.of("too small", "too large", "good");

    /**
     * The three rates at {@code start}.
     *
     * @throws IllegalArgumentException when the largest curvature at the start is not positive and
     *     finite (a saddle, a plane or a maximum), which leaves no rate to choose from
     */
    public static LearningRateRegimes at(Objective objective, double[] start) {
        double curvature = Curvature.largestEigenvalue(objective, start, 40, 1);
        if (!(curvature > 0) || !Double.isFinite(curvature)) {
            throw new IllegalArgumentException("cannot choose learning rates from the curvature at the start: it is "
                    + curvature);
        }
        double tooLarge = 2.2 / curvature;
        for (double factor : new double[] {2.2, 4, 8, 16}) {
            Result probe = Minimizer.using(GradientDescent.fixed(factor / curvature))
                    .stoppingWhen(StoppingRules.maxIterations(500)).minimize(objective, start);
            if (probe.stopReason() == StopReason.DIVERGED || probe.stopReason() == StopReason.NON_FINITE) {
                tooLarge = factor / curvature;
                break;
            }
        }
        return new LearningRateRegimes(0.02 / curvature, tooLarge, 1.0 / curvature);
    }

    /** The rates too small, too large and good, in the order of {@link #NAMES}. */
    public double[] rates() {
        return new double[] {tooSmall, tooLarge, good};
    }
}
