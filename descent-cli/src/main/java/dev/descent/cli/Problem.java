package dev.descent.cli;

import dev.descent.Objective;
import dev.descent.io.Printable;
import java.util.List;

/**
 * What to minimize: the objective, its variable names, its standard start and its known minima.
 *
 * @param description a one-line description for people
 * @param objective the function
 * @param variables the coordinate names, in order
 * @param standardStart where to start when {@code --start} is absent
 * @param knownMinima the known global minimizers (may be empty)
 * @param box the function's usual search box as {xmin, xmax, ymin, ymax, ...}, or null
 */
record Problem(String description, Objective objective, List<String> variables, double[] standardStart,
               List<double[]> knownMinima, double[] box) {
    int dimension() {
        return objective.dimension();
    }

    /**
     * Refuses a start where f or its gradient is not finite (a formula's default origin outside its
     * domain, such as {@code log(x)} at 0): no run can start there, so it is a usage error naming the
     * start and what to give instead, not a run that reports NaN.
     */
    void checkStart(double[] start) {
        double[] gradient = new double[start.length];
        double value = objective.valueAndGradient(start.clone(), gradient);
        String at = "at the start " + Printable.point(start) + ": give --start inside its domain";
        if (!Double.isFinite(value)) {
            throw new UsageError("f is " + value + " " + at);
        }
        for (int i = 0; i < gradient.length; i++) {
            if (!Double.isFinite(gradient[i])) {
                throw new UsageError("the gradient of f in " + variables.get(i) + " is " + gradient[i] + " " + at);
            }
        }
    }

    /** The function as the pictures draw it; only for a function of two variables. */
    dev.descent.plot.Landscape landscape() {
        return new dev.descent.plot.Landscape(objective, variables, knownMinima);
    }

}
