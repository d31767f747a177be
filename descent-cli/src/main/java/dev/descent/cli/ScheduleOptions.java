package dev.descent.cli;

import dev.descent.schedule.LinearWarmup;
import dev.descent.schedule.Schedule;
import dev.descent.schedule.Schedules;
import dev.descent.spec.SpecException;
import picocli.CommandLine.Option;

/**
 * {@code --schedule SPEC} (a spec string of the library's, {@link Schedules}) and {@code --warmup N}.
 * The forms listed in the help are the library's table ({@link OptionHelp}).
 */
final class ScheduleOptions {

    @Option(names = "--schedule", paramLabel = "SPEC", descriptionKey = "schedule",
            description = "Learning-rate schedule, NAME[:key=value,...].")
    String schedule;

    @Option(names = "--warmup", paramLabel = "N", description = "Linear warm-up over N steps from lr/3, in front of the schedule.")
    Long warmup;

    /** The schedule (a shape of the optimizer's rate), or null for a constant rate without warm-up. */
    Schedule build() {
        Schedule base = schedule == null ? null : parse(schedule);
        if (warmup == null) {
            return base;
        }
        if (warmup < 1) {
            throw new UsageError("--warmup must be at least 1: " + warmup);
        }
        return new LinearWarmup(warmup, 1.0 / 3, base == null ? Schedule.constant() : base);
    }

    /** The schedule of {@code spec}, or a {@link UsageError} naming {@code --schedule}, the schedule and the key. */
    static Schedule parse(String spec) {
        try {
            return Schedules.parse(spec);
        } catch (SpecException e) {
            // "--schedule cosine needs period=...", but "--schedule: unknown schedule 'wobble'" when no schedule is at fault
            throw new UsageError("--schedule" + (e.kind().isPresent() ? " " : ": ") + e.getMessage());
        }
    }
}
