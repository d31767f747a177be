package dev.descent.autodiff;

/**
 * Element-wise functions, each with its derivative next to it ({@code y} the output, {@code g} the
 * incoming gradient):
 *
 * <pre>
 * exp: g y     log: g / x     sqrt: g / (2 y)     abs: g sign(x)
 * sin: g cos x     cos: -g sin x     tan: g (1 + y^2)
 * asin: g / sqrt(1 - x^2)     acos: -g / sqrt(1 - x^2)     atan: g / (1 + x^2)
 * tanh: g (1 - y^2)     sigmoid: g y (1 - y)     softplus: g sigmoid(x)     relu: g [x &gt; 0]
 * </pre>
 */
final class Elementwise {
    private Elementwise() {}

    /** The derivative of one function, from its input and output. */
    @FunctionalInterface
    private interface Derivative {
        double at(double input, double output);
    }

    /** Applies a function already evaluated into {@code out}, with its derivative. */
    private static Tensor unary(Tensor a, double[] out, Derivative derivative) {
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        double[] x = a.value;
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] * derivative.at(x[i], out[i]);
            }
        });
    }

    static Tensor exp(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(x[i]);
        }
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] * out[i];
            }
        });
    }

    static Tensor log(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(x[i]);
        }
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] / x[i];
            }
        });
    }

    static Tensor sqrt(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(x[i]);
        }
        return unary(a, out, (in, y) -> 0.5 / y);
    }

    static Tensor abs(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(x[i]);
        }
        return unary(a, out, (in, y) -> Math.signum(in));
    }

    static Tensor sin(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sin(x[i]);
        }
        return unary(a, out, (in, y) -> Math.cos(in));
    }

    static Tensor cos(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.cos(x[i]);
        }
        return unary(a, out, (in, y) -> -Math.sin(in));
    }

    static Tensor tan(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.tan(x[i]);
        }
        return unary(a, out, (in, y) -> 1 + y * y);
    }

    static Tensor asin(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.asin(x[i]);
        }
        return unary(a, out, (in, y) -> 1 / Math.sqrt(1 - in * in));
    }

    static Tensor acos(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.acos(x[i]);
        }
        return unary(a, out, (in, y) -> -1 / Math.sqrt(1 - in * in));
    }

    static Tensor atan(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.atan(x[i]);
        }
        return unary(a, out, (in, y) -> 1 / (1 + in * in));
    }

    static Tensor tanh(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.tanh(x[i]);
        }
        return unary(a, out, (in, y) -> 1 - y * y);
    }

    static Tensor sigmoid(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sigmoid(x[i]);
        }
        return unary(a, out, (in, y) -> y * (1 - y));
    }

    /** {@code 1 / (1 + e^-x)} without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    static Tensor softplus(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i])));
        }
        return unary(a, out, (in, y) -> sigmoid(in));
    }

    static Tensor relu(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(x[i], 0); // x <= 0 ? 0 : x, NaN kept, without a branch that mispredicts
        }
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += x[i] > 0 ? g[i] : 0;
            }
        });
    }
}
