package dev.descent.ml.train;

import dev.descent.Check;
import dev.descent.L1Penalty;
import dev.descent.ml.model.Model;
import java.util.Arrays;

/**
 * The elastic-net penalty on a model's weights (not its biases), added to the weighted mean loss:
 *
 * <pre>
 * objective = mean loss + l1 ||w||_1 + (l2 / 2) ||w||^2
 * </pre>
 *
 * <p>The weights are those the model trains, which for standardized features are the weights of
 * the standardized features (glmnet's {@code standardize=TRUE}); {@link #onFeaturesAsGiven} makes it
 * the penalty on the weights of the features as given (glmnet's {@code standardize=FALSE}, MLlib's
 * {@code standardization=false}, scikit-learn's only form): a first-layer weight {@code w_j} of a
 * feature standardized by dividing by {@code s_j} is the weight {@code w_j / s_j} of the feature as
 * given, so its L1 strength becomes {@code l1 / s_j} and its L2 strength {@code l2 / s_j^2}, while the
 * optimizer keeps working on the better-conditioned standardized problem.
 *
 * <p>The L2 part is smooth and goes into the gradient ({@link #addTo}); the L1 part is the
 * {@link L1Penalty} of the loop ({@link #l1Term}), which each optimizer minimizes in the form that
 * reaches exact zeros (OWL-QN for L-BFGS, proximal steps for the first-order rules).
 *
 * @param l2 in [0, inf)
 * @param l1 in [0, inf)
 * @param featureScales the scale each feature was divided by, for a penalty on the weights of the
 *     features as given; null for a penalty on the weights the model trains
 */
public record Penalty(double l2, double l1, double[] featureScales) {
    /** No penalty. */
    public static final Penalty NONE = new Penalty(0, 0);

    /** Validates; the scales are copied. */
    public Penalty {
        Check.nonNegative("l2", l2);
        Check.nonNegative("l1", l1);
        if (featureScales != null) {
            featureScales = featureScales.clone();
            for (int j = 0; j < featureScales.length; j++) {
                if (!(featureScales[j] > 0) || Double.isInfinite(featureScales[j])) {
                    throw new IllegalArgumentException("feature scale " + j + " must be finite and positive: "
                            + featureScales[j]);
                }
            }
        }
    }

    /** A penalty on the weights the model trains. */
    public Penalty(double l2, double l1) {
        this(l2, l1, null);
    }

    /**
     * The same strengths on the weights of the features as given, for a model trained on features
     * divided by {@code scales} (see the class Javadoc).
     */
    public Penalty onFeaturesAsGiven(double[] scales) {
        return new Penalty(l2, l1, scales);
    }

    /** Whether the penalty applies to the weights of the features as given ({@link #onFeaturesAsGiven}). */
    public boolean onFeaturesAsGiven() {
        return featureScales != null;
    }

    /** The scales, a copy; null unless {@link #onFeaturesAsGiven()}. */
    @Override
    public double[] featureScales() {
        return featureScales == null ? null : featureScales.clone();
    }

    /** The factor that turns the weight at {@code index} into the weight the penalty applies to. */
    private double factor(Model model, int index) {
        if (featureScales == null) {
            return 1;
        }
        int input = model.inputOf(index);
        return input < 0 ? 1 : 1 / featureScales[input];
    }

    /**
     * The L2 strength on the parameter at {@code index}: {@code l2} (over the feature's scale squared on
     * the features as given) for a weight, 0 for a bias.
     */
    public double l2Strength(Model model, int index) {
        double f = factor(model, index);
        return model.isWeight(index) ? l2 * f * f : 0;
    }

    /** The L1 strength on the parameter at {@code index}, as {@link #l2Strength} ({@code l1} over the scale). */
    public double l1Strength(Model model, int index) {
        return model.isWeight(index) ? l1 * factor(model, index) : 0;
    }

    /**
     * Adds the L2 part's gradient to {@code gradient} and returns its value; the L1 part is the loop's
     * ({@link #l1Term}).
     *
     * @param gradient modified
     */
    public double addTo(Model model, double[] parameters, double[] gradient) {
        if (l2 == 0) {
            return 0;
        }
        double value = 0;
        for (int i = 0; i < parameters.length; i++) {
            if (model.isWeight(i)) {
                double f = factor(model, i);
                double strength = l2 * f * f;
                double w = parameters[i];
                value += 0.5 * strength * w * w;
                gradient[i] += strength * w;
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
        if (l2 == 0) {
            return 0;
        }
        double value = 0;
        for (int i = 0; i < parameters.length; i++) {
            if (model.isWeight(i)) {
                double f = factor(model, i);
                double strength = l2 * f * f;
                double w = parameters[i];
                value += 0.5 * strength * w * w;
                gradient[i] = (float) (gradient[i] + strength * w);
            }
        }
        return value;
    }

    /**
     * The L1 part as the loop's term on {@code model}'s parameters: strength {@code l1} (divided by the
     * feature's scale on the features as given) on each weight, 0 on each bias; null without one.
     */
    public L1Penalty l1Term(Model model) {
        if (l1 == 0) {
            return null;
        }
        double[] strengths = new double[model.parameterCount()];
        for (int i = 0; i < strengths.length; i++) {
            strengths[i] = model.isWeight(i) ? l1 * factor(model, i) : 0;
        }
        return L1Penalty.of(strengths);
    }

    /** The whole penalty's value at {@code parameters}: the L2 part and the L1 part. */
    public double value(Model model, double[] parameters) {
        double value = 0;
        for (int i = 0; i < parameters.length; i++) {
            if (model.isWeight(i)) {
                double w = parameters[i] * factor(model, i);
                value += 0.5 * l2 * w * w + l1 * Math.abs(w);
            }
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Penalty p && Double.compare(l2, p.l2) == 0 && Double.compare(l1, p.l1) == 0
                && Arrays.equals(featureScales, p.featureScales);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(l2) + Double.hashCode(l1)) + Arrays.hashCode(featureScales);
    }

    @Override
    public String toString() {
        return "Penalty[l2=" + l2 + ", l1=" + l1 + (featureScales == null ? "" : ", on the features as given") + "]";
    }
}
