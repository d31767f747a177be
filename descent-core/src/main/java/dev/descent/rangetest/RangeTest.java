package dev.descent.rangetest;

import dev.descent.StopReason;
import dev.descent.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a learning-rate range test ({@link LearningRateFinder}): the curve recorded step
 * by step and the rate it suggests. Step {@code t} (0-based) updated with {@code rates[t]} and reached
 * a point whose loss is {@code losses[t]}; {@code smoothedLosses[t]} is fastai's bias-corrected
 * exponential average of the losses up to it.
 *
 * <pre>
 * minimumIndex   = argmin smoothed_t over t &gt;= steps / 10 (over every step when fewer were taken)
 * suggestedRate  = rates[minimumIndex] / 10                       (fastai's "minimum / 10")
 * steepestIndex  = argmin (smoothed_{t+1} - smoothed_t) / (ln rate_{t+1} - ln rate_t), same window
 * </pre>
 *
 * @param finder the sweep's settings
 * @param rates the rate of every step taken, rising
 * @param losses the loss after every step (NaN or infinite at the step that stopped the test)
 * @param smoothedLosses the smoothed loss after every step
 * @param minimumIndex the step of the lowest smoothed loss in the window, or -1 when no loss was finite
 * @param steepestIndex the step where the smoothed loss falls fastest against {@code log lr}, or -1
 *     with fewer than two finite smoothed losses
 * @param stopReason {@link StopReason#MAX_ITERATIONS} when the whole range was swept,
 *     {@link StopReason#DIVERGED} when the smoothed loss blew up, {@link StopReason#NON_FINITE} for a
 *     NaN or infinite loss or gradient, {@link StopReason#UNBOUNDED} for a loss falling without bound
 * @param detail where it stopped early, or empty
 * @param warnings when the suggestion cannot be trusted, in words a user can act on; empty when all is well
 */
public record RangeTest(LearningRateFinder finder, double[] rates, double[] losses, double[] smoothedLosses,
                        int minimumIndex, int steepestIndex, StopReason stopReason, String detail,
                        List<String> warnings) {

    /** Validates and copies. */
    public RangeTest {
        Objects.requireNonNull(finder, "finder");
        Objects.requireNonNull(stopReason, "stopReason");
        detail = detail == null ? "" : detail;
        if (rates.length != losses.length || losses.length != smoothedLosses.length) {
            throw new IllegalArgumentException("rates, losses and smoothed losses must have the same length: "
                    + rates.length + ", " + losses.length + ", " + smoothedLosses.length);
        }
        if (minimumIndex < -1 || minimumIndex >= rates.length || steepestIndex < -1 || steepestIndex >= rates.length) {
            throw new IllegalArgumentException("minimumIndex and steepestIndex must be in [-1, " + rates.length + "): " + minimumIndex
                    + " and " + steepestIndex);
        }
        rates = rates.clone();
        losses = losses.clone();
        smoothedLosses = smoothedLosses.clone();
        warnings = List.copyOf(warnings);
    }

    /** The curve of a run, with the suggestion and its warnings worked out. */
    static RangeTest of(LearningRateFinder finder, double[] rates, double[] losses, double[] smoothed, StopReason reason,
                        String detail) {
        int n = rates.length;
        int from = n > finder.steps() / 10 ? finder.steps() / 10 : 0;
        int minimum = -1;
        for (int t = from; t < n; t++) {
            if (Double.isFinite(smoothed[t]) && (minimum < 0 || smoothed[t] < smoothed[minimum])) {
                minimum = t;
            }
        }
        int steepest = -1;
        double steepestSlope = Double.POSITIVE_INFINITY;
        for (int t = from; t + 1 < n; t++) {
            double slope = (smoothed[t + 1] - smoothed[t]) / (Math.log(rates[t + 1]) - Math.log(rates[t]));
            if (Double.isFinite(slope) && slope < steepestSlope) {
                steepestSlope = slope;
                steepest = t;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (minimum < 0) {
            warnings.add("no step gave a finite loss: lower the start of the range (now "
                    + Optimizer.shortNumber(finder.minRate()) + ")");
        } else if (reason == StopReason.MAX_ITERATIONS && minimum == n - 1) {
            warnings.add("the smoothed loss had not turned up by the end of the range (lr "
                    + Optimizer.shortNumber(rates[n - 1]) + "), so the suggestion may be too low: raise the top of the "
                    + "range (now " + Optimizer.shortNumber(finder.maxRate()) + ")");
        } else if (minimum == from && n > from + 1) {
            warnings.add("the smoothed loss never fell (its lowest is at lr " + Optimizer.shortNumber(rates[minimum])
                    + ", where the search starts): lower the start of the range (now "
                    + Optimizer.shortNumber(finder.minRate()) + ")");
        }
        return new RangeTest(finder, rates, losses, smoothed, minimum, steepest, reason, detail, warnings);
    }

    /** Copy. */
    @Override
    public double[] rates() {
        return rates.clone();
    }

    /** Copy. */
    @Override
    public double[] losses() {
        return losses.clone();
    }

    /** Copy. */
    @Override
    public double[] smoothedLosses() {
        return smoothedLosses.clone();
    }

    /** The steps taken. */
    public int steps() {
        return rates.length;
    }

    /** The rate at the lowest smoothed loss, or NaN when no loss was finite. */
    public double minimumRate() {
        return minimumIndex < 0 ? Double.NaN : rates[minimumIndex];
    }

    /** The suggested rate: a tenth of {@link #minimumRate()} (fastai's "minimum / 10"), or NaN. */
    public double suggestedRate() {
        return minimumRate() / 10;
    }

    /**
     * The rate where the smoothed loss falls fastest against {@code log lr} (fastai's "steep",
     * torch-lr-finder's suggestion), or NaN: reported for comparison; on a quadratic it is 2 to 7 times
     * slower than the best rate ({@link LearningRateFinder}).
     */
    public double steepestRate() {
        return steepestIndex < 0 ? Double.NaN : rates[steepestIndex];
    }

    /** True when the test stopped before the end of the range because the loss blew up or turned NaN. */
    public boolean stoppedEarly() {
        return stopReason != StopReason.MAX_ITERATIONS;
    }

    @Override
    public String toString() {
        return "RangeTest[steps=" + rates.length + ", stop=" + stopReason + (detail.isEmpty() ? "" : " (" + detail + ")")
                + ", minimumRate=" + minimumRate() + ", suggestedRate=" + suggestedRate() + ", steepestRate="
                + steepestRate() + (warnings.isEmpty() ? "" : ", warnings=" + warnings) + "]";
    }
}
