package dev.descent.cli;

import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.spec.Key;
import dev.descent.spec.Spec;
import dev.descent.spec.SpecException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The optimizer and its hyper-parameters: {@code --optimizer} takes a spec string of the library's
 * ({@link Optimizers}: {@code adam}, {@code sgd:momentum=0.9,nesterov}), and each hyper-parameter
 * flag is a key of those specs with PyTorch's name ({@code --weight-decay} is {@code weight_decay}).
 * The flags are a front for the specs: what a flag sets is the key's value, checked, defaulted and
 * described by the library's one table, and a flag an optimizer has no key for is refused naming
 * the optimizers that have it. The descriptions of these options are made from the table
 * ({@link OptionHelp}).
 */
final class OptimizerOptions {

    /**
     * One {@code --optimizer} value: an optimizer's name and the settings written after it, as
     * {@code sgd:momentum=0.9}. The commands that choose an optimizer themselves use the named ones.
     *
     * @param spec the spec as given
     */
    record Kind(Spec spec) {
        /** L-BFGS with its defaults: {@code minimize}'s, and {@code train}'s for a convex model. */
        static final Kind lbfgs = new Kind(Spec.of("lbfgs"));
        /** Adam with its defaults: {@code train}'s for a network. */
        static final Kind adam = new Kind(Spec.of("adam"));
        /** Gradient descent with its defaults: the learning-rate panels' of {@code plot}. */
        static final Kind gd = new Kind(Spec.of("gd"));

        /** The value of {@code text}, or a {@link UsageError} naming {@code --optimizer}. */
        static Kind of(String text) {
            Spec spec;
            try {
                spec = Spec.parse(text);
                Optimizers.kind(spec.name());
            } catch (SpecException e) {
                throw new UsageError("--optimizer" + (e.kind().isPresent() ? " " : ": ") + e.getMessage());
            }
            return new Kind(spec);
        }

        /** The optimizer's name, as {@code sgd}. */
        String name() {
            return spec.name();
        }

        @Override
        public String toString() {
            return spec.toString();
        }
    }

    @Option(names = "--optimizer", paramLabel = "SPEC", descriptionKey = "optimizer",
            description = "The optimizer, NAME[:key=value,...].")
    List<String> kinds;

    @Option(names = "--lr", paramLabel = "X", descriptionKey = "lr", description = "Learning rate.")
    List<Double> learningRates;

    /** The one optimizer asked for (lbfgs by default); refuses several. */
    Kind kind() {
        String text = single("--optimizer", kinds, null);
        return text == null ? Kind.lbfgs : Kind.of(text);
    }

    /** The one learning rate asked for, or null for the optimizer's default; refuses several. */
    Double learningRate() {
        return single("--lr", learningRates, null);
    }

    /** Every optimizer asked for (lbfgs by default). */
    List<Kind> allKinds() {
        return kinds == null ? List.of(Kind.lbfgs) : kinds.stream().map(Kind::of).toList();
    }

    private static <T> T single(String option, List<T> values, T fallback) {
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        if (values.size() > 1) {
            throw new UsageError(option + " is given " + values.size() + " times; this command takes one (plot compares several)");
        }
        return values.get(0);
    }

    // The hyper-parameter flags, one per key of the table (PyTorch's names, hyphenated): picocli's targets.
    // optimizer() reads each through its option, found by its key's name, so the table alone says which
    // optimizer takes it, its default and its range; the descriptions are the table's (OptionHelp).

    @Option(names = "--momentum", paramLabel = "X", descriptionKey = "momentum", description = "Momentum.")
    Double momentum;

    @Option(names = "--dampening", paramLabel = "X", descriptionKey = "dampening", description = "Dampening.")
    Double dampening;

    @Option(names = "--nesterov", descriptionKey = "nesterov", description = "Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "X", descriptionKey = "weight_decay", description = "Weight decay.")
    Double weightDecay;

    @Option(names = "--beta1", paramLabel = "X", descriptionKey = "beta1", description = "First-moment decay.")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "X", descriptionKey = "beta2", description = "Second-moment decay.")
    Double beta2;

