package dev.descent.autodiff;

/**
 * Broadcasting arithmetic. Each operation's forward loop and backward rule sit together:
 *
 * <pre>
 * a + b:  da += g,          db += g
 * a - b:  da += g,          db -= g
 * a * b:  da += g b,        db += g a
 * a / b:  da += g / b,      db -= g a / b^2
 * a ^ b:  da += g b a^(b-1), db += g a^b ln a
 * a ^ p:  da += g p a^(p-1)            (p a constant; exact for integer p and negative a)
 * min, max: the gradient goes to the chosen operand (the left one on ties)
 * </pre>
 */
final class Arithmetic {
    private Arithmetic() {}

    static Tensor add(Tensor a, Tensor b) {
        Pair p = new Pair(a, b, "add");
        double[] x = p.leftValues;
        double[] y = p.rightValues;
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] + y[i];
        }
        Tensor r = p.result(out);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                double[] ga = p.accumulator(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += g[i];
                }
                p.reduce(a, ga);
            }
            if (b.requiresGradient) {
                double[] gb = p.accumulator(b);
                for (int i = 0; i < g.length; i++) {
                    gb[i] += g[i];
                }
                p.reduce(b, gb);
            }
        });
    }

    static Tensor sub(Tensor a, Tensor b) {
        Pair p = new Pair(a, b, "sub");
        double[] x = p.leftValues;
        double[] y = p.rightValues;
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] - y[i];
        }
        Tensor r = p.result(out);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                double[] ga = p.accumulator(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += g[i];
                }
                p.reduce(a, ga);
            }
            if (b.requiresGradient) {
                double[] gb = p.accumulator(b);
                for (int i = 0; i < g.length; i++) {
                    gb[i] -= g[i];
                }
                p.reduce(b, gb);
            }
        });
    }

    static Tensor mul(Tensor a, Tensor b) {
        Pair p = new Pair(a, b, "mul");
        double[] x = p.leftValues;
        double[] y = p.rightValues;
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] * y[i];
        }
        Tensor r = p.result(out);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                double[] ga = p.accumulator(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += g[i] * y[i];
                }
                p.reduce(a, ga);
            }
            if (b.requiresGradient) {
                double[] gb = p.accumulator(b);
                for (int i = 0; i < g.length; i++) {
                    gb[i] += g[i] * x[i];
                }
                p.reduce(b, gb);
            }
        });
    }

    static Tensor div(Tensor a, Tensor b) {
        Pair p = new Pair(a, b, "div");
        double[] x = p.leftValues;
        double[] y = p.rightValues;
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] / y[i];
        }
        Tensor r = p.result(out);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                double[] ga = p.accumulator(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += g[i] / y[i];
                }
                p.reduce(a, ga);
            }
            if (b.requiresGradient) {
                double[] gb = p.accumulator(b);
                for (int i = 0; i < g.length; i++) {
                    gb[i] -= g[i] * out[i] / y[i];
                }
                p.reduce(b, gb);
            }
        });
    }

    static Tensor pow(Tensor a, Tensor b) {
        Pair p = new Pair(a, b, "pow");
        double[] x = p.leftValues;
        double[] y = p.rightValues;
        double[] out = new double[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.pow(x[i], y[i]);
        }
        Tensor r = p.result(out);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                double[] ga = p.accumulator(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += g[i] * powerDerivative(x[i], y[i]);
                }
                p.reduce(a, ga);
            }
            if (b.requiresGradient) {
                double[] gb = p.accumulator(b);
                for (int i = 0; i < g.length; i++) {
                    // d/db a^b = a^b ln a; taken as 0 where a^b is 0 (a = 0, b > 0)
                    gb[i] += out[i] == 0 ? 0 : g[i] * out[i] * Math.log(x[i]);
                }
                p.reduce(b, gb);
            }
        });
    }

    static Tensor min(Tensor a, Tensor b) {
        return select(a, b, "min", true);
    }

    static Tensor max(Tensor a, Tensor b) {
        return select(a, b, "max", false);
    }

    private static Tensor select(Tensor a, Tensor b, String name, boolean smaller) {
        Pair p = new Pair(a, b, name);
        double[] x = p.leftValues;
        double[] y = p.rightValues;
        double[] out = new double[p.size()];
        boolean[] tookLeft = new boolean[out.length];
        for (int i = 0; i < out.length; i++) {
            boolean left = smaller ? x[i] <= y[i] : x[i] >= y[i];
            left |= Double.isNaN(x[i]);
            tookLeft[i] = left;
            out[i] = left ? x[i] : y[i];
        }
        Tensor r = p.result(out);
        return r.withBackward(() -> {
            double[] g = r.grad;
            if (a.requiresGradient) {
                double[] ga = p.accumulator(a);
                for (int i = 0; i < g.length; i++) {
                    ga[i] += tookLeft[i] ? g[i] : 0;
                }
                p.reduce(a, ga);
            }
            if (b.requiresGradient) {
                double[] gb = p.accumulator(b);
                for (int i = 0; i < g.length; i++) {
                    gb[i] += tookLeft[i] ? 0 : g[i];
                }
                p.reduce(b, gb);
            }
        });
    }

    static Tensor addScalar(Tensor a, double c) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] + c;
        }
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i];
            }
        });
    }

    static Tensor scale(Tensor a, double c) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = c * x[i];
        }
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += c * g[i];
            }
        });
    }

    static Tensor square(Tensor a) {
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] * x[i];
        }
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += 2 * x[i] * g[i];
            }
        });
    }

    static Tensor powConstant(Tensor a, double exponent) {
        if (exponent == 2) {
            return square(a);
        }
        double[] x = a.value;
        double[] out = new double[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.pow(x[i], exponent);
        }
        Tensor r = Tensor.result(a.tape, a.rank, a.rows, a.cols, out, a.requiresGradient);
        return r.withBackward(() -> {
            double[] g = r.grad;
            double[] ga = a.gradientBuffer();
            for (int i = 0; i < g.length; i++) {
                ga[i] += g[i] * powerDerivative(x[i], exponent);
            }
        });
    }

    /** {@code d/da a^p = p a^(p-1)}, with the limits at p = 0 and p = 1 exact. */
    static double powerDerivative(double base, double exponent) {
        if (exponent == 0) {
            return 0;
        }
        if (exponent == 1) {
            return 1;
        }
        return exponent * Math.pow(base, exponent - 1);
    }
}
