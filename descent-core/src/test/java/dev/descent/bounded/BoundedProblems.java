package dev.descent.bounded;

import dev.descent.Bounds;
import dev.descent.Objective;
import java.util.List;

/**
 * The bound-constrained problems of tools/reference/scipy_lbfgsb_reference.py, term by term: the
 * Hock-Schittkowski problems with bounds only (Hock &amp; Schittkowski, "Test Examples for Nonlinear
 * Programming Codes", Lecture Notes in Economics and Mathematical Systems 187, Springer 1981:
 * problems 1, 2, 3, 4, 5, 38, 45, 110, their published starting points and optima) and
 * More-Garbow-Hillstrom functions (ACM TOMS 7(1), 1981) with boxes that cut off the unconstrained
 * minimizer.
 */
final class BoundedProblems {
    static final double INF = Double.POSITIVE_INFINITY;

    /**
     * @param optimum the published optimum, or null (for the boxed MGH functions)
     * @param optimalValue its published value, or NaN
     */
    record Problem(String name, Objective objective, double[] start, Bounds bounds, double[] optimum,
                   double optimalValue) {}

    private BoundedProblems() {}

    interface Fn {
        double apply(double[] x, double[] g);
    }

    static Objective objective(int n, Fn fn) {
        return new Objective() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public double valueAndGradient(double[] x, double[] g) {
                return fn.apply(x, g);
            }
        };
    }

    static double rosenbrock(double[] x, double[] g) {
        double a = x[1] - x[0] * x[0];
        g[0] = -400 * x[0] * a - 2 * (1 - x[0]);
        g[1] = 200 * a;
        return 100 * a * a + (1 - x[0]) * (1 - x[0]);
    }

    static double hs3(double[] x, double[] g) {
        double r = x[1] - x[0];
        g[0] = -2e-5 * r;
        g[1] = 1 + 2e-5 * r;
        return x[1] + 1e-5 * r * r;
    }

    static double hs4(double[] x, double[] g) {
        g[0] = (x[0] + 1) * (x[0] + 1);
        g[1] = 1;
        return Math.pow(x[0] + 1, 3) / 3 + x[1];
    }

    static double hs5(double[] x, double[] g) {
        double c = Math.cos(x[0] + x[1]);
        g[0] = c + 2 * (x[0] - x[1]) - 1.5;
        g[1] = c - 2 * (x[0] - x[1]) + 2.5;
        return Math.sin(x[0] + x[1]) + (x[0] - x[1]) * (x[0] - x[1]) - 1.5 * x[0] + 2.5 * x[1] + 1;
    }

    static double hs38(double[] x, double[] g) {
        double a = x[1] - x[0] * x[0];
        double b = x[3] - x[2] * x[2];
        g[0] = -400 * x[0] * a - 2 * (1 - x[0]);
        g[1] = 200 * a + 20.2 * (x[1] - 1) + 19.8 * (x[3] - 1);
        g[2] = -360 * x[2] * b - 2 * (1 - x[2]);
        g[3] = 180 * b + 20.2 * (x[3] - 1) + 19.8 * (x[1] - 1);
        return 100 * a * a + (1 - x[0]) * (1 - x[0]) + 90 * b * b + (1 - x[2]) * (1 - x[2])
                + 10.1 * ((x[1] - 1) * (x[1] - 1) + (x[3] - 1) * (x[3] - 1)) + 19.8 * (x[1] - 1) * (x[3] - 1);
    }

    static double hs45(double[] x, double[] g) {
        double p = 1;
        for (double v : x) {
            p *= v;
        }
        for (int i = 0; i < 5; i++) {
            double others = 1;
            for (int j = 0; j < 5; j++) {
                if (j != i) {
                    others *= x[j];
                }
            }
            g[i] = -others / 120;
        }
        return 2 - p / 120;
    }

    static double hs110(double[] x, double[] g) {
        double p = 1;
        double f = 0;
        for (double v : x) {
            p *= v;
            f += Math.log(v - 2) * Math.log(v - 2) + Math.log(10 - v) * Math.log(10 - v);
        }
        double root = Math.pow(p, 0.2);
        for (int i = 0; i < x.length; i++) {
            g[i] = 2 * Math.log(x[i] - 2) / (x[i] - 2) - 2 * Math.log(10 - x[i]) / (10 - x[i]) - 0.2 * root / x[i];
        }
        return f - root;
    }

    static double beale(double[] x, double[] g) {
        double[] t = {1.5, 2.25, 2.625};
        double f = 0;
        g[0] = 0;
        g[1] = 0;
        for (int i = 0; i < 3; i++) {
            int k = i + 1;
            double r = t[i] - x[0] * (1 - Math.pow(x[1], k));
            f += r * r;
            g[0] += 2 * r * -(1 - Math.pow(x[1], k));
            g[1] += 2 * r * x[0] * k * Math.pow(x[1], k - 1);
        }
        return f;
    }

    static double extendedRosenbrock(double[] x, double[] g) {
        double f = 0;
        for (int i = 0; i < x.length; i += 2) {
            double a = x[i + 1] - x[i] * x[i];
            f += 100 * a * a + (1 - x[i]) * (1 - x[i]);
            g[i] = -400 * x[i] * a - 2 * (1 - x[i]);
            g[i + 1] = 200 * a;
        }
        return f;
    }

    static double powellSingular(double[] x, double[] g) {
        double a = x[0] + 10 * x[1];
        double b = x[2] - x[3];
        double c = x[1] - 2 * x[2];
        double d = x[0] - x[3];
        g[0] = 2 * a + 40 * d * d * d;
        g[1] = 20 * a + 4 * c * c * c;
        g[2] = 10 * b - 8 * c * c * c;
        g[3] = -10 * b - 40 * d * d * d;
        return a * a + 5 * b * b + c * c * c * c + 10 * d * d * d * d;
    }

    static Bounds box(double[][] intervals) {
        double[] lower = new double[intervals.length];
        double[] upper = new double[intervals.length];
        for (int i = 0; i < intervals.length; i++) {
            lower[i] = intervals[i][0];
            upper[i] = intervals[i][1];
        }
        return Bounds.of(lower, upper);
    }

    static double[] repeat(double v, int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    static List<Problem> all() {
        double[][] er = new double[10][];
        for (int i = 0; i < 10; i++) {
            er[i] = i % 2 == 0 ? new double[] {-INF, 0.8} : new double[] {-INF, 2};
        }
        double[] erStart = new double[10];
        for (int i = 0; i < 10; i++) {
            erStart[i] = i % 2 == 0 ? -1.2 : 1;
        }
        return List.of(
                new Problem("hs1", objective(2, BoundedProblems::rosenbrock), new double[] {-2, 1},
                        box(new double[][] {{-INF, INF}, {-1.5, INF}}), new double[] {1, 1}, 0),
                new Problem("hs2", objective(2, BoundedProblems::rosenbrock), new double[] {-2, 1},
                        box(new double[][] {{-INF, INF}, {1.5, INF}}), new double[] {1.2243707487363524, 1.5},
                        0.0504261879),
                new Problem("hs3", objective(2, BoundedProblems::hs3), new double[] {10, 1},
                        box(new double[][] {{-INF, INF}, {0, INF}}), new double[] {0, 0}, 0),
                new Problem("hs4", objective(2, BoundedProblems::hs4), new double[] {1.125, 0.125},
                        box(new double[][] {{1, INF}, {0, INF}}), new double[] {1, 0}, 8.0 / 3),
                new Problem("hs5", objective(2, BoundedProblems::hs5), new double[] {0, 0},
                        box(new double[][] {{-1.5, 4}, {-3, 3}}),
                        new double[] {-Math.PI / 3 + 0.5, -Math.PI / 3 - 0.5}, -Math.sqrt(3) / 2 - Math.PI / 3),
                new Problem("hs38", objective(4, BoundedProblems::hs38), new double[] {-3, -1, -3, -1},
                        Bounds.of(repeat(-10, 4), repeat(10, 4)), new double[] {1, 1, 1, 1}, 0),
                new Problem("hs45", objective(5, BoundedProblems::hs45), repeat(2, 5),
                        Bounds.of(repeat(0, 5), new double[] {1, 2, 3, 4, 5}), new double[] {1, 2, 3, 4, 5}, 1),
                new Problem("hs110", objective(10, BoundedProblems::hs110), repeat(9, 10),
                        Bounds.of(repeat(2.001, 10), repeat(9.999, 10)), repeat(9.35025655, 10), -45.77846971),
                new Problem("rosenbrock-box", objective(2, BoundedProblems::rosenbrock), new double[] {-1.2, 1},
                        box(new double[][] {{-2, 0.5}, {-1, 2}}), null, Double.NaN),
                new Problem("beale-box", objective(2, BoundedProblems::beale), new double[] {1, 1},
                        box(new double[][] {{-4.5, 2.5}, {-1, 0.4}}), null, Double.NaN),
                new Problem("extended-rosenbrock-10", objective(10, BoundedProblems::extendedRosenbrock), erStart,
                        box(er), null, Double.NaN),
                new Problem("powell-singular-box", objective(4, BoundedProblems::powellSingular),
                        new double[] {3, -1, 0, 1}, box(new double[][] {{0.1, 100}, {-INF, INF}, {-INF, INF}, {-INF, INF}}),
                        null, Double.NaN),
                new Problem("wood-box", objective(4, BoundedProblems::hs38), new double[] {-3, -1, -3, -1},
                        box(new double[][] {{-INF, 0.9}, {-INF, INF}, {-INF, INF}, {-INF, INF}}), null, Double.NaN),
                new Problem("rosenbrock-free", objective(2, BoundedProblems::rosenbrock), new double[] {-1.2, 1},
                        Bounds.uniform(-INF, INF), null, Double.NaN),
                new Problem("extended-rosenbrock-10-free", objective(10, BoundedProblems::extendedRosenbrock),
                        erStart.clone(), Bounds.uniform(-INF, INF), null, Double.NaN));
    }
}
