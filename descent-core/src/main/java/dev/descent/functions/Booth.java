package dev.descent.functions;

/**
 * Booth's function {@code (x + 2y - 7)^2 + (2x + y - 5)^2}, a convex quadratic (Jamil &amp; Yang
 * 2013, f12). Minimum 0 at (1, 3); box [-10, 10]^2; standard start (0, 0).
 */
public final class Booth extends PlaneFunction {
    /** The function. */
    public Booth() {
        super("booth", new double[] {0, 0}, new double[][] {{1, 3}}, 0, new double[] {-10, -10}, new double[] {10, 10});
    }

    @Override
    double evaluate(double x, double y, double[] gradient) {
        double a = x + 2 * y - 7;
        double b = 2 * x + y - 5;
        if (gradient != null) {
            gradient[0] = 2 * a + 4 * b;
            gradient[1] = 4 * a + 2 * b;
        }
        return a * a + b * b;
    }
}
