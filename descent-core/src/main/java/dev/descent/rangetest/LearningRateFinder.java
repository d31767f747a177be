package dev.descent.rangetest;

import dev.descent.BatchedObjective;
import dev.descent.GradientClipping;
import dev.descent.Listener;
import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.optim.Optimizer;
import dev.descent.schedule.Schedule;
import dev.descent.stop.StoppingRules;
import java.util.Arrays;
import java.util.Objects;

/**
 * The learning-rate range test of Smith ("Cyclical Learning Rates for Training Neural Networks",
 * WACV 2017) in its exponential form, as fastai's {@code lr_find} and {@code torch-lr-finder} run it:
 * a short run whose rate rises from {@code minRate} to {@code maxRate}, recording the loss of every
 * step, stopped once the smoothed loss blows up; the rate a tenth below the smoothed loss's minimum is
 * suggested.
 *
 * <pre>
 * step t = 0 .. steps-1:  lr_t = minRate * (maxRate / minRate)^(t / (steps - 1))
 *                         loss_t = the loss at the point update t (with lr_t) reached
 * smoothing (fastai):     avg_t = beta * avg_{t-1} + (1 - beta) * loss_t,   avg_{-1} = 0
 *                         smoothed_t = avg_t / (1 - beta^(t+1))               (bias correction)
 * early stop:             smoothed_t - min_{s &lt;= t} smoothed_s &gt; (stopFactor - 1) * |min smoothed|
 *                         (smoothed_t &gt; 4 x the minimum for positive losses), or a NaN or infinite loss
 * suggestion:             m = argmin smoothed_t over t &gt;= steps / 10;  suggested = lr_m / 10
 * </pre>
 *
 * <p>Defaults (fastai's): rates 1e-7 to 10 over 100 steps, smoothing beta 0.98, stop at 4 times the
 * smoothed minimum.
 *
 * <p><b>The suggestion rule</b> is fastai's "minimum / 10" ({@code SuggestionMethod.Minimum}): a
 * tenth of the rate at which the smoothed loss is lowest, searched after the first tenth of the
 * steps, where the bias-corrected average rests on few losses. Why this rule: on gradient descent
 * over a quadratic {@code 1/2 sum h_i x_i^2}, whose fastest rate is about {@code 1/h_max} (exactly
 * {@code 1/h} in one dimension) and which diverges beyond {@code 2/h_max}, the smoothed minimum lies
 * past the edge of stability, a few steps before the 4x stop (the average lags the raw loss by tens
 * of steps), at 9.5 to 11.5 times {@code 1/h_max} for the default sweep, so a tenth of it is within
 * 15% of the fastest rate for every curvature the sweep covers ({@code RangeTestTest}: 0.95 to 1.10
 * times {@code 1/h} for h from 3 to 1e5, 1.10 to 1.15 times {@code 1/h_max} with ten curvatures over
 * two decades). The other classic rule, the steepest descent of the smoothed loss against
 * {@code log lr} ({@link RangeTest#steepestRate()}, fastai's {@code steep} and torch-lr-finder's
 * suggestion), lands at 0.14 to 0.5 times {@code 1/h_max} there: by the time the rate reaches
 * {@code 1/h} most of the loss is gone, so the absolute slope peaks early. It is safe but 2 to 7
 * times too slow, so it is reported, not suggested. fastai v2 also drops the last 5 steps before
 * taking the minimum; that moves the minimum back by a fixed number of steps (to 0.4 to 0.65 times
 * {@code 1/h} on the same quadratics), so it is not done here. Both rules depend on the sweep's
 * density (about 12 steps per decade by default), since the average's lag is counted in steps: keep
 * it near the default. The suggestion only means something when the sweep went past the divergence:
 * {@link RangeTest#warnings()} says when the smoothed loss had not turned up by {@code maxRate} or
 * never fell.
 *
 * <p>The run is the one loop ({@link Minimizer}) with the sweep as its schedule: one update per
 * step, each on the next batch of the objective in its training order (batch {@code t mod B} of epoch
 * {@code t / B}, for {@code B} batches per epoch), and the loss of each step is that next batch's
 * loss at the point the step reached, so no batch scores the update it drove. The caller's start
 * point is not modified, and the same objective (its batches fixed by their seed) gives the same bits.
 * Rules that search a line or need the whole objective (L-BFGS, gradient descent with a line search)
 * have no learning rate to sweep and are refused, as are maximizing rules.
 *
 * @param minRate the first rate, in (0, inf)
 * @param maxRate the last rate, above {@code minRate} and finite
 * @param steps updates, at least 2
 * @param smoothing beta of the smoothed loss, in [0, 1); 0 smooths nothing
 * @param stopFactor the early stop's multiple of the smoothed minimum, in (1, inf]; inf never stops early
 */
