package dev.descent.schedule;

import dev.descent.spec.Key;
import dev.descent.spec.Kind;
import dev.descent.spec.Spec;
import dev.descent.spec.SpecException;
import java.util.List;

/**
 * Every schedule as a spec string, and the one table of their keys and defaults:
 *
 * <pre>
 * Schedules.parse("onecycle:total=200,pct=0.25")   // OneCycle over 200 steps, rising for a quarter
 * Schedules.parse("cosine:period=1000,min=1e-5")   // cosine annealing to 1e-5 over 1000 steps
 * Schedules.parse("multistep:milestones=30/80")    // times 0.1 at steps 30 and 80
 * Schedules.spec(OneCycle.of(200))                  // "onecycle:total=200"
 * </pre>
 *
 * <p>The forms, keys in brackets optional with their defaults (torch's, read off the records'
 * factories where they have them):
 * {@code constant}, {@code step:size=N[,gamma=0.1]}, {@code multistep:milestones=A/B/...[,gamma=0.1]},
 * {@code exponential:gamma=X}, {@code cosine:period=N[,min=0]},
 * {@code cosine-restarts:period=N[,mult=1][,min=0]},
 * {@code plateau[:factor=0.1][,patience=10][,threshold=1e-4][,cooldown=0][,min=0]},
 * {@code polynomial:total=N[,power=1]},
 * {@code onecycle:total=N[,pct=0.3][,anneal=cos|linear][,div=25][,final-div=10000][,three-phase][,momentum=on|off][,base-momentum=0.85][,max-momentum=0.95]},
 * {@code cyclic:base=X,up=N[,down=N][,mode=triangular|triangular2|exp-range][,gamma=1][,momentum=on|off][,base-momentum=0.8][,max-momentum=0.9]}
 * ({@code down} is {@code up} unless given). {@link #forms()} lists them from the table.
 *
 * <p>A schedule that wraps another ({@link LinearWarmup}) has no spec of its own. For every
 * schedule {@code s} of the forms above, {@code parse(spec(s)).equals(s)}. A bad spec is refused
 * with a {@link SpecException} that names the key and its range.
 */
public final class Schedules {
    private Schedules() {}

    private static final String STEPS = "steps";
    private static final String DECAY = "in (0, 1]";
    private static final String NON_NEGATIVE = "in [0, inf)";
    private static final String POSITIVE = "in (0, inf)";
    private static final String AT_LEAST_ONE = "at least 1";
    private static final String UNIT_OPEN = "in [0, 1)";
    private static final List<String> ON_OFF = List.of("on", "off");

    private static final Kind<Constant> CONSTANT = Kind.of("constant", Constant.class, "the optimizer's rate at every step",
            Constant.INSTANCE, values -> Constant.INSTANCE, List.of());

    private static final Kind<StepDecay> STEP = Kind.of("step", StepDecay.class, "times gamma every size steps (StepLR)",
            new StepDecay(1, 0.1),
            values -> new StepDecay(values.whole("size"), values.number("gamma")),
            List.of(Key.<StepDecay>whole("size", AT_LEAST_ONE, "steps between decays", StepDecay::stepSize).required()
                            .counting(STEPS).components("stepSize"),
                    Key.number("gamma", DECAY, "decay factor", StepDecay::gamma)));

    private static final Kind<MultiStep> MULTISTEP = Kind.of("multistep", MultiStep.class,
            "times gamma at each milestone (MultiStepLR)", new MultiStep(new long[] {1}, 0.1),
            values -> new MultiStep(values.list("milestones"), values.number("gamma")),
            List.of(Key.<MultiStep>list("milestones", "positive and strictly increasing", "steps at which the rate decays",
                            MultiStep::milestones).required(),
                    Key.number("gamma", DECAY, "decay factor", MultiStep::gamma)));

    private static final Kind<Exponential> EXPONENTIAL = Kind.of("exponential", Exponential.class,
            "times gamma every step (ExponentialLR)", new Exponential(1),
            values -> new Exponential(values.number("gamma")),
            List.of(Key.<Exponential>number("gamma", DECAY, "decay per step", Exponential::gamma).required()));

    private static final Kind<CosineAnnealing> COSINE = Kind.of("cosine", CosineAnnealing.class,
            "cosine annealing to min over one period (CosineAnnealingLR)", CosineAnnealing.of(1, 0),
            values -> CosineAnnealing.of(values.whole("period"), values.number("min")),
            List.of(period(), minimum(CosineAnnealing::minimum)))
            .describing(cosine -> !cosine.restarts() && cosine.periodMultiplier() == 1);

    private static final Kind<CosineAnnealing> COSINE_RESTARTS = Kind.of("cosine-restarts", CosineAnnealing.class,
            "cosine annealing with warm restarts (CosineAnnealingWarmRestarts)", CosineAnnealing.withRestarts(1, 1, 0),
            values -> CosineAnnealing.withRestarts(values.whole("period"), values.whole("mult"), values.number("min")),
            List.of(period(), Key.<CosineAnnealing>whole("mult", AT_LEAST_ONE, "growth of each period", CosineAnnealing::periodMultiplier)
                            .components("periodMultiplier"),
                    minimum(CosineAnnealing::minimum)))
            .describing(CosineAnnealing::restarts);

