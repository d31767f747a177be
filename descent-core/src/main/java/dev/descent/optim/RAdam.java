package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * Rectified Adam, exactly as {@code torch.optim.RAdam} (PyTorch 1.13):
 *
 * <pre>
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
 * v_t = beta2 * v_{t-1} + (1 - beta2) * g_t^2
 * mhat_t = m_t / (1 - beta1^t)
 * rho_inf = 2 / (1 - beta2) - 1
 * rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
 * if rho_t &gt; 5:
 *     r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
 *     theta_t = theta_{t-1} - mhat_t * lr * (sqrt(1 - beta2^t) / (sqrt(v_t) + eps)) * r_t
 * else:
 *     theta_t = theta_{t-1} - mhat_t * lr                 (momentum SGD while the variance is untractable)
 * </pre>
 *
 * <p>Reference: Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond", ICLR 2020.
 * The paper switches at {@code rho_t > 4}; PyTorch (and this class) at {@code rho_t > 5}. PyTorch 1.13's
 * RAdam has no maximize option, nor has this one. Because the first steps have no adaptive
 * denominator, they are as long as momentum SGD's: the rate must suit SGD on the problem.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i d_i)} ({@link State#proximalSteps}) with the factor that multiplied
 * the first moment {@code m_t} in the update:
 *
 * <pre>
 * d_i = lr r_t sqrt(1 - beta2^t) / ((1 - beta1^t) (sqrt(v_t,i) + eps))    if rho_t &gt; 5
 * d_i = lr / (1 - beta1^t)                                                otherwise
 * </pre>
 *
 * (eps where the update adds it, to the uncorrected root), {@code beta1} the momentum the update used, in
 * float32 the adaptive factor rounded as the update rounds it. The first moment tends to the gradient
 * when the gradient holds still, so the fixed points of update and threshold are the minima of
 * {@code f + sum c_i |x_i|}.
 *
 * <p>Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param beta1 first-moment decay, in [0, 1)
 * @param beta2 second-moment decay, in [0, 1)
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param float32 keep the parameters and the moments in float32 and step in float32 arithmetic, as
 *     torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record RAdam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                    boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public RAdam {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("beta1", beta1);
        Check.unitOpen("beta2", beta2);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public RAdam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public RAdam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
    public static RAdam defaults() {
        return new RAdam(1e-3);
    }

    /** @return a copy with these betas */
    public RAdam withBetas(double beta1, double beta2) {
        return new RAdam(learningRate, beta1, beta2, epsilon, weightDecay, float32);
    }

    /** @return a copy with this epsilon */
    public RAdam withEpsilon(double epsilon) {
        return new RAdam(learningRate, beta1, beta2, epsilon, weightDecay, float32);
    }

    /** @return a copy with this weight decay */
    public RAdam withWeightDecay(double weightDecay) {
        return new RAdam(learningRate, beta1, beta2, epsilon, weightDecay, float32);
    }

    /** @return a copy with this learning rate */
    public RAdam withLearningRate(double learningRate) {
        return new RAdam(learningRate, beta1, beta2, epsilon, weightDecay, float32);
    }

    /** {@code beta1}, which momentum-cycling schedules set. */
    @Override
    public double momentum() {
        return beta1;
    }

    @Override
    public String name() {
        return "radam";
    }

    /** This rule in float32: parameters, moments and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new RAdam(learningRate, beta1, beta2, epsilon, weightDecay, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The first and second moments and the step count. */
    public static final class State extends FirstOrderState {
        private final RAdam rule;
        private final double[] firstMoment;
        private final double[] secondMoment;
        private final float[] firstMoment32;
        private final float[] secondMoment32;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        // this step's scalars, set before the ranges run
        private double beta1;
        private double biasCorrection1;
        private double biasCorrection2Root;
        private boolean rectified;
        private double rect;
        private double learningRate;

        State(RAdam rule, int dimension) {
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
            scalars(learningRate);
            ranges.run(parameters, gradient);
        }

        /** This step's scalars, in double (Python's), from the step count and the rate. */
        private void scalars(double learningRate) {
            beta1 = momentum(rule.beta1);
            double beta2 = rule.beta2;
            double t = steps;
            biasCorrection1 = 1 - Math.pow(beta1, t);
            double biasCorrection2 = 1 - Math.pow(beta2, t);
            double rhoInf = 2 / (1 - beta2) - 1;
            double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / biasCorrection2;
            rectified = rhoT > 5.;
            rect = rectified ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
            biasCorrection2Root = Math.sqrt(biasCorrection2);
            this.learningRate = learningRate;
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double beta1 = this.beta1;
            double beta2 = rule.beta2;
            double decay = rule.weightDecay;
            double eps = rule.epsilon;
            double biasCorrection1 = this.biasCorrection1;
            double biasCorrection2Root = this.biasCorrection2Root;
            boolean rectified = this.rectified;
            double rect = this.rect;
            double learningRate = this.learningRate;
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
                double corrected = mi / biasCorrection1;
                double step;
                if (rectified) {
                    // PyTorch's tensor expression order: ((mhat * lr) * adaptive_lr) * rect
                    double adaptive = biasCorrection2Root / (Math.sqrt(vi) + eps);
                    step = corrected * learningRate * adaptive * rect;
                } else {
                    step = corrected * learningRate;
                }
                parameters[i] = parameters[i] + -1.0 * step;
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            scalars(learningRate);
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step: the moments as Adam's ({@code add_} with an alpha and {@code addcmul_}
         * fused), {@code exp_avg / bias_correction1} a true division, {@code math.sqrt(bias_correction2) /
         * denominator} {@code Tensor.__rdiv__}, the reciprocal times the scalar, and the step's tensor
         * products rounded left to right: {@code ((mhat * lr) * adaptive_lr) * rect}.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float beta1 = (float) this.beta1;
            float beta2 = (float) rule.beta2;
            float gradientWeight = (float) (1 - this.beta1);
            float squareWeight = (float) (1 - rule.beta2);
            float eps = (float) rule.epsilon;
            float biasCorrection1 = (float) this.biasCorrection1;
            float biasCorrection2Root = (float) this.biasCorrection2Root;
            boolean rectified = this.rectified;
            float rect = (float) this.rect;
            float learningRate = (float) this.learningRate;
            float[] m = firstMoment32;
            float[] v = secondMoment32;
            for (int i = from; i < to; i++) {
                float g = decays ? Math.fma(decay, parameters[i], gradient[i]) : gradient[i];
                float mi = Math.fma(gradientWeight, g, m[i] * beta1);
                float vi = Math.fma(squareWeight * g, g, v[i] * beta2);
                m[i] = mi;
                v[i] = vi;
                float corrected = mi / biasCorrection1;
                float step;
                if (rectified) {
                    float adaptive = 1.0f / ((float) Math.sqrt(vi) + eps) * biasCorrection2Root;
                    step = corrected * learningRate * adaptive * rect;
                } else {
                    step = corrected * learningRate;
                }
                parameters[i] = parameters[i] - step; // add_(step, alpha=-1.0): exact product, one rounding
            }
        }

        /** {@code d_i} of the class Javadoc, from the second moment and scalars of the update just taken. */
        @Override
        public void proximalSteps(double[] out) {
            int n = dimension();
            if (rule.float32) {
                float eps = (float) rule.epsilon;
                float biasCorrection2Root = (float) this.biasCorrection2Root;
                double rate = (double) (float) learningRate / (float) biasCorrection1;
                if (!rectified) {
                    java.util.Arrays.fill(out, rate);
                    return;
                }
                double rated = rate * (float) rect;
                for (int i = 0; i < n; i++) {
                    float adaptive = 1.0f / ((float) Math.sqrt(secondMoment32[i]) + eps) * biasCorrection2Root;
                    out[i] = rated * adaptive;
                }
                return;
            }
            double rate = learningRate / biasCorrection1;
            if (!rectified) {
                java.util.Arrays.fill(out, rate);
                return;
            }
            double eps = rule.epsilon;
            double rated = rate * rect;
            for (int i = 0; i < n; i++) {
                out[i] = rated * (biasCorrection2Root / (Math.sqrt(secondMoment[i]) + eps));
            }
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("exp_avg", firstMoment, firstMoment32);
            buffers.fixed("exp_avg_sq", secondMoment, secondMoment32);
        }

    }
}
