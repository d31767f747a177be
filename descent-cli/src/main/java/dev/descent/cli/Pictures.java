package dev.descent.cli;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.check.Curvature;
import dev.descent.multistart.MultiStart;
import dev.descent.optim.GradientDescent;
import dev.descent.plot.ContourPlot;
import dev.descent.plot.Range;
import dev.descent.plot.Trajectory;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The pictures both {@code plot} and {@code demo} draw. */
final class Pictures {
    private Pictures() {}

    /**
     * Learning rates that are too small, too large and good for gradient descent at {@code start}:
     * {@code 0.02 / L}, the first of {@code 2.2 / L, 4 / L, 8 / L, 16 / L} with which 500 steps
     * really diverge (else {@code 2.2 / L}), and {@code 1 / L}, where {@code L} is the largest
     * curvature at the start.
     */
    static double[] automaticRates(Objective objective, double[] start) {
        double curvature = Curvature.largestEigenvalue(objective, start, 40, 1);
        if (!(curvature > 0) || !Double.isFinite(curvature)) {
            throw new UsageError("cannot choose learning rates automatically: the curvature at the start is "
                    + curvature + "; give --lrs values");
        }
        double tooLarge = 2.2 / curvature;
        for (double factor : new double[] {2.2, 4, 8, 16}) {
            dev.descent.Result probe = Minimizer.using(GradientDescent.fixed(factor / curvature))
                    .stoppingWhen(dev.descent.stop.StoppingRules.maxIterations(500)).minimize(objective, start);
            if (probe.stopReason() == dev.descent.StopReason.DIVERGED || probe.stopReason() == dev.descent.StopReason.NON_FINITE) {
                tooLarge = factor / curvature;
                break;
            }
        }
        return new double[] {0.02 / curvature, tooLarge, 1.0 / curvature};
    }

    static String[] rateNames() {
        return new String[] {"too small", "too large", "good"};
    }

    /**
     * The box around the starts, the known minima and the runs' points, leaving out points further
     * from their start than 1.5 times the distance that matters (start to minimum or to the run's
     * end), so a diverging run does not stretch the picture.
     */
    static Range rangeAround(Problem problem, List<Run> runs) {
        double spread = 0.5;
        for (Run run : runs) {
            for (double[] minimum : problem.knownMinima()) {
                spread = Math.max(spread, Math.hypot(minimum[0] - run.start()[0], minimum[1] - run.start()[1]));
            }
            if (run.result().converged() || run.result().stopReason() == dev.descent.StopReason.MAX_ITERATIONS) {
                spread = Math.max(spread, Math.hypot(run.result().point()[0] - run.start()[0],
                        run.result().point()[1] - run.start()[1]));
            }
        }
        List<double[]> points = new ArrayList<>();
        points.add(runs.isEmpty() ? new double[] {0, 0} : runs.get(0).start());
        points.addAll(problem.knownMinima());
        for (Run run : runs) {
            // a run that did not fail is shown whole, however far it swung, so that only a failing run leaves the frame
            boolean whole = !run.result().stopReason().failed();
            for (double[] p : run.points()) {
                if (whole || Math.hypot(p[0] - run.start()[0], p[1] - run.start()[1]) <= 1.5 * spread) {
                    points.add(p);
                }
            }
        }
        return Range.around(points, 0.08, 0.5, Double.POSITIVE_INFINITY);
    }

    /**
     * One panel per learning rate of one optimizer from one start, with a shared colour scale. With
     * named regimes (too small, too large, good), every panel gets the same budget, three times the
     * steps the good rate needed when it converged, so the too-small panel shows how far it gets in
     * that time rather than arriving eventually; each title says how its run ended.
     */
    static List<Run> learningRateComparison(Problem problem, double[] start, double[] rates, String[] names,
                                            java.util.function.DoubleFunction<Minimizer> loop, Range range,
                                            String title, Path file, int width, int height) throws IOException {
        java.util.function.DoubleFunction<Minimizer> budgeted = loop;
        Run good = null;
        if (names != null && rates.length == 3) {
            good = Run.of(loop.apply(rates[2]), problem, start);
            if (good.result().converged()) {
                long budget = Math.max(30, 3 * good.result().iterations());
                budgeted = rate -> {
                    Minimizer minimizer = loop.apply(rate);
                    return minimizer.stoppingWhen(minimizer.stoppingRule().or(dev.descent.stop.StoppingRules.maxIterations(budget)));
                };
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            // the good run is already the loop's run at its rate (it ended within any budget it set): not run twice
            runs.add(i == 2 && good != null ? good : Run.of(budgeted.apply(rates[i]), problem, start));
        }
        Range shown = range != null ? range : rangeAround(problem, runs);
        List<ContourPlot> panels = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            String name = names == null ? "" : names[i] + ": ";
            ContourPlot panel = base(problem, shown, run.bounds())
                    .title(String.format(Locale.ROOT, "%slr = %s, %s", name, compact(rates[i]), ending(run.result())))
                    .path(run.trajectory(new Color(0xFF3B30)));
            panels.add(panel);
        }
        ContourPlot.writeSideBySide(panels, title, file, width, height);
        return runs;
    }

