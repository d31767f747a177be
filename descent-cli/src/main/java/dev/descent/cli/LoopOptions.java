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

    @Option(names = "--clip-norm", paramLabel = "X", description = "Clip each gradient to Euclidean norm X.")
    Double clipNorm;

    /** The loop around {@code optimizer} stopping by {@code stop}; refuses options lbfgs cannot honour. */
    Minimizer minimizer(Optimizer optimizer, StoppingRule stop) {
        Minimizer minimizer = Minimizer.using(optimizer).stoppingWhen(stop);
        Schedule schedule = scheduleOptions.build();
        if (schedule != null) {
            if (!optimizer.followsSchedule()) {
                throw new UsageError("--schedule and --warmup do not apply to " + optimizer.name()
                        + " (its line search sets the step)");
            }
            minimizer = minimizer.schedule(schedule);
        }
        if (clipNorm != null) {
            if (!optimizer.allowsClipping()) {
                throw new UsageError("--clip-norm does not apply to " + OptimizerOptions.describe(optimizer)
                        + " (its line search needs the true gradient)");
            }
            if (!(clipNorm > 0) || clipNorm.isInfinite()) {
                throw new UsageError("--clip-norm must be in (0, inf): " + clipNorm);
            }
            minimizer = minimizer.clipping(GradientClipping.byNorm(clipNorm));
        }
        return minimizer;
    }
}
