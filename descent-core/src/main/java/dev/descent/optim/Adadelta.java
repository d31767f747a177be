package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * Adadelta, exactly as {@code torch.optim.Adadelta} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * v_t = rho * v_{t-1} + (1 - rho) * g_t^2
 * Delta_t = sqrt(u_{t-1} + eps) / sqrt(v_t + eps) * g_t
 * u_t = rho * u_{t-1} + (1 - rho) * Delta_t^2
 * theta_t = theta_{t-1} - lr * Delta_t
 * </pre>
 *
 * <p>Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701 (2012),
 * Algorithm 1. The paper has no learning rate (lr 1, PyTorch's default); PyTorch scales the update
 * by lr.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i d_i)} ({@link State#proximalSteps}) with the factor that multiplied
 * the gradient in the update:
 *
 * <pre>
 * d_i = lr * sqrt(u_{t-1,i} + eps) / sqrt(v_t,i + eps)
 * </pre>
 *
 * the accumulated update {@code u} as it was before the update, which the update then overwrites; so the
 * state keeps the ratio {@code sqrt(u_{t-1} + eps) / sqrt(v_t + eps)} of its last update (one vector more,
 * not part of the saved state), in float32 as the update rounded it. At the optimum of
 * {@code f + sum c_i |x_i|} the gradient of {@code f} holds still at {@code -c_i sign(x_i)} where
 * {@code x_i != 0}, so the update's own step does not vanish there: {@code u} tracks its square, the ratio
 * tends to 1 and {@code d_i} to lr. The run converges there only when lr suits a fixed step
 * ({@code lr < 2 / h} for a curvature {@code h}), not with the paper's lr 1 on a stiff problem.
 *
 * <p>Defaults: lr 1, rho 0.9, eps 1e-6, weight decay 0, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param rho decay of both running averages, in [0, 1]: PyTorch allows 1, where the averages stay at 0
 *     and every step is {@code lr * g}
 * @param epsilon inside both roots, in (0, inf): at 0 the first step is 0 and so is every later one
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters and the averages in float32 and step in float32 arithmetic, as
 *     torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record Adadelta(double learningRate, double rho, double epsilon, double weightDecay, boolean maximize,
                       boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Adadelta {
        Check.positive("learningRate", learningRate);
        Check.unitClosed("rho", rho);
        Check.positive("epsilon", epsilon);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public Adadelta(double learningRate, double rho, double epsilon, double weightDecay, boolean maximize) {
        this(learningRate, rho, epsilon, weightDecay, maximize, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public Adadelta(double learningRate) {
        this(learningRate, 0.9, 1e-6, 0, false);
    }

    /** PyTorch's defaults: lr 1, rho 0.9, eps 1e-6. */
    public static Adadelta defaults() {
        return new Adadelta(1.0);
    }

    /** @return a copy with this rho */
    public Adadelta withRho(double rho) {
        return new Adadelta(learningRate, rho, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy with this epsilon */
    public Adadelta withEpsilon(double epsilon) {
        return new Adadelta(learningRate, rho, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public Adadelta withWeightDecay(double weightDecay) {
        return new Adadelta(learningRate, rho, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public Adadelta withMaximize(boolean maximize) {
        return new Adadelta(learningRate, rho, epsilon, weightDecay, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public Adadelta withLearningRate(double learningRate) {
        return new Adadelta(learningRate, rho, epsilon, weightDecay, maximize, float32);
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** This rule in float32: parameters, averages and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new Adadelta(learningRate, rho, epsilon, weightDecay, maximize, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The running averages of squared gradients and of squared updates, and the step count. */
    public static final class State extends FirstOrderState {
        private final Adadelta rule;
        private final double[] squareAverage;
        private final double[] deltaAverage;
        private final float[] squareAverage32;
        private final float[] deltaAverage32;
        /** The last update's {@code sqrt(u_{t-1} + eps) / sqrt(v_t + eps)}, for {@link #proximalSteps}. */
        private final double[] ratio;
        private final float[] ratio32;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        /** This step's rate, set before the ranges run. */
        private double learningRate;

        State(Adadelta rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            int wide = rule.float32 ? 0 : dimension;
            int narrow = rule.float32 ? dimension : 0;
            this.squareAverage = new double[wide];
            this.deltaAverage = new double[wide];
            this.squareAverage32 = new float[narrow];
            this.deltaAverage32 = new float[narrow];
            this.ratio = new double[wide];
            this.ratio32 = new float[narrow];
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            this.learningRate = learningRate;
            ranges.run(parameters, gradient);
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double decay = rule.weightDecay;
            double rho = rule.rho;
            double newWeight = 1 - rho;
            double eps = rule.epsilon;
            double negativeRate = -learningRate;
            double[] v = squareAverage;
            double[] u = deltaAverage;
            for (int i = from; i < to; i++) {
                double g = decay != 0 ? sign * gradient[i] + decay * parameters[i] : sign * gradient[i];
                double vi = v[i] * rho + newWeight * g * g;
                v[i] = vi;
                double std = Math.sqrt(vi + eps);
                // PyTorch: acc_delta.add(eps).sqrt_().div_(std).mul_(grad), rounded in that order
                double r = Math.sqrt(u[i] + eps) / std;
                ratio[i] = r;
                double delta = r * g;
                u[i] = u[i] * rho + newWeight * delta * delta;
                parameters[i] = parameters[i] + negativeRate * delta;
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            this.learningRate = learningRate;
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step: both averages {@code mul_(rho).addcmul_(x, x, value=1 - rho)}, that is
         * {@code fma((1 - rho) * x, x, u * rho)}; {@code acc_delta.add(eps).sqrt_().div_(std).mul_(grad)}
         * rounded after each operation; {@code param.add_(delta, alpha=-lr)} one fused multiply-add.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float rho = (float) rule.rho;
            float newWeight = (float) (1 - rule.rho);
            float eps = (float) rule.epsilon;
            float negativeRate = (float) -learningRate;
            float[] v = squareAverage32;
            float[] u = deltaAverage32;
            for (int i = from; i < to; i++) {
                float g = decays ? Math.fma(decay, parameters[i], sign * gradient[i]) : sign * gradient[i];
                float vi = Math.fma(newWeight * g, g, v[i] * rho);
                v[i] = vi;
                float std = (float) Math.sqrt(vi + eps);
                float r = (float) Math.sqrt(u[i] + eps) / std;
                ratio32[i] = r;
                float delta = r * g;
                u[i] = Math.fma(newWeight * delta, delta, u[i] * rho);
                parameters[i] = Math.fma(negativeRate, delta, parameters[i]);
            }
        }

        /** {@code d_i} of the class Javadoc: the rate times the ratio the update just used. */
        @Override
        public void proximalSteps(double[] out) {
            int n = dimension();
            if (rule.float32) {
                // the update's -lr rounded to float
                double rate = -(float) -learningRate;
                for (int i = 0; i < n; i++) {
                    out[i] = rate * ratio32[i];
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                out[i] = learningRate * ratio[i];
            }
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("square_avg", squareAverage, squareAverage32);
            buffers.fixed("acc_delta", deltaAverage, deltaAverage32);
        }

    }
}
