package dev.descent.ml.train;

import dev.descent.GradientClipping;
import dev.descent.loop.Minimizer;
import dev.descent.average.StochasticWeightAveraging;
import dev.descent.average.WeightAveraging;
import dev.descent.optim.Optimizer;
import dev.descent.schedule.Schedule;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to train, as one immutable value: the update rule and everything the loop around it is set
 * with (schedule, clipping, accumulation, weight averaging, the penalty, stopping, epochs, batch size,
 * seed, checkpoints, listeners). {@link Trainer#of(dev.descent.ml.model.Model, TrainingPlan)} runs a
 * plan on a model; {@link dev.descent.ml.Pipeline} holds one beside the data it reads.
 *
 * <pre>{@code
 * TrainingPlan plan = TrainingPlan.of(new Adam(1e-3)).epochs(20).batchSize(64).earlyStopping(5).seed(7);
 * TrainingResult result = Trainer.of(model, plan).fit(train, validation);
 * }</pre>
 *
 * <p>Every plan that exists is valid: each wither checks its own value and then the plan as a whole
 * ({@link #check}), so a combination the loop would refuse (a schedule for a line search, accumulation
 * with a full-batch rule) is refused where it is made, naming the setting ({@link InvalidSetting}).
 * What can only be checked against the data (a batch size below the training rows for a full-batch
 * rule) is checked when the trainer meets the rows.
 *
 * <p>Defaults, the one place they are written: {@value #DEFAULT_EPOCHS} epochs, and
 * {@value #DEFAULT_SEARCH_EPOCHS} for a rule that needs the full batch (an epoch is then one iteration,
 * which an L1 penalty's OWL-QN or an ill-conditioned fit may need hundreds of; such a run stops when it
 * converges, so the budget is a bound, not a cost); the full batch for a
 * rule that needs it ({@link Optimizer#needsFullBatch()}: L-BFGS, a line search) and mini-batches of
 * {@value #DEFAULT_BATCH_SIZE} rows for the others (PyTorch's usual start and scikit-learn's MLP
 * default), until a batch size is set; no penalty, schedule, clipping, accumulation, averaging, early
 * stopping, time limit or checkpoints; a full-batch run stops when it converges
 * ({@link #defaultConvergence()}); seed 0.
 *
 * <p>A new setting is a field here with its default, a wither that checks it, and an accessor; the
 * place that uses it reads the accessor (docs/design.md, "How to add a training setting").
 */
public final class TrainingPlan implements Cloneable {

    /** The default epoch budget. */
    public static final int DEFAULT_EPOCHS = 100;
    /** The default epoch budget of a rule that needs the full batch (L-BFGS, a line search). */
    public static final int DEFAULT_SEARCH_EPOCHS = 1000;
    /** The default mini-batch size of the rules that take mini-batches. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /**
     * The default convergence test's largest gradient component, on the mean loss (scikit-learn's
     * default {@code tol = 1e-4} applies to the summed loss, so to {@code 1e-4 / n} of the mean).
     */
    public static final double GRADIENT_TOLERANCE = 1e-8;
    /** The default convergence test's relative change of the loss: 64 eps, scikit-learn's L-BFGS {@code ftol}. */
    public static final double VALUE_TOLERANCE = 64 * Math.ulp(1.0);

    // The settings. A copy is made by clone() and changed before anyone else sees it, so no
    // setting is ever listed a second time to be copied.
    private Optimizer optimizer;
    private Schedule schedule;
    private GradientClipping clipping;
    private int accumulation = 1;
    private WeightAveraging averaging;
    private boolean noDecayOnBiases;
    private boolean intercept = true;
    /** Null for none. */
    private dev.descent.Bounds bounds;
    private Penalty penalty = Penalty.NONE;
    /** Whether {@link #penalty(Penalty)} chose the penalty, rather than the default none. */
    private boolean penaltyChosen;
    /** Null until set: {@link #defaultEpochs(Optimizer)}. */
    private Integer epochs;
    /** Null until set: the optimizer's default ({@link #batchSize()}). */
    private Integer batchSize;
    private int patience;
    private StoppingRule convergence = defaultConvergence();
    private Duration timeLimit;
    private boolean epochMetrics = true;
    private long seed;
    private Path checkpoint;
    private int checkpointEvery = 10;
    private List<TrainingListener> listeners = List.of();

    private TrainingPlan() {}

    /** A plan around {@code optimizer} with the defaults. */
    public static TrainingPlan of(Optimizer optimizer) {
        TrainingPlan plan = new TrainingPlan();
        plan.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        return plan;
    }

    /** {@code max |grad| <= GRADIENT_TOLERANCE} or {@code |delta loss| <= VALUE_TOLERANCE * max(1, |loss|)}. */
    public static StoppingRule defaultConvergence() {
        return StoppingRules.gradientMaxNorm(GRADIENT_TOLERANCE).or(StoppingRules.valueChange(VALUE_TOLERANCE));
    }

    /** @return a copy with this update rule (the batch size follows it unless one was set) */
    public TrainingPlan optimizer(Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        return with(p -> p.optimizer = optimizer);
    }

    /**
     * @return a copy whose updates follow {@code schedule} of the optimizer's learning rate; refused
     *     for a rule with a line search, and a momentum-cycling schedule for a rule without momentum
     *     ({@link Minimizer#schedule})
     */
    public TrainingPlan schedule(Schedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        return with(p -> p.schedule = schedule);
    }

    /** @return a copy that clips each (mini-batch) gradient before the update ({@link Minimizer#clipping}) */
    public TrainingPlan clipping(GradientClipping clipping) {
        Objects.requireNonNull(clipping, "clipping");
        return with(p -> p.clipping = clipping);
    }

    /**
     * @param batches at least 1; more than 1 sums the gradients of that many consecutive mini-batches
     *     into each update, weighted by their rows ({@link Minimizer#accumulating}): the update of one
     *     batch that many times as large. Needs a first-order rule and mini-batches.
     * @return a copy with this accumulation
     */
    public TrainingPlan accumulating(int batches) {
        if (batches < 1) {
            throw new InvalidSetting("accumulate", "the batches per update must be at least 1: " + batches);
        }
        return with(p -> p.accumulation = batches);
    }

    /**
     * Averages the parameters beside the run: {@link dev.descent.average.ExponentialMovingAverage}
     * after every update, or {@link StochasticWeightAveraging} at the end of every epoch from its start
     * epoch on (epochs counted from 1, as {@link EpochRecord#epoch()}), as
     * {@code torch.optim.swa_utils.AveragedModel} does beside a model. The run itself, its history,
     * early stopping and {@link TrainingResult#parameters()} are the same as without it; the average is
     * {@link TrainingResult#average()} and {@link TrainingResult#modelParameters()}. It holds every
     * point of the run through its last epoch, with early stopping too (the average of the run, as
     * torch users evaluate it, while {@link TrainingResult#parameters()} keeps the best epoch's own).
     * Checkpoints hold it, and a run is resumed only with the same averaging.
     *
     * @param averaging an average whose SWA start epoch, if any, is within the epoch budget
     * @return a copy that keeps this average
     */
    public TrainingPlan averaging(WeightAveraging averaging) {
        Objects.requireNonNull(averaging, "averaging");
        return with(p -> p.averaging = averaging);
    }

    /**
     * Leaves the biases ({@link dev.descent.ml.model.Model#biasIndices()}) out of the optimizer's
     * weight decay: two {@link dev.descent.optim.ParameterGroups}, the weights with the optimizer as
     * given and the biases with its copy of weight decay 0, as torch users write with two param groups.
     * Needs an optimizer with a weight decay.
     *
     * @return a copy that leaves the biases out of weight decay
     */
    public TrainingPlan noDecayOnBiases() {
        return with(p -> p.noDecayOnBiases = true);
    }

    /**
     * Whether the model fits its intercepts (the default) or keeps them at 0, as Spark MLlib's
     * {@code fitIntercept} and scikit-learn's {@code fit_intercept}: without, the biases take no step
     * (their gradient is left out, so every rule keeps them at their start, 0), and the pipeline
     * scales the features without centring them ({@link dev.descent.ml.data.Standardizer#uncentered()}), so
     * the model's intercept on the features' own scale is 0 too. For the linear family; a network's
     * biases are its own.
     *
     * @return a copy that fits the intercepts or keeps them at 0
     */
    public TrainingPlan intercept(boolean fit) {
        return with(p -> p.intercept = fit);
    }

    /** Whether the model fits its intercepts ({@link #intercept(boolean)}). */
    public boolean fitsIntercept() {
        return intercept;
    }

    /**
     * Keeps the model's parameters within {@code bounds} while training (in the space the model trains
     * in: the weights of standardized features), as Spark MLlib's {@code lower/upperBoundsOnCoefficients}:
     * L-BFGS becomes L-BFGS-B, or OWL-QN within the box with an L1 penalty; first-order rules project
     * each update. A model's own bounds (Huber's positive scale) hold as well.
     *
     * @return a copy that trains within {@code bounds}
     */
    public TrainingPlan bounds(dev.descent.Bounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        return with(p -> p.bounds = bounds);
    }

    /** The bounds on the parameters ({@link #bounds(dev.descent.Bounds)}), or null. */
    public dev.descent.Bounds bounds() {
        return bounds;
    }

    /** @return a copy with this L2/L1 penalty on the weights */
    public TrainingPlan penalty(Penalty penalty) {
        Objects.requireNonNull(penalty, "penalty");
        return with(p -> {
            p.penalty = penalty;
            p.penaltyChosen = true;
        });
    }

    /** @param epochs the epoch budget, at least 1; a full-batch epoch is one iteration */
    public TrainingPlan epochs(int epochs) {
        if (epochs < 1) {
            throw new InvalidSetting("epochs", "epochs must be at least 1: " + epochs);
        }
        return with(p -> p.epochs = epochs);
    }

    /** @param batchSize rows per update, 0 for the full batch, 1 for per-example SGD */
    public TrainingPlan batchSize(int batchSize) {
        if (batchSize < 0) {
            throw new InvalidSetting("batchSize", "batch size must be at least 0 (0 is the full batch): " + batchSize);
        }
        return with(p -> p.batchSize = batchSize);
    }

    /**
     * @param patience epochs without a better validation loss before stopping, returning the best
     *     epoch's parameters ({@link dev.descent.StopReason#NO_IMPROVEMENT}); 0 turns it off
     */
    public TrainingPlan earlyStopping(int patience) {
        if (patience < 0) {
            throw new InvalidSetting("earlyStopping", "patience must be at least 0 (0 turns early stopping off): "
                    + patience);
        }
        return with(p -> p.patience = patience);
    }

    /**
     * @param rule when a full-batch run has converged (mini-batch runs ignore it: their gradient never
     *     vanishes); {@link #defaultConvergence()} by default
     * @return a copy with this convergence test
     */
    public TrainingPlan convergence(StoppingRule rule) {
        Objects.requireNonNull(rule, "rule");
        return with(p -> p.convergence = rule);
    }

    /**
     * @param budget the wall-clock time after which the run ends at the end of the epoch under way
     *     ({@link dev.descent.StopReason#TIME_LIMIT}), its last epoch checkpointed and evaluated as
     *     any other last epoch; the first epoch always runs; positive
     * @return a copy with this time limit
     */
    public TrainingPlan timeLimit(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new InvalidSetting("timeLimit", "the time limit must be positive: " + budget.toMillis() / 1e3 + " s");
        }
        return with(p -> p.timeLimit = budget);
    }

    /**
     * @return a copy that skips the per-epoch metrics (their records hold NaN), for timing the updates
     *     alone; divergence is still detected (on the epoch's mean batch loss) and a plateau schedule
     *     watches that loss; early stopping needs the validation metrics and refuses this
     */
    public TrainingPlan withoutEpochMetrics() {
        return with(p -> p.epochMetrics = false);
    }

    /** @return a copy with this seed (initialization and data order; a pipeline's split too) */
    public TrainingPlan seed(long seed) {
        return with(p -> p.seed = seed);
    }

    /**
     * @param file where to write checkpoints, which hold the loop's whole state ({@link Trainer#resume})
     * @param every every how many epochs (the last epoch is always written), at least 1
     */
    public TrainingPlan checkpoint(Path file, int every) {
        Objects.requireNonNull(file, "file");
        if (every < 1) {
            throw new InvalidSetting("checkpointEvery", "checkpoint interval must be at least 1 epoch: " + every);
        }
        return with(p -> {
            p.checkpoint = file;
            p.checkpointEvery = every;
        });
    }

    /** @return a copy that also tells {@code listener} */
    public TrainingPlan listener(TrainingListener listener) {
        Objects.requireNonNull(listener, "listener");
        List<TrainingListener> more = new ArrayList<>(listeners);
        more.add(listener);
        return with(p -> p.listeners = List.copyOf(more));
    }

    /** @return a copy that tells these listeners, in this order, instead of the plan's */
    public TrainingPlan listeners(List<TrainingListener> listeners) {
        List<TrainingListener> copy = List.copyOf(listeners);
        return with(p -> p.listeners = copy);
    }

    /** The update rule. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The schedule, or null for the optimizer's constant rate. */
    public Schedule schedule() {
        return schedule;
    }

    /** The gradient clipping, or null. */
    public GradientClipping clipping() {
        return clipping;
    }

    /** Mini-batches per update (1 without accumulation). */
    public int accumulation() {
        return accumulation;
    }

    /** The weight averaging, or null without one. */
    public WeightAveraging averaging() {
        return averaging;
    }

    /** Whether the biases are left out of weight decay. */
    public boolean leavesBiasesOutOfDecay() {
        return noDecayOnBiases;
    }

    /**
     * Whether the penalty was chosen ({@link #penalty(Penalty)}, none included) rather than left at
     * its default: the pipeline gives a logistic or softmax model scikit-learn's {@code C = 1} then.
     */
    public boolean penaltyChosen() {
        return penaltyChosen;
    }

    /** The penalty on the weights. */
    public Penalty penalty() {
        return penalty;
    }

    /** The epoch budget. */
    public int epochs() {
        return epochs != null ? epochs : defaultEpochs(optimizer);
    }

    /** The epoch budget an optimizer trains with unless told otherwise (see the class Javadoc). */
    public static int defaultEpochs(Optimizer optimizer) {
        return optimizer.needsFullBatch() ? DEFAULT_SEARCH_EPOCHS : DEFAULT_EPOCHS;
    }

    /** Rows per update (0: the full batch): the one set, else the optimizer's default. */
    public int batchSize() {
        return batchSize != null ? batchSize : defaultBatchSize(optimizer);
    }

    /** The batch size an optimizer trains with unless told otherwise: the full batch where it needs it, else 32. */
    public static int defaultBatchSize(Optimizer optimizer) {
        return optimizer.needsFullBatch() ? 0 : DEFAULT_BATCH_SIZE;
    }

    /** Early stopping's patience in epochs (0: off). */
    public int patience() {
        return patience;
    }

    /** The convergence test of a full-batch run. */
    public StoppingRule convergence() {
        return convergence;
    }

    /** The wall-clock budget, or null for none. */
    public Duration timeLimit() {
        return timeLimit;
    }

    /** Whether every epoch is scored on the training and validation rows. */
    public boolean epochMetrics() {
        return epochMetrics;
    }

    /** The seed of the initialization and the data order. */
    public long seed() {
        return seed;
    }

    /** The checkpoint file, or null. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** Epochs between checkpoints. */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** The training listeners, in the order they are told. */
    public List<TrainingListener> listeners() {
        return listeners;
    }

    /**
     * The loop this plan runs {@code rule} in (the plan's optimizer, or the form a model asks for:
     * float32, parameter groups) with its schedule, clipping and accumulation; the trainer adds the
     * stopping rule, the monitor and its listeners.
     */
    Minimizer loop(Optimizer rule) {
        Minimizer loop = Minimizer.using(rule);
        try {
            if (schedule != null) {
                loop = loop.schedule(schedule);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("schedule", e.getMessage());
        }
        try {
            if (clipping != null) {
                loop = loop.clipping(clipping);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("clipping", e.getMessage());
        }
        return accumulation > 1 ? loop.accumulating(accumulation) : loop;
    }

    /** A copy with {@code change} made, checked as a whole. */
    private TrainingPlan with(Consumer<TrainingPlan> change) {
        TrainingPlan copy;
        try {
            copy = (TrainingPlan) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
        change.accept(copy);
        copy.check();
        return copy;
    }

    /** Refuses the combinations no run could take, naming the setting that does not fit. */
    private void check() {
        if (accumulation > 1 && optimizer.needsFullBatch()) {
            throw new InvalidSetting("accumulate", "accumulating batches needs mini-batches, and " + optimizer.name()
                    + " takes full batches: choose a first-order optimizer (such as adam) and a batch size");
        }
        if (patience > 0 && !epochMetrics) {
            throw new InvalidSetting("earlyStopping", "early stopping needs the per-epoch metrics");
        }
        if (averaging instanceof StochasticWeightAveraging swa && swa.startEpoch() > epochs()) {
            throw new InvalidSetting("swaStart", "the SWA start epoch must be in [1, " + epochs() + "] (the epoch "
                    + "budget): " + swa.startEpoch());
        }
        if (noDecayOnBiases) {
            try {
                optimizer.withWeightDecay(0);
            } catch (UnsupportedOperationException e) {
                throw new InvalidSetting("noDecayBias", e.getMessage() + " to leave the biases out of");
            }
            if (optimizer.weightDecay() == 0) {
                throw new InvalidSetting("noDecayBias", "leaving the biases out of weight decay needs a weight decay: "
                        + optimizer.describe() + " has none (give one, such as --weight-decay 1e-4)");
            }
        }
        loop(optimizer); // the loop refuses a schedule or clipping its rule cannot take
    }
}
