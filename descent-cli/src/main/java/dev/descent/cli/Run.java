package dev.descent.cli;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.TraceStep;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.plot.LossCurves;
import dev.descent.plot.Trajectory;
import dev.descent.spec.Key;
import dev.descent.spec.Spec;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One recorded run for pictures and tables: what ran, from where, and its result with the trace.
 *
 * @param optimizer the rule
 * @param start the start
 * @param result the result, with its trace
 */
record Run(Optimizer optimizer, double[] start, Result result) {

    static Run of(Minimizer minimizer, Problem problem, double[] start) {
        return new Run(minimizer.optimizer(), start, minimizer.recordingTrace().minimize(problem.objective(), start));
    }

    /** The box the run was kept in, or null. */
    dev.descent.Bounds bounds() {
        return result.bounds();
    }

    List<double[]> points() {
        List<double[]> points = new ArrayList<>(result.trace().size());
        for (TraceStep step : result.trace()) {
            points.add(step.point());
        }
        return points;
    }

    /** "adam:lr=0.05: GRADIENT_TOLERANCE after 412 steps", the legend of the run's path. */
    String label() {
        return name() + ": " + result.stopReason() + " after " + result.iterations()
                + (result.iterations() == 1 ? " step" : " steps");
    }

    /**
     * The optimizer as the spec string that would run it again, its rate written even at its
     * default ({@code sgd:lr=1e-3,momentum=0.9}, {@code gd:line_search=armijo}), so that a race of
     * one optimizer configured differently tells its paths apart; L-BFGS in a box is
     * {@code lbfgs-b}. A rule with no spec (parameter groups) is described instead.
     */
    String name() {
        Spec spec;
        try {
            spec = Optimizers.specOf(optimizer);
        } catch (IllegalArgumentException e) {
            return BoundsOptions.describe(optimizer, result.bounds());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (!optimizer.searchesLine() && !spec.has("lr")) {
            settings.put("lr", Key.decimal(optimizer.learningRate()));
        }
        settings.putAll(spec.settings());
        String kind = result.bounds() != null && optimizer instanceof dev.descent.optim.Lbfgs ? "lbfgs-b" : spec.name();
        return new Spec(kind, settings).toString();
    }

    /**
     * The optimizer's spec without its rate ({@code sgd:momentum=0.9}), for a lesson that varies the
     * rate; a rule with no spec (parameter groups) is described instead.
     */
    static String withoutRate(Optimizer optimizer) {
        try {
            Spec spec = Optimizers.specOf(optimizer);
            Map<String, String> settings = new LinkedHashMap<>(spec.settings());
            settings.remove("lr");
            return new Spec(spec.name(), settings).toString();
        } catch (IllegalArgumentException e) {
            return optimizer.describe();
        }
    }

    Trajectory trajectory(Color color) {
        return new Trajectory(label(), points(), color);
    }

    Trajectory trajectory() {
        return trajectory(null);
    }

    LossCurves.Series series() {
        List<TraceStep> trace = result.trace();
        double[] iterations = new double[trace.size()];
        double[] values = new double[trace.size()];
        double[] gradients = new double[trace.size()];
        for (int i = 0; i < trace.size(); i++) {
            iterations[i] = trace.get(i).iteration();
            values[i] = trace.get(i).value();
            gradients[i] = trace.get(i).gradientNorm();
        }
        return new LossCurves.Series(BoundsOptions.describe(optimizer, result.bounds()), iterations, values, gradients);
    }

    /** A table row: optimizer, learning rate, iterations, final value, stop reason. */
    String row() {
        return String.format(Locale.ROOT, "%-24s %10s %10d %14.6g  %s", BoundsOptions.describe(optimizer, result.bounds()),
                Ticks.rate(optimizer.learningRate()), result.iterations(), result.value(), result.stopReason());
    }

    static String header() {
        return String.format(Locale.ROOT, "%-24s %10s %10s %14s  %s", "optimizer", "lr", "iterations", "final f", "stop");
    }

    /** Formatting of learning rates for tables. */
    static final class Ticks {
        private Ticks() {}

        static String rate(double rate) {
            return String.format(Locale.ROOT, "%.3g", rate);
        }
    }
}
