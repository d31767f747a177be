package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;

/**
 * Averaged stochastic gradient descent, exactly as {@code torch.optim.ASGD} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * if weight_decay != 0:  g_t = g_t + weight_decay * theta_{t-1}
 * theta' = theta_{t-1} * (1 - lambd * eta_{t-1})
 * theta_t = theta' - eta_{t-1} * g_t
 * ax_t = theta_t                          if mu_{t-1} = 1
 *        ax_{t-1} + mu_{t-1} * (theta_t - ax_{t-1})   otherwise
 * eta_t = lr / (1 + lambd * lr * t)^alpha,    eta_0 = lr
 * mu_t = 1 / max(1, t - t0),                   mu_0 = 1
 * </pre>
 *
 * <p>The iterate is the SGD iterate; the averaged point {@code ax} (Polyak-Ruppert averaging, which
 * starts once {@code t > t0 + 1}) is the method's estimate, read with {@link State#averagedPoint()}.
 * The lr of step t enters {@code eta_t}, the step size of step t + 1, as in PyTorch; the first step
 * uses the rate of the first update.
 *
 * <p>Reference: Polyak &amp; Juditsky, "Acceleration of Stochastic Approximation by Averaging",
 * SIAM J. Control Optim. 30(4), 1992; the step-size schedule and decay term {@code lambd} follow
 * Bottou, "Stochastic Gradient Descent Tricks" (2012), as PyTorch does.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i d_i)} ({@link State#proximalSteps}) with the step size the update
 * used:
 *
 * <pre>
 * d_i = eta_{t-1}
 * </pre>
 *
 * The update is {@code theta_t = theta_{t-1} - eta_{t-1} (g_t + lambd theta_{t-1})}: its decay is the
 * gradient step of {@code lambd/2 |theta|^2} with the same step size, so the factor of the direction is
 * {@code eta_{t-1}} and no decay factor enters {@code d_i}; the pair is proximal SGD on
 * {@code f + lambd/2 |theta|^2 + sum c_i |theta_i|}, whose minimum a run approaches (the minimum of
 * {@code f + sum c_i |theta_i|} for {@code lambd = 0}). The loop thresholds the iterate after the
 * update, and the update forms the averaged point {@code ax} from the iterate before the threshold, so
 * {@code ax} (from step {@code t0 + 1} on) averages unthresholded iterates and has no exact zeros.
 *
 * <p>Defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, weight decay 0, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param lambd decay term, in [0, inf)
 * @param alpha power of the step-size decay, in [0, inf)
 * @param t0 the step after which averaging starts, in [0, inf)
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters, the averaged point, eta and mu in float32 and step in float32
 *     arithmetic, as torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record Asgd(double learningRate, double lambd, double alpha, double t0, double weightDecay, boolean maximize,
                   boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Asgd {
        Check.positive("learningRate", learningRate);
        Check.nonNegative("lambd", lambd);
        Check.nonNegative("alpha", alpha);
        Check.nonNegative("t0", t0);
        Check.nonNegative("weightDecay", weightDecay);
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public Asgd(double learningRate, double lambd, double alpha, double t0, double weightDecay, boolean maximize) {
        this(learningRate, lambd, alpha, t0, weightDecay, maximize, false);
    }

    /** PyTorch's defaults with this learning rate. */
    public Asgd(double learningRate) {
        this(learningRate, 1e-4, 0.75, 1e6, 0, false);
    }

    /** PyTorch's defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6. */
    public static Asgd defaults() {
        return new Asgd(1e-2);
    }

    /** @return a copy with this decay term */
    public Asgd withLambd(double lambd) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize, float32);
    }

    /** @return a copy with this power */
    public Asgd withAlpha(double alpha) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize, float32);
    }

    /** @return a copy that starts averaging after this step */
    public Asgd withT0(double t0) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize, float32);
    }

    /** @return a copy with this weight decay */
    public Asgd withWeightDecay(double weightDecay) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public Asgd withMaximize(boolean maximize) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize, float32);
    }

    /** @return a copy with this learning rate */
    public Asgd withLearningRate(double learningRate) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize, float32);
    }

    @Override
    public String name() {
        return "asgd";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /**
     * This rule in float32: parameters, averaged point, eta and mu (torch's 0-dim float32 tensors) and
     * arithmetic, as torch.optim on float32 parameters.
     */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize, true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The averaged point, the step size eta, the averaging weight mu and the step count. */
    public static final class State extends FirstOrderState {
        private final Asgd rule;
        private final double[] average;
        /** {eta, mu}: PyTorch's scalar tensors, as an array so they save like the other buffers. */
        private final double[] etaMu = {Double.NaN, 1.0};
        private final float[] average32;
        /** The float32 form's {eta, mu}: 0-dim float32 tensors in torch, so each new value is rounded to float. */
        private final float[] etaMu32 = {Float.NaN, 1.0f};
        /** The step size the last update used, for {@link #proximalSteps}: {@code eta_mu} moves on after it. */
        private double lastEta = Double.NaN;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;

        State(Asgd rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            this.average = new double[rule.float32 ? 0 : dimension];
            this.average32 = new float[rule.float32 ? dimension : 0];
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        /**
         * The averaged point {@code ax} (PyTorch's {@code state['ax']}): equal to the iterate until
         * step {@code t0 + 1}, then the running mean of the iterates since. All zeros before the
         * first update.
         *
         * @return a copy
         */
        public double[] averagedPoint() {
            if (rule.float32) {
                double[] wide = new double[average32.length];
                averagedPoint(wide);
                return wide;
            }
            return average.clone();
        }

        /**
         * Copies the averaged point into {@code into}, for callers that must not allocate.
         *
         * @param into receives {@code ax}; its length must be the dimension
         */
        public void averagedPoint(double[] into) {
            if (into.length != dimension()) {
                throw new IllegalArgumentException("expected " + dimension() + " entries, got " + into.length);
            }
            if (rule.float32) {
                for (int i = 0; i < into.length; i++) {
                    into[i] = average32[i];
                }
                return;
            }
            System.arraycopy(average, 0, into, 0, average.length);
        }

        /** The step size the next update takes ({@code state['eta']}); NaN before the first update. */
        public double eta() {
            return rule.float32 ? etaMu32[0] : etaMu[0];
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            if (steps == 1) {
                // PyTorch sets state['eta'] = group['lr'] when it creates the state
                etaMu[0] = learningRate;
            }
            lastEta = etaMu[0];
            ranges.run(parameters, gradient);
            double t = steps;
            etaMu[0] = learningRate / Math.pow(1 + rule.lambd * learningRate * t, rule.alpha);
            etaMu[1] = 1 / Math.max(1, t - rule.t0);
        }

        /** The update with this step's eta and mu, which {@link #apply} moves on only after every range. */
        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double decay = rule.weightDecay;
            double eta = etaMu[0];
            double mu = etaMu[1];
            double shrink = 1 - rule.lambd * eta;
            double negativeEta = -eta;
            double[] ax = average;
            for (int i = from; i < to; i++) {
                double g = decay != 0 ? sign * gradient[i] + decay * parameters[i] : sign * gradient[i];
                double p = parameters[i] * shrink + negativeEta * g;
                parameters[i] = p;
                ax[i] = mu != 1 ? ax[i] + (p - ax[i]) * mu : p;
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            if (steps == 1) {
                // state['eta'] = torch.tensor(group['lr']): lr rounded to float
                etaMu32[0] = (float) learningRate;
            }
            lastEta = etaMu32[0];
            floatRanges.run(parameters, gradient);
            double t = steps;
            etaMu32[0] = (float) (learningRate / Math.pow(1 + rule.lambd * learningRate * t, rule.alpha));
            etaMu32[1] = (float) (1 / Math.max(1, t - rule.t0));
        }

        /**
         * torch's float32 step: {@code param.mul_(1 - lambd * eta.item())} with the factor formed in
         * double from the float eta and rounded, {@code param.add_(grad, alpha=-eta.item())} one fused
         * multiply-add, and {@code ax.add_(param.sub(ax).mul(mu))} rounded after each operation.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            boolean decays = rule.weightDecay != 0;
            float decay = (float) rule.weightDecay;
            float eta = etaMu32[0];
            float mu = etaMu32[1];
            float shrink = (float) (1 - rule.lambd * eta);
            float negativeEta = -eta;
            boolean averaging = mu != 1;
            float[] ax = average32;
            for (int i = from; i < to; i++) {
                float g = decays ? Math.fma(decay, parameters[i], sign * gradient[i]) : sign * gradient[i];
                float p = Math.fma(negativeEta, g, parameters[i] * shrink);
                parameters[i] = p;
                ax[i] = averaging ? ax[i] + (p - ax[i]) * mu : p;
            }
        }

        /** {@code d_i = eta_{t-1}} of the class Javadoc, the step size the update just used. */
        @Override
        public void proximalSteps(double[] out) {
            java.util.Arrays.fill(out, lastEta);
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("ax", average, average32);
            buffers.fixed("eta_mu", etaMu, etaMu32);
        }

    }
}
