package dev.descent.functions;

import java.util.List;

/**
 * The quadratic bowl {@code f(x) = 0.5 sum_i lambda_i x_i^2} with curvatures {@code lambda_i}
 * log-spaced from 1 to the condition number {@code kappa}. Minimum 0 at the origin. Gradient
 * descent with a fixed step converges for {@code lr < 2 / kappa} and at a rate set by
 * {@code kappa}: the simplest picture of ill-conditioning. The two-dimensional default,
 * {@code kappa = 10}, is {@code 0.5 (x^2 + 10 y^2)}.
 */
public final class Quadratic implements TestFunction {
    private final double[] curvatures;

    /**
     * @param dimension at least 1
     * @param conditionNumber kappa, at least 1
     */
    public Quadratic(int dimension, double conditionNumber) {
        Functions.requireDimension("quadratic", dimension, 1);
        if (!(conditionNumber >= 1) || Double.isInfinite(conditionNumber)) {
            throw new IllegalArgumentException("condition number must be in [1, inf): " + conditionNumber);
        }
        curvatures = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            curvatures[i] = dimension == 1 ? 1 : Math.pow(conditionNumber, i / (double) (dimension - 1));
        }
    }

    /** The curvature of coordinate {@code i}. */
    public double curvature(int i) {
        return curvatures[i];
    }

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public int dimension() {
        return curvatures.length;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradientOut) {
        double sum = 0;
        for (int i = 0; i < curvatures.length; i++) {
            gradientOut[i] = curvatures[i] * x[i];
            sum += curvatures[i] * x[i] * x[i];
        }
        return 0.5 * sum;
    }

    @Override
    public double value(double[] x) {
        double sum = 0;
        for (int i = 0; i < curvatures.length; i++) {
            sum += curvatures[i] * x[i] * x[i];
        }
        return 0.5 * sum;
    }

    @Override
    public double[] standardStart() {
        double[] start = Functions.filled(curvatures.length, 1.5);
        start[0] = -4;
        return start;
    }

    @Override
    public List<double[]> globalMinima() {
        return List.of(new double[curvatures.length]);
    }

    @Override
    public double minimumValue() {
        return 0;
    }

    @Override
    public double[] lowerBounds() {
        return Functions.filled(curvatures.length, -5);
    }

    @Override
    public double[] upperBounds() {
        return Functions.filled(curvatures.length, 5);
    }
}
