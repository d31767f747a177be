package dev.descent.cli;

import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.linesearch.LineSearch;
import dev.descent.linesearch.StrongWolfe;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** The optimizer and its hyper-parameters, with PyTorch's flag names. */
final class OptimizerOptions {

    /** The optimizers by name. */
    enum Kind {
        gd, sgd, adam, adamw, rmsprop, adagrad, lbfgs
    }

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "One of ${COMPLETION-CANDIDATES} (default lbfgs; train: lbfgs for linear, logistic and softmax, "
                    + "adam for mlp; plot takes several).")
    List<Kind> kinds;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: gd 1e-3 or 1 with a line search, sgd 1e-3, "
            + "adam/adamw 1e-3, rmsprop/adagrad 1e-2, lbfgs 1; plot takes several).")
    List<Double> learningRates;

    /** The one optimizer kind asked for (lbfgs by default); refuses several. */
    Kind kind() {
        return single("--optimizer", kinds, Kind.lbfgs);
    }

    /** The one learning rate asked for, or null for the optimizer's default; refuses several. */
    Double learningRate() {
        return single("--lr", learningRates, null);
    }

    /** Every optimizer kind asked for (lbfgs by default). */
    List<Kind> allKinds() {
        return kinds == null ? List.of(Kind.lbfgs) : kinds;
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

    @Option(names = "--momentum", paramLabel = "X", description = "sgd, rmsprop: momentum (default 0).")
    Double momentum;

    @Option(names = "--dampening", paramLabel = "X", description = "sgd: dampening (default 0).")
    Double dampening;

    @Option(names = "--nesterov", description = "sgd: Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "X", description = "sgd, adam, rmsprop, adagrad: L2 penalty; adamw: decoupled decay "
            + "(default 0; adamw 1e-2).")
    Double weightDecay;

    @Option(names = "--beta1", paramLabel = "X", description = "adam, adamw: first-moment decay (default 0.9).")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "X", description = "adam, adamw: second-moment decay (default 0.999).")
    Double beta2;

    @Option(names = "--eps", paramLabel = "X", description = "adam, adamw, rmsprop, adagrad: added to the denominator (default 1e-8; adagrad 1e-10).")
    Double epsilon;

    @Option(names = "--amsgrad", description = "adam, adamw: AMSGrad.")
    boolean amsgrad;

    @Option(names = "--maximize", description = "sgd, adam, adamw, rmsprop, adagrad: ascend instead of descend.")
    boolean maximize;

    @Option(names = "--alpha", paramLabel = "X", description = "rmsprop: smoothing constant (default 0.99).")
    Double alpha;

    @Option(names = "--centered", description = "rmsprop: centered.")
    boolean centered;

    @Option(names = "--lr-decay", paramLabel = "X", description = "adagrad: learning-rate decay (default 0).")
    Double learningRateDecay;

    @Option(names = "--initial-accumulator-value", paramLabel = "X", description = "adagrad: initial sum of squares (default 0).")
    Double initialAccumulatorValue;

    @Option(names = "--history", paramLabel = "M", description = "lbfgs: curvature pairs kept (default 10).")
    Integer history;

    @Option(names = "--line-search", paramLabel = "NAME", description = "gd, lbfgs: none, armijo or strong-wolfe "
            + "(default: gd none; lbfgs strong-wolfe).")
    String lineSearch;

    /** Which flags apply to which optimizers. */
    private static final Map<String, List<Kind>> APPLIES_TO = Map.ofEntries(
            Map.entry("--momentum", List.of(Kind.sgd, Kind.rmsprop)),
            Map.entry("--dampening", List.of(Kind.sgd)),
            Map.entry("--nesterov", List.of(Kind.sgd)),
            Map.entry("--weight-decay", List.of(Kind.sgd, Kind.adam, Kind.adamw, Kind.rmsprop, Kind.adagrad)),
            Map.entry("--beta1", List.of(Kind.adam, Kind.adamw)),
            Map.entry("--beta2", List.of(Kind.adam, Kind.adamw)),
            Map.entry("--eps", List.of(Kind.adam, Kind.adamw, Kind.rmsprop, Kind.adagrad)),
            Map.entry("--amsgrad", List.of(Kind.adam, Kind.adamw)),
            Map.entry("--maximize", List.of(Kind.sgd, Kind.adam, Kind.adamw, Kind.rmsprop, Kind.adagrad)),
            Map.entry("--alpha", List.of(Kind.rmsprop)),
            Map.entry("--centered", List.of(Kind.rmsprop)),
            Map.entry("--lr-decay", List.of(Kind.adagrad)),
            Map.entry("--initial-accumulator-value", List.of(Kind.adagrad)),
            Map.entry("--history", List.of(Kind.lbfgs)),
            Map.entry("--line-search", List.of(Kind.gd, Kind.lbfgs)));

    /** Maps a record component named in a validation message to its flag. */
    private static final Map<String, String> FLAG_OF = Map.ofEntries(
            Map.entry("learningRate", "--lr"), Map.entry("momentum", "--momentum"), Map.entry("dampening", "--dampening"),
            Map.entry("weightDecay", "--weight-decay"), Map.entry("beta1", "--beta1"), Map.entry("beta2", "--beta2"),
            Map.entry("epsilon", "--eps"), Map.entry("alpha", "--alpha"), Map.entry("learningRateDecay", "--lr-decay"),
            Map.entry("initialAccumulatorValue", "--initial-accumulator-value"), Map.entry("history", "--history"),
            Map.entry("nesterov momentum", "--nesterov"));

    /** Builds the optimizer for {@code kind}, refusing flags that belong to other optimizers. */
    Optimizer optimizer(CommandSpec spec) {
        return optimizer(kind(), learningRate(), spec);
    }

    /** As {@link #optimizer(CommandSpec)} for another kind or learning rate (plots compare several). */
    Optimizer optimizer(Kind which, Double rate, CommandSpec spec) {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (Map.Entry<String, List<Kind>> entry : APPLIES_TO.entrySet()) {
            if (parsed.hasMatchedOption(entry.getKey()) && !entry.getValue().contains(which)) {
                throw new UsageError(entry.getKey() + " does not apply to " + which + " (it applies to "
                        + String.join(", ", entry.getValue().stream().map(Enum::name).toList()) + ")");
            }
        }
        try {
            return build(which, rate);
        } catch (IllegalArgumentException e) {
            throw new UsageError(flagged(e.getMessage()));
        }
    }

    private Optimizer build(Kind which, Double rate) {
        return switch (which) {
            case gd -> {
                LineSearch search = lineSearch(null);
                double eta = or(rate, search == null ? 1e-3 : 1.0);
                yield search == null ? GradientDescent.fixed(eta) : GradientDescent.withLineSearch(eta, search);
            }
            case sgd -> new Sgd(or(rate, 1e-3), or(momentum, 0), or(dampening, 0), nesterov, or(weightDecay, 0), maximize);
            case adam -> new Adam(or(rate, 1e-3), or(beta1, 0.9), or(beta2, 0.999), or(epsilon, 1e-8), or(weightDecay, 0),
                    amsgrad, maximize);
            case adamw -> new AdamW(or(rate, 1e-3), or(beta1, 0.9), or(beta2, 0.999), or(epsilon, 1e-8),
                    or(weightDecay, 1e-2), amsgrad, maximize);
            case rmsprop -> new RmsProp(or(rate, 1e-2), or(alpha, 0.99), or(epsilon, 1e-8), or(weightDecay, 0),
                    or(momentum, 0), centered, maximize);
            case adagrad -> new AdaGrad(or(rate, 1e-2), or(learningRateDecay, 0), or(weightDecay, 0),
                    or(initialAccumulatorValue, 0), or(epsilon, 1e-10), maximize);
            case lbfgs -> {
                LineSearch search = lineSearch(StrongWolfe.defaults());
                if (search == null) {
                    throw new UsageError("--line-search none does not apply to lbfgs (use armijo or strong-wolfe)");
                }
                yield new Lbfgs(history == null ? 10 : history, or(rate, 1.0), search);
            }
        };
    }

    private LineSearch lineSearch(LineSearch fallback) {
        if (lineSearch == null) {
            return fallback;
        }
        return switch (lineSearch) {
            case "none" -> null;
            case "armijo" -> ArmijoBacktracking.defaults();
            case "strong-wolfe" -> StrongWolfe.defaults();
            default -> throw new UsageError("--line-search must be none, armijo or strong-wolfe: " + lineSearch);
        };
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    /** Rewrites "beta2 must be in [0, 1): 1.5" as "--beta2 must be in [0, 1): 1.5". */
    static String flagged(String message) {
        for (Map.Entry<String, String> entry : FLAG_OF.entrySet()) {
            if (message.startsWith(entry.getKey() + " ")) {
                return entry.getValue() + message.substring(entry.getKey().length());
            }
        }
        return message;
    }
}
