package dev.descent.plot;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Loss curves: the value and the gradient norm per iteration on a log scale, one line per run, in
 * two panels side by side. When the runs' lengths differ by more than a factor of 50 (L-BFGS's 40
 * iterations against gradient descent's 20,000), the iteration axis is logarithmic too, in
 * {@code iteration + 1}, so the short runs stay visible. When some value is zero or negative, the left panel shows
 * {@code f - min f} over every run instead (the minimum itself, 0, cannot be drawn on a log scale
 * and is left out), and says so.
 */
public final class LossCurves {

    /**
     * One run's history.
     *
     * @param label the legend text
     * @param iterations the iteration of each row
     * @param values f at each row
     * @param gradientNorms the gradient norm at each row
     */
    public record Series(String label, double[] iterations, double[] values, double[] gradientNorms) {
        /** Validates lengths and copies. */
        public Series {
            Objects.requireNonNull(label, "label");
            if (iterations.length != values.length || values.length != gradientNorms.length) {
                throw new IllegalArgumentException("series '" + label + "' has columns of different lengths");
            }
            iterations = iterations.clone();
            values = values.clone();
            gradientNorms = gradientNorms.clone();
        }
    }

    private final List<Series> series;
    private final String title;
    private final String valueLabel;
    private final String secondLabel;
    private final String axisLabel;

    /** Value and gradient-norm curves for these runs under this title. */
    public LossCurves(List<Series> series, String title) {
        this(series, title, "f", "gradient norm", "iteration");
    }

