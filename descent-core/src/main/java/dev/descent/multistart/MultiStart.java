package dev.descent.multistart;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.vector.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs one method from many seeded random starts in a box and gathers the distinct local minima
 * it reached: the local-versus-global story of the textbook. Starts are drawn uniformly in
 * {@code [lower, upper]} from {@link SplittableRandom} with the given seed, so the same seed gives
 * the same starts, runs and minima. Two converged runs belong to the same minimum when their
 * points lie within {@code distanceTolerance} of each other (the first point found stands for the
 * cluster; a lower value found later replaces it). Runs that did not converge (a budget, a
 * divergence, a NaN) are kept in {@link Outcome#runs()} but count towards no minimum.
 *
 * @param minimizer the method, its stopping rule and options
 * @param lower the box's lower corner
 * @param upper the box's upper corner, each entry above {@code lower}'s
 * @param starts the number of starts, at least 1
 * @param seed the seed of the starts
 * @param distanceTolerance the distance under which two end points are one minimum, &gt; 0
 */
public record MultiStart(Minimizer minimizer, double[] lower, double[] upper, int starts, long seed,
                         double distanceTolerance) {

    /** Validates and copies the box. */
    public MultiStart {
        Objects.requireNonNull(minimizer, "minimizer");
        lower = lower.clone();
        upper = upper.clone();
        Vectors.checkSameLength(lower, upper);
        for (int i = 0; i < lower.length; i++) {
            if (!(lower[i] < upper[i]) || !Double.isFinite(lower[i]) || !Double.isFinite(upper[i])) {
                throw new IllegalArgumentException("box must have finite lower < upper in every coordinate; coordinate "
                        + i + " is [" + lower[i] + ", " + upper[i] + "]");
            }
        }
        if (starts < 1) {
            throw new IllegalArgumentException("starts must be at least 1: " + starts);
        }
        if (!(distanceTolerance > 0)) {
            throw new IllegalArgumentException("distanceTolerance must be in (0, inf): " + distanceTolerance);
        }
    }

    /** Copy. */
    @Override
    public double[] lower() {
        return lower.clone();
    }

    /** Copy. */
    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** The starting points this configuration draws, in order. */
    public List<double[]> startingPoints() {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> points = new ArrayList<>(starts);
        for (int k = 0; k < starts; k++) {
            double[] point = new double[lower.length];
            for (int i = 0; i < point.length; i++) {
                point[i] = lower[i] + (upper[i] - lower[i]) * random.nextDouble();
            }
            points.add(point);
        }
        return points;
    }

    /** Runs the method from every start and clusters the minima. */
    public Outcome run(Objective objective) {
        if (objective.dimension() != lower.length) {
            throw new IllegalArgumentException("the box has " + lower.length + " coordinates, the objective "
                    + objective.dimension());
        }
        List<double[]> points = startingPoints();
        List<Result> runs = new ArrayList<>(starts);
        List<Cluster> clusters = new ArrayList<>();
        for (double[] start : points) {
            Result result = minimizer.minimize(objective, start);
            runs.add(result);
            if (result.converged()) {
                assign(clusters, result);
            }
        }
        List<LocalMinimum> minima = new ArrayList<>();
        for (Cluster cluster : clusters) {
            minima.add(new LocalMinimum(cluster.point, cluster.value, cluster.hits));
        }
        minima.sort(Comparator.comparingDouble(LocalMinimum::value));
        return new Outcome(minima, points, runs);
    }

    private void assign(List<Cluster> clusters, Result result) {
        double[] point = result.point();
        for (Cluster cluster : clusters) {
            if (Vectors.distance(cluster.point, point) <= distanceTolerance) {
                cluster.hits++;
                if (result.value() < cluster.value) {
                    cluster.point = point;
                    cluster.value = result.value();
                }
                return;
            }
        }
        clusters.add(new Cluster(point, result.value()));
    }

    private static final class Cluster {
        double[] point;
        double value;
        int hits = 1;

        Cluster(double[] point, double value) {
            this.point = point;
            this.value = value;
        }
    }

    /**
     * A distinct local minimum.
     *
     * @param point the best point found in its cluster
     * @param value its value
     * @param hits how many starts converged to it
     */
    public record LocalMinimum(double[] point, double value, int hits) {
        /** Copies the point. */
        public LocalMinimum {
            point = point.clone();
        }

        /** The best point found in its cluster, a copy. */
        @Override
        public double[] point() {
            return point.clone();
        }
    }

    /**
     * What the starts found.
     *
     * @param minima the distinct minima, lowest value first
     * @param starts the starting points, in order
     * @param runs the result of each start, in order
     */
    public record Outcome(List<LocalMinimum> minima, List<double[]> starts, List<Result> runs) {
        /** Copies the lists. */
        public Outcome {
            minima = List.copyOf(minima);
            starts = List.copyOf(starts);
            runs = List.copyOf(runs);
        }

        /** The lowest minimum found; throws when no run converged. */
        public LocalMinimum best() {
            if (minima.isEmpty()) {
                throw new IllegalStateException("no start converged to a minimum (" + runs.size() + " runs)");
            }
            return minima.get(0);
        }

        /** Runs that met no tolerance (budget, divergence, NaN, line-search failure). */
        public long unconvergedRuns() {
            return runs.stream().filter(r -> !r.converged()).count();
        }

        /**
         * Whether {@code minimum} is a global one as far as the starts can tell: its value within
         * 1e-8 (relative, or absolute below 1) of the lowest value found.
         */
        public boolean isGlobal(LocalMinimum minimum) {
            double best = minima.isEmpty() ? Double.NaN : best().value();
            return Math.abs(minimum.value() - best) <= 1e-8 * Math.max(1, Math.abs(best));
        }

        /**
         * The index in {@link #minima()} of the minimum {@code result} reached: the nearest one (in
         * the plane of the first two coordinates), or -1 when the run did not converge.
         */
        public int minimumOf(Result result) {
            if (!result.converged()) {
                return -1;
            }
            int nearest = -1;
            double distance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < minima.size(); i++) {
                double[] p = minima.get(i).point();
                double d = Math.hypot(p[0] - result.point()[0], p[1] - result.point()[1]);
                if (d < distance) {
                    distance = d;
                    nearest = i;
                }
            }
            return nearest;
        }
    }
}
