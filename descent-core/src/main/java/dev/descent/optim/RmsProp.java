package dev.descent.optim;

import java.io.DataInput;
import java.io.DataOutput;
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
 * <p>Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, not centered, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param alpha smoothing constant, in [0, 1): at 1 the average of squares never leaves 0
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param momentum in [0, 1): at 1 or more the buffer never decays and the steps grow without bound
 * @param centered normalize by the estimated variance instead of the raw second moment
 * @param maximize ascend instead of descend
 */
public record RmsProp(double learningRate, double alpha, double epsilon, double weightDecay, double momentum,
                      boolean centered, boolean maximize) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public RmsProp {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("alpha", alpha);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
        Check.unitOpen("momentum", momentum);
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
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
    }

    /** @return a copy with this epsilon */
    public RmsProp withEpsilon(double epsilon) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
    }

    /** @return a copy with this weight decay */
    public RmsProp withWeightDecay(double weightDecay) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
    }

    /** @return a copy with this momentum */
    public RmsProp withMomentum(double momentum) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
    }

    /** @return a copy, centered or not */
    public RmsProp withCentered(boolean centered) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
    }

    /** @return a copy that maximizes or minimizes */
    public RmsProp withMaximize(boolean maximize) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
    }

    /** @return a copy with this learning rate */
    public RmsProp withLearningRate(double learningRate) {
        return new RmsProp(learningRate, alpha, epsilon, weightDecay, momentum, centered, maximize);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public boolean maximizes() {
        return maximize;
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

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        // this step's scalars, set before the ranges run
        private double negativeRate;
        private double momentum;

        State(RmsProp rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            this.squareAverage = new double[dimension];
            this.gradientAverage = new double[rule.centered ? dimension : 0];
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
        protected void writeBuffers(DataOutput out) throws IOException {
            StateHeader.writeArray(out, squareAverage);
            StateHeader.writeArray(out, gradientAverage);
            StateHeader.writeArray(out, momentumBuffer);
        }

        @Override
        protected void readBuffers(DataInput in) throws IOException {
            StateHeader.readArray(in, squareAverage, "square_avg");
            StateHeader.readArray(in, gradientAverage, "grad_avg");
            momentumBuffer = StateHeader.readOptionalArray(in, dimension(), "momentum_buffer");
        }
    }
}
