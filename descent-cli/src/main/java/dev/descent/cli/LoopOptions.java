package dev.descent.cli;

import dev.descent.GradientClipping;
import dev.descent.Minimizer;
import dev.descent.optim.Optimizer;
import dev.descent.schedule.Schedule;
import dev.descent.stop.StoppingRule;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What wraps the update rule in the loop: the schedule, warm-up and gradient clipping. */
final class LoopOptions {

    @Mixin
    ScheduleOptions scheduleOptions;

    @Option(names = "--clip-norm", paramLabel = "X", description = "Clip each (mini-batch) gradient to Euclidean norm X.")
    Double clipNorm;

    /** The loop around {@code optimizer} stopping by {@code stop}; refuses options the optimizer cannot honour. */
    Minimizer minimizer(Optimizer optimizer, StoppingRule stop) {
        Minimizer minimizer = Minimizer.using(optimizer).stoppingWhen(stop);
        Schedule schedule = schedule(optimizer);
        if (schedule != null) {
            minimizer = minimizer.schedule(schedule);
        }
        GradientClipping clipping = clipping(optimizer);
        if (clipping != null) {
            minimizer = minimizer.clipping(clipping);
        }
        return minimizer;
    }

    /** The schedule asked for, or null; refused for an optimizer that sets its own steps. */
    Schedule schedule(Optimizer optimizer) {
        Schedule schedule = scheduleOptions.build();
        if (schedule != null && !optimizer.followsSchedule()) {
            throw new UsageError("--schedule and --warmup do not apply to " + optimizer.name()
                    + " (its line search sets the step)");
        }
        return schedule;
    }

    /** The clipping asked for, or null; refused for an optimizer whose line search needs the true gradient. */
    GradientClipping clipping(Optimizer optimizer) {
        if (clipNorm == null) {
            return null;
        }
        if (!optimizer.allowsClipping()) {
            throw new UsageError("--clip-norm does not apply to " + optimizer.describe()
                    + " (its line search needs the true gradient)");
        }
        if (!(clipNorm > 0) || clipNorm.isInfinite()) {
            throw new UsageError("--clip-norm must be in (0, inf): " + clipNorm);
        }
        return GradientClipping.byNorm(clipNorm);
    }
}
