package dev.descent.functions;

import java.util.List;

/**
 * Rosenbrock's banana valley (Rosenbrock, "An automatic method for finding the greatest or least
 * value of a function", Computer Journal 3, 1960), in two dimensions
 * {@code f(x, y) = (1 - x)^2 + 100 (y - x^2)^2} and in the extended form of Moré, Garbow &amp;
 * Hillstrom (1981) for even {@code n}:
 *
 * <pre>
 * f(x) = sum_{i=0}^{n/2-1} [ 100 (x_{2i}^2 - x_{2i+1})^2 + (x_{2i} - 1)^2 ]
 * </pre>
 *
 * <p>The two coincide for {@code n = 2}. Minimum 0 at {@code (1, ..., 1)}; standard start
 * {@code (-1.2, 1, -1.2, 1, ...)}, where the 2-D value is 24.2.
 */
public final class Rosenbrock implements TestFunction {
    private final int dimension;

    private Rosenbrock(int dimension) {
        this.dimension = dimension;
    }

    /** {@code (1 - x)^2 + 100 (y - x^2)^2}. */
    public static Rosenbrock twoDimensional() {
        return new Rosenbrock(2);
    }

    /** The extended form in {@code n} variables, {@code n} even and at least 2. */
    public static Rosenbrock extended(int n) {
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("extended rosenbrock needs an even dimension of at least 2: " + n);
        }
        return new Rosenbrock(n);
    }

    @Override
    public String name() {
        return "rosenbrock";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradientOut) {
        double sum = 0;
        for (int i = 0; i < dimension; i += 2) {
            double valley = x[i] * x[i] - x[i + 1];
            double offset = x[i] - 1;
            sum += 100 * valley * valley + offset * offset;
            gradientOut[i] = 400 * valley * x[i] + 2 * offset;
            gradientOut[i + 1] = -200 * valley;
        }
        return sum;
    }

    @Override
    public double value(double[] x) {
        double sum = 0;
        for (int i = 0; i < dimension; i += 2) {
            double valley = x[i] * x[i] - x[i + 1];
            double offset = x[i] - 1;
            sum += 100 * valley * valley + offset * offset;
        }
        return sum;
    }

    @Override
    public double[] standardStart() {
        double[] start = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            start[i] = i % 2 == 0 ? -1.2 : 1;
        }
        return start;
    }

    @Override
    public List<double[]> globalMinima() {
        return List.of(Functions.filled(dimension, 1));
    }

    @Override
    public double minimumValue() {
        return 0;
    }

    @Override
    public double[] lowerBounds() {
        double[] lower = Functions.filled(dimension, -2);
        for (int i = 1; i < dimension; i += 2) {
            lower[i] = -1;
        }
        return lower;
    }

    @Override
    public double[] upperBounds() {
        double[] upper = Functions.filled(dimension, 2);
        for (int i = 1; i < dimension; i += 2) {
            upper[i] = 3;
        }
        return upper;
    }
}
