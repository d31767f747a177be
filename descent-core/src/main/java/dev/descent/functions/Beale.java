package dev.descent.functions;

/**
 * Beale's function {@code (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2}
 * (Beale, 1958; Moré, Garbow &amp; Hillstrom 1981, problem 5). Minimum 0 at (3, 0.5); box
 * [-4.5, 4.5]^2; standard start (1, 1).
 */
public final class Beale extends PlaneFunction {
    /** The function. */
    public Beale() {
        super("beale", new double[] {1, 1}, new double[][] {{3, 0.5}}, 0, new double[] {-4.5, -4.5},
                new double[] {4.5, 4.5});
    }

    @Override
    double evaluate(double x, double y, double[] gradient) {
        double a = 1.5 - x + x * y;
        double b = 2.25 - x + x * y * y;
        double c = 2.625 - x + x * y * y * y;
        if (gradient != null) {
            gradient[0] = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
            gradient[1] = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y;
        }
        return a * a + b * b + c * c;
    }
}