    /**
     * Curves with other labels: the left panel shows each series' values, the right its second
     * column (for training: the loss, and the error rate or RMSE), against {@code axisLabel}.
     */
    public LossCurves(List<Series> series, String title, String valueLabel, String secondLabel, String axisLabel) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("loss curves need at least one run");
        }
        this.series = List.copyOf(series);
        this.title = Objects.requireNonNull(title, "title");
        this.valueLabel = Objects.requireNonNull(valueLabel, "valueLabel");
        this.secondLabel = Objects.requireNonNull(secondLabel, "secondLabel");
        this.axisLabel = Objects.requireNonNull(axisLabel, "axisLabel");
    }

    /** Writes the curves as PNG or SVG, by extension. */
    public void write(Path file, int width, int height) throws IOException {
        Figure.write(file, width, height, this::paint);
    }

    private void paint(Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(Style.TITLE);
        g.setColor(Style.INK);
        ContourPlot.drawCentered(g, ContourPlot.fit(g, title, width - 20), width / 2, 22);
        int legendHeight = 18 * series.size() + 8;
        int panelWidth = width / 2;
        double shift = valueShift();
        String leftLabel = shift == 0 ? valueLabel : valueLabel + " - min " + valueLabel + " (min = " + Ticks.label(shift) + ")";
        List<double[]> values = new ArrayList<>();
        List<double[]> gradients = new ArrayList<>();
        for (Series s : series) {
            double[] shifted = s.values().clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] -= shift;
            }
            values.add(shifted);
            gradients.add(s.gradientNorms());
        }
        Rectangle left = new Rectangle(72, 56, panelWidth - 96, height - 56 - 50 - legendHeight);
        Rectangle right = new Rectangle(panelWidth + 72, 56, panelWidth - 96, left.height);
        panel(g, left, values, leftLabel);
        panel(g, right, gradients, secondLabel);
        g.setFont(Style.LEGEND);
        int y = left.y + left.height + 52;
        for (int k = 0; k < series.size(); k++) {
            g.setColor(color(k));
            g.setStroke(new java.awt.BasicStroke(2.2f));
            g.draw(new Line2D.Double(72, y - 4, 96, y - 4));
            g.setColor(Style.INK);
            g.drawString(ContourPlot.fit(g, series.get(k).label(), width - 120), 104, y);
            y += 18;
        }
    }

    private double valueShift() {
        double min = Double.POSITIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                }
            }
        }
        return min > 0 || min == Double.POSITIVE_INFINITY ? 0 : min;
    }

    private static Color color(int k) {
        Color[] lines = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E),
            new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x17BECF), new Color(0x7F7F7F),
            new Color(0xBCBD22)};
        return lines[k % lines.length];
    }

    /** True when the longest run is more than 50 times the shortest. */
    private boolean logarithmicIterations() {
        double shortest = Double.POSITIVE_INFINITY;
        double longest = 1;
        for (Series s : series) {
            double last = s.iterations().length == 0 ? 0 : s.iterations()[s.iterations().length - 1];
            shortest = Math.min(shortest, Math.max(1, last));
            longest = Math.max(longest, last);
        }
        return longest > 50 * shortest;
    }

    private static double xPosition(Rectangle area, double iteration, double xMax, boolean logarithmic) {
        double fraction = logarithmic ? Math.log10(iteration + 1) / Math.log10(xMax + 1) : iteration / xMax;
        return area.x + fraction * area.width;
    }

    private void panel(Graphics2D g, Rectangle area, List<double[]> columns, String label) {
        boolean logX = logarithmicIterations();
        double xMax = 1;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < series.size(); k++) {
            double[] iterations = series.get(k).iterations();
            double[] ys = columns.get(k);
            for (int i = 0; i < ys.length; i++) {
                xMax = Math.max(xMax, iterations[i]);
                if (ys[i] > 0 && Double.isFinite(ys[i])) {
                    yMin = Math.min(yMin, ys[i]);
                    yMax = Math.max(yMax, ys[i]);
                }
            }
        }
        if (yMin > yMax) {
            yMin = 0.1;
            yMax = 10;
        }
        double logMin = Math.floor(Math.log10(yMin));
        double logMax = Math.ceil(Math.log10(yMax));
        if (logMax <= logMin) {
            logMax = logMin + 1;
        }
        g.setColor(Style.INK);
        g.setStroke(Style.THIN);
        g.setFont(Style.TICK);
        FontMetrics metrics = g.getFontMetrics();
        List<Double> xTicks = new ArrayList<>();
        if (logX) {
            xTicks.add(0.0);
            for (double decade : Ticks.decades(1, xMax, 8)) {
                xTicks.add(decade);
            }
        } else {
            xTicks.addAll(Ticks.linear(0, xMax, Math.max(3, area.width / 90)));
        }
        for (double tick : xTicks) {
            double x = xPosition(area, tick, xMax, logX);
            g.setColor(new Color(0xE6E6E6));
            g.draw(new Line2D.Double(x, area.y, x, area.y + area.height));
            g.setColor(Style.INK);
            ContourPlot.drawCentered(g, Ticks.label(tick), (int) x, area.y + area.height + 6 + metrics.getAscent());
        }
        for (double tick : Ticks.decades(Math.pow(10, logMin), Math.pow(10, logMax), Math.max(3, area.height / 40))) {
            double y = area.y + (logMax - Math.log10(tick)) / (logMax - logMin) * area.height;
            g.setColor(new Color(0xE6E6E6));
            g.draw(new Line2D.Double(area.x, y, area.x + area.width, y));
            g.setColor(Style.INK);
            String text = Ticks.label(tick);
            g.drawString(text, area.x - 6 - metrics.stringWidth(text), (int) y + metrics.getAscent() / 2 - 1);
        }
        g.draw(new Rectangle2D.Double(area.x, area.y, area.width, area.height));
        g.setFont(Style.LABEL);
        ContourPlot.drawCentered(g, logX ? axisLabel + " (log scale)" : axisLabel, area.x + area.width / 2,
                area.y + area.height + 36);
        ContourPlot.drawCentered(g, label + " (log scale)", area.x + area.width / 2, area.y - 6);
        java.awt.Shape clip = g.getClip();
        g.clip(area);
        for (int k = 0; k < series.size(); k++) {
            double[] iterations = series.get(k).iterations();
            double[] ys = columns.get(k);
            Path2D.Double line = new Path2D.Double();
            boolean penDown = false;
            for (int i = 0; i < ys.length; i++) {
                if (!(ys[i] > 0) || !Double.isFinite(ys[i])) {
                    penDown = false;
                    continue;
                }
                double x = xPosition(area, iterations[i], xMax, logX);
                double y = area.y + (logMax - Math.log10(ys[i])) / (logMax - logMin) * area.height;
                if (penDown) {
                    line.lineTo(x, y);
                } else {
                    line.moveTo(x, y);
                    penDown = true;
                }
            }
            g.setColor(color(k));
            g.setStroke(new java.awt.BasicStroke(2.0f));
            g.draw(line);
        }
        g.setClip(clip);
    }
}
