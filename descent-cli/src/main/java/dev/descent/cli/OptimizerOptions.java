package dev.descent.cli;

import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.linesearch.LineSearch;
import dev.descent.linesearch.StrongWolfe;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Asgd;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Lion;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
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
        gd, sgd, adam, adamw, rmsprop, adagrad, lbfgs, nadam, radam, adamax, adadelta, rprop, asgd, lion
    }

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "One of ${COMPLETION-CANDIDATES} (default lbfgs; train: lbfgs for linear, logistic and softmax, "
                    + "adam for mlp; plot takes several).")
    List<Kind> kinds;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: gd 1e-3 or 1 with a line search, sgd 1e-3, "
            + "adam/adamw 1e-3, rmsprop/adagrad 1e-2, lbfgs 1, nadam/adamax 2e-3, radam 1e-3, adadelta 1, "
            + "rprop 1e-2 (the initial step size), asgd 1e-2, lion 1e-4; plot takes several).")
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

    @Option(names = "--weight-decay", paramLabel = "X", description = "sgd, adam, rmsprop, adagrad, nadam, radam, adamax, "
            + "adadelta, asgd: L2 penalty; adamw, lion: decoupled decay (default 0; adamw 1e-2).")
    Double weightDecay;

    @Option(names = "--beta1", paramLabel = "X", description = "adam, adamw, nadam, radam, adamax, lion: first-moment decay "
            + "(default 0.9).")
    Double beta1;

    @Option(names = "--beta2", paramLabel = "X", description = "adam, adamw, nadam, radam, adamax: second-moment decay; lion: "
            + "momentum decay (default 0.999; lion 0.99).")
    Double beta2;

    @Option(names = "--eps", paramLabel = "X", description = "adam, adamw, rmsprop, adagrad, nadam, radam, adamax, adadelta: "
            + "added to the denominator (default 1e-8; adagrad 1e-10; adadelta 1e-6).")
    Double epsilon;

    @Option(names = "--amsgrad", description = "adam, adamw: AMSGrad.")
    boolean amsgrad;

    @Option(names = "--maximize", description = "sgd, adam, adamw, rmsprop, adagrad, adamax, adadelta, rprop, asgd, lion: "
            + "ascend instead of descend.")
    boolean maximize;

    @Option(names = "--alpha", paramLabel = "X", description = "rmsprop: smoothing constant (default 0.99); asgd: power of the "
            + "step-size decay (default 0.75).")
    Double alpha;

    @Option(names = "--momentum-decay", paramLabel = "X", description = "nadam: rate of the momentum schedule "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "4e-3")
    double momentumDecay;

    @Option(names = "--rho", paramLabel = "X", description = "adadelta: decay of the running averages (default ${DEFAULT-VALUE}).",
            defaultValue = "0.9")
    double rho;

    @Option(names = "--etas", paramLabel = "A,B", split = ",", description = "rprop: step-size factors on a sign change and "
            + "while the sign holds (default 0.5,1.2).")
    List<Double> etas;

    @Option(names = "--step-sizes", paramLabel = "MIN,MAX", split = ",", description = "rprop: bounds of the step sizes "
            + "(default 1e-6,50).")
    List<Double> stepSizes;

    @Option(names = "--lambd", paramLabel = "X", description = "asgd: decay term (default ${DEFAULT-VALUE}).", defaultValue = "1e-4")
    double lambd;

    @Option(names = "--t0", paramLabel = "X", description = "asgd: the step after which averaging starts (default ${DEFAULT-VALUE}).",
            defaultValue = "1e6")
    double t0;

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
            Map.entry("--weight-decay", List.of(Kind.sgd, Kind.adam, Kind.adamw, Kind.rmsprop, Kind.adagrad, Kind.nadam,
                    Kind.radam, Kind.adamax, Kind.adadelta, Kind.asgd, Kind.lion)),
            Map.entry("--beta1", List.of(Kind.adam, Kind.adamw, Kind.nadam, Kind.radam, Kind.adamax, Kind.lion)),
            Map.entry("--beta2", List.of(Kind.adam, Kind.adamw, Kind.nadam, Kind.radam, Kind.adamax, Kind.lion)),
            Map.entry("--eps", List.of(Kind.adam, Kind.adamw, Kind.rmsprop, Kind.adagrad, Kind.nadam, Kind.radam, Kind.adamax,
                    Kind.adadelta)),
            Map.entry("--amsgrad", List.of(Kind.adam, Kind.adamw)),
            // torch 1.13's NAdam and RAdam have no maximize
            Map.entry("--maximize", List.of(Kind.sgd, Kind.adam, Kind.adamw, Kind.rmsprop, Kind.adagrad, Kind.adamax,
                    Kind.adadelta, Kind.rprop, Kind.asgd, Kind.lion)),
            Map.entry("--alpha", List.of(Kind.rmsprop, Kind.asgd)),
            Map.entry("--momentum-decay", List.of(Kind.nadam)),
            Map.entry("--rho", List.of(Kind.adadelta)),
            Map.entry("--etas", List.of(Kind.rprop)),
            Map.entry("--step-sizes", List.of(Kind.rprop)),
            Map.entry("--lambd", List.of(Kind.asgd)),
            Map.entry("--t0", List.of(Kind.asgd)),
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
            Map.entry("nesterov momentum", "--nesterov"), Map.entry("momentumDecay", "--momentum-decay"),
            Map.entry("rho", "--rho"), Map.entry("etaMinus", "--etas"), Map.entry("etaPlus", "--etas"),
            Map.entry("stepSizeMin", "--step-sizes"), Map.entry("stepSizeMax", "--step-sizes"), Map.entry("lambd", "--lambd"),
            Map.entry("t0", "--t0"));

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
            case nadam -> new NAdam(or(rate, 2e-3), or(beta1, 0.9), or(beta2, 0.999), or(epsilon, 1e-8), or(weightDecay, 0),
                    momentumDecay);
            case radam -> new RAdam(or(rate, 1e-3), or(beta1, 0.9), or(beta2, 0.999), or(epsilon, 1e-8), or(weightDecay, 0));
            case adamax -> new Adamax(or(rate, 2e-3), or(beta1, 0.9), or(beta2, 0.999), or(epsilon, 1e-8), or(weightDecay, 0),
                    maximize);
            case adadelta -> new Adadelta(or(rate, 1.0), rho, or(epsilon, 1e-6), or(weightDecay, 0), maximize);
            case rprop -> {
                double[] factors = pair("--etas", etas, 0.5, 1.2);
                double[] bounds = pair("--step-sizes", stepSizes, 1e-6, 50);
                yield new Rprop(or(rate, 1e-2), factors[0], factors[1], bounds[0], bounds[1], maximize);
            }
            case asgd -> new Asgd(or(rate, 1e-2), lambd, or(alpha, 0.75), t0, or(weightDecay, 0), maximize);
            case lion -> new Lion(or(rate, 1e-4), or(beta1, 0.9), or(beta2, 0.99), or(weightDecay, 0), maximize);
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

    /** The two values of an A,B option, or the defaults when it is not given. */
    private static double[] pair(String option, List<Double> values, double first, double second) {
        if (values == null) {
            return new double[] {first, second};
        }
        if (values.size() != 2) {
            throw new UsageError(option + " takes two numbers separated by a comma, got " + values.size() + ": "
                    + String.join(",", values.stream().map(String::valueOf).toList()));
        }
        return new double[] {values.get(0), values.get(1)};
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
