package dev.descent.spark.ml;

import java.io.Serializable;

/**
 * What a fit did, as MLlib's training summaries report it: the objective (the weighted mean loss plus
 * the penalty) at the start of each iteration and at the end, the iterations (epochs for
 * mini-batches) and why training stopped.
 */
public final class DescentTrainingSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] objectiveHistory;
    private final double[] elapsedMillis;
    private final int totalIterations;
    private final String stopReason;
    private final String stopDetail;

    DescentTrainingSummary(double[] objectiveHistory, double[] elapsedMillis, int totalIterations, String stopReason,
                           String stopDetail) {
        if (elapsedMillis.length != objectiveHistory.length) {
            throw new IllegalArgumentException(elapsedMillis.length + " times for " + objectiveHistory.length + " objectives");
        }
        this.objectiveHistory = objectiveHistory.clone();
        this.elapsedMillis = elapsedMillis.clone();
        this.totalIterations = totalIterations;
        this.stopReason = stopReason;
        this.stopDetail = stopDetail;
    }

    /**
     * The objective before each iteration and, last, at the parameters returned; for mini-batches the
     * objective of each batch as it was stepped on, without a final one.
     */
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }

    /**
     * When each objective of {@link #objectiveHistory} was known: milliseconds since training began (after
     * the rows were cached and standardized), for time-to-objective comparisons.
     */
    public double[] elapsedMillis() {
        return elapsedMillis.clone();
    }

    /** The iterations run: optimizer steps on the full batch, epochs on mini-batches. */
    public int totalIterations() {
        return totalIterations;
    }

    /** Why training stopped, the name of descent's stop reason ({@code GRADIENT_TOLERANCE}, {@code MAX_EPOCHS}, ...). */
    public String stopReason() {
        return stopReason;
    }

    /** The stop's specifics, or empty. */
    public String stopDetail() {
        return stopDetail;
    }

    @Override
    public String toString() {
        return "stopped (" + stopReason + (stopDetail.isEmpty() ? "" : ": " + stopDetail) + ") after " + totalIterations
                + " iterations, objective " + (objectiveHistory.length == 0 ? "n/a"
                : String.valueOf(objectiveHistory[objectiveHistory.length - 1]));
    }
}
