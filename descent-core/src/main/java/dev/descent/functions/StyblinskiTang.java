package dev.descent.functions;

import java.util.List;

/**
 * The Styblinski-Tang function {@code 0.5 sum_i (x_i^4 - 16 x_i^2 + 5 x_i)} (Styblinski &amp; Tang,
 * 1990): in each coordinate a deeper and a shallower well. Global minimum
 * {@code -39.16616570377141 n} at {@code x_i = -2.903534027771177} (the root of
 * {@code 4x^3 - 32x + 5}); box [-5, 5]^n; standard start the origin.
 */
public final class StyblinskiTang implements TestFunction {
    /** The minimizing coordinate, a root of {@code 4x^3 - 32x + 5 = 0}. */
    public static final double MINIMIZER = -2.903534027771177;
    /** The minimum per coordinate. */
    public static final double MINIMUM_PER_COORDINATE = -39.16616570377141;

    private final int dimension;

    /** @param dimension at least 1 */
    public StyblinskiTang(int dimension) {
        Functions.requireDimension("styblinski-tang", dimension, 1);
        this.dimension = dimension;
    }

    @Override
    public String name() {
        return "styblinski-tang";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradientOut) {
        double sum = 0;
        for (int i = 0; i < dimension; i++) {
            double xi = x[i];
            double x2 = xi * xi;
            sum += x2 * x2 - 16 * x2 + 5 * xi;
            gradientOut[i] = 0.5 * (4 * x2 * xi - 32 * xi + 5);
        }
        return 0.5 * sum;
    }

    @Override
    public double value(double[] x) {
        double sum = 0;
        for (int i = 0; i < dimension; i++) {
            double x2 = x[i] * x[i];
            sum += x2 * x2 - 16 * x2 + 5 * x[i];
        }
        return 0.5 * sum;
    }

    @Override
    public double[] standardStart() {
        return new double[dimension];
    }

    @Override
    public List<double[]> globalMinima() {
        return List.of(Functions.filled(dimension, MINIMIZER));
    }

    @Override
    public double minimumValue() {
        return MINIMUM_PER_COORDINATE * dimension;
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
