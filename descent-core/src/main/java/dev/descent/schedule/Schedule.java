package dev.descent.schedule;

/**
 * The learning rate as a function of the step: {@code lr = at(step)}, where {@code step} counts the
 * updates already taken (0 for the first update). A schedule never touches the optimizer; the
 * minimize loop asks it for each step's rate and hands that to the update rule.
 *
 * <p>Implementations: {@link Constant}, {@link StepDecay}, {@link MultiStep}, {@link Exponential},
 * {@link CosineAnnealing} (with optional warm restarts), {@link LinearWarmup} (composed with any
 * other) and {@link ReduceOnPlateau}, the only one driven by observed values.
 */
public interface Schedule {

    /**
     * The learning rate for the update that follows {@code step} completed updates.
     *
     * @param step at least 0
     */
    double at(long step);

    /**
     * Tells the schedule the objective value after {@code step} updates. Only schedules driven by
     * observed values ({@link ReduceOnPlateau}) use it; the default ignores it.
     */
    default void observe(long step, double value) {}

    /** A constant rate. */
    static Schedule constant(double learningRate) {
        return new Constant(learningRate);
    }
}
