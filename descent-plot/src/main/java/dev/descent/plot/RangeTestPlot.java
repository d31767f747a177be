package dev.descent.plot;

import dev.descent.StopReason;
import dev.descent.optim.Optimizer;
import dev.descent.rangetest.RangeTest;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The picture of a learning-rate range test ({@link dev.descent.rangetest.LearningRateFinder},
 * Smith 2017): the loss of every step and its smoothed curve against the learning rate, both axes
 * logarithmic, over the whole range swept (a test that stopped early ends where it stopped); the
 * lowest smoothed loss as a dot and the suggested rate as a dashed vertical line with its value.
 * When some loss is zero or negative the curves show {@code loss - min loss}, and say so. Losses of
 * the last steps that are more than 10 times the largest smoothed loss leave the frame. PNG or SVG
 * by the file's extension, written whole or not at all ({@link Figure}).
 *
 * <pre>{@code
 * RangeTest test = LearningRateFinder.defaults().run(new Sgd(0.01), objective, start);
 * new RangeTestPlot(test, "sgd on my data").write(Path.of("lr.png"), 900, 560);
 * }</pre>
 */
public final class RangeTestPlot {
    private static final Color RAW = new Color(0x9EC5E8);
    private static final Color SMOOTHED = new Color(0x1F77B4);
    private static final Color SUGGESTED = new Color(0xD62728);
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private final RangeTest test;
    private final String title;

    /** The picture of {@code test} under {@code title}. */
    public RangeTestPlot(RangeTest test, String title) {
        this.test = Objects.requireNonNull(test, "test");
        this.title = Objects.requireNonNull(title, "title");
    }

    /** Writes the picture as PNG or SVG, by extension. */
    public void write(Path file, int width, int height) throws IOException {
        Figure.write(file, width, height, this::paint);
    }

    /** The pixel column of the suggested rate's line in a picture of this size (NaN without a suggestion). */
    double suggestionColumn(int width, int height) {
        return panel(width, height).x(test.suggestedRate());
    }

    /** The pixel row of the smoothed loss at {@code step} in a picture of this size. */
    double smoothedRow(int step, int width, int height) {
        return panel(width, height).y(test.smoothedLosses()[step] - shift());
    }

    /** The legend's rows: the three curves and a warning. */
    private static final int LEGEND_ROWS = 4;

    private LogPanel panel(int width, int height) {
        Rectangle area = new Rectangle(84, 72, width - 84 - 32, height - 72 - 58 - (18 * LEGEND_ROWS + 8));
        double shift = shift();
        double[] smoothed = shifted(test.smoothedLosses(), shift);
        double[] raw = shifted(test.losses(), shift);
        double[] smoothRange = LogPanel.positiveRange(List.of(smoothed));
        double[] rawRange = LogPanel.positiveRange(List.of(raw));
        double low = Math.min(smoothRange[0], rawRange[0]);
        double high = smoothRange[1] == Double.NEGATIVE_INFINITY ? rawRange[1]
                : Math.max(smoothRange[1], Math.min(rawRange[1], 10 * smoothRange[1]));
        return new LogPanel(area, LogPanel.XScale.LOG, test.finder().minRate(), test.finder().maxRate(), low, high);
    }

