package dev.descent.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
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
 * and is left out), and says so; in the right panel a 0 (an error rate that reaches it) is drawn on
 * the bottom edge, a decade below the smallest positive value, and the axis says so.
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
        List<String> labels = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        List<java.awt.Stroke> strokes = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            labels.add(series.get(k).label());
            colors.add(LogPanel.color(k));
            strokes.add(LogPanel.solid(2.2f));
        }
        LogPanel.legend(g, 72, left.y + left.height + 52, labels, colors, strokes, width - 16);
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

    private static boolean hasZero(List<double[]> columns) {
        for (double[] column : columns) {
            for (double v : column) {
                if (v == 0) {
                    return true;
                }
            }
        }
        return false;
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

    private void panel(Graphics2D g, Rectangle area, List<double[]> columns, String label) {
        double xMax = 1;
        List<double[]> iterations = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        List<java.awt.Stroke> strokes = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            double[] xs = series.get(k).iterations();
            for (int i = 0; i < columns.get(k).length; i++) {
                xMax = Math.max(xMax, xs[i]);
            }
            iterations.add(xs);
            colors.add(LogPanel.color(k));
            strokes.add(LogPanel.solid(2.0f));
        }
        double[] range = LogPanel.positiveRange(columns);
        String shownLabel = label;
        if (hasZero(columns) && Double.isFinite(range[0])) {
            // a log scale has no 0 (an error rate that reaches it): draw it a decade below the smallest value, on
            // the bottom edge, and say so, rather than let the curve vanish
            double floor = range[0] / 10;
            List<double[]> lifted = new ArrayList<>();
            for (double[] column : columns) {
                double[] copy = column.clone();
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = copy[i] == 0 ? floor : copy[i];
                }
                lifted.add(copy);
            }
            columns = lifted;
            range = new double[] {floor, range[1]};
            shownLabel = label + ", 0 on the bottom edge";
        }
        LogPanel panel = new LogPanel(area, logarithmicIterations() ? LogPanel.XScale.LOG_PLUS_ONE : LogPanel.XScale.LINEAR,
                0, xMax, range[0], range[1]);
        panel.drawAxes(g, axisLabel, shownLabel);
        panel.drawLines(g, iterations, columns, colors, strokes);
    }
}
