package dev.descent.cli;

import dev.descent.Objective;
import dev.descent.rangetest.LearningRateRegimes;
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

    /** The function as the pictures draw it; only for a function of two variables. */
    dev.descent.plot.Landscape landscape() {
        return new dev.descent.plot.Landscape(objective, variables, knownMinima);
    }

    /**
     * Learning rates too small, too large and good for gradient descent at {@code start}
     * ({@link LearningRateRegimes}), or a {@link UsageError} when the curvature there gives none.
     */
    static double[] automaticRates(Objective objective, double[] start) {
        try {
            return LearningRateRegimes.at(objective, start).rates();
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage() + "; give several --lr values");
        }
    }
}