    /** The lowest finite loss when some loss is zero or negative (the curves then show loss - min), else 0. */
    private double shift() {
        double min = Double.POSITIVE_INFINITY;
        for (double[] column : List.of(test.losses(), test.smoothedLosses())) {
            for (double v : column) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                }
            }
        }
        return min > 0 || min == Double.POSITIVE_INFINITY ? 0 : min;
    }

    private static double[] shifted(double[] values, double shift) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= shift;
        }
        return out;
    }

    private void paint(Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(Style.TITLE);
        g.setColor(Style.INK);
        ContourPlot.drawCentered(g, ContourPlot.fit(g, title, width - 20), width / 2, 22);
        g.setFont(Style.LEGEND);
        ContourPlot.drawCentered(g, ContourPlot.fit(g, ending(), width - 20), width / 2, 40);
        LogPanel panel = panel(width, height);
        double shift = shift();
        double[] rates = test.rates();
        double[] raw = shifted(test.losses(), shift);
        double[] smoothed = shifted(test.smoothedLosses(), shift);
        String loss = shift == 0 ? "loss" : "loss - min loss (min = " + Ticks.label(shift) + ")";
        panel.drawAxes(g, "learning rate", loss);
        panel.drawLines(g, List.of(rates, rates), List.of(raw, smoothed), List.of(RAW, SMOOTHED),
                List.of(LogPanel.solid(1.2f), LogPanel.solid(2.4f)));
        Rectangle area = panel.area();
        double suggested = test.suggestedRate();
        if (test.minimumIndex() >= 0 && smoothed[test.minimumIndex()] > 0) {
            double x = panel.x(test.minimumRate());
            double y = panel.y(smoothed[test.minimumIndex()]);
            g.setColor(SMOOTHED);
            g.fill(new Ellipse2D.Double(x - 4.5, y - 4.5, 9, 9));
        }
        if (suggested >= test.finder().minRate()) {
            double x = panel.x(suggested);
            g.setColor(SUGGESTED);
            g.setStroke(DASHED);
            g.draw(new Line2D.Double(x, area.y, x, area.y + area.height));
            g.setFont(Style.LABEL);
            String text = "suggested lr " + Optimizer.shortNumber(suggested);
            int textWidth = g.getFontMetrics().stringWidth(text);
            int textX = x + 6 + textWidth <= area.x + area.width - 4 ? (int) x + 6 : (int) x - 6 - textWidth;
            g.drawString(text, textX, area.y + 18);
        }
        String smoothing = "smoothed loss (bias-corrected average, beta " + Optimizer.shortNumber(test.finder().smoothing())
                + ")" + (test.minimumIndex() < 0 ? "" : "; dot: its lowest, at lr " + Optimizer.shortNumber(test.minimumRate()));
        String suggestion = Double.isNaN(suggested) ? "no suggestion: no step gave a finite loss"
                : "suggested lr " + Optimizer.shortNumber(suggested) + ": a tenth of the rate at the lowest smoothed loss";
        int legendY = area.y + area.height + 58;
        LogPanel.legend(g, area.x, legendY, List.of("loss of each step", smoothing, suggestion),
                List.of(RAW, SMOOTHED, SUGGESTED), List.of(LogPanel.solid(1.2f), LogPanel.solid(2.4f), DASHED), width - 16);
        if (!test.warnings().isEmpty()) {
            g.setColor(SUGGESTED);
            g.drawString(ContourPlot.fit(g, "warning: " + test.warnings().get(0), width - 16 - area.x), area.x,
                    legendY + 18 * (LEGEND_ROWS - 1));
        }
    }

    /** Where and why the sweep ended, in words. */
    private String ending() {
        int steps = test.steps();
        int planned = test.finder().steps();
        if (steps == 0) {
            return "no step was taken";
        }
        String rate = Optimizer.shortNumber(test.rates()[steps - 1]);
        if (test.stopReason() == StopReason.MAX_ITERATIONS) {
            return String.format(Locale.ROOT, "%d steps from lr %s to %s", steps, Optimizer.shortNumber(test.finder().minRate()),
                    rate);
        }
        String why = test.stopReason() == StopReason.DIVERGED
                ? "the smoothed loss rose past " + Optimizer.shortNumber(test.finder().stopFactor()) + " x its minimum"
                : test.stopReason() == StopReason.NON_FINITE ? "the loss became NaN or infinite"
                : test.stopReason().explanation();
        return String.format(Locale.ROOT, "stopped at lr %s, step %d of %d: %s", rate, steps, planned, why);
    }
}
