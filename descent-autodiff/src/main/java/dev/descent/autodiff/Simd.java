package dev.descent.autodiff;

/**
 * Whether descent's vector kernels run: the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, the hardware's preferred vectors hold four or eight
 * doubles (256 or 512 bits), and {@code -Ddescent.simd=false} does not turn them off. Where they do
 * not run, plain loops compute the same bits (one fixed order of fused multiply-adds). The matrix
 * product here and the fused linear-model losses in descent-ml both follow this switch.
 */
public final class Simd {
    private static final boolean ENABLED = detect();

    private Simd() {}

    /** Whether the vector kernels are in use in this JVM. */
    public static boolean enabled() {
        return ENABLED;
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("descent.simd", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorMatrixKernels.usable();
        } catch (LinkageError e) {
            return false;
        }
    }
}
