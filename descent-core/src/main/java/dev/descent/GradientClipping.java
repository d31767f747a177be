package dev.descent;

/**
 * Clips a gradient in place before the update rule sees it, as PyTorch's
 * {@code clip_grad_norm_} and {@code clip_grad_value_}:
 *
 * <pre>
 * by norm:   g = g * min(1, maxNorm / (||g||_2 + 1e-6))
 * by value:  g_i = min(max(g_i, -limit), limit)
 * </pre>
 */
@FunctionalInterface
public interface GradientClipping {

    /** @param gradient clipped in place; modified */
    void clip(double[] gradient);

    /** Rescale the whole gradient when its Euclidean norm exceeds {@code maxNorm} (in (0, inf)). */
    static GradientClipping byNorm(double maxNorm) {
        if (!(maxNorm > 0) || maxNorm == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("maxNorm must be in (0, inf): " + maxNorm);
        }
        return gradient -> {
            double norm = dev.descent.vector.Vectors.norm(gradient);
            double coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1) {
                dev.descent.vector.Vectors.scale(coefficient, gradient);
            }
        };
    }

    /** Clamp every entry to {@code [-limit, limit]} ({@code limit} in (0, inf)). */
    static GradientClipping byValue(double limit) {
        if (!(limit > 0) || limit == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("limit must be in (0, inf): " + limit);
        }
        return gradient -> {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = Math.min(Math.max(gradient[i], -limit), limit);
            }
        };
    }
}
