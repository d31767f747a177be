package dev.descent.schedule;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One run's view of a {@link Schedule}: the rate of every step, and for observing schedules what
 * has been observed so far. Made by {@link Schedule#init}; lives in the run, is saved with the run's
 * checkpoints and never shared between runs.
 */
@FunctionalInterface
public interface ScheduleState {

    /**
     * The learning rate for the update that follows {@code step} completed updates.
     *
     * @param step at least 0
     */
    double rate(long step);

    /**
     * The momentum coefficient for the update that follows {@code step} completed updates, or NaN to
     * leave the optimizer's own ({@link Schedule#momentum}).
     *
     * @param step at least 0
     */
    default double momentum(long step) {
        return Double.NaN;
    }

    /**
     * Tells the state the watched value after {@code step} updates (once per epoch in training, once
     * per iteration when minimizing a function). Only observing schedules use it.
     */
    default void observe(long step, double value) {}

    /** Writes what has been observed, so that {@link #readFrom} restores it exactly; nothing by default. */
    default void writeTo(DataOutput out) throws IOException {}

    /** Reads what {@link #writeTo} wrote into this state. */
    default void readFrom(DataInput in) throws IOException {}
}