public record LearningRateFinder(double minRate, double maxRate, int steps, double smoothing, double stopFactor) {

    /** fastai's first rate. */
    public static final double DEFAULT_MIN_RATE = 1e-7;
    /** fastai's last rate. */
    public static final double DEFAULT_MAX_RATE = 10;
    /** fastai's number of steps. */
    public static final int DEFAULT_STEPS = 100;
    /** fastai's smoothing. */
    public static final double DEFAULT_SMOOTHING = 0.98;
    /** fastai's divergence factor. */
    public static final double DEFAULT_STOP_FACTOR = 4;

    /** Validates. */
    public LearningRateFinder {
        if (!(minRate > 0) || minRate == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("minRate must be in (0, inf): " + minRate);
        }
        if (!(maxRate > minRate) || maxRate == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("maxRate must be finite and above minRate (" + minRate + "): " + maxRate);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be at least 2: " + steps);
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("smoothing must be in [0, 1): " + smoothing);
        }
        if (!(stopFactor > 1)) {
            throw new IllegalArgumentException("stopFactor must be in (1, inf]: " + stopFactor);
        }
    }

    /** fastai's defaults: 1e-7 to 10 over 100 steps, smoothing 0.98, stop at 4 times the minimum. */
    public static LearningRateFinder defaults() {
        return new LearningRateFinder(DEFAULT_MIN_RATE, DEFAULT_MAX_RATE, DEFAULT_STEPS, DEFAULT_SMOOTHING,
                DEFAULT_STOP_FACTOR);
    }

    /** @return a copy sweeping from {@code min} to {@code max} */
    public LearningRateFinder withRange(double min, double max) {
        return new LearningRateFinder(min, max, steps, smoothing, stopFactor);
    }

    /** @return a copy with this many steps */
    public LearningRateFinder withSteps(int count) {
        return new LearningRateFinder(minRate, maxRate, count, smoothing, stopFactor);
    }

    /** @return a copy with this smoothing beta */
    public LearningRateFinder withSmoothing(double beta) {
        return new LearningRateFinder(minRate, maxRate, steps, beta, stopFactor);
    }

    /** @return a copy with this early-stop factor */
    public LearningRateFinder withStopFactor(double factor) {
        return new LearningRateFinder(minRate, maxRate, steps, smoothing, factor);
    }

    /** The rate of update {@code t} (0-based): {@code minRate * (maxRate / minRate)^(t / (steps - 1))}. */
    public double rate(long t) {
        if (t <= 0) {
            return minRate;
        }
        if (t >= steps - 1) {
            return maxRate;
        }
        return minRate * Math.pow(maxRate / minRate, t / (double) (steps - 1));
    }

    /**
     * Runs the test on a function (every step on the whole objective).
     *
     * @param start not modified
     */
    public RangeTest run(Optimizer optimizer, Objective objective, double[] start) {
        return run(optimizer, null, BatchedObjective.of(objective), start);
    }

    /**
     * Runs the test over a mean visited a batch at a time.
     *
     * @param start not modified
     */
    public RangeTest run(Optimizer optimizer, BatchedObjective objective, double[] start) {
        return run(optimizer, null, objective, start);
    }

    /**
     * Runs the test with every gradient clipped as training clips it.
     *
     * @param clipping applied to every gradient, or null for none
     * @param start not modified
     * @throws IllegalArgumentException for a rule without a learning rate to sweep (it searches a line,
     *     needs the whole objective or sets its own first step) or one that maximizes
     */
    public RangeTest run(Optimizer optimizer, GradientClipping clipping, BatchedObjective objective, double[] start) {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(objective, "objective");
        checkApplies(optimizer);
        Recorder recorder = new Recorder(steps, smoothing, stopFactor);
        Minimizer loop = Minimizer.using(optimizer)
                .schedule(new Sweep(this))
                .divergenceFactor(Double.POSITIVE_INFINITY) // the smoothed loss decides, not one raw value
                .stoppingWhen(StoppingRules.maxIterations(steps).or(StoppingRules.callback(recorder::blownUp)))
                .listener(recorder);
        if (clipping != null) {
            loop = loop.clipping(clipping);
        }
        Result result = loop.minimize(new OneBatchPerStep(objective), start);
        return recorder.finish(this, result);
    }

