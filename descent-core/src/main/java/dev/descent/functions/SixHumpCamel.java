package dev.descent.functions;

/**
 * The six-hump camel function {@code (4 - 2.1 x^2 + x^4 / 3) x^2 + x y + (-4 + 4 y^2) y^2}
 * (Dixon &amp; Szegő, 1978): six local minima, two of them global with value
 * -1.0316284534898774 at (0.0898420131003181, -0.7126564030207396) and its mirror image. Box
 * x in [-3, 3], y in [-2, 2]; standard start (-1.5, 1) (the origin is a stationary point).
 */
public final class SixHumpCamel extends PlaneFunction {
    /** The function. */
    public SixHumpCamel() {
        super("six-hump-camel", new double[] {-1.5, 1}, new double[][] {
            {0.08984201310031807, -0.7126564030207396},
            {-0.08984201310031807, 0.7126564030207396}
        }, -1.0316284534898774, new double[] {-3, -2}, new double[] {3, 2});
    }

    @Override
    double evaluate(double x, double y, double[] gradient) {
        double x2 = x * x;
        double y2 = y * y;
        if (gradient != null) {
            gradient[0] = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y;
            gradient[1] = x - 8 * y + 16 * y2 * y;
        }
        return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
    }
}
