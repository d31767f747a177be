package dev.descent.loop;

import dev.descent.BatchedObjective;
import dev.descent.Bounds;
import dev.descent.GradientClipping;
import dev.descent.Listener;
import dev.descent.Objective;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.RunSnapshot;
import dev.descent.StopReason;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.StateHeader;
import dev.descent.schedule.Schedule;
import dev.descent.schedule.ScheduleState;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The one loop of descent: objective, gradient, (clipping,) update rule, new point, stopping rule,
 * result. Minimizing a function and training a model on mini-batches both run through it, so stop
 * reasons, divergence and NaN detection, schedules, clipping, listeners and the trace mean the same
 * everywhere. Immutable configuration; each run is independent (a schedule's observations live in
 * the run, not in the schedule).
 *
 * <pre>{@code
 * Result r = Minimizer.using(new Adam(0.05))
 *         .stoppingWhen(StoppingRules.gradientNorm(1e-8).or(StoppingRules.maxIterations(5000)))
 *         .recordingTrace()
 *         .minimize(Rosenbrock.twoDimensional(), new double[] {-1.2, 1});
 * }</pre>
 *
 * <p>One epoch of the loop is one iteration on a function ({@link Objective}), or one pass over the
 * batches of a {@link BatchedObjective}: a first-order update per batch, with the batch's gradient.
 * At the end of every epoch the loop checks for divergence, asks the monitor for the watched value
 * (the validation loss in training; the value itself without a monitor), tells the schedule, and
 * asks the stopping rule. Besides the stopping rule, every run stops with
 * {@link StopReason#NON_FINITE} as soon as a value or gradient entry is NaN or infinite, with
 * {@link StopReason#DIVERGED} when an epoch's value exceeds the best seen by more than
 * {@code divergenceFactor * max(1, |best|)}, with {@link StopReason#UNBOUNDED} when the objective is
 * unbounded below (the rule below), and with {@link StopReason#LINE_SEARCH_FAILED} when a line search
 * finds no acceptable step. The result holds the point of the best watched value (or
 * the last point, {@link #returningLastPoint()}, unless the run failed); a run without a monitor that
 * stops with {@link StopReason#GRADIENT_TOLERANCE} holds the point that met it.
 *
 * <p>Unbounded below: a run stops with {@link StopReason#UNBOUNDED} by either of two rules, or when a
 * value is -infinity; when maximizing, mirrored (above instead of below, the slope the same). Both
 * measure against the start's scale {@code s = max(1, |f(start)|)} (1 for a start at or near 0) and are
 * checked at the end of every epoch, for every rule of update alike.
 * <ul>
 * <li>Depth: an epoch's value is below {@code -UNBOUNDED_FACTOR * s}, 1e15 times the start's scale. A
 * value can only fall so far below where it started by moving along a direction in which the objective
 * keeps decreasing: from there, every number of the start's size is lost in rounding (a double holds
 * about 16 digits), so nothing the run could still find is distinguishable from unboundedness. Line
 * searches reach that depth in a few iterations, as they extend the step while the value keeps falling
 * (L-BFGS's strong Wolfe search by up to 10 times per trial).
 * <li>Slope: an epoch's value is below {@code -UNBOUNDED_SLOPE_FACTOR * s}, a million times the start's
 * scale, and its gradient norm is no smaller than the gradient norm at the first, earlier, epoch whose
 * value fell below {@code -SLOPE_REFERENCE_FACTOR * s}, a thousand times that scale. Fixed-step rules
 * (gradient descent with a fixed rate, momentum, Adam and its kin, Lion, Rprop) move a bounded
 * distance per step, so on a function that falls linearly or quadratically they never reach the depth
 * rule within a budget. A descent that has fallen a million times below the start's scale while its
 * slope has not flattened over the last thousandfold of that fall has no minimum ahead of it: near a
 * minimum the gradient shrinks. The reference is an earlier epoch's, since one epoch alone shows no
 * trend of the slope (a first step into a deep bowl can pass both thresholds at once). The rule judges
 * by the path, not the whole function: a well a million times deeper than the start's scale that the
 * run enters from a flat tail, where its slope still steepens a thousandfold below the start, looks
 * the same to it.
 * </ul>
 * {@code f(start)} is the value at the start, or for batched objectives the first epoch's mean; the
 * gradient norm is the one the run reports ({@link Progress#gradientNorm()}: with bounds the projected
 * gradient's).
 *
 * <p>Defaults: stop at gradient norm 1e-6 or 10,000 iterations; the optimizer's constant learning
 * rate; no clipping; divergence factor 1e4; no monitor; no trace.
 */
public final class Minimizer {

    /** The default divergence factor. */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e4;

    /** How many times the start's scale the value may fall below 0 before the objective counts as unbounded below. */
    public static final double UNBOUNDED_FACTOR = 1e15;

    /**
     * How many times the start's scale the value may fall below 0 with a slope that has not flattened
     * (see {@link #SLOPE_REFERENCE_FACTOR}) before the objective counts as unbounded below.
     */
    public static final double UNBOUNDED_SLOPE_FACTOR = 1e6;

    /**
     * How many times the start's scale below 0 the value first falls where the slope rule takes the
     * gradient norm it compares later ones with.
     */
    public static final double SLOPE_REFERENCE_FACTOR = 1e3;

    /**
     * Everything a run is configured with, each setting with its default. A fluent method changes a
     * copy ({@link #with}), so a {@code Minimizer}'s own settings never change once it is built, and
     * {@link Loop} only reads them. A new setting is a field here, the method that sets it and the
     * place in {@link Loop} that uses it.
     */
    static final class Settings implements Cloneable {
        Optimizer optimizer;
        StoppingRule stoppingRule = StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(10_000));
        Schedule schedule = Schedule.constant();
        /** Null for none. */
        GradientClipping clipping;
        boolean recordTrace;
        /** Immutable, so copies share it. */
        List<Listener> listeners = List.of();
        double divergenceFactor = DEFAULT_DIVERGENCE_FACTOR;
        /** Null to watch the value itself. */
        ToDoubleFunction<double[]> monitor;
        boolean returnLast;
        int accumulation = 1;
        /** Null for an unbounded run. */
        Bounds bounds;
        /** Null for none. */
        dev.descent.L1Penalty l1;

        /** A shallow copy: every field is a value or an immutable object. */
        Settings copy() {
            try {
                return (Settings) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError("Settings is Cloneable", e);
            }
        }
    }

    private final Settings settings;

    private Minimizer(Settings settings) {
        this.settings = settings;
    }

    /** A copy of this loop with {@code change} made to a copy of its settings. */
    private Minimizer with(Consumer<Settings> change) {
        Settings changed = settings.copy();
        change.accept(changed);
        return new Minimizer(changed);
    }

    /** A loop around {@code optimizer} with the defaults. */
    public static Minimizer using(Optimizer optimizer) {
        Settings settings = new Settings();
        settings.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        return new Minimizer(settings);
    }

    /** @return a copy that stops by {@code rule} (plus the built-in failure checks) */
    public Minimizer stoppingWhen(StoppingRule rule) {
        Objects.requireNonNull(rule, "rule");
        return with(s -> s.stoppingRule = rule);
    }

    /**
     * @return a copy whose learning rate follows {@code schedule} of the optimizer's rate; refused for
     *     an optimizer that sets its own first trial step ({@link Optimizer#followsSchedule()}), and a
     *     momentum-cycling schedule ({@link Schedule#cyclesMomentum()}) for a rule without a momentum
     *     coefficient ({@link Optimizer#momentum()}), as torch's OneCycleLR and CyclicLR refuse it
     */
    public Minimizer schedule(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        if (!settings.optimizer.followsSchedule()) {
            throw new IllegalArgumentException("a schedule does not apply to " + settings.optimizer.name()
                    + ": its line search starts from its natural unit step");
        }
        if (schedule.cyclesMomentum() && Double.isNaN(settings.optimizer.momentum())) {
            throw new IllegalArgumentException("the schedule cycles the momentum, and " + settings.optimizer.name()
                    + " has none (momentum cycling needs sgd, rmsprop, adam, adamw, adamax, nadam, radam or lion);"
                    + " turn it off for the rate alone");
        }
        return with(s -> s.schedule = schedule);
    }

    /**
     * @return a copy that clips each gradient before the update rule sees it; refused for rules that
     *     search along a line ({@link Optimizer#allowsClipping()}), whose conditions need true gradients
     */
    public Minimizer clipping(GradientClipping clipping) {
        Objects.requireNonNull(clipping, "clipping");
        if (!settings.optimizer.allowsClipping()) {
            throw new IllegalArgumentException("gradient clipping does not apply to " + settings.optimizer.name()
                    + ": its line search and curvature pairs need the true gradient; use a first-order rule "
                    + "(gd with a fixed step, sgd, adam, adamw, rmsprop, adagrad)");
        }
        return with(s -> s.clipping = clipping);
    }

    /** @return a copy that records every step in {@link Result#trace()} */
    public Minimizer recordingTrace() {
        return with(s -> s.recordTrace = true);
    }

    /** @return a copy that also calls {@code listener} at every step and epoch */
    public Minimizer listener(Listener listener) {
        List<Listener> more = new ArrayList<>(settings.listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        return with(s -> s.listeners = List.copyOf(more));
    }

    /**
     * @param factor in (0, inf]; {@code Double.POSITIVE_INFINITY} turns divergence detection off
     * @return a copy with this divergence factor
     */
    public Minimizer divergenceFactor(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("divergence factor must be in (0, inf]: " + factor);
        }
        return with(s -> s.divergenceFactor = factor);
    }

    /**
     * @param monitor the value to watch at the end of every epoch, from the current point (do not
     *     modify it): the validation loss in training. It drives the best point, early stopping
     *     ({@link StoppingRules#noImprovement}) and observing schedules; without one the loop
     *     watches the value itself.
     * @return a copy with this monitor
     */
    public Minimizer monitoring(ToDoubleFunction<double[]> monitor) {
        Objects.requireNonNull(monitor, "monitor");
        return with(s -> s.monitor = monitor);
    }

    /**
     * @return a copy whose result holds the last point rather than the best watched one (training
     *     without early stopping), except after a failure, when the best finite point is returned
     */
    public Minimizer returningLastPoint() {
        return with(s -> s.returnLast = true);
    }

    /**
     * @return a copy that sums the gradients of {@code batches} consecutive mini-batches, weighted by
     *     their rows ({@link BatchedObjective#weight}), into one update: the update of one batch that
     *     many times as large, for a mean loss (gradient accumulation). The last update of an epoch
     *     takes the batches left. Needs an objective of several batches; 1 (the default) updates
     *     after every batch
     * @param batches at least 1
     */
    public Minimizer accumulating(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("batches to accumulate must be at least 1: " + batches);
        }
        return with(s -> s.accumulation = batches);
    }

    /**
     * Keeps every iterate within {@code bounds}. A start outside the box is projected onto it before
     * the first evaluation, as SciPy's L-BFGS-B does, and the result says how many entries moved
     * ({@link Result#startProjected()}). How each rule stays feasible:
     * <ul>
     * <li>first-order rules (gradient descent with a fixed step, SGD, Adam and the rest of the
     *     stochastic family): every update is followed by the projection onto the box, projected
     *     gradient descent {@code x <- P(x - update)}, on full and on mini-batches;
     * <li>{@link dev.descent.optim.GradientDescent} with a line search: Armijo backtracking along the
     *     projection arc {@code x(t) = P(x - t g)}, accepting the first {@code t} with
     *     {@code f(x(t)) <= f(x) + c1 g.(x(t) - x)} (Bertsekas 1976), whatever search is configured
     *     (its c1 and shrink factor when it is {@link dev.descent.linesearch.ArmijoBacktracking});
     * <li>{@link dev.descent.optim.Lbfgs}: L-BFGS-B ({@link dev.descent.optim.LbfgsB}).
     * </ul>
     * With bounds, {@link Progress#gradientNorm()} (and so the gradient-norm rules, the trace and
     * {@link Result#gradientNorm()}) is the projected gradient's infinity norm
     * ({@link Bounds#projectedGradient}), and the result lists the active bounds. A run without
     * bounds is unchanged, bit for bit.
     *
     * @return a copy that keeps the iterates within {@code bounds}
     * @throws UnsupportedOperationException for a rule without a bounded form
     */
    public Minimizer bounds(Bounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        if (!settings.optimizer.takesBounds()) {
            throw new UnsupportedOperationException(settings.optimizer.name() + " has no bounded form");
        }
        return with(s -> s.bounds = bounds);
    }

    /**
     * Minimizes {@code F(x) = f(x) + sum_i c_i |x_i|}, the objective plus {@code l1}, to its optimum
     * with exact zeros, each rule in the form that reaches it:
     * <ul>
     * <li>{@link dev.descent.optim.Lbfgs}: OWL-QN (Andrew &amp; Gao 2007), which keeps each step in
     *     one orthant and stops a variable that would cross zero at zero;
     * <li>{@link dev.descent.optim.GradientDescent} with a fixed step: proximal gradient (ISTA),
     *     {@code x <- S(x - eta g, eta c)}; with a line search, backtracking along the proximal path
     *     {@code x(t) = S(x - t g, t c)} until {@code f(x(t)) <= f(x) + g.(x(t) - x) + |x(t) - x|^2 / (2t)}
     *     (Beck &amp; Teboulle 2009); accelerated ({@code gd:accelerated}), FISTA, which takes no bounds;
     * <li>the other first-order rules: each update followed by the proximal step in the rule's own
     *     metric, {@code x_i <- S(x_i, c_i d_i)} with the rule's step {@code d_i} along the variable
     *     ({@link OptimizerState#proximalSteps}), on full and on mini-batches; rules that step by sign
     *     (Rprop, Lion) step along the pseudo-gradient and stop a variable that would cross zero at zero
     *     ({@link OptimizerState#stepsBySign}).
     * </ul>
     * Every value the run holds, reports and stops on is {@code F}'s (a batch's value is the batch's
     * {@code f} plus the L1 term), and its gradient norm is the pseudo-gradient's
     * ({@link dev.descent.L1Penalty}), which is 0 exactly at the optimum. AdamW's and Lion's decoupled
     * weight decay is a step of its own, outside the objective, so with it they reach the optimum of
     * {@code F} plus that decay's pull, not of {@code F}. With bounds too, a first-order
     * rule's step is the proximal step followed by the projection, which for one variable at a time is
     * the proximal step of {@code c_i |x_i|} plus the box.
     *
     * @return a copy that minimizes {@code f + l1}
     * @throws UnsupportedOperationException for a rule without such a form
     */
    public Minimizer l1(dev.descent.L1Penalty l1) {
        Objects.requireNonNull(l1, "l1");
        if (settings.optimizer.maximizes()) {
            throw new UnsupportedOperationException(settings.optimizer.name() + " maximizes; an L1 penalty is added to "
                    + "an objective that is minimized");
        }
        if (!settings.optimizer.takesL1()) {
            throw new UnsupportedOperationException(settings.optimizer.name() + " has no form for an L1 penalty");
        }
        return with(s -> s.l1 = l1);
    }

    /** The L1 term of this loop's runs, or null. */
    public dev.descent.L1Penalty l1() {
        return settings.l1;
    }

    /** The box of this loop's runs, or null. */
    public Bounds bounds() {
        return settings.bounds;
    }

    /** The rule that ends this loop's runs (besides the failures every run stops at). */
    public StoppingRule stoppingRule() {
        return settings.stoppingRule;
    }

    /** The optimizer this loop runs. */
    public Optimizer optimizer() {
        return settings.optimizer;
    }

    /**
     * Minimizes (or, for a maximizing optimizer, maximizes) {@code objective} from {@code start}
     * with a fresh optimizer state.
     *
     * @param start not modified
     */
    public Result minimize(Objective objective, double[] start) {
        return minimize(objective, start, initialState(objective.dimension()));
    }

    /**
     * Continues a run from {@code start} with an existing state (for example one read back with
     * {@link Optimizer#restore}). The schedule is consulted at {@code state.steps()}, so a restored run
     * continues the schedule where it was; iteration counts in the result and the trace start at 0.
     *
     * @param start not modified
     * @param state modified: it takes the run's updates
     */
    public Result minimize(Objective objective, double[] start, OptimizerState state) {
        Objects.requireNonNull(objective, "objective");
        return minimize(BatchedObjective.of(objective), start, state);
    }

    /**
     * Minimizes a mean over data batch by batch (training) from {@code start} with a fresh state.
     *
     * @param start not modified
     */
    public Result minimize(BatchedObjective objective, double[] start) {
        return minimize(objective, start, initialState(objective.dimension()));
    }

    /**
     * As {@link #minimize(BatchedObjective, double[])} with an existing optimizer state.
     *
     * @param start not modified
     * @param state modified: it takes the run's updates
     * @throws IllegalArgumentException when the objective has several batches and the optimizer needs
     *     the full batch
     */
    public Result minimize(BatchedObjective objective, double[] start, OptimizerState state) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(state, "state");
        check(objective, start.length, state);
        Loop loop = new Loop(settings, objective, state,
                settings.schedule.init(settings.optimizer.learningRate()), start);
        return loop.run(false);
    }

    /**
     * Continues a run from a snapshot taken at the end of an epoch ({@link Progress#snapshot()}) with
     * the same objective and settings, to the same bits as the run that never stopped. The stopping
     * rule is asked first, so a run resumed with a larger budget goes on and one that had converged
     * stops at once.
     */
    public Result resume(BatchedObjective objective, RunSnapshot snapshot) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(snapshot, "snapshot");
        OptimizerState state;
        ScheduleState rates = settings.schedule.init(settings.optimizer.learningRate());
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot.optimizerState()));
            if (settings.bounds == null && settings.l1 == null) {
                state = settings.optimizer.restore(in);
            } else {
                // the bounded or L1 form of the rule (L-BFGS-B, OWL-QN, the projection-arc search) reads its own buffers
                StateHeader header = StateHeader.read(in, settings.optimizer.name());
                state = initialState(header.dimension());
                state.readBuffers(header, in);
            }
            rates.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot.scheduleState())));
        } catch (IOException e) {
            throw new UncheckedIOException("the snapshot's optimizer or schedule state does not fit this loop: "
                    + e.getMessage(), e);
        }
        check(objective, snapshot.point().length, state);
        Loop loop = new Loop(settings, objective, state, rates, snapshot.point());
        loop.restore(snapshot);
        return loop.run(true);
    }

    /**
     * The state a run of this loop starts from: the optimizer's, kept in the box when there is one.
     * A caller that reads the state after the run (ASGD's averaged point) makes it here and passes it
     * to {@link #minimize(Objective, double[], OptimizerState)}.
     */
    public OptimizerState initialState(int dimension) {
        if (settings.l1 != null) {
            settings.l1.checkDimension(dimension);
            if (settings.bounds != null) {
                settings.bounds.checkDimension(dimension);
                return settings.optimizer.init(dimension, settings.bounds, settings.l1);
            }
            return settings.optimizer.init(dimension, settings.l1);
        }
        if (settings.bounds == null) {
            return settings.optimizer.init(dimension);
        }
        settings.bounds.checkDimension(dimension);
        return settings.optimizer.init(dimension, settings.bounds);
    }

    private void check(BatchedObjective objective, int startLength, OptimizerState state) {
        int n = objective.dimension();
        if (settings.bounds != null) {
            settings.bounds.checkDimension(n);
            if (state.optimizer().searchesLine() && !settings.bounds.equals(state.bounds())) {
                throw new IllegalArgumentException("the state of " + state.optimizer().name() + " does not keep to "
                        + "this loop's bounds: make it with Optimizer.init(dimension, bounds)");
            }
        } else if (state.bounds() != null) {
            throw new IllegalArgumentException("the state of " + state.optimizer().name() + " is bounded and this "
                    + "loop is not: set the same Minimizer.bounds");
        }
        if (settings.l1 != null) {
            settings.l1.checkDimension(n);
            if (state.optimizer().searchesLine() && !settings.l1.equals(state.l1())) {
                throw new IllegalArgumentException("the state of " + state.optimizer().name() + " does not minimize "
                        + "this loop's L1 term: make it with Optimizer.init(dimension, l1)");
            }
        } else if (state.l1() != null) {
            throw new IllegalArgumentException("the state of " + state.optimizer().name() + " minimizes an L1 term and "
                    + "this loop does not: set the same Minimizer.l1");
        }
        if (startLength != n) {
            throw new IllegalArgumentException("start has " + startLength + " entries, the objective has dimension " + n);
        }
        if (state.dimension() != n) {
            throw new IllegalArgumentException("optimizer state has dimension " + state.dimension()
                    + ", the objective has dimension " + n);
        }
        if (objective.batches() < 1) {
            throw new IllegalArgumentException("a batched objective needs at least one batch: " + objective.batches());
        }
        if (objective.batches() > 1 && settings.optimizer.needsFullBatch()) {
            throw new IllegalArgumentException(settings.optimizer.name() + " takes full batches (it evaluates the "
                    + "whole objective itself): use the full batch or a first-order optimizer");
        }
        if (settings.accumulation > 1 && objective.batches() == 1) {
            throw new IllegalArgumentException("accumulating " + settings.accumulation + " batches needs an objective of "
                    + "several batches (mini-batches); this one is a full batch");
        }
    }
}
