package dev.descent.vector;

/**
 * Dense {@code double[]} kernels used by the optimizers and the minimize loop. Plain loops that the
 * JIT unrolls and vectorizes; none allocates. Arguments that are written are marked "modified",
 * all others are left alone.
 */
public final class Vectors {

    private Vectors() {}

    /** {@code sum_i a_i b_i}. */
    public static double dot(double[] a, double[] b) {
        checkSameLength(a, b);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The Euclidean norm {@code ||a||_2}, scaled to avoid overflow and underflow. */
    public static double norm(double[] a) {
        double scale = maxAbs(a);
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale == 0 ? 0 : (Double.isNaN(scale) ? Double.NaN : Double.POSITIVE_INFINITY);
        }
        if (scale > 1e-150 && scale < 1e150) {
            return Math.sqrt(dot(a, a));
        }
        double inverse = 1.0 / scale;
        double sum = 0;
        for (double v : a) {
            double s = v * inverse;
            sum += s * s;
        }
        return scale * Math.sqrt(sum);
    }

    /** {@code max_i |a_i|}; NaN if any entry is NaN. */
    public static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            double abs = Math.abs(v);
            if (!(abs <= max)) {
                max = abs; // also picks up NaN
                if (Double.isNaN(abs)) {
                    return Double.NaN;
                }
            }
        }
        return max;
    }

    /** Euclidean distance {@code ||a - b||_2}. */
    public static double distance(double[] a, double[] b) {
        checkSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** {@code y <- y + alpha x}. {@code y} modified. */
    public static void axpy(double alpha, double[] x, double[] y) {
        checkSameLength(x, y);
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** {@code out <- x + alpha d}. {@code out} modified. */
    public static void addScaled(double[] x, double alpha, double[] d, double[] out) {
        checkSameLength(x, d);
        checkSameLength(x, out);
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + alpha * d[i];
        }
    }

    /** {@code a <- alpha a}. {@code a} modified. */
    public static void scale(double alpha, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= alpha;
        }
    }

    /** True when every entry is finite. */
    public static boolean allFinite(double[] a) {
        double sum = 0;
        for (double v : a) {
            sum += v * 0.0; // NaN for NaN or infinite entries, 0 otherwise
        }
        return sum == 0.0;
    }

    /** Throws unless both arrays have the same length. */
    public static void checkSameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("length mismatch: " + a.length + " != " + b.length);
        }
    }
}
