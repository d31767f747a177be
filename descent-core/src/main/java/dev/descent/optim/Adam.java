package dev.descent.optim;

import dev.descent.Check;

/**
 * Adam and AMSGrad, exactly as {@code torch.optim.Adam} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
 * v_t = beta2 * v_{t-1} + (1 - beta2) * g_t^2
 * vmax_t = max(vmax_{t-1}, v_t)   if amsgrad    (the denominator then uses vmax_t)
 * theta_t = theta_{t-1} - (lr / (1 - beta1^t)) * m_t / (sqrt(v_t) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>References: Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015;
 * Reddi, Kale &amp; Kumar, "On the Convergence of Adam and Beyond", ICLR 2018 (AMSGrad). As in
 * PyTorch, eps is added to the bias-corrected root (the paper's form), and AMSGrad keeps the
 * maximum of the uncorrected second moments. Weight decay here is an L2 term added to the gradient;
 * for decoupled decay use {@link AdamW}.
 *
 * <p>Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, no AMSGrad, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param amsgrad use the AMSGrad maximum of second moments
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters and moments in float32 and step in float32 arithmetic, as
 *     torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                   boolean amsgrad, boolean maximize, boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Adam {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("beta1", beta1);
        Check.unitOpen("beta2", beta2);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean amsgrad,
                boolean maximize) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
    public static Adam defaults() {
        return new Adam(1e-3);
    }

    /** @return a copy with these betas */
    public Adam withBetas(double beta1, double beta2) {
        return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with this epsilon */
    public Adam withEpsilon(double epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public Adam withWeightDecay(double weightDecay) {
        return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with AMSGrad on or off */
    public Adam withAmsgrad(boolean amsgrad) {
        return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public Adam withMaximize(boolean maximize) {
        return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public Adam withLearningRate(double learningRate) {
        return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, float32);
    }

    /** {@code beta1}, which momentum-cycling schedules set. */
    @Override
    public double momentum() {
        return beta1;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** This rule in float32: parameters, moments and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new Adam(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, true));
    }

    @Override
    public AdaptiveMoments init(int dimension) {
        return new AdaptiveMoments(this, dimension, beta1, beta2, epsilon, weightDecay, 0, amsgrad, maximize);
    }
}
