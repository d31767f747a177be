package dev.descent.optim;

import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.linesearch.LineSearch;
import dev.descent.linesearch.StrongWolfe;
import dev.descent.spec.Key;
import dev.descent.spec.Kind;
import dev.descent.spec.Spec;
import dev.descent.spec.SpecException;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Every optimizer as a spec string, and the one table of their keys and defaults:
 *
 * <pre>
 * Optimizers.parse("adam:lr=1e-3,beta2=0.99")           // Adam with beta2 0.99, the rest Adam.defaults()'s
 * Optimizers.parse("sgd:lr=0.01,momentum=0.9,nesterov") // a key alone is a flag set
 * Optimizers.parse("gd:line_search=armijo")             // gradient descent with Armijo backtracking from 1
 * Optimizers.parse("gd:lr=0.2,accelerated")             // FISTA with the fixed step 0.2
 * Optimizers.spec(new Adam(0.02))                       // "adam:lr=0.02"
 * </pre>
 *
 * <p>The keys are PyTorch's argument names ({@code lr}, {@code weight_decay}, {@code eps},
 * {@code etas}), one per hyper-parameter of the record; a pair is written {@code a/b}, as
 * {@code rprop:etas=0.4/1.3}. Each key's default is read off the record's own defaults
 * ({@link Adam#defaults()} and its siblings), so a default is written once, in the record. Two
 * defaults are this table's: PyTorch's SGD has no default learning rate (here 1e-3, as for gradient
 * descent with a fixed step), and gradient descent with a line search starts each search from 1.
 *
 * <p>A spec holds the hyper-parameters, not the precision: {@link Optimizer#inFloat32()} is the
 * loop's choice, and the spec of a float32 rule is the spec of the same rule in float64. For every
 * rule {@code r} in float64 that has a spec, {@code parse(spec(r)).equals(r)}.
 *
 * <p>A bad spec is refused with a {@link SpecException} that names the key and its range
 * ({@code adam: beta2 must be in [0, 1): 1.5}) or, for a key the optimizer does not have, its own
 * keys ({@code adam has no key 'momentum'; its keys: lr, beta1, beta2, eps, weight_decay, amsgrad,
 * maximize}).
 */
public final class Optimizers {
    private Optimizers() {}

    /** Gradient descent's fixed step, and SGD's rate, when none is given. */
    static final double FIXED_STEP = 1e-3;
    /** The first trial step of gradient descent's line search when no rate is given: the natural unit step. */
    static final double SEARCH_STEP = 1.0;

    private static final String POSITIVE = "in (0, inf)";
    private static final String NON_NEGATIVE = "in [0, inf)";
    private static final String UNIT_OPEN = "in [0, 1)";
    private static final String UNIT_CLOSED = "in [0, 1]";
    private static final String ADD_TO_DENOMINATOR = "added to the denominator";
    private static final String L2 = "L2 penalty";
    private static final String ASCEND = "ascend instead of descend";

    private static final Kind<GradientDescent> GD = Kind.of("gd", GradientDescent.class,
            "gradient descent, with a fixed step or a line search, accelerated (FISTA) on request",
            GradientDescent.fixed(FIXED_STEP),
            values -> {
                LineSearch search = lineSearch(values.choice("line_search"));
                double rate = values.given("lr") ? values.number("lr") : search == null ? FIXED_STEP : SEARCH_STEP;
                GradientDescent plain = search == null ? GradientDescent.fixed(rate) : GradientDescent.withLineSearch(rate, search);
                return values.flag("accelerated") ? plain.withAcceleration() : plain;
            },
            List.of(Key.<GradientDescent>number("lr", POSITIVE, "learning rate (the first trial step of a line search)",
                            GradientDescent::learningRate).components("learningRate")
                            .defaultsTo(gd -> gd.searchesLine() ? SEARCH_STEP : FIXED_STEP, "1e-3, or 1 with a line search"),
                    Key.<GradientDescent>flag("accelerated", "FISTA (Beck & Teboulle 2009); Nesterov's method without an "
                            + "L1 term", GradientDescent::accelerated),
                    Key.choice("line_search", List.of("none", "armijo", "strong-wolfe"), "line search",
                            (GradientDescent gd) -> lineSearchName(gd.lineSearch()))));

    private static final Kind<Sgd> SGD = Kind.of("sgd", Sgd.class, "stochastic gradient descent (torch.optim.SGD)",
            new Sgd(FIXED_STEP),
            values -> new Sgd(values.number("lr"), values.number("momentum"), values.number("dampening"),
                    values.flag("nesterov"), values.number("weight_decay"), values.flag("maximize")),
            List.of(lr(), Key.number("momentum", UNIT_OPEN, "momentum", Sgd::momentum),
                    Key.number("dampening", UNIT_CLOSED, "dampening", Sgd::dampening),
                    Key.<Sgd>flag("nesterov", "Nesterov momentum", Sgd::nesterov).components("nesterov momentum"),
                    weightDecay(L2, Sgd::weightDecay), maximize(Sgd::maximize)));

    private static final Kind<Adam> ADAM = Kind.of("adam", Adam.class, "Adam (torch.optim.Adam)", Adam.defaults(),
            values -> new Adam(values.number("lr"), values.number("beta1"), values.number("beta2"), values.number("eps"),
                    values.number("weight_decay"), values.flag("amsgrad"), values.flag("maximize")),
            List.of(lr(), beta1(Adam::beta1), beta2("second-moment decay", Adam::beta2), eps(Adam::epsilon),
                    weightDecay(L2, Adam::weightDecay), Key.flag("amsgrad", "AMSGrad", Adam::amsgrad),
                    maximize(Adam::maximize)));

    private static final Kind<AdamW> ADAMW = Kind.of("adamw", AdamW.class, "Adam with decoupled weight decay (torch.optim.AdamW)",
            AdamW.defaults(),
            values -> new AdamW(values.number("lr"), values.number("beta1"), values.number("beta2"), values.number("eps"),
                    values.number("weight_decay"), values.flag("amsgrad"), values.flag("maximize")),
            List.of(lr(), beta1(AdamW::beta1), beta2("second-moment decay", AdamW::beta2), eps(AdamW::epsilon),
                    weightDecay("decoupled decay", AdamW::weightDecay), Key.flag("amsgrad", "AMSGrad", AdamW::amsgrad),
                    maximize(AdamW::maximize)));

    private static final Kind<RmsProp> RMSPROP = Kind.of("rmsprop", RmsProp.class, "RMSprop (torch.optim.RMSprop)",
            RmsProp.defaults(),
            values -> new RmsProp(values.number("lr"), values.number("alpha"), values.number("eps"),
                    values.number("weight_decay"), values.number("momentum"), values.flag("centered"),
                    values.flag("maximize")),
            List.of(lr(), Key.number("alpha", UNIT_OPEN, "smoothing constant", RmsProp::alpha), eps(RmsProp::epsilon),
                    weightDecay(L2, RmsProp::weightDecay), Key.number("momentum", UNIT_OPEN, "momentum", RmsProp::momentum),
                    Key.flag("centered", "centered", RmsProp::centered), maximize(RmsProp::maximize)));

    private static final Kind<AdaGrad> ADAGRAD = Kind.of("adagrad", AdaGrad.class, "AdaGrad (torch.optim.Adagrad)",
            AdaGrad.defaults(),
            values -> new AdaGrad(values.number("lr"), values.number("lr_decay"), values.number("weight_decay"),
                    values.number("initial_accumulator_value"), values.number("eps"), values.flag("maximize")),
            List.of(lr(), Key.<AdaGrad>number("lr_decay", NON_NEGATIVE, "learning-rate decay", AdaGrad::learningRateDecay)
                            .components("learningRateDecay"),
                    weightDecay(L2, AdaGrad::weightDecay),
                    Key.<AdaGrad>number("initial_accumulator_value", NON_NEGATIVE, "initial sum of squares",
                            AdaGrad::initialAccumulatorValue).components("initialAccumulatorValue"),
                    eps(AdaGrad::epsilon), maximize(AdaGrad::maximize)));

    private static final Kind<Lbfgs> LBFGS = Kind.of("lbfgs", Lbfgs.class, "L-BFGS with a line search (L-BFGS-B within bounds)",
            Lbfgs.defaults(),
            values -> new Lbfgs(values.integer("history"), values.number("lr"), lineSearch(values.choice("line_search"))),
            List.of(Key.<Lbfgs>number("lr", POSITIVE, "the first trial step of each line search", Lbfgs::learningRate)
                            .components("learningRate"),
                    Key.integer("history", "at least 1", "curvature pairs kept", Lbfgs::history),
                    Key.choice("line_search", List.of("armijo", "strong-wolfe"), "line search",
                            (Lbfgs lbfgs) -> lineSearchName(lbfgs.lineSearch()))));

    private static final Kind<NAdam> NADAM = Kind.of("nadam", NAdam.class, "Adam with Nesterov momentum (torch.optim.NAdam)",
            NAdam.defaults(),
            values -> new NAdam(values.number("lr"), values.number("beta1"), values.number("beta2"), values.number("eps"),
                    values.number("weight_decay"), values.number("momentum_decay")),
            List.of(lr(), beta1(NAdam::beta1), beta2("second-moment decay", NAdam::beta2), eps(NAdam::epsilon),
                    weightDecay(L2, NAdam::weightDecay),
                    Key.<NAdam>number("momentum_decay", NON_NEGATIVE, "rate of the momentum schedule", NAdam::momentumDecay)
                            .components("momentumDecay")));

    private static final Kind<RAdam> RADAM = Kind.of("radam", RAdam.class, "rectified Adam (torch.optim.RAdam)",
            RAdam.defaults(),
            values -> new RAdam(values.number("lr"), values.number("beta1"), values.number("beta2"), values.number("eps"),
                    values.number("weight_decay")),
            List.of(lr(), beta1(RAdam::beta1), beta2("second-moment decay", RAdam::beta2), eps(RAdam::epsilon),
                    weightDecay(L2, RAdam::weightDecay)));

    private static final Kind<Adamax> ADAMAX = Kind.of("adamax", Adamax.class, "Adam in the infinity norm (torch.optim.Adamax)",
            Adamax.defaults(),
            values -> new Adamax(values.number("lr"), values.number("beta1"), values.number("beta2"), values.number("eps"),
                    values.number("weight_decay"), values.flag("maximize")),
            List.of(lr(), beta1(Adamax::beta1), beta2("second-moment decay", Adamax::beta2), eps(Adamax::epsilon),
                    weightDecay(L2, Adamax::weightDecay), maximize(Adamax::maximize)));

    private static final Kind<Adadelta> ADADELTA = Kind.of("adadelta", Adadelta.class, "Adadelta (torch.optim.Adadelta)",
            Adadelta.defaults(),
            values -> new Adadelta(values.number("lr"), values.number("rho"), values.number("eps"),
                    values.number("weight_decay"), values.flag("maximize")),
            List.of(lr(), Key.number("rho", UNIT_CLOSED, "decay of the running averages", Adadelta::rho),
                    eps(Adadelta::epsilon), weightDecay(L2, Adadelta::weightDecay), maximize(Adadelta::maximize)));

    private static final Kind<Rprop> RPROP = Kind.of("rprop", Rprop.class, "resilient backpropagation (torch.optim.Rprop)",
            Rprop.defaults(),
            values -> {
                double[] etas = values.pair("etas");
                double[] sizes = values.pair("step_sizes");
                return new Rprop(values.number("lr"), etas[0], etas[1], sizes[0], sizes[1], values.flag("maximize"));
            },
            List.of(Key.<Rprop>number("lr", POSITIVE, "the initial step size", Rprop::learningRate).components("learningRate"),
                    Key.<Rprop>pair("etas", "in (0, 1) and (1, inf)",
                            "step-size factors on a sign change and while the sign holds",
                            rprop -> new double[] {rprop.etaMinus(), rprop.etaPlus()}).components("etaMinus", "etaPlus"),
                    Key.<Rprop>pair("step_sizes", "in [0, inf) and [min, inf)", "bounds of the step sizes",
                            rprop -> new double[] {rprop.stepSizeMin(), rprop.stepSizeMax()})
                            .components("stepSizeMin", "stepSizeMax"),
                    maximize(Rprop::maximize)));

    private static final Kind<Asgd> ASGD = Kind.of("asgd", Asgd.class, "averaged SGD (torch.optim.ASGD)", Asgd.defaults(),
            values -> new Asgd(values.number("lr"), values.number("lambd"), values.number("alpha"), values.number("t0"),
                    values.number("weight_decay"), values.flag("maximize")),
            List.of(lr(), Key.number("lambd", NON_NEGATIVE, "decay term", Asgd::lambd),
                    Key.number("alpha", NON_NEGATIVE, "power of the step-size decay", Asgd::alpha),
                    Key.number("t0", NON_NEGATIVE, "the step after which averaging starts", Asgd::t0),
                    weightDecay(L2, Asgd::weightDecay), maximize(Asgd::maximize)));

    private static final Kind<Lion> LION = Kind.of("lion", Lion.class, "Lion, the evolved sign momentum (Chen et al., 2023)",
            Lion.defaults(),
            values -> new Lion(values.number("lr"), values.number("beta1"), values.number("beta2"),
                    values.number("weight_decay"), values.flag("maximize")),
            List.of(lr(), beta1(Lion::beta1), beta2("momentum decay", Lion::beta2),
                    weightDecay("decoupled decay", Lion::weightDecay), maximize(Lion::maximize)));

    /** The table, in the order kinds are listed. */
    private static final List<Kind<? extends Optimizer>> KINDS = List.of(GD, SGD, ADAM, ADAMW, RMSPROP, ADAGRAD, LBFGS, NADAM,
            RADAM, ADAMAX, ADADELTA, RPROP, ASGD, LION);

    private static <R extends Optimizer> Key<R> lr() {
        return Key.<R>number("lr", POSITIVE, "learning rate", Optimizer::learningRate).components("learningRate");
    }

    private static <R> Key<R> beta1(ToDoubleFunction<R> read) {
        return Key.number("beta1", UNIT_OPEN, "first-moment decay", read);
    }

    private static <R> Key<R> beta2(String help, ToDoubleFunction<R> read) {
        return Key.number("beta2", UNIT_OPEN, help, read);
    }

    private static <R> Key<R> eps(ToDoubleFunction<R> read) {
        return Key.<R>number("eps", POSITIVE, ADD_TO_DENOMINATOR, read).components("epsilon");
    }

    private static <R> Key<R> weightDecay(String help, ToDoubleFunction<R> read) {
        return Key.<R>number("weight_decay", NON_NEGATIVE, help, read).components("weightDecay");
    }

    private static <R> Key<R> maximize(java.util.function.Predicate<R> read) {
        return Key.flag("maximize", ASCEND, read);
    }

    /** The line search of a name: none (a fixed step), Armijo backtracking or strong Wolfe, each with its defaults. */
    private static LineSearch lineSearch(String name) {
        return switch (name) {
            case "none" -> null;
            case "armijo" -> ArmijoBacktracking.defaults();
            case "strong-wolfe" -> StrongWolfe.defaults();
            default -> throw new IllegalStateException("no line search " + name);
        };
    }

    /** The name of a line search that has one: none, or one of the two with its defaults. */
    private static String lineSearchName(LineSearch search) {
        if (search == null) {
            return "none";
        }
        if (search.equals(ArmijoBacktracking.defaults())) {
            return "armijo";
        }
        if (search.equals(StrongWolfe.defaults())) {
            return "strong-wolfe";
        }
        throw new IllegalArgumentException("the line search " + search + " has no spec: only armijo and strong-wolfe "
                + "with their defaults have one");
    }

    /** Every optimizer, in the order they are listed: gd, sgd, adam, adamw, rmsprop, adagrad, lbfgs, nadam, radam, adamax, adadelta, rprop, asgd, lion. */
    public static List<Kind<? extends Optimizer>> kinds() {
        return KINDS;
    }

    /** The names of the optimizers, in order. */
    public static List<String> names() {
        return KINDS.stream().map(Kind::name).toList();
    }

    /**
     * The optimizer of this name.
     *
     * @throws SpecException for a name that is none of {@link #names()}
     */
    public static Kind<? extends Optimizer> kind(String name) {
        for (Kind<? extends Optimizer> kind : KINDS) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        String problem = "unknown optimizer '" + name + "' (kinds: " + String.join(", ", names()) + ")";
        throw new SpecException(problem, null, null, problem);
    }

    /**
     * The optimizer a spec string describes, such as {@code adam:lr=1e-3,beta2=0.99}: the record's
     * defaults with the keys given.
     *
     * @throws SpecException for an unknown optimizer or key, or a value out of its range, naming it
     */
    public static Optimizer parse(String spec) {
        return build(Spec.parse(spec));
    }

    /** The optimizer of a spec already taken apart; see {@link #parse}. */
    public static Optimizer build(Spec spec) {
        return kind(spec.name()).build(spec.settings());
    }

    /**
     * The shortest spec string of {@code optimizer}: its name and the keys that differ from the
     * defaults, as {@code adam:lr=0.02}; {@link #parse} of it gives the optimizer back.
     *
     * @throws IllegalArgumentException for a rule that has no spec: parameter groups, or a line
     *     search configured beyond the named ones
     */
    public static String spec(Optimizer optimizer) {
        return specOf(optimizer).toString();
    }

    /** {@link #spec} taken apart: the name and the keys that differ from the defaults. */
    public static Spec specOf(Optimizer optimizer) {
        for (Kind<? extends Optimizer> kind : KINDS) {
            if (kind.describes(optimizer)) {
                return specOf(kind, optimizer);
            }
        }
        throw new IllegalArgumentException(optimizer.describe() + " has no spec: it is none of " + String.join(", ", names()));
    }

    private static <R extends Optimizer> Spec specOf(Kind<R> kind, Optimizer optimizer) {
        return kind.spec(kind.type().cast(optimizer));
    }
}
