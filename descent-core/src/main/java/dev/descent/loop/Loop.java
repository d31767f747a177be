package dev.descent.loop;

import dev.descent.BatchedObjective;
import dev.descent.Bounds;
import dev.descent.Listener;
import dev.descent.Objective;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.RunSnapshot;
import dev.descent.StopReason;
import dev.descent.TraceStep;
import dev.descent.linesearch.LineSearchFailedException;
import dev.descent.optim.OptimizerState;
import dev.descent.schedule.ScheduleState;
import dev.descent.vector.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@link Minimizer}'s loop: its mutable state, and the {@link Progress} that stopping
 * rules and listeners see. An epoch is one iteration on the full objective, or one first-order
 * update per batch. The point of the best watched value is kept by {@link BestPoint}.
 *
 * <p>A float32 rule ({@link dev.descent.optim.Optimizer#float32()}) on mini-batches of an objective
 * that computes in float32 ({@link BatchedObjective#float32()}), without clipping, accumulation or
 * bounds, steps the {@code float[]} copies of the point and gradient in a {@link Float32Mirror}; the
 * {@code double[]} point and gradient are widened from them when something reads them, so every
 * figure and the bits are those of the same run on {@code double[]}.
 */
final class Loop implements Progress {
    private final Minimizer.Settings settings;
    private final BatchedObjective objective;
    private final boolean fullBatch;
    private final OptimizerState state;
    private final ScheduleState rates;
    private final double sense;
    private final long startNanos = System.nanoTime();
    private final List<TraceStep> trace = new ArrayList<>();
    private final double[] x;
    private double[] gradient;
    /** The float32 copies that the mini-batch updates step, or null when they step {@code x} itself. */
    private final Float32Mirror single;
    private double[] scratch;
    /** The weighted gradient sum of the batches accumulated for the coming update; empty without accumulation. */
    private final double[] accumulated;
    private final double[] previousX;
    private final BestPoint best;
    /** The lowest epoch value (the highest when maximizing), against which divergence is measured. */
    private double bestValue = Double.NaN;
    private double startValue = Double.NaN;
    /**
     * The gradient norm at the first epoch whose value fell below {@code -SLOPE_REFERENCE_FACTOR} times
     * the start's scale (above it when maximizing), and that epoch: the slope the unbounded-below slope
     * rule compares with; NaN and -1 before then.
     */
    private double slopeReferenceNorm = Double.NaN;
    private long slopeReferenceEpoch = -1;
    private long iteration;
    private long epoch;
    private long valueCalls;
    private long gradientCalls;
    private double value = Double.NaN;
    private double previousValue = Double.NaN;
    private double monitored = Double.NaN;
    private double gradientNorm = Double.NaN;
    private double initialGradientNorm = Double.NaN;
    private double stepLength;
    private double learningRate = Double.NaN;
    private double momentum = Double.NaN;
    private StopReason stopping;
    private String detail = "";
    /** The box, or null for an unbounded run. */
    private final Bounds bounds;
    /** Whether the loop projects each update itself (a first-order rule in a box). */
    private final boolean projects;
    private int startProjected;
    /** The L1 term of {@code F = f + L1}, or null: every value the loop holds and reports is {@code F}'s. */
    private final dev.descent.L1Penalty l1;
    /** Whether the loop adds the L1 term's step to each update itself (a first-order rule). */
    private final boolean proximal;
    /** The rule's steps along each variable, or a sign rule's pseudo-gradient; empty without {@link #proximal}. */
    private final double[] proximalScratch;
    /** The orthant a sign rule's update keeps to; empty unless it steps by sign under an L1 term. */
    private final double[] orthant;

    Loop(Minimizer.Settings settings, BatchedObjective objective, OptimizerState state, ScheduleState rates,
         double[] start) {
        this.settings = settings;
        this.objective = objective;
        this.fullBatch = objective.batches() == 1;
        this.state = state;
        this.rates = rates;
        this.sense = settings.optimizer.maximizes() ? -1.0 : 1.0;
        int n = start.length;
        this.x = start.clone();
        this.gradient = new double[n];
        this.scratch = new double[n];
        this.accumulated = new double[settings.accumulation > 1 ? n : 0];
        this.previousX = new double[n];
        this.bounds = settings.bounds;
        this.projects = bounds != null && state.bounds() == null && !state.optimizer().searchesLine();
        this.startProjected = bounds == null ? 0 : bounds.project(x);
        this.l1 = settings.l1;
        this.proximal = l1 != null && state.l1() == null;
        this.proximalScratch = new double[proximal ? n : 0];
        this.orthant = new double[proximal && state.stepsBySign() ? n : 0];
        this.best = new BestPoint(x, sense);
        boolean float32 = !fullBatch && objective.float32() && state.optimizer().float32() && settings.clipping == null
                && settings.accumulation <= 1 && bounds == null && l1 == null;
        this.single = float32 ? new Float32Mirror(x) : null;
    }

    /** Widens the float32 point into the double one, when it lags behind. */
    private void syncPoint() {
        if (single != null) {
            single.syncPoint(x);
        }
    }

    /** Widens the float32 gradient into the double one, when it lags behind. */
    private void syncGradient() {
        if (single != null) {
            single.syncGradient(gradient);
        }
    }

    /** Both: the point and gradient every reader of the whole state sees. */
    private void sync() {
        syncPoint();
        syncGradient();
    }

    /**
     * The gradient norm the loop reports: Euclidean, or with bounds the projected gradient's infinity
     * norm; with an L1 term the same norm of its pseudo-gradient.
     */
    private double measuredGradientNorm() {
        if (l1 != null) {
            return bounds == null ? l1.pseudoGradientNorm(x, gradient) : projectedPseudoGradientMaxNorm();
        }
        return bounds == null ? Vectors.norm(gradient) : bounds.projectedGradientNorm(x, gradient);
    }

    /** The infinity norm of the projected pseudo-gradient, the first-order measure of {@code f + L1} in a box. */
    private double projectedPseudoGradientMaxNorm() {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double p = l1.pseudoGradient(i, x[i], gradient[i]);
            double projected = x[i] - Math.min(Math.max(x[i] - p, bounds.lower(i)), bounds.upper(i));
            max = Math.max(max, Math.abs(projected));
        }
        return max;
    }

    /**
     * A first-order rule's update, then the L1 term's proximal step in the rule's own metric
     * ({@link OptimizerState#proximalSteps}) or, for a rule that steps by sign, its update from the
     * pseudo-gradient kept to the orthant; then the projection onto the box.
     *
     * @param acted the gradient the rule acts on; not modified
     */
    private void firstOrderUpdate(double[] acted, double rate) {
        if (!proximal) {
            state.update(x, acted, rate);
        } else if (orthant.length > 0) {
            for (int i = 0; i < x.length; i++) {
                double p = l1.pseudoGradient(i, x[i], acted[i]);
                proximalScratch[i] = p;
                orthant[i] = x[i] != 0 ? Math.signum(x[i]) : -Math.signum(p);
            }
            state.update(x, proximalScratch, rate);
            for (int i = 0; i < x.length; i++) {
                if (l1.strength(i) > 0 && Math.signum(x[i]) != orthant[i]) {
                    x[i] = 0;
                }
            }
        } else {
            state.update(x, acted, rate);
            state.proximalSteps(proximalScratch);
            l1.shrink(x, proximalScratch);
            if (state.optimizer().float32()) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) x[i]; // a float32 rule leaves float32 values
                }
            }
        }
        if (projects) {
            bounds.project(x);
        }
    }

    /** {@code F = f + L1} from the smooth part's value at {@code x}. */
    private double composite(double smooth) {
        return l1 == null ? smooth : smooth + l1.value(x);
    }

    /** Takes over a snapshot's counters and bookkeeping (the point, optimizer and schedule are already in place). */
    void restore(RunSnapshot snapshot) {
        iteration = snapshot.iterations();
        epoch = snapshot.epochs();
        valueCalls = snapshot.valueEvaluations();
        gradientCalls = snapshot.gradientEvaluations();
        value = snapshot.value();
        previousValue = snapshot.previousValue();
        gradientNorm = snapshot.gradientNorm();
        initialGradientNorm = snapshot.initialGradientNorm();
        stepLength = snapshot.stepLength();
        learningRate = snapshot.learningRate();
        bestValue = snapshot.bestValue();
        // a snapshot of format 1 has no start value: the value it was taken at is the nearest scale known
        startValue = Double.isNaN(snapshot.startValue()) ? snapshot.value() : snapshot.startValue();
        // a snapshot of formats 1 to 3 has no reference: the next epoch below the threshold sets one, later
        // in the fall, so the slope rule only compares with a slope nearer the end
        slopeReferenceNorm = snapshot.slopeReferenceNorm();
        slopeReferenceEpoch = snapshot.slopeReferenceEpoch();
        best.restore(snapshot);
        // the start was projected by the run that took the snapshot; the point restored is already inside
        startProjected = snapshot.startProjected();
    }

    Result run(boolean resumed) {
        StopReason reason = null;
        if (fullBatch) {
            // the first update needs the value and gradient here; after a resume they are recomputed (the
            // same bits), and that call is not counted, so the counts are those of an uninterrupted run
            double here = evaluate(objective.batch(epoch, 0));
            if (resumed) {
                valueCalls--;
                gradientCalls--;
            } else {
                value = here;
                gradientNorm = measuredGradientNorm();
                initialGradientNorm = gradientNorm;
                bestValue = value;
                startValue = value;
                recordStep();
                reason = nonFinite(Site.START, 0);
                if (reason == null && settings.monitor == null) {
                    watch(value);
                }
            }
        }
        if (reason == null) {
            reason = settings.stoppingRule.check(this).orElse(null);
        }
        while (reason == null) {
            reason = fullBatch ? iterate() : miniBatchEpoch();
            if (reason == null) {
                // a failure inside the epoch (a NaN batch, a failed line search) ends the run before the epoch completes
                reason = endEpoch();
                stopping = reason;
                for (Listener listener : settings.listeners) {
                    listener.onEpoch(this);
                }
            }
        }
        sync(); // a batch that failed ended the epoch early
        // a run that met the gradient test on its own value returns the point that met it, so the result's
        // gradient norm is within the tolerance its stop reason claims (the lowest value may lie elsewhere)
        boolean last = (settings.returnLast || reason == StopReason.GRADIENT_TOLERANCE && settings.monitor == null)
                && !reason.failed();
        Result result;
        if (bounds == null) {
            result = last
                    ? new Result(x, value, gradientNorm, iteration, epoch, valueCalls, gradientCalls, reason, detail,
                            elapsed(), trace)
                    : new Result(best.point(), best.value(), best.gradientNorm(), iteration, epoch, valueCalls,
                            gradientCalls, reason, detail, elapsed(), trace);
        } else {
            double[] point = last ? x : best.point();
            result = new Result(point, last ? value : best.value(), last ? gradientNorm : best.gradientNorm(),
                    iteration, epoch, valueCalls, gradientCalls, reason, detail, elapsed(), trace, bounds, startProjected,
                    bounds.activeAt(point));
        }
        for (Listener listener : settings.listeners) {
            listener.onEnd(result);
        }
        return result;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** One counted value-and-gradient call at {@code x} into {@code gradientOut}. */
    private double evaluateInto(Objective f, double[] gradientOut) {
        valueCalls++;
        gradientCalls++;
        return composite(f.valueAndGradient(x, gradientOut));
    }

    private double evaluate(Objective f) {
        valueCalls++;
        gradientCalls++;
        return composite(f.valueAndGradient(x, gradient));
    }

    /** {@link #evaluate} at the float32 point, into the float32 gradient. */
    private double evaluate32(Objective f) {
        valueCalls++;
        gradientCalls++;
        return single.evaluate(f);
    }

    /** One iteration on the full objective; returns a failure reason or null. */
    private StopReason iterate() {
        double rate = rates.rate(state.steps());
        scheduleMomentum();
        double[] acted = clipped();
        System.arraycopy(x, 0, previousX, 0, x.length);
        double newValue;
        try {
            if (projects || proximal) {
                firstOrderUpdate(acted, rate);
                newValue = evaluateInto(objective.batch(epoch, 0), acted);
            } else {
                newValue = state.iterate(counting(objective.batch(epoch, 0)), x, value, acted, rate);
            }
        } catch (LineSearchFailedException failure) {
            detail = failure.getMessage();
            return failure.leftDomain() ? StopReason.NON_FINITE : StopReason.LINE_SEARCH_FAILED;
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
        gradientNorm = measuredGradientNorm();
        recordStep();
        return nonFinite(Site.ITERATION, 0);
    }

    /**
     * One first-order update per batch, or per {@code accumulation} batches from their gradients
     * weighted by their rows (the update of one batch that many times as large; the epoch's last
     * update takes the batches left). An update's value is the same weighted mean of its batches'
     * losses, and the epoch's value the mean of its batch losses.
     */
    private StopReason miniBatchEpoch() {
        int batches = objective.batches();
        int group = settings.accumulation;
        System.arraycopy(x, 0, previousX, 0, x.length);
        double sum = 0;
        double before = value;
        double weights = 0;
        double weightedValue = 0;
        for (int b = 0; b < batches; b++) {
            double batchValue = single != null ? evaluate32(objective.batch(epoch, b)) : evaluate(objective.batch(epoch, b));
            value = batchValue;
            gradientNorm = Double.NaN;
            StopReason failure = nonFinite(Site.BATCH, b);
            if (failure != null) {
                return failure;
            }
            sum += batchValue;
            if (group > 1) {
                double weight = objective.weight(epoch, b);
                boolean first = weights == 0;
                for (int i = 0; i < accumulated.length; i++) {
                    accumulated[i] = first ? weight * gradient[i] : accumulated[i] + weight * gradient[i];
                }
                weights += weight;
                weightedValue += weight * batchValue;
                if ((b + 1) % group != 0 && b != batches - 1) {
                    continue;
                }
                for (int i = 0; i < accumulated.length; i++) {
                    gradient[i] = accumulated[i] / weights;
                }
                value = weightedValue / weights;
                weights = 0;
                weightedValue = 0;
            }
            double rate = rates.rate(state.steps());
            scheduleMomentum();
            if (single != null) {
                single.update(state, rate);
            } else {
                firstOrderUpdate(clipped(), rate);
            }
            iteration++;
            learningRate = rate;
            recordStep();
        }
        sync();
        previousValue = before;
        value = sum / batches;
        gradientNorm = measuredGradientNorm();
        stepLength = Vectors.distance(x, previousX);
        return nonFinite(Site.EPOCH, 0);
    }

    /** Hands the rule the momentum of the coming update when the schedule sets one. */
    private void scheduleMomentum() {
        momentum = rates.momentum(state.steps());
        if (!Double.isNaN(momentum)) {
            state.setMomentum(momentum);
        }
    }

    /** The gradient the rule acts on: the gradient itself, or its clipped copy. */
    private double[] clipped() {
        if (settings.clipping == null) {
            return gradient;
        }
        System.arraycopy(gradient, 0, scratch, 0, gradient.length);
        settings.clipping.clip(scratch);
        return scratch;
    }

    /** The end of an epoch: divergence, the watched value, unboundedness, the schedule, the stopping rule. */
    private StopReason endEpoch() {
        epoch++;
        if (Double.isNaN(startValue)) {
            startValue = value;
        }
        if (Double.isNaN(bestValue) || sense * value < sense * bestValue) {
            bestValue = value;
        }
        if (sense * (value - bestValue) > settings.divergenceFactor * Math.max(1, Math.abs(bestValue))) {
            detail = "value " + value + " at " + count() + " against best " + bestValue;
            return StopReason.DIVERGED;
        }
        watch(settings.monitor == null ? value : settings.monitor.applyAsDouble(x));
        if (Double.isNaN(monitored)) {
            detail = "the watched value is NaN at " + count();
            return StopReason.NON_FINITE;
        }
        // checked once the point is watched, so the result holds the lowest point reached: how far the run got
        StopReason unbounded = unbounded();
        if (unbounded != null) {
            return unbounded;
        }
        rates.observe(state.steps(), monitored);
        return settings.stoppingRule.check(this).orElse(null);
    }

    /**
     * {@link StopReason#UNBOUNDED} by either rule of {@link Minimizer}'s class Javadoc, with the numbers
     * in the detail; null otherwise. Also records the slope rule's reference at the first epoch below its
     * threshold. Builds no words unless a rule fires.
     */
    private StopReason unbounded() {
        double scale = Math.max(1, Math.abs(startValue));
        double floor = Minimizer.UNBOUNDED_FACTOR * scale;
        if (sense * value < -floor) {
            detail = "value " + value + " at " + count() + beyond(floor, Minimizer.UNBOUNDED_FACTOR);
            return StopReason.UNBOUNDED;
        }
        // an epoch without a gradient norm (NaN) leaves the reference unset, for a later epoch to set
        if (Double.isNaN(slopeReferenceNorm) && !Double.isNaN(gradientNorm)
                && sense * value < -Minimizer.SLOPE_REFERENCE_FACTOR * scale) {
            slopeReferenceNorm = gradientNorm;
            slopeReferenceEpoch = epoch;
        }
        // a later epoch than the reference's: one epoch alone shows no trend of the slope, and a first step
        // into a deep bowl can pass both thresholds at once
        double slopeFloor = Minimizer.UNBOUNDED_SLOPE_FACTOR * scale;
        if (epoch > slopeReferenceEpoch && slopeReferenceEpoch >= 0 && sense * value < -slopeFloor
                && gradientNorm >= slopeReferenceNorm) {
            detail = "value " + value + " at " + count() + beyond(slopeFloor, Minimizer.UNBOUNDED_SLOPE_FACTOR)
                    + ", and the gradient norm " + gradientNorm + " there is no smaller than " + slopeReferenceNorm
                    + " at " + count(slopeReferenceEpoch) + ", the first " + (sense > 0 ? "below -" : "above ")
                    + Minimizer.SLOPE_REFERENCE_FACTOR * scale + " (" + Minimizer.SLOPE_REFERENCE_FACTOR
                    + " times that scale): the slope has not flattened";
            return StopReason.UNBOUNDED;
        }
        return null;
    }

    /** The words of a value beyond {@code floor} = {@code factor} times the start's scale. */
    private String beyond(double floor, double factor) {
        return (sense > 0 ? " is below -" : " is above ") + floor + " = " + factor + " * max(1, |" + startValue
                + "|), the start's scale";
    }

    /**
     * The epochs completed, in the words of the run: with one batch (a function, or full-batch
     * training) an epoch is one iteration, and a function has no epochs to speak of.
     */
    private String count() {
        return count(epoch);
    }

    /** {@link #count()} for another epoch of the run. */
    private String count(long epochs) {
        return (fullBatch ? "iteration " : "epoch ") + epochs;
    }

    /** Keeps the point when {@code watched} is the best so far (lowest, or highest when maximizing). */
    private void watch(double watched) {
        monitored = watched;
        best.watch(watched, x, value, gradientNorm);
    }

    private void recordStep() {
        if (settings.recordTrace) {
            syncPoint();
            trace.add(new TraceStep(iteration, value, gradientNorm, stepLength, learningRate, momentum, x));
        }
        for (Listener listener : settings.listeners) {
            listener.onStep(this);
        }
    }

    /** Where a value and gradient were computed, named in a NON_FINITE or UNBOUNDED detail. */
    private enum Site { START, ITERATION, BATCH, EPOCH }

    /**
     * NON_FINITE (or UNBOUNDED) with the place, when the value or a gradient entry is NaN or
     * infinite; null otherwise. The place's words are built only then, since every batch is tested.
     *
     * @param batch the batch, for {@link Site#BATCH}
     */
    private StopReason nonFinite(Site site, int batch) {
        if (sense * value == Double.NEGATIVE_INFINITY) {
            detail = "the value is " + value + where(site, batch);
            return StopReason.UNBOUNDED;
        }
        if (!Double.isFinite(value)) {
            detail = "the value is " + value + where(site, batch);
            return StopReason.NON_FINITE;
        }
        if (single != null) {
            int entry = single.firstNonFiniteGradient();
            if (entry < 0) {
                return null;
            }
            detail = "gradient entry " + entry + " is " + single.gradient(entry) + where(site, batch);
            return StopReason.NON_FINITE;
        }
        for (int i = 0; i < gradient.length; i++) {
            if (!Double.isFinite(gradient[i])) {
                detail = "gradient entry " + i + " is " + gradient[i] + where(site, batch);
                return StopReason.NON_FINITE;
            }
        }
        return null;
    }

    private String where(Site site, int batch) {
        return switch (site) {
            case START -> " at iteration 0 (the start point)";
            case ITERATION -> " at iteration " + iteration;
            case BATCH -> " on batch " + batch + " of epoch " + (epoch + 1);
            case EPOCH -> " in epoch " + (epoch + 1);
        };
    }

    /** Counts the calls a line search makes into the objective. */
    private Objective counting(Objective f) {
        return new Objective() {
            @Override
            public int dimension() {
                return f.dimension();
            }

            @Override
            public double valueAndGradient(double[] point, double[] gradientOut) {
                valueCalls++;
                gradientCalls++;
                return f.valueAndGradient(point, gradientOut);
            }

            @Override
            public double value(double[] point) {
                valueCalls++;
                return f.value(point);
            }
        };
    }

    @Override
    public RunSnapshot snapshot() {
        sync();
        try {
            ByteArrayOutputStream optimizerBytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(optimizerBytes)) {
                state.writeTo(out);
            }
            ByteArrayOutputStream scheduleBytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(scheduleBytes)) {
                rates.writeTo(out);
            }
            return new RunSnapshot(x, optimizerBytes.toByteArray(), scheduleBytes.toByteArray(), iteration, epoch,
                    valueCalls, gradientCalls, value, previousValue, gradientNorm, initialGradientNorm, stepLength,
                    learningRate, bestValue, best.signedWatched(), best.point(), best.value(), best.gradientNorm(),
                    best.epochsSinceImprovement(), startValue, startProjected, slopeReferenceNorm, slopeReferenceEpoch);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a snapshot to memory", e);
        }
    }

    @Override
    public long iteration() {
        return iteration;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public double monitoredValue() {
        return monitored;
    }

    @Override
    public double bestMonitoredValue() {
        return best.watched();
    }

    @Override
    public int epochsSinceImprovement() {
        return best.epochsSinceImprovement();
    }

    @Override
    public StopReason stopping() {
        return stopping;
    }

    @Override
    public long valueEvaluations() {
        return valueCalls;
    }

    @Override
    public long gradientEvaluations() {
        return gradientCalls;
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
        sync();
        if (l1 != null) {
            return bounds == null ? l1.pseudoGradientMaxNorm(x, gradient) : projectedPseudoGradientMaxNorm();
        }
        return bounds == null ? Vectors.maxAbs(gradient) : bounds.projectedGradientNorm(x, gradient);
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
        syncPoint();
        return Vectors.norm(x);
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public double momentum() {
        return momentum;
    }

    @Override
    public long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    @Override
    public double[] point() {
        syncPoint();
        return x;
    }

    @Override
    public double[] gradient() {
        syncGradient();
        return gradient;
    }
}
