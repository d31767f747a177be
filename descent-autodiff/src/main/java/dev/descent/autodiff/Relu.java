package dev.descent.autodiff;

/**
 * The gradient through a ReLU, for fused kernels: {@code g[i] = 0 + (z[i] > 0 ? g[i] : 0)}, the
 * tape's {@code relu} backward into a zeroed buffer (so a kept {@code -0.0} becomes {@code +0.0},
 * and a NaN {@code z} passes nothing). A hidden layer's pre-activations are positive about half the
 * time in no pattern, so a branch per element mispredicts half the time; where {@link Simd#enabled()}
 * the selection is a vector blend, elsewhere a plain loop. Both give the same bits.
 *
 * <p>The forward pass needs no kernel: {@code Math.max(z, 0)} has the values of
 * {@code z <= 0 ? 0 : z} (NaN kept, {@code -0.0} to {@code +0.0}) and the JIT vectorizes it.
 */
public final class Relu {
    private Relu() {}

    /**
     * {@code g[i] = 0 + (z[i] > 0 ? g[i] : 0)} for {@code i < length}.
     *
     * @param g the gradient at the ReLU's output; overwritten with the gradient at its input
     * @param z the ReLU's input
     */
    public static void backward(double[] g, double[] z, int length) {
        int i = Simd.enabled() ? VectorMatrixKernels.reluBackward(g, z, length) : 0;
        for (; i < length; i++) {
            g[i] = 0 + (z[i] > 0 ? g[i] : 0);
        }
    }

    /** The float32 {@link #backward(double[], double[], int)}. */
    public static void backward(float[] g, float[] z, int length) {
        int i = Simd.enabled() ? VectorFloatKernels.reluBackward(g, z, length) : 0;
        for (; i < length; i++) {
            g[i] = 0 + (z[i] > 0 ? g[i] : 0);
        }
    }
}
