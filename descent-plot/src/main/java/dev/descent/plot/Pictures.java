package dev.descent.plot;

import dev.descent.Bounds;
import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.multistart.MultiStart;
import dev.descent.rangetest.LearningRateRegimes;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The pictures of the lessons on gradient descent, each from real runs of the library: the
 * function's contours with its known minima ({@link #base}); one panel per learning rate, the lesson
 * of the step size ({@link #learningRateLesson}, with the regimes {@link LearningRateRegimes} finds
 * by running the optimizer, or {@link #learningRateComparison} for rates of one's own); paths from many seeded starts coloured by the
 * minimum each reached, the lesson of local against global minima ({@link #localVersusGlobal}); and
 * the frame that shows a race of paths ({@link #rangeAround}).
 *
 * <pre>{@code
 * Landscape camel = new Landscape(TestFunctions.byName("six-hump-camel", 2), List.of("x", "y"),
 *         TestFunctions.byName("six-hump-camel", 2).globalMinima());
 * Pictures.localVersusGlobal(camel, Minimizer.using(GradientDescent.fixed(0.01)), new Range(-2, 2, -1.1, 1.1),
 *         40, 0, Path.of("minima.png"), 900, 700);
 * }</pre>
 */
public final class Pictures {
    private Pictures() {}

    /** The colour of a path of the learning-rate panels. */
    private static final Color PANEL_PATH = new Color(0xFF3B30);

    /**
     * The function's contours and known minima over {@code range}, the axes named by its variables,
     * with the outside of {@code box} veiled when there is one.
     *
     * @param box the box the runs kept to, or null
     */
    public static ContourPlot base(Landscape landscape, Range range, Bounds box) {
        ContourPlot plot = ContourPlot.of(landscape.objective()::value, range)
                .axisLabels(landscape.variables().get(0), landscape.variables().get(1));
        if (box != null) {
            plot = plot.feasibleBox(box.lower(0), box.upper(0), box.lower(1), box.upper(1));
        }
        for (double[] minimum : landscape.minima()) {
            plot = plot.minimum(minimum);
        }
        return plot;
    }

    /**
     * The frame around every run's start and end, the known minima and the runs' points, leaving out
     * the points of a failed run further from its start than 1.5 times the distance that matters
     * (start to minimum, or to where a run ended), so a diverging run does not stretch the picture; a
     * run that did not fail is shown whole, however far it swung. A run's end is its result's point
     * (for a failed run, the best point before the failure), so a race never hides a minimum one of
     * its runs found, even one that ended with its line search at the precision limit.
     *
     * @param starts the start of each run
     * @param results each run's result, with its trace, in the order of {@code starts}
     */
    public static Range rangeAround(Landscape landscape, List<double[]> starts, List<Result> results) {
        if (starts.size() != results.size()) {
            throw new IllegalArgumentException(starts.size() + " starts for " + results.size() + " runs");
        }
        double spread = 0.5;
        for (int k = 0; k < results.size(); k++) {
            double[] start = starts.get(k);
            Result result = results.get(k);
            for (double[] minimum : landscape.minima()) {
                spread = Math.max(spread, Math.hypot(minimum[0] - start[0], minimum[1] - start[1]));
            }
            if (finite(result.point())) {
                spread = Math.max(spread, Math.hypot(result.point()[0] - start[0], result.point()[1] - start[1]));
            }
        }
        List<double[]> points = new ArrayList<>();
        if (results.isEmpty()) {
            points.add(new double[] {0, 0});
        }
        points.addAll(starts);
        for (Result result : results) {
            if (finite(result.point())) {
                points.add(result.point());
            }
        }
        points.addAll(landscape.minima());
        for (int k = 0; k < results.size(); k++) {
            double[] start = starts.get(k);
            Result result = results.get(k);
            boolean whole = !result.stopReason().failed();
            for (double[] p : points(result)) {
                if (whole || Math.hypot(p[0] - start[0], p[1] - start[1]) <= 1.5 * spread) {
                    points.add(p);
                }
            }
        }
        return Range.around(points, 0.08, 0.5, Double.POSITIVE_INFINITY);
    }

    /**
     * One panel per learning rate of one method from one start, with a shared colour scale, written
     * to {@code file}; each title says its rate and how its run ended.
     *
     * @param rates the learning rates, one panel each
     * @param loop the method at a rate: its rule, stopping rule and options
     * @param range the frame, or null for the one around the runs ({@link #rangeAround})
     * @param title the picture's title
     * @return each panel's run, with its trace, in the order of {@code rates}
     * @throws IOException when the file cannot be written
     */
    public static List<Result> learningRateComparison(Landscape landscape, double[] start, double[] rates,
                                                      DoubleFunction<Minimizer> loop, Range range, String title, Path file,
                                                      int width, int height) throws IOException {
        List<Result> results = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (double rate : rates) {
            Result result = run(loop.apply(rate), landscape, start);
            results.add(result);
            titles.add("lr = " + LearningRateRegimes.compact(rate) + "\n" + ending(result));
        }
        panels(landscape, start, results, titles, range, title, file, width, height);
        return results;
    }

    /**
     * The lesson of the step size: one panel per regime the search found (too small, too large,
     * good; {@link LearningRateRegimes#search}), each titled with its regime, its rate and what its
     * run did, with a shared colour scale, written to {@code file}.
     *
     * @param lesson the regimes, each with its run and trace
     * @param range the frame, or null for the one around the runs ({@link #rangeAround})
     * @param title the picture's title
     * @throws IOException when the file cannot be written
     */
    public static void learningRateLesson(Landscape landscape, double[] start, LearningRateRegimes lesson, Range range,
                                          String title, Path file, int width, int height) throws IOException {
        List<Result> results = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (LearningRateRegimes.Panel panel : lesson.panels()) {
            results.add(panel.run());
            titles.add(panel.regime().words() + ": lr = " + LearningRateRegimes.compact(panel.rate()) + "\n" + panel.story());
        }
        panels(landscape, start, results, titles, range, title, file, width, height);
    }

    private static void panels(Landscape landscape, double[] start, List<Result> results, List<String> titles, Range range,
                               String title, Path file, int width, int height) throws IOException {
        Range shown = range != null ? range : rangeAround(landscape, Collections.nCopies(results.size(), start), results);
        List<ContourPlot> panels = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            String label = result.stopReason() + " after " + result.iterations()
                    + (result.iterations() == 1 ? " step" : " steps");
            panels.add(base(landscape, shown, result.bounds()).title(titles.get(i))
                    .path(new Trajectory(label, points(result), PANEL_PATH)));
        }
        ContourPlot.writeSideBySide(panels, title, file, width, height);
    }

    /**
     * Paths from {@code starts} seeded starts in {@code box}, each coloured by the minimum it reached
     * and labelled local or global by its value, the global minima starred, written to {@code file}.
     *
     * @param minimizer the method (its trace is recorded for the paths)
     * @return what the starts found
     * @throws IOException when the file cannot be written
     */
    public static MultiStart.Outcome localVersusGlobal(Landscape landscape, Minimizer minimizer, Range box, int starts,
                                                       long seed, Path file, int width, int height) throws IOException {
        MultiStart multiStart = new MultiStart(minimizer.recordingTrace(), new double[] {box.xMin(), box.yMin()},
                new double[] {box.xMax(), box.yMax()}, starts, seed, 1e-3 * Math.max(box.xMax() - box.xMin(), 1));
        MultiStart.Outcome outcome = multiStart.run(landscape.objective());
        ContourPlot plot = base(landscape, box, minimizer.bounds()).title(String.format(Locale.ROOT,
                "%d starts, %d distinct minima (seed %d)", starts, outcome.minima().size(), seed));
        for (Result result : outcome.runs()) {
            int cluster = outcome.minimumOf(result);
            Color color = cluster < 0 ? Color.LIGHT_GRAY : Palette.color(cluster);
            String label;
            if (cluster < 0) {
                label = "did not converge (" + result.stopReason() + ")";
            } else {
                MultiStart.LocalMinimum minimum = outcome.minima().get(cluster);
                label = String.format(Locale.ROOT, "%s (%.4g, %.4g), f = %.6g: %d start%s",
                        outcome.isGlobal(minimum) ? "global minimum" : "local minimum", minimum.point()[0],
                        minimum.point()[1], minimum.value(), minimum.hits(), minimum.hits() == 1 ? "" : "s");
            }
            plot = plot.path(new Trajectory(label, points(result), color));
        }
        for (MultiStart.LocalMinimum minimum : outcome.minima()) {
            if (outcome.isGlobal(minimum)) {
                plot = plot.minimum(minimum.point());
            }
        }
        plot.write(file, width, height);
        return outcome;
    }

    private static Result run(Minimizer minimizer, Landscape landscape, double[] start) {
        return minimizer.recordingTrace().minimize(landscape.objective(), start);
    }

    private static boolean finite(double[] point) {
        return Double.isFinite(point[0]) && Double.isFinite(point[1]);
    }

    private static List<double[]> points(Result result) {
        List<double[]> points = new ArrayList<>(result.trace().size());
        result.trace().forEach(step -> points.add(step.point()));
        return points;
    }

    /** How a run ended, for a panel's title: converged in N steps, f after N steps (unfinished), or diverged at N. */
    static String ending(Result result) {
        long n = result.iterations();
        if (result.converged()) {
            return "converged in " + n + (n == 1 ? " step" : " steps");
        }
        if (result.stopReason().failed()) {
            return result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " at step " + n;
        }
        return String.format(Locale.ROOT, "f = %.3g after %d steps", result.value(), n);
    }
}
