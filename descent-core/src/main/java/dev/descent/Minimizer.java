package dev.descent;

import dev.descent.optim.Lbfgs;
import dev.descent.optim.LineSearchFailedException;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.schedule.Schedule;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import dev.descent.vector.Vectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The minimize loop: objective, gradient, (clipping,) update rule, new point, stopping rule,
 * result. Immutable configuration; each {@link #minimize} call is an independent run (except for a
 * stateful schedule such as {@link dev.descent.schedule.ReduceOnPlateau}, which belongs to one run).
 *
 * <pre>{@code
 * Result r = Minimizer.using(new Adam(0.05))
 *         .stoppingWhen(StoppingRules.gradientNorm(1e-8).or(StoppingRules.maxIterations(5000)))
 *         .recordingTrace()
 *         .minimize(Rosenbrock.twoDimensional(), new double[] {-1.2, 1});
 * }</pre>
 *
 * <p>Besides the stopping rule, every run stops with {@link StopReason#NON_FINITE} when a value or
 * gradient entry is NaN or infinite, with {@link StopReason#DIVERGED} when the value exceeds the best
 * seen by more than {@code divergenceFactor * max(1, |best|)}, and with
 * {@link StopReason#LINE_SEARCH_FAILED} when a line search finds no acceptable step. The result
 * always holds the best point seen. Defaults: stop at gradient norm 1e-6 or 10,000 iterations;
 * constant learning rate; no clipping; divergence factor 1e4; no trace.
 */
public final class Minimizer {

    /** The default divergence factor. */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e4;

    private final Optimizer optimizer;
    private final StoppingRule stoppingRule;
    private final Schedule schedule;
    private final GradientClipping clipping;
    private final boolean recordTrace;
    private final List<Listener> listeners;
    private final double divergenceFactor;

    private Minimizer(Optimizer optimizer, StoppingRule stoppingRule, Schedule schedule, GradientClipping clipping,
                      boolean recordTrace, List<Listener> listeners, double divergenceFactor) {
        this.optimizer = optimizer;
        this.stoppingRule = stoppingRule;
        this.schedule = schedule;
        this.clipping = clipping;
        this.recordTrace = recordTrace;
        this.listeners = listeners;
        this.divergenceFactor = divergenceFactor;
    }

    /** A loop around {@code optimizer} with the defaults. */
    public static Minimizer using(Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        return new Minimizer(optimizer, StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(10_000)),
                null, null, false, List.of(), DEFAULT_DIVERGENCE_FACTOR);
    }

    /** @return a copy that stops by {@code rule} (plus the built-in failure checks) */
    public Minimizer stoppingWhen(StoppingRule rule) {
        return new Minimizer(optimizer, Objects.requireNonNull(rule, "rule"), schedule, clipping, recordTrace,
                listeners, divergenceFactor);
    }

    /** @return a copy whose learning rate follows {@code schedule} instead of the optimizer's constant rate */
    public Minimizer schedule(Schedule schedule) {
        return new Minimizer(optimizer, stoppingRule, Objects.requireNonNull(schedule, "schedule"), clipping,
                recordTrace, listeners, divergenceFactor);
    }

    /**
     * @return a copy that clips each gradient before the update rule sees it; refused for L-BFGS,
     *     whose curvature pairs need true gradients
     */
    public Minimizer clipping(GradientClipping clipping) {
        Objects.requireNonNull(clipping, "clipping");
        if (optimizer instanceof Lbfgs) {
            throw new IllegalArgumentException("gradient clipping does not apply to lbfgs: its curvature pairs and "
                    + "line search need the true gradient; use gd, sgd, adam, adamw, rmsprop or adagrad");
        }
        return new Minimizer(optimizer, stoppingRule, schedule, clipping, recordTrace, listeners, divergenceFactor);
    }

    /** @return a copy that records every step in {@link Result#trace()} */
    public Minimizer recordingTrace() {
        return new Minimizer(optimizer, stoppingRule, schedule, clipping, true, listeners, divergenceFactor);
    }

    /** @return a copy that also calls {@code listener} at every step */
    public Minimizer listener(Listener listener) {
        List<Listener> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        return new Minimizer(optimizer, stoppingRule, schedule, clipping, recordTrace, List.copyOf(more),
                divergenceFactor);
    }

    /**
     * @param factor in (0, inf]; {@code Double.POSITIVE_INFINITY} turns divergence detection off
     * @return a copy with this divergence factor
     */
    public Minimizer divergenceFactor(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("divergence factor must be in (0, inf]: " + factor);
        }
        return new Minimizer(optimizer, stoppingRule, schedule, clipping, recordTrace, listeners, factor);
    }

    /** The optimizer this loop runs. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Minimizes (or, for a maximizing optimizer, maximizes) {@code objective} from {@code start}
     * with a fresh optimizer state.
     *
     * @param start not modified
     */
    public Result minimize(Objective objective, double[] start) {
        return minimize(objective, start, optimizer.init(objective.dimension()));
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
        Objects.requireNonNull(state, "state");
        int n = objective.dimension();
        if (start.length != n) {
            throw new IllegalArgumentException("start has " + start.length + " entries, the objective has dimension " + n);
        }
        if (state.dimension() != n) {
            throw new IllegalArgumentException("optimizer state has dimension " + state.dimension()
                    + ", the objective has dimension " + n);
        }
        return new Run(objective, start, state).execute();
    }

    /** One run's mutable state; also the {@link Progress} the rules and listeners see. */
    private final class Run implements Progress {
        private final CountingObjective objective;
        private final OptimizerState state;
        private final Schedule rates;
        private final double sense;
        private final long startNanos = System.nanoTime();
        private final List<TraceStep> trace = new ArrayList<>();
        private double[] x;
        private double[] gradient;
        private double[] scratch;
        private final double[] previousX;
        private final double[] bestX;
        private double bestValue;
        private double bestGradientNorm;
        private long iteration;
        private double value;
        private double previousValue = Double.NaN;
        private double gradientNorm;
        private double initialGradientNorm;
        private double stepLength;
        private double learningRate = Double.NaN;
        private String detail = "";

        Run(Objective objective, double[] start, OptimizerState state) {
            this.objective = new CountingObjective(objective);
            this.state = state;
            this.rates = schedule != null ? schedule : Schedule.constant(state.optimizer().learningRate());
            this.sense = state.optimizer().maximizes() ? -1.0 : 1.0;
            int n = start.length;
            this.x = start.clone();
            this.gradient = new double[n];
            this.scratch = new double[n];
            this.previousX = new double[n];
            this.bestX = start.clone();
        }

        Result execute() {
            value = objective.valueAndGradient(x, gradient);
            gradientNorm = Vectors.norm(gradient);
            initialGradientNorm = gradientNorm;
            bestValue = value;
            bestGradientNorm = gradientNorm;
            StopReason reason = observe();
            while (reason == null) {
                reason = stoppingRule.check(this).orElse(null);
                if (reason == null) {
                    reason = step();
                }
            }
            Result result = new Result(bestX, bestValue, bestGradientNorm, iteration, objective.valueCalls,
                    objective.gradientCalls, reason, detail, Duration.ofNanos(System.nanoTime() - startNanos), trace);
            for (Listener listener : listeners) {
                listener.onEnd(result);
            }
            return result;
        }

        /** One update; returns a failure reason or null. */
        private StopReason step() {
            double rate = rates.at(state.steps());
            double[] acted = gradient;
            if (clipping != null) {
                System.arraycopy(gradient, 0, scratch, 0, gradient.length);
                clipping.clip(scratch);
                acted = scratch;
            }
            System.arraycopy(x, 0, previousX, 0, x.length);
            double newValue;
            try {
                newValue = state.iterate(objective, x, value, acted, rate);
            } catch (LineSearchFailedException failure) {
                detail = failure.getMessage();
                return StopReason.LINE_SEARCH_FAILED;
            }
            if (acted == scratch) {
                scratch = gradient;
                gradient = acted;
            }
            iteration++;
            previousValue = value;
            value = newValue;
            learningRate = state.lastStepLength();
            stepLength = Vectors.distance(x, previousX);
            gradientNorm = Vectors.norm(gradient);
            rates.observe(state.steps(), value);
            return observe();
        }

        /** Records the current point, tells the listeners, and checks the built-in failure stops. */
        private StopReason observe() {
            boolean finite = Double.isFinite(value) && Vectors.allFinite(gradient);
            if (finite && sense * value < sense * bestValue) {
                bestValue = value;
                bestGradientNorm = gradientNorm;
                System.arraycopy(x, 0, bestX, 0, x.length);
            }
            if (recordTrace) {
                trace.add(new TraceStep(iteration, value, gradientNorm, stepLength, learningRate, x));
            }
            for (Listener listener : listeners) {
                listener.onStep(this);
            }
            if (!finite) {
                detail = describeNonFinite();
                return StopReason.NON_FINITE;
            }
            double excess = sense * (value - bestValue);
            if (excess > divergenceFactor * Math.max(1, Math.abs(bestValue))) {
                detail = "value " + value + " at iteration " + iteration + " against best " + bestValue;
                return StopReason.DIVERGED;
            }
            return null;
        }

        private String describeNonFinite() {
            if (!Double.isFinite(value)) {
                return "the value is " + value + " at iteration " + iteration;
            }
            for (int i = 0; i < gradient.length; i++) {
                if (!Double.isFinite(gradient[i])) {
                    return "gradient entry " + i + " is " + gradient[i] + " at iteration " + iteration;
                }
            }
            return "non-finite gradient at iteration " + iteration;
        }

        @Override
        public long iteration() {
            return iteration;
        }

        @Override
        public long valueEvaluations() {
            return objective.valueCalls;
        }

        @Override
        public long gradientEvaluations() {
            return objective.gradientCalls;
        }

        @Override
        public double value() {
            return value;
        }

        @Override
        public double previousValue() {
            return previousValue;
        }

        @Override
        public double gradientNorm() {
            return gradientNorm;
        }

        @Override
        public double gradientMaxNorm() {
            return Vectors.maxAbs(gradient);
        }

        @Override
        public double initialGradientNorm() {
            return initialGradientNorm;
        }

        @Override
        public double stepLength() {
            return stepLength;
        }

        @Override
        public double pointNorm() {
            return Vectors.norm(x);
        }

        @Override
        public double learningRate() {
            return learningRate;
        }

        @Override
        public long elapsedNanos() {
            return System.nanoTime() - startNanos;
        }

        @Override
        public double[] point() {
            return x;
        }

        @Override
        public double[] gradient() {
            return gradient;
        }
    }

    /** Counts the calls into the user's objective. */
    private static final class CountingObjective implements Objective {
        private final Objective delegate;
        long valueCalls;
        long gradientCalls;

        CountingObjective(Objective delegate) {
            this.delegate = delegate;
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public double valueAndGradient(double[] x, double[] gradientOut) {
            valueCalls++;
            gradientCalls++;
            return delegate.valueAndGradient(x, gradientOut);
        }

        @Override
        public double value(double[] x) {
            valueCalls++;
            return delegate.value(x);
        }
    }
}