    private static final Kind<ReduceOnPlateau> PLATEAU = Kind.of("plateau", ReduceOnPlateau.class,
            "times factor when the watched value stalls (ReduceLROnPlateau)", ReduceOnPlateau.defaults(),
            values -> new ReduceOnPlateau(values.number("factor"), values.integer("patience"), values.number("threshold"),
                    values.integer("cooldown"), values.number("min")),
            List.of(Key.number("factor", "in (0, 1)", "reduction factor", ReduceOnPlateau::factor),
                    Key.<ReduceOnPlateau>integer("patience", "at least 0", "observations without improvement tolerated",
                            ReduceOnPlateau::patience).counting("observations"),
                    Key.number("threshold", NON_NEGATIVE, "relative improvement that counts", ReduceOnPlateau::threshold),
                    Key.<ReduceOnPlateau>integer("cooldown", "at least 0", "observations to wait after a reduction",
                            ReduceOnPlateau::cooldown).counting("observations"),
                    minimum(ReduceOnPlateau::minimum)));

    private static final Kind<Polynomial> POLYNOMIAL = Kind.of("polynomial", Polynomial.class,
            "polynomial decay to 0 over total steps (PolynomialLR)", Polynomial.linear(1),
            values -> new Polynomial(values.whole("total"), values.number("power")),
            List.of(total(Polynomial::total), Key.number("power", POSITIVE, "power of the polynomial", Polynomial::power)));

    private static final Kind<OneCycle> ONECYCLE = Kind.of("onecycle", OneCycle.class,
            "the 1cycle policy up to the optimizer's rate and down (OneCycleLR)", OneCycle.of(1),
            values -> new OneCycle(values.whole("total"), values.number("pct"), values.choice("anneal").equals("linear"),
                    values.number("div"), values.number("final-div"), values.flag("three-phase"),
                    cycle(values, values.choice("momentum").equals("on"))),
            List.of(total(OneCycle::total),
                    Key.number("pct", "in [0, 1]", "fraction of the cycle spent raising the rate", OneCycle::pct),
                    Key.choice("anneal", List.of("cos", "linear"), "annealing", (OneCycle o) -> o.linear() ? "linear" : "cos"),
                    Key.number("div", POSITIVE, "the initial rate is lr / div", OneCycle::div),
                    Key.<OneCycle>number("final-div", POSITIVE, "the final rate is the initial one / final-div",
                            OneCycle::finalDiv).components("finalDiv"),
                    Key.<OneCycle>flag("three-phase", "the paper's three phases", OneCycle::threePhase)
                            .components("threePhase"),
                    Key.choice("momentum", ON_OFF, "cycle the optimizer's momentum",
                            (OneCycle o) -> o.momentum() == null ? "off" : "on"),
                    baseMomentum((OneCycle o) -> cycleOf(o.momentum(), MomentumCycle.oneCycleDefault()).base()),
                    maxMomentum((OneCycle o) -> cycleOf(o.momentum(), MomentumCycle.oneCycleDefault()).max())));

