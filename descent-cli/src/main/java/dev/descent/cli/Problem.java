package dev.descent.cli;

import dev.descent.Objective;
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
}
