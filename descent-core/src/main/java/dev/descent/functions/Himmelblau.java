package dev.descent.functions;

/**
 * Himmelblau's function {@code (x^2 + y - 11)^2 + (x + y^2 - 7)^2} (Himmelblau, Applied Nonlinear
 * Programming, 1972): four global minima of value 0, at (3, 2), (-2.805118, 3.131313),
 * (-3.779310, -3.283186) and (3.584428, -1.848127) (given here to full double precision, found by
 * Newton's method), and a local maximum near (-0.27, -0.92). Box [-5, 5]^2; standard start (0, 0).
 */
public final class Himmelblau extends PlaneFunction {
    /** The function. */
    public Himmelblau() {
        super("himmelblau", new double[] {0, 0}, new double[][] {
            {3.0, 2.0},
            {-2.805118086952745, 3.131312518250573},
            {-3.7793102533777465, -3.2831859912861696},
            {3.5844283403304917, -1.8481265269644036}
        }, 0, new double[] {-5, -5}, new double[] {5, 5});
    }

    @Override
    double evaluate(double x, double y, double[] gradient) {
        double a = x * x + y - 11;
        double b = x + y * y - 7;
        if (gradient != null) {
            gradient[0] = 4 * a * x + 2 * b;
            gradient[1] = 2 * a + 4 * b * y;
        }
        return a * a + b * b;
    }
}