    @Option(names = "--eps", paramLabel = "X", descriptionKey = "eps", description = "Added to the denominator.")
    Double epsilon;

    @Option(names = "--amsgrad", descriptionKey = "amsgrad", description = "AMSGrad.")
    boolean amsgrad;

    @Option(names = "--maximize", descriptionKey = "maximize", description = "Ascend instead of descend.")
    boolean maximize;

    @Option(names = "--alpha", paramLabel = "X", descriptionKey = "alpha", description = "Smoothing constant or decay power.")
    Double alpha;

    @Option(names = "--momentum-decay", paramLabel = "X", descriptionKey = "momentum_decay",
            description = "Rate of the momentum schedule.")
    Double momentumDecay;

    @Option(names = "--rho", paramLabel = "X", descriptionKey = "rho", description = "Decay of the running averages.")
    Double rho;

    @Option(names = "--etas", paramLabel = "A,B", split = ",", descriptionKey = "etas", description = "Step-size factors.")
    List<Double> etas;

    @Option(names = "--step-sizes", paramLabel = "MIN,MAX", split = ",", descriptionKey = "step_sizes",
            description = "Bounds of the step sizes.")
    List<Double> stepSizes;

    @Option(names = "--lambd", paramLabel = "X", descriptionKey = "lambd", description = "Decay term.")
    Double lambd;

    @Option(names = "--t0", paramLabel = "X", descriptionKey = "t0", description = "The step after which averaging starts.")
    Double t0;

    @Option(names = "--centered", descriptionKey = "centered", description = "Centered.")
    boolean centered;

    @Option(names = "--lr-decay", paramLabel = "X", descriptionKey = "lr_decay", description = "Learning-rate decay.")
    Double learningRateDecay;

    @Option(names = "--initial-accumulator-value", paramLabel = "X", descriptionKey = "initial_accumulator_value",
            description = "Initial sum of squares.")
    Double initialAccumulatorValue;

    @Option(names = "--history", paramLabel = "M", descriptionKey = "history", description = "Curvature pairs kept.")
    Integer history;

    @Option(names = "--accelerated", descriptionKey = "accelerated", description = "FISTA (gradient descent).")
    boolean accelerated;

    @Option(names = "--line-search", paramLabel = "NAME", descriptionKey = "line_search", description = "Line search.")
    String lineSearch;

    /** The flag of a key: {@code weight_decay} is {@code --weight-decay}. */
    static String flagOf(String key) {
        return "--" + key.replace('_', '-');
    }

