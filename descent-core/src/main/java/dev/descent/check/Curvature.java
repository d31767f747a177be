package dev.descent.check;

import dev.descent.Objective;
import dev.descent.vector.Vectors;
import java.util.SplittableRandom;

/**
 * The largest curvature of an objective at a point: the largest-magnitude eigenvalue of the
 * Hessian, by power iteration on Hessian-vector products taken as central differences of the
 * gradient, {@code H v ~ (g(x + h v) - g(x - h v)) / (2 h)}. For gradient descent on a function
 * whose curvature is at most {@code L}, steps below {@code 2 / L} are stable and {@code 1 / L} is the
 * textbook choice (Nesterov, Introductory Lectures on Convex Optimization, 2004, sec. 2.1.5).
 */
public final class Curvature {
    private Curvature() {}

    /**
     * @param x the point; not modified
     * @param iterations power iterations, at least 1 (30 is plenty for a picture)
     * @param seed seed of the random first vector
     * @return the estimated largest |eigenvalue| of the Hessian at {@code x}
     */
    public static double largestEigenvalue(Objective objective, double[] x, int iterations, long seed) {
        int n = objective.dimension();
        double[] v = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(-1, 1);
        }
        Vectors.scale(1 / Vectors.norm(v), v);
        double[] plus = new double[n];
        double[] minus = new double[n];
        double[] gradientPlus = new double[n];
        double[] gradientMinus = new double[n];
        double[] product = new double[n];
        double h = 1e-5 * Math.max(1, Vectors.norm(x));
        double eigenvalue = 0;
        for (int k = 0; k < iterations; k++) {
            Vectors.addScaled(x, h, v, plus);
            Vectors.addScaled(x, -h, v, minus);
            objective.valueAndGradient(plus, gradientPlus);
            objective.valueAndGradient(minus, gradientMinus);
            for (int i = 0; i < n; i++) {
                product[i] = (gradientPlus[i] - gradientMinus[i]) / (2 * h);
            }
            eigenvalue = Vectors.dot(v, product);
            double norm = Vectors.norm(product);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                break;
            }
            for (int i = 0; i < n; i++) {
                v[i] = product[i] / norm;
            }
        }
        return Math.abs(eigenvalue);
    }
}
