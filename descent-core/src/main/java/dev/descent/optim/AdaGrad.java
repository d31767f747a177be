package dev.descent.optim;

import java.io.DataInput;
import java.io.DataOutput;
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
 * <p>Defaults: lr 1e-2, lr decay 0, weight decay 0, initial accumulator 0, eps 1e-10, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param learningRateDecay in [0, inf)
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param initialAccumulatorValue the sum of squares at the start, in [0, inf)
 * @param epsilon added to the denominator, in (0, inf): at 0 a zero gradient entry divides 0 by 0
 * @param maximize ascend instead of descend
 */
public record AdaGrad(double learningRate, double learningRateDecay, double weightDecay,
                      double initialAccumulatorValue, double epsilon, boolean maximize) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public AdaGrad {
        Check.positive("learningRate", learningRate);
        Check.nonNegative("learningRateDecay", learningRateDecay);
        Check.nonNegative("weightDecay", weightDecay);
        Check.nonNegative("initialAccumulatorValue", initialAccumulatorValue);
        Check.positive("epsilon", epsilon);
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
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize);
    }

    /** @return a copy with this weight decay */
    public AdaGrad withWeightDecay(double weightDecay) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize);
    }

    /** @return a copy with this initial accumulator value */
    public AdaGrad withInitialAccumulatorValue(double initialAccumulatorValue) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize);
    }

    /** @return a copy with this epsilon */
    public AdaGrad withEpsilon(double epsilon) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize);
    }

    /** @return a copy that maximizes or minimizes */
    public AdaGrad withMaximize(boolean maximize) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize);
    }

    /** @return a copy with this learning rate */
    public AdaGrad withLearningRate(double learningRate) {
        return new AdaGrad(learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon, maximize);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The running sum of squared gradients and the step count. */
    public static final class State extends FirstOrderState {
        private final AdaGrad rule;
        private final double[] sumOfSquares;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        /** This step's decayed rate, negated, set before the ranges run. */
        private double negativeRate;

        State(AdaGrad rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            this.sumOfSquares = new double[dimension];
            Arrays.fill(sumOfSquares, rule.initialAccumulatorValue);
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
        protected void writeBuffers(DataOutput out) throws IOException {
            StateHeader.writeArray(out, sumOfSquares);
        }

        @Override
        protected void readBuffers(DataInput in) throws IOException {
            StateHeader.readArray(in, sumOfSquares, "sum");
        }
    }
}
