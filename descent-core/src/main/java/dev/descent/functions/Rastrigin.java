package dev.descent.functions;

import java.util.List;

/**
 * Rastrigin's function {@code 10 n + sum_i (x_i^2 - 10 cos(2 pi x_i))} (Rastrigin, 1974): a bowl
 * covered in regularly spaced local minima. Global minimum 0 at the origin; box [-5.12, 5.12]^n;
 * standard start (2.2, -1.7, 2.2, ...), in the basin of a local minimum.
 */
public final class Rastrigin implements TestFunction {
    private static final double TWO_PI = 2 * Math.PI;
    private final int dimension;

    /** @param dimension at least 1 */
    public Rastrigin(int dimension) {
        Functions.requireDimension("rastrigin", dimension, 1);
        this.dimension = dimension;
    }

    @Override
    public String name() {
        return "rastrigin";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradientOut) {
        double sum = 10.0 * dimension;
        for (int i = 0; i < dimension; i++) {
            double angle = TWO_PI * x[i];
            sum += x[i] * x[i] - 10 * Math.cos(angle);
            gradientOut[i] = 2 * x[i] + 10 * TWO_PI * Math.sin(angle);
        }
        return sum;
    }

    @Override
    public double value(double[] x) {
        double sum = 10.0 * dimension;
        for (int i = 0; i < dimension; i++) {
            sum += x[i] * x[i] - 10 * Math.cos(TWO_PI * x[i]);
        }
        return sum;
    }

    @Override
    public double[] standardStart() {
        double[] start = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            start[i] = i % 2 == 0 ? 2.2 : -1.7;
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
        return Functions.filled(dimension, -5.12);
    }

    @Override
    public double[] upperBounds() {
        return Functions.filled(dimension, 5.12);
    }
}
