package dev.descent.optim;

import java.io.DataInput;
import java.io.DataOutput;
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
 * <p>Defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, weight decay 0, minimize.
 *
 * @param learningRate lr, in (0, inf): at 0 nothing moves, and a run would "converge" at its start
 * @param lambd decay term, in [0, inf)
 * @param alpha power of the step-size decay, in [0, inf)
 * @param t0 the step after which averaging starts, in [0, inf)
 * @param weightDecay L2 coefficient added to the gradient, in [0, inf)
 * @param maximize ascend instead of descend
 */
public record Asgd(double learningRate, double lambd, double alpha, double t0, double weightDecay, boolean maximize)
        implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Asgd {
        Check.positive("learningRate", learningRate);
        Check.nonNegative("lambd", lambd);
        Check.nonNegative("alpha", alpha);
        Check.nonNegative("t0", t0);
        Check.nonNegative("weightDecay", weightDecay);
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
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize);
    }

    /** @return a copy with this power */
    public Asgd withAlpha(double alpha) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize);
    }

    /** @return a copy that starts averaging after this step */
    public Asgd withT0(double t0) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize);
    }

    /** @return a copy with this weight decay */
    public Asgd withWeightDecay(double weightDecay) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize);
    }

    /** @return a copy that maximizes or minimizes */
    public Asgd withMaximize(boolean maximize) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize);
    }

    /** @return a copy with this learning rate */
    public Asgd withLearningRate(double learningRate) {
        return new Asgd(learningRate, lambd, alpha, t0, weightDecay, maximize);
    }

    @Override
    public String name() {
        return "asgd";
    }

    @Override
    public boolean maximizes() {
        return maximize;
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

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);

        State(Asgd rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            this.average = new double[dimension];
        }

        /**
         * The averaged point {@code ax} (PyTorch's {@code state['ax']}): equal to the iterate until
         * step {@code t0 + 1}, then the running mean of the iterates since. All zeros before the
         * first update.
         *
         * @return a copy
         */
        public double[] averagedPoint() {
            return average.clone();
        }

        /**
         * Copies the averaged point into {@code into}, for callers that must not allocate.
         *
         * @param into receives {@code ax}; its length must be the dimension
         */
        public void averagedPoint(double[] into) {
            if (into.length != average.length) {
                throw new IllegalArgumentException("expected " + average.length + " entries, got " + into.length);
            }
            System.arraycopy(average, 0, into, 0, average.length);
        }

        /** The step size the next update takes ({@code state['eta']}); NaN before the first update. */
        public double eta() {
            return etaMu[0];
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            if (steps == 1) {
                // PyTorch sets state['eta'] = group['lr'] when it creates the state
                etaMu[0] = learningRate;
            }
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
        protected void writeBuffers(DataOutput out) throws IOException {
            StateHeader.writeArray(out, average);
            StateHeader.writeArray(out, etaMu);
        }

        @Override
        protected void readBuffers(DataInput in) throws IOException {
            StateHeader.readArray(in, average, "ax");
            StateHeader.readArray(in, etaMu, "eta_mu");
        }
    }
}
