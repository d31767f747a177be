package dev.descent.multistart;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;

/**
 * The basins of attraction of a function of two variables on a grid: the method run from the centre
 * of every cell of a {@code cells x cells} grid over a box, each cell marked with the minimum that
 * run reached. The minima are those seeded starts found ({@link MultiStart.Outcome#minima()}); a run
 * reaches one when it converges within ten times the starts' clustering distance of it (the
 * nearest, if several), and its cell is -1 when it did not converge or ended elsewhere.
 *
 * @param cells the cells per side
 * @param minimum per cell, row by row from the top row (largest y), the index of the minimum reached or -1
 */
public record BasinMap(int cells, int[] minimum) {

    /** Validates and copies the cells. */
    public BasinMap {
        if (cells < 1 || minimum.length != cells * cells) {
            throw new IllegalArgumentException("a map of " + cells + " cells per side has " + cells * cells
                    + " entries, not " + minimum.length);
        }
        minimum = minimum.clone();
    }

    /** The cells, a copy. */
    @Override
    public int[] minimum() {
        return minimum.clone();
    }

    /** The index of the minimum the cell in {@code row} (0 at the top) and {@code column} (0 at the left) leads to, or -1. */
    public int at(int row, int column) {
        return minimum[row * cells + column];
    }

    /**
     * The basin map over the box of {@code starts}, for the minima its {@code outcome} found.
     *
     * @param starts the seeded starts: their box (two coordinates) and clustering distance
     * @param outcome what the starts found
     * @param minimizer the method run from every cell (a minimizer that records no trace runs faster)
     * @param objective the function of two variables
     * @param cells the cells per side, at least 1; the map runs the method {@code cells * cells} times
     */
    public static BasinMap of(MultiStart starts, MultiStart.Outcome outcome, Minimizer minimizer, Objective objective,
                              int cells) {
        double[] lower = starts.lower();
        double[] upper = starts.upper();
        if (lower.length != 2) {
            throw new IllegalArgumentException("a basin map is drawn in two variables; the box has " + lower.length);
        }
        if (cells < 1) {
            throw new IllegalArgumentException("cells must be at least 1: " + cells);
        }
        double tolerance = starts.distanceTolerance();
        int[] minimum = new int[cells * cells];
        for (int r = 0; r < cells; r++) {
            for (int c = 0; c < cells; c++) {
                double[] start = {lower[0] + (c + 0.5) / cells * (upper[0] - lower[0]),
                    upper[1] - (r + 0.5) / cells * (upper[1] - lower[1])};
                Result result = minimizer.minimize(objective, start);
                int nearest = -1;
                if (result.converged()) {
                    double distance = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < outcome.minima().size(); i++) {
                        double[] p = outcome.minima().get(i).point();
                        double d = Math.hypot(p[0] - result.point()[0], p[1] - result.point()[1]);
                        if (d < distance && d <= 10 * tolerance) {
                            distance = d;
                            nearest = i;
                        }
                    }
                }
                minimum[r * cells + c] = nearest;
            }
        }
        return new BasinMap(cells, minimum);
    }
}
