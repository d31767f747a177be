package dev.descent.optim;

import dev.descent.Check;
import java.io.IOException;
import java.util.Arrays;

/**
 * Resilient backpropagation, exactly as {@code torch.optim.Rprop} (PyTorch 1.13):
 *
 * <pre>
 * g_t = -grad f(theta_{t-1})  if maximize  else  grad f(theta_{t-1})
 * s = sign(g_t * g'_{t-1})                        (g'_0 = 0; g' is the gradient as stored below)
 * eta_t = etaplus if s &gt; 0,  etaminus if s &lt; 0,  1 if s = 0
 * delta_t = clamp(delta_{t-1} * eta_t, step_size_min, step_size_max),   delta_0 = lr
 * g'_t = 0 where s &lt; 0, else g_t                (after a sign change the step is skipped)
 * theta_t = theta_{t-1} - sign(g'_t) * delta_t
 * g'_t is kept as the previous gradient
 * </pre>
 *
 * <p>Reference: Riedmiller &amp; Braun, "A Direct Adaptive Method for Faster Backpropagation
 * Learning: The RPROP Algorithm", IEEE ICNN 1993; PyTorch's form is the variant without
 * weight-backtracking (Rprop-), which zeroes the stored gradient where the sign flips, so the step
 * after a flip neither grows nor shrinks the step size.
 *
 * <p>The learning rate is only the initial step size: PyTorch reads {@code lr} once, when it
 * creates the state, so here the rate of the first update fills {@code delta_0} and later rates are
 * ignored. A learning-rate schedule would therefore be silently void; {@link #followsSchedule()} is
 * false so that a schedule is refused.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) the rule steps by sign
 * ({@link State#stepsBySign}): its step {@code delta_t} does not scale with the gradient, so there is no
 * {@code d_i} for a soft threshold. The loop hands it the pseudo-gradient of {@code f + sum c_i |x_i|}
 * for the gradient and stops a variable that would leave its orthant at 0 (OWL-QN's orthant step, Andrew
 * &amp; Gao 2007). The run reaches the optimum to about the smallest step size, {@code step_size_min}.
 *
 * <p>Defaults: lr 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50), minimize.
 *
 * @param learningRate the initial step size, in (0, inf)
 * @param etaMinus factor on a sign change, in (0, 1)
 * @param etaPlus factor while the sign holds, in (1, inf)
 * @param stepSizeMin the smallest step size, in [0, inf)
 * @param stepSizeMax the largest step size, in [stepSizeMin, inf)
 * @param maximize ascend instead of descend
 * @param float32 keep the parameters, the previous gradient and the step sizes in float32 and step in
 *     float32 arithmetic, as torch.optim does for float32 parameters ({@link #inFloat32()})
 */
