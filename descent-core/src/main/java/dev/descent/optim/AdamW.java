package dev.descent.optim;

import dev.descent.Check;

/**
 * Adam with decoupled weight decay, exactly as {@code torch.optim.AdamW} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * theta' = theta_{t-1} * (1 - lr * weight_decay)
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
 * v_t = beta2 * v_{t-1} + (1 - beta2) * g_t^2
 * vmax_t = max(vmax_{t-1}, v_t)   if amsgrad    (the denominator then uses vmax_t)
 * theta_t = theta' - (lr / (1 - beta1^t)) * m_t / (sqrt(v_t) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>Reference: Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019. As in
 * PyTorch the decay is multiplied by the learning rate (the paper's schedule multiplier
 * {@code eta_t} is folded into lr). With weight decay 0 it is {@link Adam}.
 *
 * <p>Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param weightDecay decoupled decay coefficient, in [0, inf)
 * @param amsgrad use the AMSGrad maximum of second moments
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters and moments in float32 and step in float32 arithmetic, as
 *     torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                    boolean amsgrad, boolean maximize, boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public AdamW {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("beta1", beta1);
        Check.unitOpen("beta2", beta2);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad,
                 boolean maximize) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, false);
    }

    /** PyTorch's defaults with this learning rate (weight decay 1e-2). */
    public AdamW(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 1e-2, false, false);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
    public static AdamW defaults() {
        return new AdamW(1e-3);
    }

    /** @return a copy with these betas */
    public AdamW withBetas(double beta1, double beta2) {
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with this epsilon */
    public AdamW withEpsilon(double epsilon) {
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public AdamW withWeightDecay(double weightDecay) {
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with AMSGrad on or off */
    public AdamW withAmsgrad(boolean amsgrad) {
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public AdamW withMaximize(boolean maximize) {
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public AdamW withLearningRate(double learningRate) {
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** {@code beta1}, which momentum-cycling schedules set. */
    @Override
    public double momentum() {
        return beta1;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** This rule in float32: parameters, moments and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new AdamW(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, true));
    }

    @Override
    public AdaptiveMoments init(int dimension) {
        return new AdaptiveMoments(this, dimension, beta1, beta2, epsilon, 0, weightDecay, amsgrad, maximize);
    }
}
