package dev.descent.autodiff;

/**
 * Slicing, indexing and concatenation of vectors:
 *
 * <pre>
 * slice:   y_k = x_(start + k step)      dx_(start + k step) += g_k
 * index:   y = x_i                       dx_i += g
 * concat:  y = [a; b; ...]               each part receives its stretch of g
 * reshape: the same entries, another shape  dx += g
 * </pre>
 */
final class Indexing {
    private Indexing() {}

    static Tensor slice(Tensor a, int start, int end, int step) {
        if (a.rank == 2) {
            throw new IllegalArgumentException("slice works on vectors, got shape " + a.shapeString());
        }
        int n = a.value.length;
        if (step < 1 || start < 0 || end > n || start >= end) {
            throw new IllegalArgumentException("slice [" + start + ":" + end + ":" + step + "] is outside a vector of length "
                    + n + " (need 0 <= start < end <= length and step >= 1)");
        }
        int length = (end - start + step - 1) / step;
        double[] x = a.value;
        double[] out = new double[length];
        if (step == 1) {
            System.arraycopy(x, start, out, 0, length);
        } else {
            for (int k = 0; k < length; k++) {
                out[k] = x[start + k * step];
            }
        }
        Tensor r = Tensor.result(a.tape, 1, 1, length, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int k = 0; k < length; k++) {
                ga[start + k * step] += g[k];
            }
        });
    }

    static Tensor reshape(Tensor a, int rows, int cols) {
        Shapes.checkMatrix(a.value.length, rows, cols);
        Tensor r = Tensor.result(a.tape, 2, rows, cols, a.value, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int k = 0; k < g.length; k++) {
                ga[k] += g[k];
            }
        });
    }

    static Tensor index(Tensor a, int i) {
        if (i < 0 || i >= a.value.length) {
            throw new IndexOutOfBoundsException("index " + i + " is outside a tensor of shape " + a.shapeString());
        }
        Tensor r = Tensor.result(a.tape, 0, 1, 1, new double[] {a.value[i]}, a.requiresGradient);
        return r.withBackward(() -> a.gradientBuffer()[i] += r.grad[0]);
    }

    static Tensor concat(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        int length = 0;
        boolean requires = false;
        for (Tensor part : parts) {
            if (part.rank == 2) {
                throw new IllegalArgumentException("concat works on scalars and vectors, got shape " + part.shapeString());
            }
            if (part.tape != parts[0].tape) {
                throw new IllegalArgumentException("concat of tensors recorded on different tapes");
            }
            length += part.value.length;
            requires |= part.requiresGradient;
        }
        double[] out = new double[length];
        int offset = 0;
        for (Tensor part : parts) {
            System.arraycopy(part.value, 0, out, offset, part.value.length);
            offset += part.value.length;
        }
        Tensor r = Tensor.result(parts[0].tape, 1, 1, length, out, requires);
        Tensor[] inputs = parts.clone();
        return r.withBackward(() -> {
            double[] g = r.grad;
            int position = 0;
            for (Tensor part : inputs) {
                if (part.requiresGradient) {
                    double[] gp = part.gradientBuffer();
                    for (int k = 0; k < gp.length; k++) {
                        gp[k] += g[position + k];
                    }
                }
                position += part.value.length;
            }
        });
    }
}
