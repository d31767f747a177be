package dev.descent.cli;

import dev.descent.schedule.CosineAnnealing;
import dev.descent.schedule.Cyclic;
import dev.descent.schedule.Exponential;
import dev.descent.schedule.LinearWarmup;
import dev.descent.schedule.MomentumCycle;
import dev.descent.schedule.MultiStep;
import dev.descent.schedule.OneCycle;
import dev.descent.schedule.Polynomial;
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
            + " | plateau[:factor=F,patience=N,threshold=T,cooldown=N,min=M] | polynomial:total=N[,power=P]"
            + " | onecycle:total=N[,pct=0.3][,anneal=cos|linear][,div=25][,final-div=1e4][,three-phase]"
            + "[,momentum=off][,base-momentum=0.85][,max-momentum=0.95]"
            + " | cyclic:base=B,up=N[,down=M][,mode=triangular|triangular2|exp-range][,gamma=G]"
            + "[,momentum=off][,base-momentum=0.8][,max-momentum=0.9]";

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
                case "polynomial" -> {
                    allow(name, parameters, "total", "power");
                    yield new Polynomial(whole(name, parameters, "total", true, 0), number(parameters, "power", 1.0));
                }
                case "onecycle" -> {
                    allow(name, parameters, "total", "pct", "anneal", "div", "final-div", "three-phase", "momentum",
                            "base-momentum", "max-momentum");
                    String anneal = parameters.getOrDefault("anneal", "cos");
                    if (!anneal.equals("cos") && !anneal.equals("linear")) {
                        throw new UsageError("--schedule onecycle: anneal must be cos or linear: " + anneal);
                    }
                    String threePhase = parameters.getOrDefault("three-phase", "false");
                    if (!threePhase.equals("true") && !threePhase.equals("false")) {
                        throw new UsageError("--schedule onecycle: three-phase takes no value (or true|false): " + threePhase);
                    }
                    yield new OneCycle(whole(name, parameters, "total", true, 0), number(parameters, "pct", 0.3),
                            anneal.equals("linear"), number(parameters, "div", 25), number(parameters, "final-div", 1e4),
                            threePhase.equals("true"), momentumCycle(name, parameters, MomentumCycle.oneCycleDefault()));
                }
                case "cyclic" -> {
                    allow(name, parameters, "base", "up", "down", "mode", "gamma", "momentum", "base-momentum",
                            "max-momentum");
                    String mode = parameters.getOrDefault("mode", "triangular");
                    Cyclic.Mode cyclicMode = switch (mode) {
                        case "triangular" -> Cyclic.Mode.TRIANGULAR;
                        case "triangular2" -> Cyclic.Mode.TRIANGULAR2;
                        case "exp-range" -> Cyclic.Mode.EXP_RANGE;
                        default -> throw new UsageError(
                                "--schedule cyclic: mode must be triangular, triangular2 or exp-range: " + mode);
                    };
                    long up = whole(name, parameters, "up", true, 0);
                    yield new Cyclic(required(name, parameters, "base"), up, whole(name, parameters, "down", false, up),
                            cyclicMode, number(parameters, "gamma", 1.0),
                            momentumCycle(name, parameters, MomentumCycle.cyclicDefault()));
                }
                default -> throw new UsageError("--schedule: unknown schedule '" + name + "' (forms: " + FORMS + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new UsageError("--schedule " + name + ": " + e.getMessage());
        }
    }

    /** {@code momentum=off}, or the cycle between {@code base-momentum} and {@code max-momentum}. */
    private static MomentumCycle momentumCycle(String name, Map<String, String> parameters, MomentumCycle fallback) {
        String mode = parameters.getOrDefault("momentum", "on");
        if (!mode.equals("on") && !mode.equals("off")) {
            throw new UsageError("--schedule " + name + ": momentum must be on or off: " + mode);
        }
        if (mode.equals("off")) {
            if (parameters.containsKey("base-momentum") || parameters.containsKey("max-momentum")) {
                throw new UsageError("--schedule " + name + ": base-momentum and max-momentum need momentum on");
            }
            return null;
        }
        return new MomentumCycle(number(parameters, "base-momentum", fallback.base()),
                number(parameters, "max-momentum", fallback.max()));
    }

    private static Map<String, String> parameters(String spec) {
        Map<String, String> parameters = new HashMap<>();
        int colon = spec.indexOf(':');
        if (colon < 0 || colon == spec.length() - 1) {
            return parameters;
        }
        for (String pair : spec.substring(colon + 1).split(",")) {
            int equals = pair.indexOf('=');
            if (pair.trim().equals("three-phase")) {
                parameters.put("three-phase", "true");
                continue;
            }
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

    /** A whole number of steps: refused, naming the key, when it has a fraction or is out of a long's range. */
    private static long whole(String name, Map<String, String> parameters, String key, boolean needed, long fallback) {
        if (!parameters.containsKey(key)) {
            if (needed) {
                throw new UsageError("--schedule " + name + " needs " + key + "=...");
            }
            return fallback;
        }
        double value = number(parameters, key, 0);
        if (value != Math.rint(value) || Math.abs(value) > 1e15) {
            throw new UsageError("--schedule " + name + ": " + key + " must be a whole number of steps: "
                    + parameters.get(key));
        }
        return (long) value;
    }

    private static double number(Map<String, String> parameters, String key, double fallback) {
        String text = parameters.get(key);
        if (text == null) {
            return fallback;
        }
        return Numbers.parse("--schedule: " + key, text);
    }
}
