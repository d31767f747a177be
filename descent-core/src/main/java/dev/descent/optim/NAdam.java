package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * NAdam, Adam with Nesterov momentum, exactly as {@code torch.optim.NAdam} (PyTorch 1.13):
 *
 * <pre>
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * mu_t     = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))
 * mu_{t+1} = beta1 * (1 - 0.5 * 0.96^((t + 1) * momentum_decay))
 * P_t = mu_1 * mu_2 * ... * mu_t                      (state['mu_product'], P_0 = 1)
 * Q_t = P_t * mu_t * mu_{t+1}                         (PyTorch 1.13's "mu_product_next", see below)
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
 * v_t = beta2 * v_{t-1} + (1 - beta2) * g_t^2
 * d_t = sqrt(v_t / (1 - beta2^t)) + eps
 * theta' = theta_{t-1} - lr * (1 - mu_t) / (1 - P_t) * g_t / d_t
 * theta_t = theta' - lr * mu_{t+1} / (1 - Q_t) * m_t / d_t
 * </pre>
 *
 * <p>Reference: Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop; the momentum
 * schedule {@code mu_t} is the paper's with PyTorch's {@code momentum_decay} as the exponent's
 * rate. PyTorch 1.13 multiplies {@code mu_t} into the product twice when it forms the next product
 * ({@code mu_product_next = mu_product * mu * mu_next} after {@code mu_product *= mu}); the paper has
 * {@code P_t * mu_{t+1}}. This class follows 1.13, as its name promises the same iterates; later
 * PyTorch releases changed the line. PyTorch 1.13's NAdam has no maximize option, nor has this one.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i s_i)} ({@link State#proximalSteps}). The update moves
 * {@code theta} by {@code -(A_t g_t + B_t m_t) / d_t} with the two coefficients
 * {@code A_t = lr (1 - mu_t) / (1 - P_t)} and {@code B_t = lr mu_{t+1} / (1 - Q_t)}; the step taken is
 *
 * <pre>
 * s_i = (A_t + B_t) / d_t,i
 * </pre>
 *
 * along the direction {@code (A_t g_t + B_t m_t) / (A_t + B_t)}, a weighted mean of the gradient and the
 * first moment, which tends to the gradient when the gradient holds still. This is the principled
 * choice: a fixed point of update and threshold then minimizes {@code f + sum c_i |x_i|} (near one, in
 * an orthant, the pair is NAdam on {@code f + sum c_i |x_i|} up to the first moment's start-up bias
 * {@code beta1^t}). The first-moment term's coefficient alone, {@code B_t / d_t}, would threshold by
 * {@code B_t / (A_t + B_t)} of the step the update takes at that steady state (about {@code mu_{t+1}},
 * 0.5 to 0.9 over a run), and the run would minimize {@code f} plus that fraction of the L1 term.
 * {@code d_t} and the coefficients are the update's, in float32 rounded as it rounds them; {@code beta1}
 * is the momentum the update used.
 *
 * <p>Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, momentum decay 4e-3.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param momentumDecay the rate of the momentum schedule, in [0, inf)
 * @param float32 keep the parameters, the moments and the product {@code P_t} in float32 and step in
 *     float32 arithmetic, as torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record NAdam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                    double momentumDecay, boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public NAdam {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("beta1", beta1);
        Check.unitOpen("beta2", beta2);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
        Check.nonNegative("momentumDecay", momentumDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public NAdam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                 double momentumDecay) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public NAdam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0, 4e-3);
    }

    /** PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, momentum decay 4e-3. */
    public static NAdam defaults() {
        return new NAdam(2e-3);
    }

    /** @return a copy with these betas */
    public NAdam withBetas(double beta1, double beta2) {
        return new NAdam(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, float32);
    }

    /** @return a copy with this epsilon */
    public NAdam withEpsilon(double epsilon) {
        return new NAdam(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, float32);
    }

    /** @return a copy with this weight decay */
    public NAdam withWeightDecay(double weightDecay) {
        return new NAdam(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, float32);
    }

    /** @return a copy with this momentum decay */
    public NAdam withMomentumDecay(double momentumDecay) {
        return new NAdam(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, float32);
    }

    /** @return a copy with this learning rate */
    public NAdam withLearningRate(double learningRate) {
        return new NAdam(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, float32);
    }

    /** {@code beta1}, which momentum-cycling schedules set. */
    @Override
    public double momentum() {
        return beta1;
    }

    @Override
    public String name() {
        return "nadam";
    }

    /**
     * This rule in float32: parameters, moments, the product {@code P_t} (torch's 0-dim float32
     * {@code mu_product}) and arithmetic, as torch.optim on float32 parameters.
     */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new NAdam(learningRate, beta1, beta2, epsilon, weightDecay, momentumDecay, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The first and second moments, the product of the momentum schedule and the step count. */
    public static final class State extends FirstOrderState {
        private final NAdam rule;
        private final double[] firstMoment;
        private final double[] secondMoment;
        /** {@code state['mu_product']}: one entry, kept as an array so it saves like the other buffers. */
        private final double[] muProduct = {1.0};
        private final float[] firstMoment32;
        private final float[] secondMoment32;
        /**
         * The float32 form's {@code mu_product}, a 0-dim float32 tensor in torch: every product with
         * {@code mu} is rounded to float.
         */
        private final float[] muProduct32 = {1.0f};

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        // this step's scalars, set before the ranges run
        private double beta1;
        private double biasCorrection2;
        private double gradientStep;
        private double momentumStep;

        State(NAdam rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            int wide = rule.float32 ? 0 : dimension;
            int narrow = rule.float32 ? dimension : 0;
            this.firstMoment = new double[wide];
            this.secondMoment = new double[wide];
            this.firstMoment32 = new float[narrow];
            this.secondMoment32 = new float[narrow];
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            beta1 = momentum(rule.beta1);
            double beta2 = rule.beta2;
            double t = steps;
            biasCorrection2 = 1 - Math.pow(beta2, t);
            double mu = beta1 * (1. - 0.5 * Math.pow(0.96, t * rule.momentumDecay));
            double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (t + 1) * rule.momentumDecay));
            double product = muProduct[0] * mu;
            muProduct[0] = product;
            double productNext = product * mu * muNext;
            gradientStep = -learningRate * (1. - mu) / (1. - product);
            momentumStep = -learningRate * muNext / (1. - productNext);
            ranges.run(parameters, gradient);
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double beta1 = this.beta1;
            double beta2 = rule.beta2;
            double decay = rule.weightDecay;
            double eps = rule.epsilon;
            double biasCorrection2 = this.biasCorrection2;
            double gradientStep = this.gradientStep;
            double momentumStep = this.momentumStep;
            double gradientWeight = 1 - beta1;
            double squareWeight = 1 - beta2;
            double[] m = firstMoment;
            double[] v = secondMoment;
            for (int i = from; i < to; i++) {
                double g = decay != 0 ? gradient[i] + decay * parameters[i] : gradient[i];
                double mi = m[i] * beta1 + gradientWeight * g;
                double vi = v[i] * beta2 + squareWeight * g * g;
                m[i] = mi;
                v[i] = vi;
                double denominator = Math.sqrt(vi / biasCorrection2) + eps;
                // two addcdiv_ calls in PyTorch: the parameter is rounded between them
                double p = parameters[i] + gradientStep * g / denominator;
                parameters[i] = p + momentumStep * mi / denominator;
            }
        }

        /**
         * The scalars as torch 1.13 forms them for a float32 parameter: {@code mu} and {@code mu_next}
         * in double, {@code mu_product *= mu} and {@code mu_product_next = mu_product * mu * mu_next} on
         * 0-dim float32 tensors (each product rounded to float, the Python scalar first), and the two
         * {@code addcdiv} values in double from the products widened by {@code .item()}.
         */
        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            beta1 = momentum(rule.beta1);
            double beta2 = rule.beta2;
            double t = steps;
            biasCorrection2 = 1 - Math.pow(beta2, t);
            double mu = beta1 * (1. - 0.5 * Math.pow(0.96, t * rule.momentumDecay));
            double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (t + 1) * rule.momentumDecay));
            float product = muProduct32[0] * (float) mu;
            muProduct32[0] = product;
            float productNext = product * (float) mu * (float) muNext;
            gradientStep = -learningRate * (1. - mu) / (1. - product);
            momentumStep = -learningRate * muNext / (1. - productNext);
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step: the moments as Adam's ({@code add_} with an alpha and {@code addcmul_}
         * fused), {@code exp_avg_sq.div(bias_correction2).sqrt().add_(eps)} a true division and two
         * roundings, then two {@code addcdiv_} calls, the parameter rounded between them.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float beta1 = (float) this.beta1;
            float beta2 = (float) rule.beta2;
            float gradientWeight = (float) (1 - this.beta1);
            float squareWeight = (float) (1 - rule.beta2);
            float eps = (float) rule.epsilon;
            float biasCorrection2 = (float) this.biasCorrection2;
            float gradientStep = (float) this.gradientStep;
            float momentumStep = (float) this.momentumStep;
            float[] m = firstMoment32;
            float[] v = secondMoment32;
            for (int i = from; i < to; i++) {
                float g = decays ? Math.fma(decay, parameters[i], gradient[i]) : gradient[i];
                float mi = Math.fma(gradientWeight, g, m[i] * beta1);
                float vi = Math.fma(squareWeight * g, g, v[i] * beta2);
                m[i] = mi;
                v[i] = vi;
                float denominator = (float) Math.sqrt(vi / biasCorrection2) + eps;
                float p = parameters[i] + gradientStep * g / denominator;
                parameters[i] = p + momentumStep * mi / denominator;
            }
        }

        /** {@code s_i} of the class Javadoc, from the second moment and coefficients of the update just taken. */
        @Override
        public void proximalSteps(double[] out) {
            int n = dimension();
            if (rule.float32) {
                float eps = (float) rule.epsilon;
                float biasCorrection2 = (float) this.biasCorrection2;
                double step = -((double) (float) gradientStep + (double) (float) momentumStep);
                for (int i = 0; i < n; i++) {
                    out[i] = step / ((float) Math.sqrt(secondMoment32[i] / biasCorrection2) + eps);
                }
                return;
            }
            double eps = rule.epsilon;
            double step = -(gradientStep + momentumStep);
            for (int i = 0; i < n; i++) {
                out[i] = step / (Math.sqrt(secondMoment[i] / biasCorrection2) + eps);
            }
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("exp_avg", firstMoment, firstMoment32);
            buffers.fixed("exp_avg_sq", secondMoment, secondMoment32);
            buffers.fixed("mu_product", muProduct, muProduct32);
        }

    }
}
