package dev.descent.loop;

import dev.descent.Objective;
import dev.descent.optim.OptimizerState;

/**
 * The {@code float[]} copies of a run's point and gradient that a float32 rule steps on mini-batches
 * of a float32 objective: the batch's objective reads and writes them and the rule updates them,
 * with no conversion per step. The loop's {@code double[]} point and gradient lag behind them and
 * are widened from them only when something reads them (a listener, the trace, a snapshot, the end
 * of an epoch); widening a float is exact, so every figure is that of the same run on
 * {@code double[]}.
 */
final class Float32Mirror {
    private final float[] point;
    private final float[] gradient;
    /** Whether the loop's {@code double[]} point, and gradient, lag behind these. */
    private boolean pointStale;
    private boolean gradientStale;

    /** @param start narrowed into the float32 point; not modified */
    Float32Mirror(double[] start) {
        this.point = new float[start.length];
        this.gradient = new float[start.length];
        for (int i = 0; i < point.length; i++) {
            point[i] = (float) start[i];
        }
    }

    /** The value of {@code f} at the float32 point, its gradient into the float32 gradient. */
    double evaluate(Objective f) {
        gradientStale = true;
        return f.valueAndGradient(point, gradient);
    }

    /** One update of the float32 point by {@code state} from the float32 gradient. */
    void update(OptimizerState state, double rate) {
        state.update(point, gradient, rate);
        pointStale = true;
    }

    /** Widens the float32 point into {@code x} when it lags behind; modifies {@code x}. */
    void syncPoint(double[] x) {
        if (pointStale) {
            for (int i = 0; i < point.length; i++) {
                x[i] = point[i];
            }
            pointStale = false;
        }
    }

    /** Widens the float32 gradient into {@code gradientOut} when it lags behind; modifies {@code gradientOut}. */
    void syncGradient(double[] gradientOut) {
        if (gradientStale) {
            for (int i = 0; i < gradient.length; i++) {
                gradientOut[i] = gradient[i];
            }
            gradientStale = false;
        }
    }

    /** The first entry of the float32 gradient that is NaN or infinite, or -1. */
    int firstNonFiniteGradient() {
        for (int i = 0; i < gradient.length; i++) {
            if (!Float.isFinite(gradient[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Entry {@code i} of the float32 gradient, as computed (for a message). */
    float gradient(int i) {
        return gradient[i];
    }
}
