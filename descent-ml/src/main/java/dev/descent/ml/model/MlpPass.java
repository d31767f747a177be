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
     * The same at float32 parameters, into a float32 gradient.
     *
     * @param theta the parameters; not modified
     * @param gradient receives d loss / d theta, overwritten
     */
    double lossAndGradient(float[] theta, Batch batch, float[] gradient);
}
