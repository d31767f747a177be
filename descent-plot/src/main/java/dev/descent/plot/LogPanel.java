package dev.descent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * One panel of curves with a logarithmic value axis: the frame, its grid, ticks and labels, and
 * lines that skip values a log scale cannot show. The horizontal axis is linear, logarithmic in
 * {@code x + 1} (iterations from 0) or logarithmic in {@code x} (learning rates). Shared by
 * {@link LossCurves} and {@link RangeTestPlot}, with the legend both draw beneath.
 */
final class LogPanel {

    /** How the horizontal axis maps its values. */
    enum XScale {
        /** {@code x} from 0 to the largest, linearly. */
        LINEAR,
        /** {@code log10(x + 1)} from 0 to the largest: iterations counted from 0. */
        LOG_PLUS_ONE,
        /** {@code log10(x)} from the smallest to the largest, both positive. */
        LOG
    }

    private static final Color GRID = new Color(0xE6E6E6);

    private final Rectangle area;
    private final XScale scale;
    private final double xMin;
    private final double xMax;
    private final double logMin;
    private final double logMax;

    /**
     * @param xMin the left end of a {@link XScale#LOG} axis (the others start at 0)
     * @param yMin the smallest positive value to show, and {@code yMax} the largest; whole decades
     *     around them are shown ({@code 0.1} to {@code 10} when {@code yMin > yMax}: nothing to show)
     */
    LogPanel(Rectangle area, XScale scale, double xMin, double xMax, double yMin, double yMax) {
        this.area = area;
        this.scale = scale;
        this.xMin = xMin;
        this.xMax = xMax;
        if (yMin > yMax) {
            yMin = 0.1;
            yMax = 10;
        }
        double low = Math.floor(Math.log10(yMin));
        double high = Math.ceil(Math.log10(yMax));
        this.logMin = low;
        this.logMax = high <= low ? low + 1 : high;
    }

    /** The smallest and largest positive finite values of the columns: {@code {+inf, -inf}} for none. */
    static double[] positiveRange(List<double[]> columns) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] column : columns) {
            for (double v : column) {
                if (v > 0 && Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        return new double[] {low, high};
    }

    /** The panel's frame. */
    Rectangle area() {
        return area;
    }

    /** The pixel column of {@code value}. */
    double x(double value) {
        double fraction = switch (scale) {
            case LINEAR -> value / xMax;
            case LOG_PLUS_ONE -> Math.log10(value + 1) / Math.log10(xMax + 1);
            case LOG -> (Math.log10(value) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin));
        };
        return area.x + fraction * area.width;
    }

    /** The pixel row of the positive {@code value}. */
    double y(double value) {
        return area.y + (logMax - Math.log10(value)) / (logMax - logMin) * area.height;
    }

    /** The grid, ticks, frame and axis labels ({@code " (log scale)"} is added to logarithmic ones). */
    void drawAxes(Graphics2D g, String xLabel, String yLabel) {
        g.setColor(Style.INK);
        g.setStroke(Style.THIN);
        g.setFont(Style.TICK);
        FontMetrics metrics = g.getFontMetrics();
        List<Double> xTicks = new ArrayList<>();
        switch (scale) {
            case LOG_PLUS_ONE -> {
                xTicks.add(0.0);
                xTicks.addAll(Ticks.decades(1, xMax, 8));
            }
            case LOG -> xTicks.addAll(Ticks.decades(xMin, xMax, Math.max(3, area.width / 60)));
            default -> xTicks.addAll(Ticks.linear(0, xMax, Math.max(3, area.width / 90)));
        }
        for (double tick : xTicks) {
            double x = x(tick);
            g.setColor(GRID);
            g.draw(new Line2D.Double(x, area.y, x, area.y + area.height));
            g.setColor(Style.INK);
            ContourPlot.drawCentered(g, Ticks.label(tick), (int) x, area.y + area.height + 6 + metrics.getAscent());
        }
        for (double tick : Ticks.decades(Math.pow(10, logMin), Math.pow(10, logMax), Math.max(3, area.height / 40))) {
            double y = y(tick);
            g.setColor(GRID);
            g.draw(new Line2D.Double(area.x, y, area.x + area.width, y));
            g.setColor(Style.INK);
            String text = Ticks.label(tick);
            g.drawString(text, area.x - 6 - metrics.stringWidth(text), (int) y + metrics.getAscent() / 2 - 1);
        }
        g.draw(new Rectangle2D.Double(area.x, area.y, area.width, area.height));
        g.setFont(Style.LABEL);
        ContourPlot.drawCentered(g, scale == XScale.LINEAR ? xLabel : xLabel + " (log scale)", area.x + area.width / 2,
                area.y + area.height + 36);
        ContourPlot.drawCentered(g, yLabel + " (log scale)", area.x + area.width / 2, area.y - 6);
    }

    /** Lines through the points, clipped to the frame, lifting the pen over values that are not positive and finite. */
    void drawLines(Graphics2D g, List<double[]> xs, List<double[]> ys, List<Color> colors, List<? extends Stroke> strokes) {
        Shape clip = g.getClip();
        g.clip(area);
        for (int k = 0; k < ys.size(); k++) {
            double[] positions = xs.get(k);
            double[] values = ys.get(k);
            Path2D.Double line = new Path2D.Double();
            boolean penDown = false;
            for (int i = 0; i < values.length; i++) {
                if (!(values[i] > 0) || !Double.isFinite(values[i])) {
                    penDown = false;
                    continue;
                }
                double x = x(positions[i]);
                double y = y(values[i]);
                if (penDown) {
                    line.lineTo(x, y);
                } else {
                    line.moveTo(x, y);
                    penDown = true;
                }
            }
            g.setColor(colors.get(k));
            g.setStroke(strokes.get(k));
            g.draw(line);
        }
        g.setClip(clip);
    }

    /**
     * A legend: one row per entry, a short line in the entry's colour and stroke and its text (cut to
     * end before the column {@code right}), 18 pixels apart, from the baseline {@code y} down.
     */
    static void legend(Graphics2D g, int x, int y, List<String> labels, List<Color> colors, List<? extends Stroke> strokes,
                       int right) {
        g.setFont(Style.LEGEND);
        for (int k = 0; k < labels.size(); k++) {
            g.setColor(colors.get(k));
            g.setStroke(strokes.get(k));
            g.draw(new Line2D.Double(x, y - 4, x + 24, y - 4));
            g.setColor(Style.INK);
            g.drawString(ContourPlot.fit(g, labels.get(k), right - x - 32), x + 32, y);
            y += 18;
        }
    }

    /** The line colours of curves, in order, cycling. */
    static Color color(int k) {
        return Style.palette(k); // the contour plots' colours, so a run has one colour in every picture
    }

    /** A solid stroke of this width. */
    static BasicStroke solid(float width) {
        return new BasicStroke(width);
    }
}
