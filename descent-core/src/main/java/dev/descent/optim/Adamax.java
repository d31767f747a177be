package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * Adamax, the infinity-norm variant of Adam, exactly as {@code torch.optim.Adamax} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
 * u_t = max(beta2 * u_{t-1}, |g_t| + eps)
 * theta_t = theta_{t-1} - (lr / (1 - beta1^t)) * m_t / u_t
 * </pre>
 *
 * <p>Reference: Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.1
 * (Algorithm 2). As in PyTorch, eps is added to {@code |g_t|} inside the maximum (the paper has no
 * eps), so {@code u_t} is never 0.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i d_i)} ({@link State#proximalSteps}) with the factor that multiplied
 * the first moment in the update:
 *
 * <pre>
 * d_i = (lr / (1 - beta1^t)) / u_t,i
 * </pre>
 *
 * {@code u_t} as the update computed it (eps included), {@code beta1} the momentum the update used. The
 * first moment tends to the gradient when the gradient holds still, so the fixed points of update and
 * threshold are the minima of {@code f + sum c_i |x_i|}.
 *
 * <p>Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 infinity-norm decay, in [0, 1)
 * @param epsilon added to |g| inside the maximum, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters, the moment and the norm in float32 and step in float32
 *     arithmetic, as torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record Adamax(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                     boolean maximize, boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Adamax {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("beta1", beta1);
        Check.unitOpen("beta2", beta2);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public Adamax(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, boolean maximize) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, maximize, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public Adamax(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0, false);
    }

    /** PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8. */
    public static Adamax defaults() {
        return new Adamax(2e-3);
    }

    /** @return a copy with these betas */
    public Adamax withBetas(double beta1, double beta2) {
        return new Adamax(learningRate, beta1, beta2, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy with this epsilon */
    public Adamax withEpsilon(double epsilon) {
        return new Adamax(learningRate, beta1, beta2, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public Adamax withWeightDecay(double weightDecay) {
        return new Adamax(learningRate, beta1, beta2, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public Adamax withMaximize(boolean maximize) {
        return new Adamax(learningRate, beta1, beta2, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public Adamax withLearningRate(double learningRate) {
        return new Adamax(learningRate, beta1, beta2, epsilon, weightDecay, maximize, float32);
    }

    /** {@code beta1}, which momentum-cycling schedules set. */
    @Override
    public double momentum() {
        return beta1;
    }

    @Override
    public String name() {
        return "adamax";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** This rule in float32: parameters, moment, norm and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new Adamax(learningRate, beta1, beta2, epsilon, weightDecay, maximize, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The first moment, the exponentially weighted infinity norm and the step count. */
    public static final class State extends FirstOrderState {
        private final Adamax rule;
        private final double[] firstMoment;
        private final double[] infinityNorm;
        private final float[] firstMoment32;
        private final float[] infinityNorm32;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        // this step's scalars, set before the ranges run
        private double beta1;
        private double negativeStepSize;

        State(Adamax rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            int wide = rule.float32 ? 0 : dimension;
            int narrow = rule.float32 ? dimension : 0;
            this.firstMoment = new double[wide];
            this.infinityNorm = new double[wide];
            this.firstMoment32 = new float[narrow];
            this.infinityNorm32 = new float[narrow];
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            beta1 = momentum(rule.beta1);
            negativeStepSize = -(learningRate / (1 - Math.pow(beta1, steps)));
            ranges.run(parameters, gradient);
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double decay = rule.weightDecay;
            double beta1 = this.beta1;
            double beta2 = rule.beta2;
            double gradientWeight = 1 - beta1;
            double eps = rule.epsilon;
            double negativeStepSize = this.negativeStepSize;
            double[] m = firstMoment;
            double[] u = infinityNorm;
            for (int i = from; i < to; i++) {
                double g = decay != 0 ? sign * gradient[i] + decay * parameters[i] : sign * gradient[i];
                // PyTorch's add_(grad, alpha=1 - beta1) rounds once (a fused multiply-add in its CPU
                // kernel): replaying it with two roundings drifts past 1e-12 within 150 steps
                double mi = Math.fma(gradientWeight, g, m[i] * beta1);
                m[i] = mi;
                // torch.amax over [beta2 * u, |g| + eps]; both are non-negative, never NaN for finite g
                double ui = Math.max(u[i] * beta2, Math.abs(g) + eps);
                u[i] = ui;
                parameters[i] = parameters[i] + negativeStepSize * mi / ui;
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            beta1 = momentum(rule.beta1);
            negativeStepSize = -(learningRate / (1 - Math.pow(beta1, steps)));
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step: {@code exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)} one fused
         * multiply-add, {@code exp_inf} the larger of {@code exp_inf * beta2} and {@code |g| + eps}, each
         * rounded, and {@code param.addcdiv_(exp_avg, exp_inf, value=-clr)} {@code p + (-clr * m) / u}.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float beta1 = (float) this.beta1;
            float beta2 = (float) rule.beta2;
            float gradientWeight = (float) (1 - this.beta1);
            float eps = (float) rule.epsilon;
            float negativeStepSize = (float) this.negativeStepSize;
            float[] m = firstMoment32;
            float[] u = infinityNorm32;
            for (int i = from; i < to; i++) {
                float g = decays ? Math.fma(decay, parameters[i], sign * gradient[i]) : sign * gradient[i];
                float mi = Math.fma(gradientWeight, g, m[i] * beta1);
                m[i] = mi;
                float ui = Math.max(u[i] * beta2, Math.abs(g) + eps);
                u[i] = ui;
                parameters[i] = parameters[i] + negativeStepSize * mi / ui;
            }
        }

        /** {@code d_i} of the class Javadoc, from the norm of the update just taken. */
        @Override
        public void proximalSteps(double[] out) {
            int n = dimension();
            if (rule.float32) {
                double step = -(float) negativeStepSize;
                for (int i = 0; i < n; i++) {
                    out[i] = step / infinityNorm32[i];
                }
                return;
            }
            double step = -negativeStepSize;
            for (int i = 0; i < n; i++) {
                out[i] = step / infinityNorm[i];
            }
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("exp_avg", firstMoment, firstMoment32);
            buffers.fixed("exp_inf", infinityNorm, infinityNorm32);
        }

    }
}