    /** Every key of the table but the learning rate (which {@code --lr} sets, several for plot), in the table's order. */
    static List<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        Optimizers.kinds().forEach(kind -> kind.keyNames().forEach(keys::add));
        keys.remove("lr");
        return List.copyOf(keys);
    }

    /** The optimizers that have {@code key}, in the table's order. */
    static List<String> having(String key) {
        return Optimizers.kinds().stream().filter(kind -> kind.key(key).isPresent()).map(dev.descent.spec.Kind::name).toList();
    }

    /** Builds the optimizer asked for, refusing flags that belong to other optimizers. */
    Optimizer optimizer(CommandSpec spec) {
        return optimizer(kind(), learningRate(), spec);
    }

    /**
     * The optimizer {@code which} with the hyper-parameter flags given beside it and the learning
     * rate {@code rate} (null for the spec's or the default): a flag applies to every optimizer of
     * the command, so one that {@code which} has no key for is refused, as is a flag that sets a key
     * the spec sets too.
     */
    Optimizer optimizer(Kind which, Double rate, CommandSpec spec) {
        ParseResult parsed = spec.commandLine().getParseResult();
        dev.descent.spec.Kind<? extends Optimizer> table = Optimizers.kind(which.name());
        Map<String, String> settings = new LinkedHashMap<>(which.spec().settings());
        Set<String> fromFlags = new LinkedHashSet<>();
        if (rate != null) {
            set(settings, fromFlags, which, "lr", Key.decimal(rate));
        }
        for (String key : keys()) {
            String flag = flagOf(key);
            OptionSpec option = spec.findOption(flag);
            if (option == null || !parsed.hasMatchedOption(flag)) {
                continue;
            }
            if (table.key(key).isEmpty()) {
                throw new UsageError(flag + " does not apply to " + which.name() + " (it applies to "
                        + String.join(", ", having(key)) + ")");
            }
            set(settings, fromFlags, which, key, text(flag, option.getValue()));
        }
        try {
            return table.build(settings);
        } catch (SpecException e) {
            String key = e.key().orElse(null);
            if (key != null && fromFlags.contains(key) && e.problem().startsWith(key)) {
                throw new UsageError(flagOf(key) + e.problem().substring(key.length()));
            }
            throw new UsageError("--optimizer " + (e.kind().isPresent() ? "" : which + ": ") + e.getMessage());
        }
    }

    /** Sets a key from its flag, refusing it when the spec of {@code --optimizer} sets it too. */
    private static void set(Map<String, String> settings, Set<String> fromFlags, Kind which, String key, String text) {
        if (which.spec().has(key)) {
            throw new UsageError(flagOf(key) + " conflicts with " + key + "=" + which.spec().settings().get(key)
                    + " in --optimizer " + which + ": give one");
        }
        settings.put(key, text);
        fromFlags.add(key);
    }

    /** A flag's value as the spec writes it: numbers exactly, a flag set as a bare key, a pair as {@code a/b}. */
    private static String text(String flag, Object value) {
        if (value instanceof Boolean) {
            return "";
        }
        if (value instanceof Double number) {
            return Key.decimal(number);
        }
        if (value instanceof List<?> values) {
            if (values.size() != 2) {
                throw new UsageError(flag + " takes two numbers separated by a comma, got " + values.size() + ": "
                        + String.join(",", values.stream().map(String::valueOf).toList()));
            }
            return Key.decimal((Double) values.get(0)) + "/" + Key.decimal((Double) values.get(1));
        }
        return String.valueOf(value);
    }

    /**
     * The description of the flag of {@code key}, from the table: which optimizers have it and what
     * it is to each, and its defaults, as {@code adam, adamw, nadam, radam, adamax: second-moment
     * decay; lion: momentum decay (default 0.999; lion 0.99).}
     */
    static String description(String key) {
        Map<String, List<String>> meanings = new LinkedHashMap<>();
        boolean flag = false;
        for (dev.descent.spec.Kind<? extends Optimizer> kind : Optimizers.kinds()) {
            Key<?> each = kind.key(key).orElse(null);
            if (each != null) {
                flag = each.type() == Key.Type.FLAG;
                String meaning = each.help() + (each.type() == Key.Type.CHOICE ? " (" + alternatives(each.choices()) + ")" : "");
                meanings.computeIfAbsent(meaning, m -> new ArrayList<>()).add(kind.name());
            }
        }
        List<String> parts = new ArrayList<>();
        meanings.forEach((meaning, kinds) -> parts.add(String.join(", ", kinds) + ": " + meaning));
        return String.join("; ", parts) + (flag ? "" : " (" + defaults(key) + ")") + ".";
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    private static String alternatives(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    /**
     * The defaults of {@code key}, the one most optimizers share first, then the others by
     * optimizer: {@code default 1e-8; adagrad 1e-10; adadelta 1e-6}.
     */
    static String defaults(String key) {
        Map<String, List<String>> defaults = new LinkedHashMap<>();
        for (dev.descent.spec.Kind<? extends Optimizer> kind : Optimizers.kinds()) {
            Key<?> each = kind.key(key).orElse(null);
            if (each != null) {
                String shown = each.defaultText().orElse("none");
                // a pair's flag separates its numbers with a comma, its spec key with a slash
                defaults.computeIfAbsent(each.type() == Key.Type.PAIR ? shown.replace('/', ',') : shown,
                        d -> new ArrayList<>()).add(kind.name());
            }
        }
        String common = defaults.entrySet().stream().max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
                .orElseThrow().getKey();
        List<String> others = new ArrayList<>();
        defaults.forEach((value, kinds) -> {
            if (!value.equals(common)) {
                others.add(String.join(", ", kinds) + " " + value);
            }
        });
        return "default " + common + (others.isEmpty() ? "" : "; " + String.join("; ", others));
    }
}
