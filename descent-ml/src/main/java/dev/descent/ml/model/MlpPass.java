package dev.descent.ml.model;

/** An MLP's fused training pass in one precision: {@link MlpKernel} (float64) or {@link MlpFloatKernel} (float32). */
interface MlpPass {
    /**
     * The mean data loss of {@code theta} on the batch, with its gradient.
     *
     * @param theta the parameters, laid out as {@link MlpLayout} says; not modified
     * @param gradient receives d loss / d theta, overwritten
     */
    double lossAndGradient(double[] theta, Batch batch, double[] gradient);

    /**
     * The same at float32 parameters, into a float32 gradient, read and written where they lie: the
     * float32 pass's; the float64 pass has none ({@link Mlp} widens for it, as any model does).
     *
     * @param theta the parameters; not modified
     * @param gradient receives d loss / d theta, overwritten
     * @throws UnsupportedOperationException for the float64 pass
     */
    default double lossAndGradient(float[] theta, Batch batch, float[] gradient) {
        throw new UnsupportedOperationException("the float64 pass steps double[] parameters");
    }
}
