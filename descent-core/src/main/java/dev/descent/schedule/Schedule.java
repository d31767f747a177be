package dev.descent.schedule;

import dev.descent.Check;

/**
 * The learning rate as a function of the step, relative to the optimizer's rate:
 * {@code lr_t = at(baseRate, t)}, where {@code baseRate} is the optimizer's learning rate (the one
 * owner of the rate) and {@code t} counts the updates already taken (0 for the first update). A
 * schedule is an immutable value shared by any number of runs; it never touches the optimizer. The
 * loop makes one {@link ScheduleState} per run with {@link #init}, and that state, not the schedule,
 * holds whatever the run observes (the only schedule that observes is {@link ReduceOnPlateau}).
 *
 * <p>A schedule may also set the optimizer's momentum coefficient step by step ({@link #momentum}),
 * as torch's OneCycleLR and CyclicLR cycle {@code momentum} or {@code beta1}; the others leave it.
 *
 * <p>Implementations: {@link Constant}, {@link StepDecay}, {@link MultiStep}, {@link Exponential},
 * {@link CosineAnnealing} (with optional warm restarts), {@link Polynomial}, {@link OneCycle}, {@link Cyclic}, {@link LinearWarmup} (composed with any
 * other) and {@link ReduceOnPlateau}.
 */
public interface Schedule {

    /**
     * The learning rate for the update that follows {@code step} completed updates, with nothing
     * observed.
     *
     * @param baseRate the optimizer's learning rate, in [0, inf)
     * @param step at least 0
     */
    double at(double baseRate, long step);

    /**
     * A fresh per-run state. Schedules of the step alone answer {@link #at} and ignore what is
     * observed; observing schedules override this.
     *
     * @param baseRate the optimizer's learning rate
     */
    default ScheduleState init(double baseRate) {
        Check.nonNegative("baseRate", baseRate);
        Schedule schedule = this;
        return new ScheduleState() {
            @Override
            public double rate(long step) {
                return schedule.at(baseRate, step);
            }

            @Override
            public double momentum(long step) {
                return schedule.momentum(step);
            }
        };
    }

    /**
     * The momentum coefficient for the update that follows {@code step} completed updates, or NaN when
     * this schedule leaves the optimizer's own (every schedule but a momentum-cycling one).
     *
     * @param step at least 0
     */
    default double momentum(long step) {
        return Double.NaN;
    }

    /** Whether {@link #momentum} sets the optimizer's momentum; the loop then needs a rule that has one. */
    default boolean cyclesMomentum() {
        return false;
    }

    /** The constant rate: {@code lr_t = baseRate}. */
    static Schedule constant() {
        return Constant.INSTANCE;
    }
}
