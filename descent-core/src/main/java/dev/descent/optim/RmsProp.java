package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * RMSprop, exactly as {@code torch.optim.RMSprop} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * v_t = alpha * v_{t-1} + (1 - alpha) * g_t^2
 * if centered:  a_t = alpha * a_{t-1} + (1 - alpha) * g_t;   d_t = sqrt(v_t - a_t^2) + eps
 * else:         d_t = sqrt(v_t) + eps
 * if momentum &gt; 0:  b_t = momentum * b_{t-1} + g_t / d_t;   theta_t = theta_{t-1} - lr * b_t
 * else:              theta_t = theta_{t-1} - lr * g_t / d_t
 * </pre>
 *
 * <p>Reference: Hinton, Srivastava &amp; Swersky, "Neural Networks for Machine Learning", lecture 6a
 * (2012); the centered form from Graves, "Generating Sequences With Recurrent Neural Networks"
 * (2013). As in PyTorch, eps is added outside the root.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i s_i)} ({@link State#proximalSteps}) with the step {@code s_i} the
 * update took along the preconditioned gradient {@code g_t / d_t}, the denominator {@code d_t} as the
 * update formed it (centered: {@code sqrt(v_t - a_t^2) + eps}):
 *
 * <pre>
 * s_i = lr / d_t,i                       without momentum
 * s_i = lr / ((1 - momentum) d_t,i)      with momentum
 * </pre>
 *
 * With momentum, {@code lr} multiplies the buffer, whose steady state is {@code g / ((1 - momentum) d)}
 * when the gradient holds still; the factor {@code 1 / (1 - momentum)} makes the threshold match it, so
 * that the fixed points of update and threshold are the minima of {@code f + sum c_i |x_i|} (near one, in
 * an orthant, the buffer plus {@code c_i sign(x_i) / ((1 - momentum) d_i)} follows the buffer's recursion
 * for the gradient plus {@code c_i sign(x_i)}). Without it the run would minimize
 * {@code f + (1 - momentum) sum c_i |x_i|}. The momentum is the one the update used.
 * Centered, at the optimum the gradient of {@code f} holds still at {@code -c_i sign(x_i)} where
 * {@code x_i != 0}, so its variance estimate {@code v - a^2} tends to 0 and the step to {@code lr / eps}:
 * the run converges there when {@code lr / eps} suits a fixed step ({@code lr h / eps < 2} for a curvature
 * {@code h}), not with the default eps 1e-8 (on full batches; mini-batch noise keeps the variance up).
 *
 * <p>Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, not centered, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param alpha smoothing constant, in [0, 1): at 1 the average of squares never leaves 0
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param momentum in [0, 1): at 1 or more the buffer never decays and the steps grow without bound
 * @param centered normalize by the estimated variance instead of the raw second moment
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters and the averages in float32 and step in float32 arithmetic, as
 *     torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record RmsProp(double learningRate, double alpha, double epsilon, double weightDecay, double momentum,
                      boolean centered, boolean maximize, boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public RmsProp {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("alpha", alpha);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
        Check.unitOpen("momentum", momentum);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public RmsProp(double learningRate, double alpha, double epsilon, double weightDecay, double momentum,
                   boolean centered, boolean maximize) {
        this(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public RmsProp(double learningRate) {
        this(learningRate, 0.99, 1e-8, 0, 0, false, false);
    }

    /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8. */
    public static RmsProp defaults() {
        return new RmsProp(1e-2);
    }

    /** @return a copy with this alpha */
    public RmsProp withAlpha(double alpha) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, float32);
    }

    /** @return a copy with this epsilon */
    public RmsProp withEpsilon(double epsilon) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public RmsProp withWeightDecay(double weightDecay) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, float32);
    }

    /** @return a copy with this momentum */
    public RmsProp withMomentum(double momentum) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, float32);
    }

    /** @return a copy, centered or not */
    public RmsProp withCentered(boolean centered) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public RmsProp withMaximize(boolean maximize) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public RmsProp withLearningRate(double learningRate) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize, float32);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** This rule in float32: parameters, averages and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize,
                true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The square average, the gradient average (centered), the momentum buffer and the step count. */
    public static final class State extends FirstOrderState {
        private final RmsProp rule;
        private final double[] squareAverage;
        private final double[] gradientAverage;
        /** Allocated by the first update with a momentum, as torch's {@code momentum_buffer}. */
        private double[] momentumBuffer = new double[0];
        private final float[] squareAverage32;
        private final float[] gradientAverage32;
        /** The float32 form's {@code momentum_buffer}, allocated as {@link #momentumBuffer} is. */
        private float[] momentumBuffer32 = new float[0];

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        // this step's scalars, set before the ranges run
        private double negativeRate;
        private double momentum;

        State(RmsProp rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            int wide = rule.float32 ? 0 : dimension;
            int narrow = rule.float32 ? dimension : 0;
            this.squareAverage = new double[wide];
            this.gradientAverage = new double[rule.centered ? wide : 0];
            this.squareAverage32 = new float[narrow];
            this.gradientAverage32 = new float[rule.centered ? narrow : 0];
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            negativeRate = -learningRate;
            momentum = momentum(rule.momentum);
            if (momentum > 0 && momentumBuffer.length == 0) {
                momentumBuffer = new double[parameters.length];
            }
            ranges.run(parameters, gradient);
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double decay = rule.weightDecay;
            double alpha = rule.alpha;
            double newWeight = 1 - alpha;
            double eps = rule.epsilon;
            double momentum = this.momentum;
            boolean centered = rule.centered;
            boolean useMomentum = momentum > 0;
            double[] momentumBuffer = this.momentumBuffer;
            double negativeRate = this.negativeRate;
            for (int i = from; i < to; i++) {
                double g = decay != 0 ? sign * gradient[i] + decay * parameters[i] : sign * gradient[i];
                double square = squareAverage[i] * alpha + newWeight * g * g;
                squareAverage[i] = square;
                double denominator;
                if (centered) {
                    double average = gradientAverage[i] * alpha + newWeight * g;
                    gradientAverage[i] = average;
                    denominator = Math.sqrt(square + -1.0 * average * average) + eps;
                } else {
                    denominator = Math.sqrt(square) + eps;
                }
                if (useMomentum) {
                    double velocity = momentumBuffer[i] * momentum + g / denominator;
                    momentumBuffer[i] = velocity;
                    parameters[i] = parameters[i] + negativeRate * velocity;
                } else {
                    parameters[i] = parameters[i] + negativeRate * g / denominator;
                }
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            negativeRate = -learningRate;
            momentum = momentum(rule.momentum);
            if (momentum > 0 && momentumBuffer32.length == 0) {
                momentumBuffer32 = new float[parameters.length];
            }
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step: {@code square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)} is
         * {@code fma((1 - alpha) * g, g, v * alpha)}, the centered {@code addcmul(grad_avg, grad_avg, value=-1)}
         * is {@code fma(-a, a, v)}, {@code addcdiv} is {@code p + value * g / d} without a fused operation,
         * and {@code param.add_(buf, alpha=-lr)} is {@code fma(-lr, b, p)}; every scalar rounded to float.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float alpha = (float) rule.alpha;
            float newWeight = (float) (1 - rule.alpha);
            float eps = (float) rule.epsilon;
            float momentum = (float) this.momentum;
            boolean centered = rule.centered;
            boolean useMomentum = this.momentum > 0;
            float[] v = squareAverage32;
            float[] a = gradientAverage32;
            float[] b = momentumBuffer32;
            float negativeRate = (float) this.negativeRate;
            for (int i = from; i < to; i++) {
                float g = decays ? Math.fma(decay, parameters[i], sign * gradient[i]) : sign * gradient[i];
                float square = Math.fma(newWeight * g, g, v[i] * alpha);
                v[i] = square;
                float denominator;
                if (centered) {
                    float average = Math.fma(newWeight, g, a[i] * alpha);
                    a[i] = average;
                    denominator = (float) Math.sqrt(Math.fma(-average, average, square)) + eps;
                } else {
                    denominator = (float) Math.sqrt(square) + eps;
                }
                if (useMomentum) {
                    float velocity = b[i] * momentum + g / denominator;
                    b[i] = velocity;
                    parameters[i] = Math.fma(negativeRate, velocity, parameters[i]);
                } else {
                    parameters[i] = parameters[i] + negativeRate * g / denominator;
                }
            }
        }

        /** {@code s_i} of the class Javadoc, from the averages of the update just taken. */
        @Override
        public void proximalSteps(double[] out) {
            int n = dimension();
            boolean centered = rule.centered;
            if (rule.float32) {
                float eps = (float) rule.epsilon;
                float[] v = squareAverage32;
                float[] a = gradientAverage32;
                double rate = -(float) negativeRate;
                if (momentum > 0) {
                    rate = rate / (1 - (float) momentum);
                }
                for (int i = 0; i < n; i++) {
                    float denominator = centered ? (float) Math.sqrt(Math.fma(-a[i], a[i], v[i])) + eps
                            : (float) Math.sqrt(v[i]) + eps;
                    out[i] = rate / denominator;
                }
                return;
            }
            double eps = rule.epsilon;
            double rate = momentum > 0 ? -negativeRate / (1 - momentum) : -negativeRate;
            for (int i = 0; i < n; i++) {
                double denominator = centered
                        ? Math.sqrt(squareAverage[i] + -1.0 * gradientAverage[i] * gradientAverage[i]) + eps
                        : Math.sqrt(squareAverage[i]) + eps;
                out[i] = rate / denominator;
            }
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("square_avg", squareAverage, squareAverage32);
            buffers.fixed("grad_avg", gradientAverage, gradientAverage32);
            momentumBuffer = buffers.optional("momentum_buffer", momentumBuffer);
            momentumBuffer32 = buffers.optional("momentum_buffer", momentumBuffer32);
        }

    }
}
