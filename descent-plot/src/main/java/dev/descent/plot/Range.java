package dev.descent.plot;

import java.util.List;

/**
 * The rectangle of the plane a contour plot shows.
 *
 * @param xMin left edge
 * @param xMax right edge, greater than {@code xMin}
 * @param yMin bottom edge
 * @param yMax top edge, greater than {@code yMin}
 */
public record Range(double xMin, double xMax, double yMin, double yMax) {

    /** Validates. */
    public Range {
        if (!(xMin < xMax) || !(yMin < yMax) || !Double.isFinite(xMin) || !Double.isFinite(xMax)
                || !Double.isFinite(yMin) || !Double.isFinite(yMax)) {
            throw new IllegalArgumentException("a range needs finite xmin < xmax and ymin < ymax: " + xMin + ":" + xMax
                    + "," + yMin + ":" + yMax);
        }
    }

    /**
     * Parses {@code xmin:xmax,ymin:ymax}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Range parse(String text) {
        String[] axes = text.split(",");
        if (axes.length != 2) {
            throw new IllegalArgumentException("range must look like xmin:xmax,ymin:ymax, got '" + text + "'");
        }
        double[] x = bounds(axes[0], "x");
        double[] y = bounds(axes[1], "y");
        return new Range(x[0], x[1], y[0], y[1]);
    }

    private static double[] bounds(String text, String axis) {
        String[] parts = text.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("range for " + axis + " must look like min:max, got '" + text + "'");
        }
        try {
            return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range for " + axis + " has a bound that is not a number: '" + text + "'");
        }
    }

    /**
     * The smallest box holding every given point (paths, minima), widened by {@code margin} of its
     * size on each side and made no narrower than {@code minimumSize}. Non-finite points are skipped;
     * points beyond {@code limit} of the first point (a diverging path) are ignored so the interesting
     * region stays visible.
     */
    public static Range around(List<double[]> points, double margin, double minimumSize, double limit) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        double[] anchor = points.isEmpty() ? new double[] {0, 0} : points.get(0);
        for (double[] p : points) {
            if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])
                    || Math.abs(p[0] - anchor[0]) > limit || Math.abs(p[1] - anchor[1]) > limit) {
                continue;
            }
            xMin = Math.min(xMin, p[0]);
            xMax = Math.max(xMax, p[0]);
            yMin = Math.min(yMin, p[1]);
            yMax = Math.max(yMax, p[1]);
        }
        if (xMin > xMax) {
            return new Range(-1, 1, -1, 1);
        }
        double width = Math.max(xMax - xMin, minimumSize);
        double height = Math.max(yMax - yMin, minimumSize);
        double cx = (xMin + xMax) / 2;
        double cy = (yMin + yMax) / 2;
        double halfWidth = width * (0.5 + margin);
        double halfHeight = height * (0.5 + margin);
        return new Range(cx - halfWidth, cx + halfWidth, cy - halfHeight, cy + halfHeight);
    }

    /** Whether the point lies inside, edges included. */
    public boolean contains(double x, double y) {
        return x >= xMin && x <= xMax && y >= yMin && y <= yMax;
    }

    double width() {
        return xMax - xMin;
    }

    double height() {
        return yMax - yMin;
    }
}
