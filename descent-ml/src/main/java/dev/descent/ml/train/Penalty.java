package dev.descent.ml.train;

import dev.descent.Check;
import dev.descent.ml.model.Model;

/**
 * L2 and L1 penalties on a model's weights (not its biases):
 * {@code (l2 / 2) ||w||^2 + l1 ||w||_1}, with gradient {@code l2 w + l1 sign(w)} (the subgradient 0
 * at w = 0).
 *
 * @param l2 in [0, inf)
 * @param l1 in [0, inf)
 */
public record Penalty(double l2, double l1) {
    /** No penalty. */
    public static final Penalty NONE = new Penalty(0, 0);

    /** Validates. */
    public Penalty {
        Check.nonNegative("l2", l2);
        Check.nonNegative("l1", l1);
    }

    /**
     * Adds the penalty's gradient to {@code gradient} and returns its value.
     *
     * @param gradient modified
     */
    public double addTo(Model model, double[] parameters, double[] gradient) {
        if (l2 == 0 && l1 == 0) {
            return 0;
        }
        double value = 0;
        for (int i = 0; i < parameters.length; i++) {
            if (model.isWeight(i)) {
                double w = parameters[i];
                value += 0.5 * l2 * w * w + l1 * Math.abs(w);
                gradient[i] += l2 * w + l1 * Math.signum(w);
            }
        }
        return value;
    }

    /**
     * {@link #addTo(Model, double[], double[])} on float32 parameters and gradient: each entry's
     * penalty gradient is added in float64 and the sum rounded once, so the float32 gradient equals
     * the float64 path's rounded by the rule.
     *
     * @param gradient modified
     */
    public double addTo(Model model, float[] parameters, float[] gradient) {
        if (l2 == 0 && l1 == 0) {
            return 0;
        }
        double value = 0;
        for (int i = 0; i < parameters.length; i++) {
            if (model.isWeight(i)) {
                double w = parameters[i];
                value += 0.5 * l2 * w * w + l1 * Math.abs(w);
                gradient[i] = (float) (gradient[i] + (l2 * w + l1 * Math.signum(w)));
            }
        }
        return value;
    }
}