    /**
     * Refuses a rule the test does not apply to.
     *
     * @throws IllegalArgumentException naming the rule and why
     */
    public static void checkApplies(Optimizer optimizer) {
        if (optimizer.needsFullBatch() || optimizer.searchesLine() || !optimizer.followsSchedule()) {
            throw new IllegalArgumentException("the learning-rate range test does not apply to " + optimizer.describe()
                    + ": its line search sets the length of every step, so there is no learning rate to sweep; use a "
                    + "first-order rule (sgd, adam, ...)");
        }
        if (optimizer.maximizes()) {
            throw new IllegalArgumentException("the learning-rate range test does not apply to " + optimizer.describe()
                    + ", which maximizes: the test looks for the rate that lowers a loss fastest");
        }
    }

    /**
     * The sweep's rates as the loop's schedule. It sets every rate itself, in place of the optimizer's
     * own (which this one run does not use): the test's rates are absolute, as fastai's are.
     */
    private record Sweep(LearningRateFinder finder) implements Schedule {
        @Override
        public double at(double baseRate, long step) {
            return finder.rate(step);
        }
    }

    /**
     * The objective as the loop sees it: one full batch per epoch, whose every evaluation is the
     * next batch of the underlying objective in its training order. The loop evaluates once at the
     * start and once after each first-order update, so step {@code t}'s update uses the gradient of
     * batch {@code t} and its loss is that of batch {@code t + 1}, at the point it reached.
     */
    private static final class OneBatchPerStep implements BatchedObjective {
        private final BatchedObjective data;
        private long evaluations;
        private final Objective next = new Objective() {
            @Override
            public int dimension() {
                return data.dimension();
            }

            @Override
            public double valueAndGradient(double[] x, double[] gradientOut) {
                long at = evaluations++;
                int batches = data.batches();
                return data.batch(at / batches, (int) (at % batches)).valueAndGradient(x, gradientOut);
            }
        };

        OneBatchPerStep(BatchedObjective data) {
            this.data = data;
        }

        @Override
        public int dimension() {
            return data.dimension();
        }

        @Override
        public int batches() {
            return 1;
        }

        @Override
        public Objective batch(long epoch, int batch) {
            return next;
        }
    }

    /** Records every step's rate and loss, smooths the loss and decides when it has blown up. */
    private static final class Recorder implements Listener {
        private final double[] rates;
        private final double[] losses;
        private final double[] smoothed;
        private final double beta;
        private final double stopFactor;
        private int count;
        private double average;
        private double best = Double.POSITIVE_INFINITY;
        private String blewUp;

        Recorder(int steps, double beta, double stopFactor) {
            this.rates = new double[steps];
            this.losses = new double[steps];
            this.smoothed = new double[steps];
            this.beta = beta;
            this.stopFactor = stopFactor;
        }

        @Override
        public void onStep(Progress progress) {
            if (progress.iteration() == 0 || count == rates.length) {
                return; // the start point: no rate yet
            }
            double loss = progress.value();
            average = beta * average + (1 - beta) * loss;
            double smooth = average / (1 - Math.pow(beta, count + 1));
            rates[count] = progress.learningRate();
            losses[count] = loss;
            smoothed[count] = smooth;
            count++;
            if (smooth < best) {
                best = smooth;
            }
            if (blewUp == null && smooth - best > (stopFactor - 1) * Math.abs(best)) {
                blewUp = String.format(java.util.Locale.ROOT, "the smoothed loss %.6g rose past %s x its minimum %.6g "
                        + "at lr %.3g (step %d)", smooth, Optimizer.shortNumber(stopFactor), best,
                        progress.learningRate(), count);
            }
        }

        boolean blownUp(Progress progress) {
            return blewUp != null;
        }

        RangeTest finish(LearningRateFinder finder, Result result) {
            StopReason reason = result.stopReason() == StopReason.CALLBACK ? StopReason.DIVERGED : result.stopReason();
            String detail = result.stopReason() == StopReason.CALLBACK ? blewUp : result.detail();
            return RangeTest.of(finder, Arrays.copyOf(rates, count), Arrays.copyOf(losses, count),
                    Arrays.copyOf(smoothed, count), reason, detail);
        }
    }
}
