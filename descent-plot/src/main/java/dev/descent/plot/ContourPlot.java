package dev.descent.plot;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A filled contour plot of a function of two variables with descent paths drawn on it: viridis
 * bands and iso-lines (log-spaced when the values span decades), labelled axes, a colour bar with
 * numbers, known minima as stars, and each path as connected dots with its start (ring) and end
 * (square) marked. A path that leaves the frame is drawn up to the border, where a triangle marks
 * the point it left and the legend gives the step. Past {@value #MAX_DOTS} steps the dots are thinned evenly
 * (the line still joins every step); and a dot closer than 3 pixels to the previous one is skipped.
 *
 * <pre>{@code
 * ContourPlot.of(f, new Range(-2, 2, -1, 3))
 *         .title("Rosenbrock")
 *         .minimum(new double[] {1, 1})
 *         .path(new Trajectory("adam lr=0.05: MAX_ITERATIONS after 500", points))
 *         .write(Path.of("rosenbrock.png"), 800, 700);
 * }</pre>
 */
public final class ContourPlot {
    static final int MAX_DOTS = 1500;
    static final double MIN_DOT_SPACING = 3.0;
    private static final int BANDS = 16;
    /** A mid-viridis chip behind legend samples, so light and dark path colours both show. */
    private static final Color SWATCH_BACKGROUND = new Color(0x3B518B);

    private final ToDoubleFunction<double[]> function;
    private final Range range;
    private final List<Trajectory> trajectories;
    private final List<double[]> minima;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    /** The feasible box {xLo, xHi, yLo, yHi} (infinite for an open side), or null when every point is feasible. */
    private final double[] feasible;

    private ContourPlot(ToDoubleFunction<double[]> function, Range range, List<Trajectory> trajectories,
                        List<double[]> minima, String title, String xLabel, String yLabel, double[] feasible) {
        this.function = function;
        this.range = range;
        this.trajectories = trajectories;
        this.minima = minima;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.feasible = feasible;
    }

    /** A plot of {@code function} (called with {x, y}) over {@code range}, with no paths yet. */
    public static ContourPlot of(ToDoubleFunction<double[]> function, Range range) {
        return new ContourPlot(Objects.requireNonNull(function, "function"), Objects.requireNonNull(range, "range"),
                List.of(), List.of(), "", "x", "y", null);
    }

    /** The height of a line of a title, in pixels. */
    private static final int TITLE_LINE = 18;

    /** The lines of the title: one, or more where it holds line breaks (a panel's rate, then its story). */
    private int titleLines() {
        return title.isEmpty() ? 1 : title.split("\n").length;
    }

    /** @return a copy with this title, which may break into lines at {@code \n} */
    public ContourPlot title(String title) {
        return new ContourPlot(function, range, trajectories, minima, title, xLabel, yLabel, feasible);
    }

    /** @return a copy with these axis labels */
    public ContourPlot axisLabels(String x, String y) {
        return new ContourPlot(function, range, trajectories, minima, title, x, y, feasible);
    }

    /** @return a copy with one more path */
    public ContourPlot path(Trajectory trajectory) {
        List<Trajectory> more = new ArrayList<>(trajectories);
        more.add(Objects.requireNonNull(trajectory, "trajectory"));
        return new ContourPlot(function, range, List.copyOf(more), minima, title, xLabel, yLabel, feasible);
    }

    /** @return a copy with one more known minimum, drawn as a star */
    public ContourPlot minimum(double[] point) {
        List<double[]> more = new ArrayList<>(minima);
        more.add(new double[] {point[0], point[1]});
        return new ContourPlot(function, range, trajectories, List.copyOf(more), title, xLabel, yLabel, feasible);
    }

    /**
     * @return a copy that shades the points outside the box {@code [xLo, xHi] x [yLo, yHi]} (infinite
     *     ends for an open side) and draws its edges, for runs kept inside bounds
     */
    public ContourPlot feasibleBox(double xLo, double xHi, double yLo, double yHi) {
        if (!(xLo <= xHi) || !(yLo <= yHi)) {
            throw new IllegalArgumentException("the box needs lower <= upper: [" + xLo + ", " + xHi + "] x [" + yLo + ", "
                    + yHi + "]");
        }
        return new ContourPlot(function, range, trajectories, minima, title, xLabel, yLabel,
                new double[] {xLo, xHi, yLo, yHi});
    }

    /** The range shown. */
    public Range range() {
        return range;
    }

    /**
     * The filled contours alone: {@code width x height} pixels covering exactly the range, with the
     * bands and iso-lines {@link #write} draws and the feasible box's veil, but no axes, paths or
     * legend. It is the background the explorer ({@code descent serve}) animates its paths over, so a
     * live picture and a written one look the same.
     *
     * @param image the pixels, row 0 at the largest y
     * @param min the lowest finite value sampled
     * @param max the highest
     * @param logarithmic whether the colours follow {@code log(f - min + delta)} rather than {@code f}
     * @param levels the values at the {@code BANDS + 1} band edges, lowest first (for a colour bar)
     */
    public record Shading(BufferedImage image, double min, double max, boolean logarithmic, double[] levels) {}

    /** The filled contours alone, {@code width x height} pixels ({@link Shading}). */
    public Shading shading(int width, int height) {
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("a shading needs at least 8 x 8 pixels: " + width + " x " + height);
        }
        Surface surface = new Surface(function, range, width, height);
        BufferedImage image = background(surface, width, height);
        if (feasible != null) {
            Graphics2D g = image.createGraphics();
            drawFeasibleBox(g, new Rectangle(0, 0, width, height));
            g.dispose();
        }
        double[] levels = new double[BANDS + 1];
        for (int k = 0; k <= BANDS; k++) {
            levels[k] = surface.unscale(k / (double) BANDS);
        }
        return new Shading(image, surface.min, surface.max, surface.logarithmic, levels);
    }

    /** Writes the plot as PNG or SVG (by extension), {@code width x height} pixels. */
    public void write(Path file, int width, int height) throws IOException {
        Figure.write(file, width, height, (g, w, h) -> {
            Layout layout = new Layout(new Rectangle(0, 0, w, h), legendRows(), true, titleLines());
            paint(g, layout, sample(layout));
        });
    }

    /**
     * Writes several plots side by side, one panel each, sharing one colour scale (drawn once, at
     * the right). Made for the same function and range with different runs, such as learning rates.
     */
    public static void writeSideBySide(List<ContourPlot> panels, String title, Path file, int width, int height)
            throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("side by side needs at least one panel");
        }
        Figure.write(file, width, height, (g, w, h) -> {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int top = 0;
            if (!title.isEmpty()) {
                g.setFont(Style.TITLE);
                g.setColor(Style.INK);
                drawCentered(g, title, w / 2, 22);
                top = 30;
            }
            int rows = panels.stream().mapToInt(ContourPlot::legendRows).max().orElse(0);
            int titleLines = panels.stream().mapToInt(ContourPlot::titleLines).max().orElse(1);
            int colorBarWidth = 96;
            int panelWidth = (w - colorBarWidth) / panels.size();
            List<Layout> layouts = new ArrayList<>();
            List<Surface> surfaces = new ArrayList<>();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < panels.size(); i++) {
                boolean last = i == panels.size() - 1;
                Rectangle bounds = new Rectangle(i * panelWidth, top, panelWidth + (last ? colorBarWidth : 0), h - top);
                Layout layout = new Layout(bounds, rows, last, titleLines);
                Surface surface = panels.get(i).sample(layout);
                min = Math.min(min, surface.min);
                max = Math.max(max, surface.max);
                layouts.add(layout);
                surfaces.add(surface);
            }
            for (int i = 0; i < panels.size(); i++) {
                surfaces.get(i).share(min, max);
                panels.get(i).paint(g, layouts.get(i), surfaces.get(i));
            }
        });
    }

    /** Where {@code point} lands in a single-panel figure of this size (for tests and overlays). */
    double[] pixelOf(double[] point, int width, int height) {
        Layout layout = new Layout(new Rectangle(0, 0, width, height), legendRows(), true, titleLines());
        return pixel(layout.plot, point);
    }

    private Surface sample(Layout layout) {
        return new Surface(function, range, Math.max(8, layout.plot.width), Math.max(8, layout.plot.height));
    }

    private int legendRows() {
        return legendEntries().size() + (minima.isEmpty() ? 0 : 1);
    }

    /** Unique (label, colour) pairs in order; trajectories sharing both share an entry. */
    private Map<String, Color> legendEntries() {
        Map<String, Color> entries = new LinkedHashMap<>();
        int index = 0;
        for (Trajectory t : trajectories) {
            Color color = colorOf(t, index++);
            entries.putIfAbsent(t.label() + "\u0000" + color.getRGB(), color);
        }
        return entries;
    }

    private Color colorOf(Trajectory trajectory, int index) {
        return trajectory.color() != null ? trajectory.color() : Style.palette(index);
    }

    /** Where things go inside one panel. */
    private static final class Layout {
        final Rectangle bounds;
        final Rectangle plot;
        final Rectangle colorBar;

        Layout(Rectangle bounds, int legendRows, boolean withColorBar, int titleLines) {
            this.bounds = bounds;
            int left = bounds.x + 64;
            int top = bounds.y + 34 + TITLE_LINE * (Math.max(1, titleLines) - 1);
            int right = bounds.x + bounds.width - (withColorBar ? 100 : 18);
            int bottom = bounds.y + bounds.height - 48 - 18 * legendRows;
            this.plot = new Rectangle(left, top, Math.max(8, right - left), Math.max(8, bottom - top));
            this.colorBar = withColorBar ? new Rectangle(plot.x + plot.width + 16, plot.y, 16, plot.height) : null;
        }
    }

    private void paint(Graphics2D g, Layout layout, Surface surface) {
        Rectangle plot = layout.plot;
        g.setColor(Color.WHITE);
        g.fill(layout.bounds);
        if (!title.isEmpty()) {
            g.setFont(Style.TITLE);
            g.setColor(Style.INK);
            String[] lines = title.split("\n");
            for (int i = 0; i < lines.length; i++) {
                drawCentered(g, fit(g, lines[i], layout.bounds.width - 10), layout.bounds.x + layout.bounds.width / 2,
                        layout.bounds.y + 22 + TITLE_LINE * i);
            }
        }
        g.drawImage(background(surface, plot.width, plot.height), plot.x, plot.y, null);
        drawAxes(g, plot);
        if (layout.colorBar != null) {
            drawColorBar(g, layout.colorBar, surface);
        }
        Shape previousClip = g.getClip();
        g.clip(new Rectangle2D.Double(plot.x - 1, plot.y - 1, plot.width + 2, plot.height + 2));
        if (feasible != null) {
            drawFeasibleBox(g, plot);
        }
        int index = 0;
        List<String> notes = new ArrayList<>();
        for (Trajectory trajectory : trajectories) {
            notes.add(drawTrajectory(g, plot, trajectory, colorOf(trajectory, index++)));
        }
        for (double[] minimum : minima) {
            if (range.contains(minimum[0], minimum[1])) {
                drawStar(g, toPixelX(plot, minimum[0]), toPixelY(plot, minimum[1]), 9);
            }
        }
        g.setClip(previousClip);
        drawLegend(g, layout, notes);
    }

    /** Greys out what lies outside the feasible box and draws the box's finite edges, dashed. */
    private void drawFeasibleBox(Graphics2D g, Rectangle plot) {
        double left = Math.max(plot.x, feasible[0] == Double.NEGATIVE_INFINITY ? plot.x : toPixelX(plot, feasible[0]));
        double right = Math.min(plot.x + plot.width, feasible[1] == Double.POSITIVE_INFINITY ? plot.x + plot.width
                : toPixelX(plot, feasible[1]));
        double top = Math.max(plot.y, feasible[3] == Double.POSITIVE_INFINITY ? plot.y : toPixelY(plot, feasible[3]));
        double bottom = Math.min(plot.y + plot.height, feasible[2] == Double.NEGATIVE_INFINITY ? plot.y + plot.height
                : toPixelY(plot, feasible[2]));
        java.awt.geom.Area outside = new java.awt.geom.Area(new Rectangle2D.Double(plot.x, plot.y, plot.width, plot.height));
        if (right > left && bottom > top) {
            outside.subtract(new java.awt.geom.Area(new Rectangle2D.Double(left, top, right - left, bottom - top)));
        }
        g.setColor(Style.INFEASIBLE);
        g.fill(outside);
        g.setColor(Color.WHITE);
        g.setStroke(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        if (right > left && bottom > top) {
            if (Double.isFinite(feasible[0])) {
                g.draw(new Line2D.Double(left, top, left, bottom));
            }
            if (Double.isFinite(feasible[1])) {
                g.draw(new Line2D.Double(right, top, right, bottom));
            }
            if (Double.isFinite(feasible[3])) {
                g.draw(new Line2D.Double(left, top, right, top));
            }
            if (Double.isFinite(feasible[2])) {
                g.draw(new Line2D.Double(left, bottom, right, bottom));
            }
        }
    }

    // ---- background: bands and iso-lines, rasterised once ----

    private BufferedImage background(Surface surface, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double[] t = new double[surface.values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = surface.scale(surface.values[i]);
            int band = Math.min(BANDS - 1, Math.max(0, (int) Math.floor(t[i] * BANDS)));
            image.setRGB(i % width, i / width, ColorMap.rgb((band + 0.5) / BANDS));
        }
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Style.GRID_LINE);
        g.setStroke(new java.awt.BasicStroke(0.9f));
        for (int k = 1; k < BANDS; k++) {
            isoLine(g, t, width, height, k / (double) BANDS);
        }
        g.dispose();
        return image;
    }

    /** Marching squares over pixel centres: one segment per cell the level crosses. */
    private static void isoLine(Graphics2D g, double[] t, int width, int height, double level) {
        Line2D.Double segment = new Line2D.Double();
        double[] xs = new double[4];
        double[] ys = new double[4];
        for (int r = 0; r + 1 < height; r++) {
            for (int c = 0; c + 1 < width; c++) {
                double a = t[r * width + c];
                double b = t[r * width + c + 1];
                double d = t[(r + 1) * width + c];
                double e = t[(r + 1) * width + c + 1];
                int crossings = 0;
                crossings = cross(a, b, c, r, c + 1, r, level, xs, ys, crossings);
                crossings = cross(b, e, c + 1, r, c + 1, r + 1, level, xs, ys, crossings);
                crossings = cross(e, d, c + 1, r + 1, c, r + 1, level, xs, ys, crossings);
                crossings = cross(d, a, c, r + 1, c, r, level, xs, ys, crossings);
                for (int k = 0; k + 1 < crossings; k += 2) {
                    segment.setLine(xs[k] + 0.5, ys[k] + 0.5, xs[k + 1] + 0.5, ys[k + 1] + 0.5);
                    g.draw(segment);
                }
            }
        }
    }

    private static int cross(double v0, double v1, double x0, double y0, double x1, double y1, double level,
                             double[] xs, double[] ys, int count) {
        if ((v0 < level) == (v1 < level) || !Double.isFinite(v0) || !Double.isFinite(v1) || count >= 4) {
            return count;
        }
        double f = (level - v0) / (v1 - v0);
        xs[count] = x0 + f * (x1 - x0);
        ys[count] = y0 + f * (y1 - y0);
        return count + 1;
    }

    // ---- axes, colour bar, legend ----

    private void drawAxes(Graphics2D g, Rectangle plot) {
        g.setColor(Style.INK);
        g.setStroke(Style.THIN);
        g.draw(new Rectangle2D.Double(plot.x, plot.y, plot.width, plot.height));
        g.setFont(Style.TICK);
        FontMetrics metrics = g.getFontMetrics();
        for (double tick : Ticks.linear(range.xMin(), range.xMax(), Math.max(3, plot.width / 90))) {
            int x = (int) Math.round(toPixelX(plot, tick));
            g.draw(new Line2D.Double(x, plot.y + plot.height, x, plot.y + plot.height + 4));
            drawCentered(g, Ticks.label(tick), x, plot.y + plot.height + 6 + metrics.getAscent());
        }
        for (double tick : Ticks.linear(range.yMin(), range.yMax(), Math.max(3, plot.height / 70))) {
            int y = (int) Math.round(toPixelY(plot, tick));
            g.draw(new Line2D.Double(plot.x - 4, y, plot.x, y));
            String label = Ticks.label(tick);
            g.drawString(label, plot.x - 7 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }
        g.setFont(Style.LABEL);
        drawCentered(g, xLabel, plot.x + plot.width / 2, plot.y + plot.height + 36);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2, plot.x - 46, plot.y + plot.height / 2.0);
        drawCentered(rotated, yLabel, plot.x - 46, plot.y + plot.height / 2 + 5);
        rotated.dispose();
    }

    private static void drawColorBar(Graphics2D g, Rectangle bar, Surface surface) {
        BufferedImage strip = new BufferedImage(1, bar.height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < bar.height; y++) {
            double t = 1 - (y + 0.5) / bar.height;
            int band = Math.min(BANDS - 1, (int) Math.floor(t * BANDS));
            strip.setRGB(0, y, ColorMap.rgb((band + 0.5) / BANDS));
        }
        g.drawImage(strip, bar.x, bar.y, bar.width, bar.height, null);
        g.setColor(Style.INK);
        g.setStroke(Style.THIN);
        g.draw(new Rectangle2D.Double(bar.x, bar.y, bar.width, bar.height));
        g.setFont(Style.TICK);
        FontMetrics metrics = g.getFontMetrics();
        List<Double> values = new ArrayList<>();
        if (surface.logarithmic) {
            // decades of f itself when f >= 0, else decades above the minimum
            double shift = surface.min >= 0 ? 0 : surface.min;
            for (double decade : Ticks.decades(Math.max(surface.unscale(0.02) - shift, 1e-300),
                    surface.max - shift, Math.max(3, bar.height / 45))) {
                values.add(shift + decade);
            }
        } else {
            values.addAll(Ticks.linear(surface.min, surface.max, Math.max(3, bar.height / 45)));
        }
        for (double value : values) {
            double t = surface.scale(value);
            if (t < -1e-9 || t > 1 + 1e-9) {
                continue;
            }
            int y = (int) Math.round(bar.y + (1 - t) * bar.height);
            g.draw(new Line2D.Double(bar.x + bar.width, y, bar.x + bar.width + 4, y));
            g.drawString(Ticks.significant(value), bar.x + bar.width + 6, y + metrics.getAscent() / 2 - 1);
        }
        g.setFont(Style.LABEL);
        Graphics2D rotated = (Graphics2D) g.create();
        int labelX = bar.x + bar.width + 56;
        rotated.rotate(Math.PI / 2, labelX, bar.y + bar.height / 2.0);
        drawCentered(rotated, surface.logarithmic ? "f (log scale)" : "f", labelX, bar.y + bar.height / 2 + 4);
        rotated.dispose();
    }

    private void drawLegend(Graphics2D g, Layout layout, List<String> notes) {
        g.setFont(Style.LEGEND);
        int x = layout.plot.x;
        int y = layout.plot.y + layout.plot.height + 48;
        int maxWidth = layout.bounds.x + layout.bounds.width - x - 34;
        Map<String, String> noteByLabel = new LinkedHashMap<>();
        for (int i = 0; i < trajectories.size(); i++) {
            if (!notes.get(i).isEmpty()) {
                noteByLabel.putIfAbsent(trajectories.get(i).label(), notes.get(i));
            }
        }
        for (Map.Entry<String, Color> entry : legendEntries().entrySet()) {
            String label = entry.getKey().substring(0, entry.getKey().indexOf('\u0000'));
            Color color = entry.getValue();
            g.setColor(SWATCH_BACKGROUND);
            g.fill(new Rectangle2D.Double(x - 3, y - 11, 28, 14));
            g.setColor(color);
            g.setStroke(Style.PATH);
            g.draw(new Line2D.Double(x, y - 4, x + 22, y - 4));
            drawDot(g, x + 11, y - 4, color);
            g.setColor(Style.INK);
            String text = label + noteByLabel.getOrDefault(label, "");
            g.drawString(fit(g, text, maxWidth), x + 30, y);
            y += 18;
        }
        if (!minima.isEmpty()) {
            g.setColor(SWATCH_BACKGROUND);
            g.fill(new Rectangle2D.Double(x - 3, y - 11, 28, 14));
            drawStar(g, x + 11, y - 4, 7);
            g.setColor(Style.INK);
            g.drawString(minima.size() == 1 ? "known minimum" : "known minima", x + 30, y);
        }
    }

    // ---- trajectories ----

    /** Draws one path; returns a legend note ("left the frame at step k") or "". */
    /**
     * Draws one path: its line clipped to the frame (a path that leaves and comes back is drawn again
     * inside), its dots, start ring and end square; a triangle on the border only when the path ends
     * outside the frame. Returns what the legend adds: where it left, and the dots' stride.
     */
    private String drawTrajectory(Graphics2D g, Rectangle plot, Trajectory trajectory, Color color) {
        List<double[]> points = trajectory.points();
        Rectangle2D.Double frame = new Rectangle2D.Double(plot.x, plot.y, plot.width, plot.height);
        Path2D.Double line = new Path2D.Double();
        boolean penDown = false;
        int firstExit = -1;
        double[] exitPoint = null;
        double[] last = pixel(plot, points.get(points.size() - 1));
        // a path that ends outside (diverging) is cut where it first leaves: what it does out there is off the
        // picture; one that comes back (an overshoot on the way in) is drawn whole
        boolean endsInside = frame.contains(last[0], last[1]);
        int drawn = points.size();
        for (int i = 1; i < drawn; i++) {
            double[] a = pixel(plot, points.get(i - 1));
            double[] b = pixel(plot, points.get(i));
            double[] clipped = clip(a, b, frame);
            if (clipped == null) {
                penDown = false;
                continue;
            }
            if (!penDown || clipped[0] != a[0] || clipped[1] != a[1]) {
                line.moveTo(clipped[0], clipped[1]);
            }
            line.lineTo(clipped[2], clipped[3]);
            boolean leaves = clipped[2] != b[0] || clipped[3] != b[1];
            if (leaves) {
                firstExit = firstExit < 0 ? i : firstExit;
                exitPoint = new double[] {clipped[2], clipped[3]};
                if (!endsInside) {
                    drawn = i + 1;
                    break;
                }
            }
            penDown = !leaves;
        }
        if (points.size() == 1) {
            double[] p = pixel(plot, points.get(0));
            line.moveTo(p[0], p[1]);
        }
        g.setColor(color);
        g.setStroke(Style.PATH);
        g.draw(line);
        int stride = Math.max(1, (int) Math.ceil(points.size() / (double) MAX_DOTS));
        double[] lastDot = {Double.NaN, Double.NaN};
        for (int i = 0; i < drawn; i += stride) {
            double[] p = pixel(plot, points.get(i));
            // a dot on top of the previous one shows nothing new: keep dots at least 3 pixels apart
            if (frame.contains(p[0], p[1]) && !(Math.hypot(p[0] - lastDot[0], p[1] - lastDot[1]) < MIN_DOT_SPACING)) {
                drawDot(g, p[0], p[1], color);
                lastDot = p;
            }
        }
        double[] start = pixel(plot, points.get(0));
        if (frame.contains(start[0], start[1])) {
            Ellipse2D.Double ring = new Ellipse2D.Double(start[0] - 6, start[1] - 6, 12, 12);
            g.setColor(Color.WHITE);
            g.fill(ring);
            g.setColor(color.equals(Color.WHITE) ? Color.BLACK : color);
            g.setStroke(new java.awt.BasicStroke(2.5f));
            g.draw(ring);
        }
        if (endsInside) {
            double[] end = last;
            Rectangle2D.Double square = new Rectangle2D.Double(end[0] - 5, end[1] - 5, 10, 10);
            g.setColor(color);
            g.fill(square);
            g.setColor(Style.contrast(color));
            g.setStroke(Style.OUTLINE);
            g.draw(square);
        }
        String dots = stride > 1 ? ", a dot every " + stride + " steps" : "";
        if (!endsInside && exitPoint != null) {
            drawExit(g, exitPoint, frame, color);
            return " (left the frame at step " + firstExit + dots + ")";
        }
        if (firstExit >= 0) {
            return " (outside the frame for a while from step " + firstExit + dots + ")";
        }
        return dots.isEmpty() ? "" : " (" + dots.substring(2) + ")";
    }

    private static void drawDot(Graphics2D g, double x, double y, Color color) {
        Ellipse2D.Double dot = new Ellipse2D.Double(x - 2.6, y - 2.6, 5.2, 5.2);
        g.setColor(color);
        g.fill(dot);
        g.setColor(Style.contrast(color));
        g.setStroke(new java.awt.BasicStroke(0.6f));
        g.draw(dot);
    }

    /** A triangle on the border pointing out of the frame. */
    private static void drawExit(Graphics2D g, double[] point, Rectangle2D frame, Color color) {
        double dx = 0;
        double dy = 0;
        if (Math.abs(point[0] - frame.getMinX()) < 1) {
            dx = -1;
        } else if (Math.abs(point[0] - frame.getMaxX()) < 1) {
            dx = 1;
        } else if (Math.abs(point[1] - frame.getMinY()) < 1) {
            dy = -1;
        } else {
            dy = 1;
        }
        double size = 9;
        double tipX = point[0] + dx * 2;
        double tipY = point[1] + dy * 2;
        double baseX = point[0] - dx * size;
        double baseY = point[1] - dy * size;
        Polygon triangle = new Polygon();
        triangle.addPoint((int) Math.round(tipX), (int) Math.round(tipY));
        triangle.addPoint((int) Math.round(baseX - dy * size * 0.6), (int) Math.round(baseY - dx * size * 0.6));
        triangle.addPoint((int) Math.round(baseX + dy * size * 0.6), (int) Math.round(baseY + dx * size * 0.6));
        g.setColor(color);
        g.fill(triangle);
        g.setColor(Style.contrast(color));
        g.setStroke(Style.OUTLINE);
        g.draw(triangle);
    }

    private static void drawStar(Graphics2D g, double x, double y, double radius) {
        Polygon star = new Polygon();
        for (int k = 0; k < 10; k++) {
            double r = k % 2 == 0 ? radius : radius * 0.45;
            double angle = -Math.PI / 2 + k * Math.PI / 5;
            star.addPoint((int) Math.round(x + r * Math.cos(angle)), (int) Math.round(y + r * Math.sin(angle)));
        }
        g.setColor(Color.WHITE);
        g.fill(star);
        g.setColor(Color.BLACK);
        g.setStroke(Style.OUTLINE);
        g.draw(star);
    }

    /**
     * Liang-Barsky clipping of segment a-b to the frame: {x0, y0, x1, y1} of the visible part, or
     * null. Non-finite ends are treated as far outside along their direction.
     */
    static double[] clip(double[] a, double[] b, Rectangle2D frame) {
        double x0 = a[0];
        double y0 = a[1];
        double x1 = b[0];
        double y1 = b[1];
        if (!Double.isFinite(x0) || !Double.isFinite(y0)) {
            return null;
        }
        if (!Double.isFinite(x1) || !Double.isFinite(y1)) {
            return frame.contains(x0, y0) ? new double[] {x0, y0, x0, y0} : null;
        }
        double dx = x1 - x0;
        double dy = y1 - y0;
        double low = 0;
        double high = 1;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x0 - frame.getMinX(), frame.getMaxX() - x0, y0 - frame.getMinY(), frame.getMaxY() - y0};
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) {
                    return null;
                }
            } else {
                double ratio = q[k] / p[k];
                if (p[k] < 0) {
                    low = Math.max(low, ratio);
                } else {
                    high = Math.min(high, ratio);
                }
            }
        }
        if (low > high) {
            return null;
        }
        return new double[] {
            low == 0 ? x0 : x0 + low * dx, low == 0 ? y0 : y0 + low * dy,
            high == 1 ? x1 : x0 + high * dx, high == 1 ? y1 : y0 + high * dy
        };
    }

    private double[] pixel(Rectangle plot, double[] point) {
        return new double[] {toPixelX(plot, point[0]), toPixelY(plot, point[1])};
    }

    private double toPixelX(Rectangle plot, double x) {
        return plot.x + (x - range.xMin()) / range.width() * plot.width;
    }

    private double toPixelY(Rectangle plot, double y) {
        return plot.y + (range.yMax() - y) / range.height() * plot.height;
    }

    static void drawCentered(Graphics2D g, String text, int centerX, int baseline) {
        int width = g.getFontMetrics().stringWidth(text);
        g.drawString(text, centerX - width / 2, baseline);
    }

    /** The text, cut with an ellipsis to fit {@code width} pixels. */
    static String fit(Graphics2D g, String text, int width) {
        FontMetrics metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (cut.length() > 1 && metrics.stringWidth(cut + "...") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }
}
