package dev.descent.cli;

import dev.descent.GradientClipping;
import dev.descent.loop.Minimizer;
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

    @Option(names = "--clip-value", paramLabel = "X", description = "Clamp each (mini-batch) gradient entry to [-X, X], as "
            + "torch's clip_grad_value_.")
    Double clipValue;

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
        if (schedule != null && schedule.cyclesMomentum() && Double.isNaN(optimizer.momentum())) {
            throw new UsageError("--schedule " + scheduleOptions.schedule.split(":", 2)[0] + " cycles the momentum as torch's schedulers do, and " + optimizer.name() + " has none: add "
                    + "',momentum=off' to shape the rate only, or use sgd, rmsprop, adam, adamw, adamax, nadam, radam or lion");
        }
        return schedule;
    }

    /** The clipping asked for, or null; refused for an optimizer whose line search needs the true gradient. */
    GradientClipping clipping(Optimizer optimizer) {
        if (clipNorm == null && clipValue == null) {
            return null;
        }
        String option = clipNorm != null ? "--clip-norm" : "--clip-value";
        if (clipNorm != null && clipValue != null) {
            throw new UsageError("--clip-norm and --clip-value exclude each other: give one");
        }
        if (!optimizer.allowsClipping()) {
            throw new UsageError(option + " does not apply to " + optimizer.describe()
                    + " (its line search needs the true gradient)");
        }
        double limit = clipNorm != null ? clipNorm : clipValue;
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new UsageError(option + " must be in (0, inf): " + limit);
        }
        return clipNorm != null ? GradientClipping.byNorm(limit) : GradientClipping.byValue(limit);
    }
}
