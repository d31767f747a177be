package dev.descent.functions;

import java.util.ArrayList;
import java.util.List;

/** Base of the fixed two-variable test functions: one method computes the value and, if asked, the gradient. */
abstract class PlaneFunction implements TestFunction {
    private final String name;
    private final double[] start;
    private final double[][] minima;
    private final double minimum;
    private final double[] lower;
    private final double[] upper;

    PlaneFunction(String name, double[] start, double[][] minima, double minimum, double[] lower, double[] upper) {
        this.name = name;
        this.start = start;
        this.minima = minima;
        this.minimum = minimum;
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * @param gradient receives the gradient when not null; modified
     * @return the value at (x, y)
     */
    abstract double evaluate(double x, double y, double[] gradient);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int dimension() {
        return 2;
    }

    @Override
    public final double valueAndGradient(double[] point, double[] gradientOut) {
        return evaluate(point[0], point[1], gradientOut);
    }

    @Override
    public final double value(double[] point) {
        return evaluate(point[0], point[1], null);
    }

    @Override
    public final double[] standardStart() {
        return start.clone();
    }

    @Override
    public final List<double[]> globalMinima() {
        List<double[]> copies = new ArrayList<>();
        for (double[] m : minima) {
            copies.add(m.clone());
        }
        return copies;
    }

    @Override
    public final double minimumValue() {
        return minimum;
    }

    @Override
    public final double[] lowerBounds() {
        return lower.clone();
    }

    @Override
    public final double[] upperBounds() {
        return upper.clone();
    }
}