public record Rprop(double learningRate, double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax,
                    boolean maximize, boolean float32) implements Optimizer {

    /** Validates every hyper-parameter; messages name it and its range. */
    public Rprop {
        Check.positive("learningRate", learningRate);
        Check.openInterval("etaMinus", etaMinus, 0, 1);
        if (!(etaPlus > 1) || etaPlus == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("etaPlus must be in (1, inf): " + etaPlus);
        }
        Check.nonNegative("stepSizeMin", stepSizeMin);
        if (!(stepSizeMax >= stepSizeMin) || stepSizeMax == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("stepSizeMax must be in [stepSizeMin, inf) = [" + stepSizeMin + ", inf): "
                    + stepSizeMax);
        }
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public Rprop(double learningRate, double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax,
                 boolean maximize) {
        this(learningRate, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize, false);
    }

    /** PyTorch's defaults with this initial step size. */
    public Rprop(double learningRate) {
        this(learningRate, 0.5, 1.2, 1e-6, 50, false);
    }

    /** PyTorch's defaults: lr 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50). */
    public static Rprop defaults() {
        return new Rprop(1e-2);
    }

    /** @return a copy with these factors */
    public Rprop withEtas(double etaMinus, double etaPlus) {
        return new Rprop(learningRate, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize, float32);
    }

    /** @return a copy with these step-size bounds */
    public Rprop withStepSizes(double stepSizeMin, double stepSizeMax) {
        return new Rprop(learningRate, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize, float32);
    }

    /** @return a copy that maximizes or minimizes */
    public Rprop withMaximize(boolean maximize) {
        return new Rprop(learningRate, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize, float32);
    }

    /** @return a copy with this initial step size */
    public Rprop withLearningRate(double learningRate) {
        return new Rprop(learningRate, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize, float32);
    }

    @Override
    public String name() {
        return "rprop";
    }

    @Override
    public boolean maximizes() {
        return maximize;
    }

    /** False: the rate sets only the first step sizes (see the class comment). */
    @Override
    public boolean followsSchedule() {
        return false;
    }

    /**
     * This rule in float32: parameters, previous gradient, step sizes and arithmetic, as torch.optim on
     * float32 parameters.
     */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.of(new Rprop(learningRate, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize,
                true));
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension);
    }

    /** The previous (possibly zeroed) gradient, the per-coordinate step sizes and the step count. */
    public static final class State extends FirstOrderState {
        /** Elements per block of the update's two loops: three arrays of it fit in the first-level cache. */
        private static final int BLOCK = 512;
        private final Rprop rule;
        private final double[] previous;
        private final double[] stepSize;
        private final float[] previous32;
        private final float[] stepSize32;

        private final Ranges<double[]> ranges = new Ranges<>(dimension(), this::range);
        private final Ranges<float[]> floatRanges;

        State(Rprop rule, int dimension) {
            super(rule, dimension);
            this.rule = rule;
            int wide = rule.float32 ? 0 : dimension;
            int narrow = rule.float32 ? dimension : 0;
            this.previous = new double[wide];
            this.stepSize = new double[wide];
            this.previous32 = new float[narrow];
            this.stepSize32 = new float[narrow];
            this.floatRanges = rule.float32 ? new Ranges<>(dimension, this::floatRange) : null;
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            if (steps == 1) {
                // PyTorch fills state['step_size'] with group['lr'] when it creates the state
                Arrays.fill(stepSize, learningRate);
            }
            ranges.run(parameters, gradient);
        }

        /**
         * The update without branches on the data: the signs of the gradients and of their agreement
         * with the previous ones are random in training, and a branch on each mispredicts half the time
         * and keeps the loop scalar. Each selection is exact: the factor is a clamp of
         * {@code 1 + agreement * MAX_VALUE} to [etaMinus, etaPlus] (etaMinus &lt; 1 &lt; etaPlus), the zeroing
         * a product with 0 or 1. The work runs in three loops over blocks that stay in the first-level
         * cache, {@code previous} holding the agreement in between, because one loop of it all is too
         * long for the JIT to unroll and vectorize.
         */
        private void range(double[] parameters, double[] gradient, int from, int to) {
            double sign = rule.maximize ? -1.0 : 1.0;
            double etaMinus = rule.etaMinus;
            double etaPlus = rule.etaPlus;
            double min = rule.stepSizeMin;
            double max = rule.stepSizeMax;
            double[] previous = this.previous;
            double[] stepSize = this.stepSize;
            for (int start = from; start < to; start += BLOCK) {
                int end = Math.min(to, start + BLOCK);
                for (int i = start; i < end; i++) {
                    previous[i] = Signs.of(sign * gradient[i] * previous[i]);  // 1, -1 or a signed 0
                }
                for (int i = start; i < end; i++) {
                    double factor = Math.min(etaPlus, Math.max(etaMinus, 1.0 + previous[i] * Double.MAX_VALUE));
                    // clamp_(min, max) is min(max(x, lo), hi)
                    stepSize[i] = Math.min(Math.max(stepSize[i] * factor, min), max);
                }
                for (int i = start; i < end; i++) {
                    double agreement = previous[i];
                    double down = (Math.abs(agreement) - agreement) * 0.5;  // 1 where the signs differ, else 0
                    // torch zeroes the gradient where the signs differ (to +0); elsewhere g, -0 included, stays
                    double g = sign * gradient[i] * (1.0 - down) + (down - 1.0) * 0.0;
                    previous[i] = g;
                    // addcmul_(sign(g), delta, value=-1); sign(0) = 0, so a skipped step leaves theta
                    parameters[i] = parameters[i] + -1.0 * (Signs.of(g) * stepSize[i]);
                }
            }
        }

        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            if (steps == 1) {
                // step_size = grad.new().resize_as_(grad).fill_(group['lr']): lr rounded to float
                Arrays.fill(stepSize32, (float) learningRate);
            }
            floatRanges.run(parameters, gradient);
        }

        /**
         * torch's float32 step, in the three branch-free loops of {@link #range}: the agreement is the
         * sign of the float32 product {@code grad * prev}, the factor one of etaplus, etaminus (both
         * rounded to float, so torch's {@code sign.eq(etaminus)} is {@code agreement < 0}) and 1, the
         * step size {@code clamp_(min, max)} of the rounded product with the bounds rounded to float,
         * and the parameter {@code addcmul_(grad.sign(), step_size, value=-1)}, whose product is exact:
         * {@code p - sign(g') * delta}, rounded once. torch's sign of a zero is +0.
         */
        private void floatRange(float[] parameters, float[] gradient, int from, int to) {
            float sign = rule.maximize ? -1.0f : 1.0f;
            float etaMinus = (float) rule.etaMinus;
            float etaPlus = (float) rule.etaPlus;
            float min = (float) rule.stepSizeMin;
            float max = (float) rule.stepSizeMax;
            float[] previous = this.previous32;
            float[] stepSize = this.stepSize32;
            for (int start = from; start < to; start += BLOCK) {
                int end = Math.min(to, start + BLOCK);
                for (int i = start; i < end; i++) {
                    previous[i] = Signs.torch(sign * gradient[i] * previous[i]);  // 1, -1 or +0
                }
                for (int i = start; i < end; i++) {
                    float factor = Math.min(etaPlus, Math.max(etaMinus, 1.0f + previous[i] * Float.MAX_VALUE));
                    stepSize[i] = Math.min(Math.max(stepSize[i] * factor, min), max);
                }
                for (int i = start; i < end; i++) {
                    float agreement = previous[i];
                    float down = (Math.abs(agreement) - agreement) * 0.5f;  // 1 where the signs differ, else 0
                    // grad[sign.eq(etaminus)] = 0 (+0); elsewhere g, -0 included, stays
                    float g = sign * gradient[i] * (1.0f - down) + (down - 1.0f) * 0.0f;
                    previous[i] = g;
                    parameters[i] = parameters[i] - Signs.torch(g) * stepSize[i];
                }
            }
        }

        /**
         * True: the rule steps by the sign of the gradient, so its step does not scale with the gradient and an L1
         * penalty's soft threshold has no step to scale by; the loop hands it the pseudo-gradient and keeps
         * each update to its orthant instead (OWL-QN's step, Andrew &amp; Gao 2007).
         */
        @Override
        public boolean stepsBySign() {
            return true;
        }

        @Override
        protected void buffers(Buffers buffers) throws IOException {
            buffers.fixed("prev", previous, previous32);
            buffers.fixed("step_size", stepSize, stepSize32);
        }

    }
}
