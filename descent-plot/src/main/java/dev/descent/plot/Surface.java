package dev.descent.plot;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * A function sampled on a regular grid over a range, and the scale that maps its values to [0, 1]
 * for colouring: linear, or logarithmic in {@code f - min + delta} when the values span decades
 * (the Rosenbrock valley), so the structure near the minimum stays visible.
 */
final class Surface {
    final Range range;
    final int columns;
    final int rows;
    /** Row-major, row 0 at the top (largest y). */
    final double[] values;
    double min;
    double max;
    boolean logarithmic;
    private double delta;

    Surface(ToDoubleFunction<double[]> function, Range range, int columns, int rows) {
        this.range = range;
        this.columns = columns;
        this.rows = rows;
        this.values = new double[columns * rows];
        double[] point = new double[2];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            point[1] = range.yMax() - (r + 0.5) / rows * range.height();
            for (int c = 0; c < columns; c++) {
                point[0] = range.xMin() + (c + 0.5) / columns * range.width();
                double v = function.applyAsDouble(point);
                values[r * columns + c] = v;
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        this.min = lo;
        this.max = hi;
        chooseScale();
    }

    /** Widens the value range to cover another surface's, so panels share one colour scale. */
    void share(double sharedMin, double sharedMax) {
        this.min = sharedMin;
        this.max = sharedMax;
        chooseScale();
    }

    private void chooseScale() {
        double[] shifted = Arrays.stream(values).filter(Double::isFinite).map(v -> v - min).sorted().toArray();
        if (shifted.length == 0) {
            logarithmic = false;
            return;
        }
        double low = shifted[(int) (shifted.length * 0.1)];
        double high = shifted[(int) (shifted.length * 0.9)];
        delta = Math.max((max - min) * 1e-5, Double.MIN_NORMAL);
        logarithmic = high > 50 * Math.max(low, delta);
    }

    /** The colour coordinate of a value, in [0, 1]. */
    double scale(double value) {
        if (!Double.isFinite(value)) {
            return value == Double.NEGATIVE_INFINITY ? 0 : 1;
        }
        if (logarithmic) {
            double top = Math.log(max - min + delta) - Math.log(delta);
            return (Math.log(Math.max(value - min, 0) + delta) - Math.log(delta)) / top;
        }
        return (value - min) / (max - min);
    }

    /** The value at a colour coordinate, the inverse of {@link #scale}. */
    double unscale(double t) {
        if (logarithmic) {
            double top = Math.log(max - min + delta) - Math.log(delta);
            return Math.exp(t * top + Math.log(delta)) - delta + min;
        }
        return min + t * (max - min);
    }
}
