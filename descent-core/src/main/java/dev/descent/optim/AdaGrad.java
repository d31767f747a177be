package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;
import java.util.Arrays;

/**
 * AdaGrad, exactly as {@code torch.optim.Adagrad} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * lr_t = lr / (1 + (t - 1) * lr_decay)
 * s_t = s_{t-1} + g_t^2,          s_0 = initial_accumulator_value
 * theta_t = theta_{t-1} - lr_t * g_t / (sqrt(s_t) + eps)
 * </pre>
 *
 * <p>Reference: Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 12 (2011). The learning-rate decay is PyTorch's addition.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i d_i)} ({@link State#proximalSteps}) with the factor that multiplied
 * the gradient in the update, the decayed rate {@code lr_t} over the updated sum's root:
 *
 * <pre>
 * d_i = lr_t / (sqrt(s_t,i) + eps)
 * </pre>
 *
 * the composite mirror-descent step of Duchi, Hazan &amp; Singer (2011, section 1.1 and eq. 4) for
 * {@code sum c_i |x_i|}, in float32 with the rate and denominator rounded as the update rounds them.
 *
 * <p>Defaults: lr 1e-2, lr decay 0, weight decay 0, initial accumulator 0, eps 1e-10, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param learningRateDecay in [0, inf)
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param initialAccumulatorValue the sum of squares at the start, in [0, inf)
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters and the sum of squares in float32 and step in float32 arithmetic,
 *     as torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record AdaGrad(double learningRate, double learningRateDecay, double weightDecay,
                      double initialAccumulatorValue, double epsilon, boolean maximize, boolean float32)
        implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public AdaGrad {
        Check.positive("learningRate", learningRate);
        Check.nonNegative("learningRateDecay", learningRateDecay);
        Check.nonNegative("weightDecay", weightDecay);
        Check.nonNegative("initialAccumulatorValue", initialAccumulatorValue);
        Check.positive("epsilon", epsilon);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public AdaGrad(double learningRate, double learningRateDecay, double weightDecay, double initialAccumulatorValue,
                   double epsilon, boolean maximize) {
        this(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public AdaGrad(double learningRate) {
        this(learningRate, 0, 0, 0, 1e-10, false);
    }

    /** PyTorch's defaults: lr 1e-2, eps 1e-10. */
    public static AdaGrad defaults() {
        return new AdaGrad(1e-2);
    }

    /** @return a copy with this learning-rate decay */
    public AdaGrad withLearningRateDecay(double learningRateDecay) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize,
                float32);
    }

    /** @return a copy with this weight decay */
    public AdaGrad withWeightDecay(double weightDecay) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize,
                float32);
    }

    /** @return a copy with this initial accumulator value */
    public AdaGrad withInitialAccumulatorValue(double initialAccumulatorValue) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize,
                float32);
    }

    /** @return a copy with this epsilon */
    public AdaGrad withEpsilon(double epsilon) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize,
                float32);
    }

    /** @return a copy that maximizes or minimizes */
    public AdaGrad withMaximize(boolean maximize) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize,
                float32);
    }

    /** @return a copy with this learning rate */
    public AdaGrad withLearningRate(double learningRate) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize,
                float32);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** This rule in float32: parameters, sum of squares and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue,
                epsilon, maximize, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The running sum of squared gradients and the step count. */
    public static final class State extends FirstOrderState {
        private final AdaGrad rule;
        private final double[] sumOfSquares;
        private final float[] sumOfSquares32;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        /** This step's decayed rate, negated, set before the ranges run. */
        private double negativeRate;

        State(AdaGrad rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            this.sumOfSquares = new double[rule.float32 ? 0 : dimension];
            Arrays.fill(sumOfSquares, rule.initialAccumulatorValue);
            // torch.full_like(p, initial_accumulator_value): the value rounded to float
            this.sumOfSquares32 = new float[rule.float32 ? dimension : 0];
            Arrays.fill(sumOfSquares32, (float) rule.initialAccumulatorValue);
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            negativeRate = -(learningRate / (1 + (steps - 1) * rule.learningRateDecay));
            ranges.run(parameters, gradient);
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double decay = rule.weightDecay;
            double eps = rule.epsilon;
            double negativeRate = this.negativeRate;
            double[] sum = sumOfSquares;
            for (int i = from; i < to; i++) {
                double g = decay != 0 ? sign * gradient[i] + decay * parameters[i] : sign * gradient[i];
                double accumulated = sum[i] + g * g;
                sum[i] = accumulated;
                parameters[i] = parameters[i] + negativeRate * g / (Math.sqrt(accumulated) + eps);
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            // clr in double from the exact step count, rounded to float where it meets the tensors
            negativeRate = -(learningRate / (1 + (steps - 1) * rule.learningRateDecay));
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step: {@code state_sum.addcmul_(grad, grad, value=1)} is {@code fma(g, g, s)},
         * {@code state_sum.sqrt().add_(eps)} two roundings, {@code param.addcdiv_(grad, std, value=-clr)}
         * {@code p + (-clr * g) / std} without a fused operation.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float eps = (float) rule.epsilon;
            float negativeRate = (float) this.negativeRate;
            float[] sum = sumOfSquares32;
            for (int i = from; i < to; i++) {
                float g = decays ? Math.fma(decay, parameters[i], sign * gradient[i]) : sign * gradient[i];
                float accumulated = Math.fma(g, g, sum[i]);
                sum[i] = accumulated;
                parameters[i] = parameters[i] + negativeRate * g / ((float) Math.sqrt(accumulated) + eps);
            }
        }

        /** {@code d_i} of the class Javadoc, from the sum of squares of the update just taken. */
        @Override
        public void proximalSteps(double[] out) {
            int n = dimension();
            if (rule.float32) {
                float eps = (float) rule.epsilon;
                double rate = -(float) negativeRate;
                for (int i = 0; i < n; i++) {
                    out[i] = rate / ((float) Math.sqrt(sumOfSquares32[i]) + eps);
                }
                return;
            }
            double eps = rule.epsilon;
            double rate = -negativeRate;
            for (int i = 0; i < n; i++) {
                out[i] = rate / (Math.sqrt(sumOfSquares[i]) + eps);
            }
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("sum", sumOfSquares, sumOfSquares32);
        }

    }
}