    /** Three significant digits without trailing zeros: 0.002, 0.22, 0.000664. */
    static String compact(double value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toString()
                .replace("E", "e");
    }

    /** How a run ended, for a panel's title: converged in N steps, f after N steps (unfinished), or diverged at N. */
    static String ending(dev.descent.Result result) {
        long n = result.iterations();
        if (result.converged()) {
            return "converged in " + n + (n == 1 ? " step" : " steps");
        }
        if (result.stopReason().failed()) {
            return result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " at step " + n;
        }
        return String.format(Locale.ROOT, "f = %.3g after %d steps", result.value(), n);
    }

    /** Paths from many seeded starts, each coloured by the minimum it reached; the global one starred. */
    static MultiStart.Outcome localVersusGlobal(Problem problem, Minimizer minimizer, Range box, int starts, long seed,
                                                Path file, int width, int height) throws IOException {
        MultiStart multiStart = new MultiStart(minimizer.recordingTrace(), new double[] {box.xMin(), box.yMin()},
                new double[] {box.xMax(), box.yMax()}, starts, seed, 1e-3 * Math.max(box.xMax() - box.xMin(), 1));
        MultiStart.Outcome outcome = multiStart.run(problem.objective());
        double best = outcome.minima().isEmpty() ? Double.NaN : outcome.best().value();
        ContourPlot plot = base(problem, box, minimizer.bounds()).title(String.format(Locale.ROOT,
                "%d starts, %d distinct minima (seed %d)", starts, outcome.minima().size(), seed));
        for (int k = 0; k < outcome.runs().size(); k++) {
            dev.descent.Result result = outcome.runs().get(k);
            int cluster = clusterOf(outcome, result);
            Color color = cluster < 0 ? Color.LIGHT_GRAY : dev.descent.plot.Palette.color(cluster);
            String label;
            if (cluster < 0) {
                label = "did not converge (" + result.stopReason() + ")";
            } else {
                MultiStart.LocalMinimum minimum = outcome.minima().get(cluster);
                boolean global = isGlobal(minimum, best);
                label = String.format(Locale.ROOT, "%s (%.4g, %.4g), f = %.6g: %d start%s",
                        global ? "global minimum" : "local minimum", minimum.point()[0], minimum.point()[1],
                        minimum.value(), minimum.hits(), minimum.hits() == 1 ? "" : "s");
            }
            List<double[]> points = new ArrayList<>();
            result.trace().forEach(step -> points.add(step.point()));
            plot = plot.path(new Trajectory(label, points, color));
        }
        for (MultiStart.LocalMinimum minimum : outcome.minima()) {
            if (isGlobal(minimum, best)) {
                plot = plot.minimum(minimum.point());
            }
        }
        plot.write(file, width, height);
        return outcome;
    }

    /** Whether {@code minimum} is global: its value within 1e-8 (relative) of the lowest, {@code best}. */
    static boolean isGlobal(MultiStart.LocalMinimum minimum, double best) {
        return Math.abs(minimum.value() - best) <= 1e-8 * Math.max(1, Math.abs(best));
    }

    /** The index of the minimum {@code result} reached (the nearest), or -1 when it did not converge. */
    static int clusterOf(MultiStart.Outcome outcome, dev.descent.Result result) {
        if (!result.converged()) {
            return -1;
        }
        int best = -1;
        double distance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < outcome.minima().size(); i++) {
            double[] p = outcome.minima().get(i).point();
            double d = Math.hypot(p[0] - result.point()[0], p[1] - result.point()[1]);
            if (d < distance) {
                distance = d;
                best = i;
            }
        }
        return best;
    }

    /** The function's contours and known minima, with the box's outside veiled when there is one. */
    static ContourPlot base(Problem problem, Range range, dev.descent.Bounds box) {
        ContourPlot plot = ContourPlot.of(problem.objective()::value, range)
                .axisLabels(problem.variables().get(0), problem.variables().get(1));
        if (box != null) {
            plot = plot.feasibleBox(box.lower(0), box.upper(0), box.lower(1), box.upper(1));
        }
        for (double[] minimum : problem.knownMinima()) {
            plot = plot.minimum(minimum);
        }
        return plot;
    }

    static void requireTwoVariables(Problem problem) {
        if (problem.dimension() != 2) {
            throw new UsageError("plot draws functions of two variables; " + problem.description() + " has "
                    + problem.dimension());
        }
    }
}
