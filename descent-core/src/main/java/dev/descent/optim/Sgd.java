package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum, weight decay and
 * maximize, exactly as {@code torch.optim.SGD} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * if momentum != 0:
 *     b_t = g_t                                          if t = 1
 *     b_t = momentum * b_{t-1} + (1 - dampening) * g_t   otherwise
 *     g_t = g_t + momentum * b_t   if nesterov   else   b_t
 * theta_t = theta_{t-1} - lr * g_t
 * </pre>
 *
 * <p>PyTorch's momentum differs from Sutskever et al. (2013), who scale the velocity by the
 * learning rate: {@code v = mu v - lr g; theta = theta + v}. The two agree for a constant learning
 * rate and differ when a schedule changes it. Nesterov momentum follows Sutskever et al.'s
 * formulation as PyTorch implements it.
 *
 * <p>Defaults: momentum 0, dampening 0, weight decay 0, no Nesterov, minimize. PyTorch requires a
 * learning rate; so does this record.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i d_i)} ({@link State#proximalSteps}) with
 *
 * <pre>
 * d_i = lr                                           without momentum (ISTA)
 * d_i = lr * (1 - dampening) / (1 - momentum)        heavy ball
 * d_i = lr * (1 + momentum (1 - dampening) / (1 - momentum)) = lr / (1 - momentum)   Nesterov (dampening 0)
 * </pre>
 *
 * the step along the direction {@code b_t (1 - momentum) / (1 - dampening)} (Nesterov:
 * {@code (g_t + momentum b_t) (1 - momentum)}), which tends to the gradient when the gradient holds
 * still. So a point is a fixed point of update and threshold exactly when it minimizes
 * {@code f + sum c_i |x_i|}: near it, in one orthant, the pair is this rule on {@code f + sum c_i |x_i|},
 * since the buffer plus {@code c_i sign(x_i) / (1 - momentum)} (times {@code 1 - dampening}) follows the
 * buffer's recursion for the gradient plus {@code c_i sign(x_i)}. The threshold {@code lr c_i} of the
 * raw buffer's factor would leave the buffer's steady state {@code g / (1 - momentum)} against it, and
 * the run would converge to the minimum of {@code f + (1 - momentum) sum c_i |x_i|} instead. The
 * momentum is the one the update used (a momentum schedule's).
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param momentum in [0, 1): at 1 or more the velocity never decays and the steps grow without bound
 * @param dampening in [0, 1]
 * @param nesterov Nesterov momentum; needs momentum &gt; 0 and dampening 0
 * @param weightDecay L2 penalty coefficient, in [0, inf)
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters and the momentum buffer in float32 and step in float32
 *     arithmetic, as torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record Sgd(double learningRate, double momentum, double dampening, boolean nesterov,
                  double weightDecay, boolean maximize, boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Sgd {
        Check.positive("learningRate", learningRate);
        Check.unitOpen("momentum", momentum);
        Check.unitClosed("dampening", dampening);
        Check.nonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("nesterov momentum requires momentum > 0 and dampening = 0: momentum "
                    + momentum + ", dampening " + dampening);
        }
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public Sgd(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay,
               boolean maximize) {
        this(learningRate, momentum, dampening, nesterov, weightDecay, maximize, false);
    }

    /** Plain SGD: {@code theta <- theta - lr * grad}. */
    public Sgd(double learningRate) {
        this(learningRate, 0, 0, false, 0, false);
    }

    /** @return a copy with this momentum */
    public Sgd withMomentum(double momentum) {
        return new Sgd(learningRate, momentum, dampening, nesterov, weightDecay, maximize, float32);
    }

    /** @return a copy with this dampening */
    public Sgd withDampening(double dampening) {
        return new Sgd(learningRate, momentum, dampening, nesterov, weightDecay, maximize, float32);
    }

    /** @return a copy with Nesterov momentum on or off */
    public Sgd withNesterov(boolean nesterov) {
        return new Sgd(learningRate, momentum, dampening, nesterov, weightDecay, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public Sgd withWeightDecay(double weightDecay) {
        return new Sgd(learningRate, momentum, dampening, nesterov, weightDecay, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public Sgd withMaximize(boolean maximize) {
        return new Sgd(learningRate, momentum, dampening, nesterov, weightDecay, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public Sgd withLearningRate(double learningRate) {
        return new Sgd(learningRate, momentum, dampening, nesterov, weightDecay, maximize, float32);
    }

    /** {@code momentum lr=...} or {@code nesterov lr=...} with momentum, else {@code sgd lr=...}. */
    @Override
    public String describe() {
        return momentum > 0 ? (nesterov ? "nesterov" : "momentum") + " lr=" + Optimizer.shortNumber(learningRate)
                : Optimizer.super.describe();
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** This rule in float32: parameters, momentum buffer and arithmetic, as torch.optim on float32 parameters. */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new Sgd(learningRate, momentum, dampening, nesterov, weightDecay, maximize, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The momentum buffer and the step count. */
    public static final class State extends FirstOrderState {
        private final Sgd rule;
        /** Allocated by the first update with a momentum, as torch's {@code momentum_buffer}. */
        private double[] momentumBuffer = new double[0];
        /** The float32 form's {@code momentum_buffer}, allocated as {@link #momentumBuffer} is. */
        private float[] momentumBuffer32 = new float[0];

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;
        // this step's scalars, set before the ranges run
        private double negativeRate;
        private double momentum;
        private boolean first;

        State(Sgd rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            negativeRate = -learningRate;
            momentum = momentum(rule.momentum);
            if (momentum != 0) {
                // torch starts the buffer as a copy of the first direction it sees; a buffer read back from
                // a state saved before the first step is still all zeros, so step 1 starts it too
                first = momentumBuffer.length == 0 || steps == 1;
                if (momentumBuffer.length == 0) {
                    momentumBuffer = new double[parameters.length];
                }
            }
            ranges.run(parameters, gradient);
        }

        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double decay = rule.weightDecay;
            double negativeRate = this.negativeRate;
            double momentum = this.momentum;
            if (momentum == 0) {
                for (int i = from; i < to; i++) {
                    double direction = decay != 0 ? sign * gradient[i] + decay * parameters[i] : sign * gradient[i];
                    parameters[i] = parameters[i] + negativeRate * direction;
                }
                return;
            }
            double gradientWeight = 1 - rule.dampening;
            boolean first = this.first;
            double[] buffer = momentumBuffer;
            boolean nesterov = rule.nesterov;
            for (int i = from; i < to; i++) {
                double direction = decay != 0 ? sign * gradient[i] + decay * parameters[i] : sign * gradient[i];
                double velocity = first ? direction : buffer[i] * momentum + gradientWeight * direction;
                buffer[i] = velocity;
                double step = nesterov ? direction + momentum * velocity : velocity;
                parameters[i] = parameters[i] + negativeRate * step;
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            negativeRate = -learningRate;
            momentum = momentum(rule.momentum);
            if (momentum != 0) {
                first = momentumBuffer32.length == 0 || steps == 1;
                if (momentumBuffer32.length == 0) {
                    momentumBuffer32 = new float[parameters.length];
                }
            }
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step: {@code d_p.add(param, alpha=weight_decay)},
         * {@code buf.mul_(momentum).add_(d_p, alpha=1 - dampening)}, {@code d_p.add(buf, alpha=momentum)} and
         * {@code param.add_(d_p, alpha=-lr)}, each {@code add} with an alpha one fused multiply-add with the
         * scalar rounded to float. Maximize is an exact negation (a product by -1); the other options are
         * the same for every element, so the JIT takes them out of the loop.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float negativeRate = (float) this.negativeRate;
            if (momentum == 0) {
                for (int i = from; i < to; i++) {
                    float direction = decays ? Math.fma(decay, parameters[i], sign * gradient[i]) : sign * gradient[i];
                    parameters[i] = Math.fma(negativeRate, direction, parameters[i]);
                }
                return;
            }
            float momentum = (float) this.momentum;
            float gradientWeight = (float) (1 - rule.dampening);
            boolean first = this.first;
            boolean nesterov = rule.nesterov;
            float[] buffer = momentumBuffer32;
            for (int i = from; i < to; i++) {
                float direction = decays ? Math.fma(decay, parameters[i], sign * gradient[i]) : sign * gradient[i];
                float velocity = first ? direction : Math.fma(gradientWeight, direction, buffer[i] * momentum);
                buffer[i] = velocity;
                float step = nesterov ? Math.fma(momentum, velocity, direction) : velocity;
                parameters[i] = Math.fma(negativeRate, step, parameters[i]);
            }
        }

        /**
         * {@code d_i} of the class Javadoc, the same for every variable: {@code lr} (in float32, the
         * rate rounded to float, as the update used it) times the momentum's steady-state factor.
         */
        @Override
        public void proximalSteps(double[] out) {
            double rate = rule.float32 ? (float) lastStepLength() : lastStepLength();
            double step = rate;
            if (momentum != 0) {
                // the float32 update's scalars are these rounded to float; the factor is formed from them
                double mu = rule.float32 ? (float) momentum : momentum;
                double weight = rule.float32 ? (float) (1 - rule.dampening) : 1 - rule.dampening;
                step = rule.nesterov ? rate * (1 + mu * weight / (1 - mu)) : rate * weight / (1 - mu);
            }
            java.util.Arrays.fill(out, step);
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            momentumBuffer = buffers.optional("momentum_buffer", momentumBuffer);
            momentumBuffer32 = buffers.optional("momentum_buffer", momentumBuffer32);
        }

    }
}