    private static final Kind<Cyclic> CYCLIC = Kind.of("cyclic", Cyclic.class,
            "cyclical rates between base and the optimizer's rate (CyclicLR)", Cyclic.triangular(0, 1),
            values -> {
                long up = values.whole("up");
                return new Cyclic(values.number("base"), up, values.given("down") ? values.whole("down") : up,
                        mode(values.choice("mode")), values.number("gamma"),
                        cycle(values, values.choice("momentum").equals("on")));
            },
            List.of(Key.<Cyclic>number("base", NON_NEGATIVE, "the rate at the start of each cycle", Cyclic::base).required(),
                    Key.<Cyclic>whole("up", AT_LEAST_ONE, "steps of the rise", Cyclic::up).required().counting(STEPS),
                    Key.<Cyclic>whole("down", "at least 0", "steps of the fall", Cyclic::down).counting(STEPS)
                            .defaultsTo(Cyclic::up, "up"),
                    Key.choice("mode", List.of("triangular", "triangular2", "exp-range"), "scaling of the amplitude",
                            (Cyclic c) -> c.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')),
                    Key.number("gamma", DECAY, "per-step factor of exp-range", Cyclic::gamma),
                    Key.choice("momentum", ON_OFF, "cycle the optimizer's momentum",
                            (Cyclic c) -> c.momentum() == null ? "off" : "on"),
                    baseMomentum((Cyclic c) -> cycleOf(c.momentum(), MomentumCycle.cyclicDefault()).base()),
                    maxMomentum((Cyclic c) -> cycleOf(c.momentum(), MomentumCycle.cyclicDefault()).max())));

    /** The table, in the order kinds are listed. */
    private static final List<Kind<? extends Schedule>> KINDS = List.of(CONSTANT, STEP, MULTISTEP, EXPONENTIAL, COSINE,
            COSINE_RESTARTS, PLATEAU, POLYNOMIAL, ONECYCLE, CYCLIC);

    private static Key<CosineAnnealing> period() {
        return Key.<CosineAnnealing>whole("period", AT_LEAST_ONE, "steps of the (first) period", CosineAnnealing::period)
                .required().counting(STEPS);
    }

    private static <R> Key<R> total(java.util.function.ToLongFunction<R> read) {
        return Key.<R>whole("total", AT_LEAST_ONE, "steps of the schedule", read).required().counting(STEPS);
    }

    private static <R> Key<R> minimum(java.util.function.ToDoubleFunction<R> read) {
        return Key.<R>number("min", NON_NEGATIVE, "the smallest rate", read).components("minimum");
    }

    private static <R> Key<R> baseMomentum(java.util.function.ToDoubleFunction<R> read) {
        return Key.<R>number("base-momentum", UNIT_OPEN, "the momentum at the rate's peak", read).components("base momentum");
    }

    private static <R> Key<R> maxMomentum(java.util.function.ToDoubleFunction<R> read) {
        return Key.<R>number("max-momentum", UNIT_OPEN, "the momentum where the rate is lowest", read)
                .components("max momentum");
    }

    /** The cycle a schedule keeps, or its family's default range when it leaves the momentum alone (for printing). */
    private static MomentumCycle cycleOf(MomentumCycle cycle, MomentumCycle fallback) {
        return cycle == null ? fallback : cycle;
    }

    /** {@code momentum=off}, or the cycle between {@code base-momentum} and {@code max-momentum}. */
    private static MomentumCycle cycle(dev.descent.spec.Values values, boolean on) {
        if (!on) {
            if (values.given("base-momentum") || values.given("max-momentum")) {
                throw new IllegalArgumentException("base-momentum and max-momentum need momentum on");
            }
            return null;
        }
        return new MomentumCycle(values.number("base-momentum"), values.number("max-momentum"));
    }

    private static Cyclic.Mode mode(String name) {
        return Cyclic.Mode.valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    /** Every schedule, in the order they are listed. */
    public static List<Kind<? extends Schedule>> kinds() {
        return KINDS;
    }

    /** The forms of every schedule, as a help text lists them: {@code constant | step:size=N[,gamma=0.1] | ...}. */
    public static String forms() {
        return String.join(" | ", KINDS.stream().map(Kind::form).toList());
    }

    /**
     * The schedule of this name.
     *
     * @throws SpecException for a name that is no schedule's, listing the forms
     */
    public static Kind<? extends Schedule> kind(String name) {
        for (Kind<? extends Schedule> kind : KINDS) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        String problem = "unknown schedule '" + name + "' (forms: " + forms() + ")";
        throw new SpecException(problem, null, null, problem);
    }

    /**
     * The schedule a spec string describes, such as {@code onecycle:total=200,pct=0.25}.
     *
     * @throws SpecException for an unknown schedule or key, a missing key, or a value out of its
     *     range, naming it
     */
    public static Schedule parse(String spec) {
        Spec parsed;
        try {
            parsed = Spec.parse(spec);
        } catch (SpecException e) {
            String problem = e.problem() + " (forms: " + forms() + ")";
            throw new SpecException(e.kind().map(kind -> kind + ": ").orElse("") + problem, e.kind().orElse(null),
                    e.key().orElse(null), problem);
        }
        return build(parsed);
    }

    /** The schedule of a spec already taken apart; see {@link #parse}. */
    public static Schedule build(Spec spec) {
        Kind<? extends Schedule> kind = kind(spec.name());
        for (String given : spec.settings().keySet()) {
            if (kind.key(given).isEmpty()) {
                String problem = "unknown parameter '" + given + "' (" + (kind.keys().isEmpty() ? "it takes none"
                        : "it takes " + String.join(", ", kind.keyNames())) + ")";
                throw new SpecException(kind.name() + ": " + problem, kind.name(), given, problem);
            }
        }
        return kind.build(spec.settings());
    }

    /**
     * The shortest spec string of {@code schedule}: its name, its required keys and the others that
     * differ from the defaults; {@link #parse} of it gives the schedule back.
     *
     * @throws IllegalArgumentException for a schedule of none of the forms (a warm-up around another)
     */
    public static String spec(Schedule schedule) {
        for (Kind<? extends Schedule> kind : KINDS) {
            if (kind.describes(schedule)) {
                return specOf(kind, schedule).toString();
            }
        }
        throw new IllegalArgumentException(schedule + " has no spec: it is none of " + String.join(", ",
                KINDS.stream().map(Kind::name).toList()));
    }

    private static <R extends Schedule> Spec specOf(Kind<R> kind, Schedule schedule) {
        return kind.spec(kind.type().cast(schedule));
    }
}
