package dev.descent.optim;

import java.io.IOException;

/**
 * The state of {@link Adam} and {@link AdamW}: first and second moments, the AMSGrad maximum and
 * the step count. The update is one fused pass over the five arrays, on all cores for long vectors;
 * the order of floating-point operations follows PyTorch's kernels ({@code mul_}/{@code add_}, {@code addcmul_},
 * {@code addcdiv_}).
 *
 * <p>In float32 ({@link Adam#inFloat32()}) the parameters and moments are float32 arrays and every
 * operation is a float32 one, as PyTorch 1.13's CPU kernels compute a float32 tensor's step: the
 * scalars rounded to float, {@code add_} with an alpha and {@code addcmul_} as one fused multiply-add
 * each, {@code addcdiv_} as {@code p + value * m / d}. The iterates equal torch.optim's float32 ones
 * bit for bit ({@code Float32StateTest}), and the common case's loop is the one the JIT vectorizes
 * eight floats at a time.
 *
 * <p>With an L1 penalty ({@link dev.descent.loop.Minimizer#l1}) each update is followed by the soft
 * threshold {@code x_i <- S(x_i, c_i d_i)} ({@link #proximalSteps}) with the factor that multiplied the
 * first moment {@code m_i} in the update:
 *
 * <pre>
 * d_i = (lr / (1 - beta1^t)) / (sqrt(v_i) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * with AMSGrad's {@code max(vmax, v)} for {@code v_i} when it is on, {@code beta1} the momentum the update
 * used (a momentum schedule's), and in float32 the denominator rounded as the float32 update rounds it.
 * The first moment tends to the gradient when the gradient holds still, so the fixed points of update
 * and threshold are the minima of {@code f + sum c_i |x_i|}: a proximal step in Adam's diagonal metric
 * (as in proximal adaptive methods, e.g. Yun, Lozano &amp; Yang, "Adaptive Proximal Gradient Methods for
 * Structured Neural Networks", NeurIPS 2021). AdamW's decoupled decay is part of the update.
 */
public final class AdaptiveMoments extends FirstOrderState {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double coupledDecay;
    private final double decoupledDecay;
    private final boolean maximize;
    private final boolean amsgrad;
    private final double[] firstMoment;
    private final double[] secondMoment;
    private final double[] maxSecondMoment;
    private final float[] firstMoment32;
    private final float[] secondMoment32;
    private final float[] maxSecondMoment32;
    private final Ranges<double[]> adamRanges;
    private final Ranges<double[]> generalRanges;
    private final Ranges<float[]> floatAdamRanges;
    private final Ranges<float[]> floatGeneralRanges;
    // this step's scalars, set before the ranges run
    private double b1;
    private double negativeStepSize;
    private double biasCorrection2Root;
    private double shrink;

    AdaptiveMoments(Optimizer rule, int dimension, double beta1, double beta2, double epsilon,
                    double coupledDecay, double decoupledDecay, boolean amsgrad, boolean maximize) {
        super(rule, dimension);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.coupledDecay = coupledDecay;
        this.decoupledDecay = decoupledDecay;
        this.maximize = maximize;
        this.amsgrad = amsgrad;
        boolean single = rule.float32();
        int wide = single ? 0 : dimension;
        int narrow = single ? dimension : 0;
        this.firstMoment = new double[wide];
        this.secondMoment = new double[wide];
        this.maxSecondMoment = new double[amsgrad ? wide : 0];
        this.firstMoment32 = new float[narrow];
        this.secondMoment32 = new float[narrow];
        this.maxSecondMoment32 = new float[amsgrad ? narrow : 0];
        // the tasks of the precision this state steps in, the other's null
        this.adamRanges = single ? null : new Ranges<>(dimension, this::adamStep);
        this.generalRanges = single ? null : new Ranges<>(dimension, this::generalStep);
        this.floatAdamRanges = single ? new Ranges<>(dimension, this::floatAdamStep) : null;
        this.floatGeneralRanges = single ? new Ranges<>(dimension, this::floatGeneralStep) : null;
    }

    /** This step's scalars, from the step count and the rate. */
    private void scalars(double learningRate) {
        b1 = momentum(beta1);
        double biasCorrection1 = 1 - Math.pow(b1, steps);
        double biasCorrection2 = 1 - Math.pow(beta2, steps);
        negativeStepSize = -(learningRate / biasCorrection1);
        biasCorrection2Root = Math.sqrt(biasCorrection2);
        shrink = 1 - learningRate * decoupledDecay;
    }

    /** Whether the step is the common case: no L2 term, no AMSGrad, minimize. */
    private boolean common() {
        return !amsgrad && coupledDecay == 0 && !maximize;
    }

    @Override
    protected void apply(double[] parameters, double[] gradient, double learningRate) {
        scalars(learningRate);
        (common() ? adamRanges : generalRanges).run(parameters, gradient);
    }

