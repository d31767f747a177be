package dev.descent.functions;

import java.util.List;

/**
 * Ackley's function (Ackley, A Connectionist Machine for Genetic Hillclimbing, 1987):
 *
 * <pre>
 * f(x) = -20 exp(-0.2 sqrt(mean_i x_i^2)) - exp(mean_i cos(2 pi x_i)) + 20 + e
 * </pre>
 *
 * <p>A nearly flat outer region with a deep hole at the origin, dotted with local minima. Global
 * minimum 0 at the origin, where it is not differentiable (the gradient is taken as 0 there); box
 * [-5, 5]^n; standard start (2.5, -1.5, 2.5, ...).
 */
public final class Ackley implements TestFunction {
    private static final double TWO_PI = 2 * Math.PI;
    private final int dimension;

    /** @param dimension at least 1 */
    public Ackley(int dimension) {
        Functions.requireDimension("ackley", dimension, 1);
        this.dimension = dimension;
    }

    @Override
    public String name() {
        return "ackley";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradientOut) {
        double squares = 0;
        double cosines = 0;
        for (int i = 0; i < dimension; i++) {
            squares += x[i] * x[i];
            cosines += Math.cos(TWO_PI * x[i]);
        }
        double root = Math.sqrt(squares / dimension);
        double bowl = Math.exp(-0.2 * root);
        double ripple = Math.exp(cosines / dimension);
        for (int i = 0; i < dimension; i++) {
            double bowlPart = root == 0 ? 0 : 20 * 0.2 * bowl * x[i] / (dimension * root);
            double ripplePart = ripple * TWO_PI * Math.sin(TWO_PI * x[i]) / dimension;
            gradientOut[i] = bowlPart + ripplePart;
        }
        return -20 * bowl - ripple + 20 + Math.E;
    }

    @Override
    public double value(double[] x) {
        double squares = 0;
        double cosines = 0;
        for (int i = 0; i < dimension; i++) {
            squares += x[i] * x[i];
            cosines += Math.cos(TWO_PI * x[i]);
        }
        return -20 * Math.exp(-0.2 * Math.sqrt(squares / dimension)) - Math.exp(cosines / dimension) + 20 + Math.E;
    }

    @Override
    public double[] standardStart() {
        double[] start = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            start[i] = i % 2 == 0 ? 2.5 : -1.5;
        }
        return start;
    }

    @Override
    public List<double[]> globalMinima() {
        return List.of(new double[dimension]);
    }

    @Override
    public double minimumValue() {
        return 0;
    }

    @Override
    public double[] lowerBounds() {
        return Functions.filled(dimension, -5);
    }

    @Override
    public double[] upperBounds() {
        return Functions.filled(dimension, 5);
    }
}
