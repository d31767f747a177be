package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * Lion (EvoLved Sign Momentum), as in Algorithm 2 of the paper:
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * c_t = beta1 * m_{t-1} + (1 - beta1) * g_t
 * theta_t = theta_{t-1} - lr * (sign(c_t) + weight_decay * theta_{t-1})
 * m_t = beta2 * m_{t-1} + (1 - beta2) * g_t
 * </pre>
 *
 * <p>Reference: Chen et al., "Symbolic Discovery of Optimization Algorithms", NeurIPS 2023
 * (arXiv:2302.06675). Every coordinate moves by exactly lr (plus the decay), whatever the gradient's
 * scale, with {@code sign(0) = 0}. The weight decay is decoupled, as in the paper, and multiplied by
 * lr. PyTorch 1.13 has no Lion; the defaults are the paper's.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) the rule steps by sign
 * ({@link State#stepsBySign}): every variable moves by lr, so there is no {@code d_i} for a soft
 * threshold. The loop hands it the pseudo-gradient of {@code f + sum c_i |x_i|} for the gradient and
 * stops a variable that would leave its orthant at 0 (OWL-QN's orthant step, Andrew &amp; Gao 2007). With
 * a fixed rate the iterates end in a cycle of size about lr around the optimum: a schedule that decays
 * the rate takes them to it.
 *
 * <p>Defaults: lr 1e-4, betas (0.9, 0.99), weight decay 0, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param beta1 interpolation weight of the update direction, in [0, 1)
 * @param beta2 momentum decay, in [0, 1)
 * @param weightDecay decoupled decay coefficient, in [0, inf)
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters and the momentum in float32 and step in float32 arithmetic, in
 *     the order of tensor operations of the float32 reference ({@link #inFloat32()})
 */
public record Lion(double learningRate, double beta1, double beta2, double weightDecay, boolean maximize,
                   boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Lion {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("beta1", beta1);
        Check.unitOpen("beta2", beta2);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public Lion(double learningRate, double beta1, double beta2, double weightDecay, boolean maximize) {
        this(learningRate, beta1, beta2, weightDecay, maximize, false);
    }

    /** The paper's defaults with this learning rate. */
    public Lion(double learningRate) {
        this(learningRate, 0.9, 0.99, 0, false);
    }

    /** The paper's defaults: lr 1e-4, betas (0.9, 0.99), weight decay 0. */
    public static Lion defaults() {
        return new Lion(1e-4);
    }

    /** @return a copy with these betas */
    public Lion withBetas(double beta1, double beta2) {
        return new Lion(learningRate, beta1, beta2, weightDecay, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public Lion withWeightDecay(double weightDecay) {
        return new Lion(learningRate, beta1, beta2, weightDecay, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public Lion withMaximize(boolean maximize) {
        return new Lion(learningRate, beta1, beta2, weightDecay, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public Lion withLearningRate(double learningRate) {
        return new Lion(learningRate, beta1, beta2, weightDecay, maximize, float32);
    }

    /** {@code beta1}, which momentum-cycling schedules set. */
    @Override
    public double momentum() {
        return beta1;
    }

    @Override
    public String name() {
        return "lion";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /**
     * This rule in float32: parameters, momentum and arithmetic. PyTorch 1.13 has no Lion; the float32
     * form is the float32 tensor code of tools/reference/torch_float32_reference.py, the paper's
     * algorithm in torch.optim's idiom: {@code p.mul_(1 - lr * weight_decay)},
     * {@code exp_avg.mul(beta1).add_(g, alpha=1 - beta1).sign_()}, {@code p.add_(update, alpha=-lr)},
     * {@code exp_avg.mul_(beta2).add_(g, alpha=1 - beta2)}.
     */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new Lion(learningRate, beta1, beta2, weightDecay, maximize, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The momentum and the step count. */
    public static final class State extends FirstOrderState {
        private final Lion rule;
        private final double[] momentum;
        private final float[] momentum32;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        // this step's scalars, set before the ranges run
        private double beta1;
        private double learningRate;

        State(Lion rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            this.momentum = new double[rule.float32 ? 0 : dimension];
            this.momentum32 = new float[rule.float32 ? dimension : 0];
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            beta1 = momentum(rule.beta1);
            this.learningRate = learningRate;
            ranges.run(parameters, gradient);
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double beta1 = this.beta1;
            double beta2 = rule.beta2;
            double decay = rule.weightDecay;
            double learningRate = this.learningRate;
            double[] m = momentum;
            for (int i = from; i < to; i++) {
                double g = sign * gradient[i];
                double direction = beta1 * m[i] + (1 - beta1) * g;
                double p = parameters[i];
                // the decay uses theta_{t-1}, as the paper's update does
                parameters[i] = p - learningRate * (Signs.of(direction) + decay * p);
                m[i] = beta2 * m[i] + (1 - beta2) * g;
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            beta1 = momentum(rule.beta1);
            this.learningRate = learningRate;
            floatRanges.run(parameters, gradient);
        }

        /**
         * The reference's float32 step ({@link Lion#inFloat32()}): the decay a product by the factor
         * {@code 1 - lr * weight_decay} rounded to float, each {@code add_} with an alpha one fused
         * multiply-add, torch's sign (+0 for a zero).
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            boolean decays = rule.weightDecay != 0;
            float shrink = (float) (1 - learningRate * rule.weightDecay);
            float beta1 = (float) this.beta1;
            float beta2 = (float) rule.beta2;
            float directionWeight = (float) (1 - this.beta1);
            float gradientWeight = (float) (1 - rule.beta2);
            float negativeRate = (float) -learningRate;
            float[] m = momentum32;
            for (int i = from; i < to; i++) {
                float g = sign * gradient[i];
                float p = decays ? parameters[i] * shrink : parameters[i];
                float direction = Signs.torch(Math.fma(directionWeight, g, m[i] * beta1));
                parameters[i] = Math.fma(negativeRate, direction, p);
                m[i] = Math.fma(gradientWeight, g, m[i] * beta2);
            }
        }

        /**
         * True: the rule steps by the sign of its interpolated momentum, so its step does not scale with the gradient and an L1
         * penalty's soft threshold has no step to scale by; the loop hands it the pseudo-gradient and keeps
         * each update to its orthant instead (OWL-QN's step, Andrew &amp; Gao 2007).
         */
        @Override
        public boolean stepsBySign() {
            return true;
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("exp_avg", momentum, momentum32);
        }

    }
}