    @Override
    protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
        scalars(learningRate);
        (common() ? floatAdamRanges : floatGeneralRanges).run(parameters, gradient);
    }

    /** The common case: the loop the JIT vectorizes. */
    private void adamStep(double[] parameters, double[] gradient, int from, int to) {
        double[] m = firstMoment;
        double[] v = secondMoment;
        double b1 = this.b1;
        double gradientWeight = 1 - b1;
        double squareWeight = 1 - beta2;
        double b2 = beta2;
        double eps = epsilon;
        double negativeStepSize = this.negativeStepSize;
        double biasCorrection2Root = this.biasCorrection2Root;
        double shrink = this.shrink;
        boolean decoupled = decoupledDecay != 0;
        for (int i = from; i < to; i++) {
            double g = gradient[i];
            double mi = m[i] * b1 + gradientWeight * g;
            double vi = v[i] * b2 + squareWeight * g * g;
            m[i] = mi;
            v[i] = vi;
            double denominator = Math.sqrt(vi) / biasCorrection2Root + eps;
            double p = decoupled ? parameters[i] * shrink : parameters[i];
            parameters[i] = p + negativeStepSize * mi / denominator;
        }
    }

    private void generalStep(double[] parameters, double[] gradient, int from, int to) {
        double[] m = firstMoment;
        double[] v = secondMoment;
        double[] vMax = maxSecondMoment;
        double sign = maximize ? -1.0 : 1.0;
        double b1 = this.b1;
        double gradientWeight = 1 - b1;
        double squareWeight = 1 - beta2;
        double negativeStepSize = this.negativeStepSize;
        double biasCorrection2Root = this.biasCorrection2Root;
        double shrink = this.shrink;
        boolean decoupled = decoupledDecay != 0;
        for (int i = from; i < to; i++) {
            double g = sign * gradient[i];
            if (coupledDecay != 0) {
                g = g + coupledDecay * parameters[i];
            }
            double mi = m[i] * b1 + gradientWeight * g;
            double vi = v[i] * beta2 + squareWeight * g * g;
            m[i] = mi;
            v[i] = vi;
            if (amsgrad) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            double denominator = Math.sqrt(vi) / biasCorrection2Root + epsilon;
            double p = decoupled ? parameters[i] * shrink : parameters[i];
            parameters[i] = p + negativeStepSize * mi / denominator;
        }
    }

    /**
     * The common case in float32, branch-free so that it vectorizes. AdamW's decoupled decay is
     * {@code param.mul_(1 - lr * weight_decay)}; Adam's factor is 1, and a product by 1 is exact.
     */
    private void floatAdamStep(float[] parameters, float[] gradient, int from, int to) {
        float[] m = firstMoment32;
        float[] v = secondMoment32;
        float b1 = (float) this.b1;
        float b2 = (float) beta2;
        float gradientWeight = (float) (1 - this.b1);
        float squareWeight = (float) (1 - beta2);
        float eps = (float) epsilon;
        float value = (float) negativeStepSize;
        float root = (float) biasCorrection2Root;
        float shrink = (float) this.shrink;
        for (int i = from; i < to; i++) {
            float g = gradient[i];
            float mi = Math.fma(g, gradientWeight, m[i] * b1);
            float vi = Math.fma(squareWeight * g, g, v[i] * b2);
            m[i] = mi;
            v[i] = vi;
            float denominator = (float) Math.sqrt(vi) / root + eps;
            parameters[i] = parameters[i] * shrink + value * mi / denominator;
        }
    }

    /** Every case in float32, each operation rounded as PyTorch's float32 kernels round it. */
    private void floatGeneralStep(float[] parameters, float[] gradient, int from, int to) {
        float[] m = firstMoment32;
        float[] v = secondMoment32;
        float[] vMax = maxSecondMoment32;
        float b1 = (float) this.b1;
        float b2 = (float) beta2;
        float gradientWeight = (float) (1 - this.b1);
        float squareWeight = (float) (1 - beta2);
        float decay = (float) coupledDecay;
        float eps = (float) epsilon;
        float value = (float) negativeStepSize;
        float root = (float) biasCorrection2Root;
        float shrink = (float) this.shrink;
        for (int i = from; i < to; i++) {
            float p = parameters[i] * shrink;
            float g = maximize ? -gradient[i] : gradient[i];
            if (coupledDecay != 0) {
                g = Math.fma(p, decay, g);
            }
            float mi = Math.fma(g, gradientWeight, m[i] * b1);
            float vi = Math.fma(squareWeight * g, g, v[i] * b2);
            m[i] = mi;
            v[i] = vi;
            if (amsgrad) {
                vi = Math.max(vMax[i], vi);
                vMax[i] = vi;
            }
            float denominator = (float) Math.sqrt(vi) / root + eps;
            parameters[i] = p + value * mi / denominator;
        }
    }

    /** {@code d_i} of the class Javadoc, from the moments and scalars of the update just taken. */
    @Override
    public void proximalSteps(double[] out) {
        int n = dimension();
        if (optimizer().float32()) {
            float[] v = amsgrad ? maxSecondMoment32 : secondMoment32;
            float eps = (float) epsilon;
            float root = (float) biasCorrection2Root;
            double step = -(float) negativeStepSize;
            for (int i = 0; i < n; i++) {
                float denominator = (float) Math.sqrt(v[i]) / root + eps;
                out[i] = step / denominator;
            }
            return;
        }
        double[] v = amsgrad ? maxSecondMoment : secondMoment;
        double step = -negativeStepSize;
        for (int i = 0; i < n; i++) {
            out[i] = step / (Math.sqrt(v[i]) / biasCorrection2Root + epsilon);
        }
    }

    @Override
    protected void buffers(Buffers buffers) throws IOException {
        buffers.fixed("exp_avg", firstMoment, firstMoment32);
        buffers.fixed("exp_avg_sq", secondMoment, secondMoment32);
        buffers.fixed("max_exp_avg_sq", maxSecondMoment, maxSecondMoment32);
    }

}
