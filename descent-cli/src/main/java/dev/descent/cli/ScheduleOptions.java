package dev.descent.cli;

import dev.descent.schedule.CosineAnnealing;
import dev.descent.schedule.Exponential;
import dev.descent.schedule.LinearWarmup;
import dev.descent.schedule.MultiStep;
import dev.descent.schedule.ReduceOnPlateau;
import dev.descent.schedule.Schedule;
import dev.descent.schedule.StepDecay;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --schedule NAME[:key=value,...]} and {@code --warmup N}. */
final class ScheduleOptions {

    static final String FORMS = "constant | step:size=N,gamma=G | multistep:milestones=A/B/...,gamma=G | exponential:gamma=G"
            + " | cosine:period=N[,min=M] | cosine-restarts:period=N[,mult=K][,min=M]"
            + " | plateau[:factor=F,patience=N,threshold=T,cooldown=N,min=M]";

    @Option(names = "--schedule", paramLabel = "SPEC", description = "Learning-rate schedule: " + FORMS + ".")
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

    static Schedule parse(String spec) {
        String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        Map<String, String> parameters = parameters(spec);
        try {
            return switch (name) {
                case "constant" -> {
                    allow(name, parameters);
                    yield Schedule.constant();
                }
                case "step" -> {
                    allow(name, parameters, "size", "gamma");
                    yield new StepDecay((long) required(name, parameters, "size"), number(parameters, "gamma", 0.1));
                }
                case "multistep" -> {
                    allow(name, parameters, "milestones", "gamma");
                    String milestones = parameters.get("milestones");
                    if (milestones == null) {
                        throw new UsageError("--schedule multistep needs milestones=A/B/...");
                    }
                    long[] steps;
                    try {
                        steps = java.util.Arrays.stream(milestones.split("/")).mapToLong(Long::parseLong).toArray();
                    } catch (NumberFormatException e) {
                        throw new UsageError("--schedule multistep: milestones must be whole numbers separated by '/': " + milestones);
                    }
                    yield new MultiStep(steps, number(parameters, "gamma", 0.1));
                }
                case "exponential" -> {
                    allow(name, parameters, "gamma");
                    yield new Exponential(required(name, parameters, "gamma"));
                }
                case "cosine" -> {
                    allow(name, parameters, "period", "min");
                    yield CosineAnnealing.of((long) required(name, parameters, "period"), number(parameters, "min", 0));
                }
                case "cosine-restarts" -> {
                    allow(name, parameters, "period", "mult", "min");
                    yield CosineAnnealing.withRestarts((long) required(name, parameters, "period"),
                            (long) number(parameters, "mult", 1), number(parameters, "min", 0));
                }
                case "plateau" -> {
                    allow(name, parameters, "factor", "patience", "threshold", "cooldown", "min");
                    yield new ReduceOnPlateau(number(parameters, "factor", 0.1),
                            (int) number(parameters, "patience", 10), number(parameters, "threshold", 1e-4),
                            (int) number(parameters, "cooldown", 0), number(parameters, "min", 0));
                }
                default -> throw new UsageError("--schedule: unknown schedule '" + name + "' (forms: " + FORMS + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new UsageError("--schedule " + name + ": " + e.getMessage());
        }
    }

    private static Map<String, String> parameters(String spec) {
        Map<String, String> parameters = new HashMap<>();
        int colon = spec.indexOf(':');
        if (colon < 0 || colon == spec.length() - 1) {
            return parameters;
        }
        for (String pair : spec.substring(colon + 1).split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new UsageError("--schedule: expected key=value, got '" + pair + "' (forms: " + FORMS + ")");
            }
            parameters.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return parameters;
    }

    private static void allow(String name, Map<String, String> parameters, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String key : parameters.keySet()) {
            if (!allowed.contains(key)) {
                throw new UsageError("--schedule " + name + ": unknown parameter '" + key + "'"
                        + (keys.length == 0 ? " (it takes none)" : " (it takes " + String.join(", ", keys) + ")"));
            }
        }
    }

    private static double required(String name, Map<String, String> parameters, String key) {
        if (!parameters.containsKey(key)) {
            throw new UsageError("--schedule " + name + " needs " + key + "=...");
        }
        return number(parameters, key, 0);
    }

    private static double number(Map<String, String> parameters, String key, double fallback) {
        String text = parameters.get(key);
        if (text == null) {
            return fallback;
        }
        return Numbers.parse("--schedule: " + key, text);
    }
}
