package dev.descent.optim;

import java.io.DataInput;
import java.io.IOException;

/**
 * An update rule: an immutable record of hyper-parameters that makes a fresh {@link OptimizerState}
 * per run. The state owns its buffers (momentum, moments, curvature pairs) and updates the
 * parameters in place.
 *
 * <p>Implementations: {@link GradientDescent}, {@link Sgd}, {@link Adam}, {@link AdamW},
 * {@link RmsProp}, {@link AdaGrad}, {@link Adamax}, {@link NAdam}, {@link RAdam}, {@link Adadelta},
 * {@link Rprop}, {@link Asgd} (the stochastic family, PyTorch 1.13 semantics), {@link Lion} (the
 * paper's algorithm; PyTorch 1.13 has none) and {@link Lbfgs}, which within a box
 * ({@link #init(int, dev.descent.Bounds)}) is L-BFGS-B ({@link LbfgsB}).
 */
public interface Optimizer {

    /** A short lower-case name, such as {@code "adam"}. */
    String name();

    /**
     * A short description for tables and legends, such as {@code adam lr=0.01}, {@code momentum
     * lr=0.001} or {@code lbfgs m=10}.
     */
    default String describe() {
        return name() + " lr=" + shortNumber(learningRate());
    }

    /** A rate in at most three significant digits, without trailing zeros: {@code 0.01}, {@code 1e-05}. */
    static String shortNumber(double value) {
        return String.format(java.util.Locale.ROOT, "%.3g", value).replaceAll("\\.?0+$", "").replaceAll("\\.?0+e", "e");
    }

    /** The base learning rate (the constant schedule when none is given). */
    double learningRate();

    /**
     * The coefficient that momentum-cycling schedules ({@link dev.descent.schedule.OneCycle},
     * {@link dev.descent.schedule.Cyclic}) set, as PyTorch's schedulers do: SGD's and RMSprop's
     * {@code momentum}, {@code beta1} of Adam, AdamW, Adamax, NAdam, RAdam and Lion; NaN for a rule
     * without one.
     */
    default double momentum() {
        return Double.NaN;
    }

    /**
     * This rule keeping its parameters and state in float32 and stepping in float32 arithmetic, as
     * torch.optim steps float32 parameters, where the rule has that form: every first-order rule (SGD,
     * Adam, AdamW, RMSprop, AdaGrad, Adamax, NAdam, RAdam, Adadelta, Rprop, ASGD, Lion), gradient
     * descent with a fixed step, and parameter groups of such rules. Empty for L-BFGS and for gradient
     * descent with a line search. The float32 form is the same record with its {@code float32}
     * component set, so a copy made by a wither (a schedule's, a parameter group's) stays float32; its
     * iterates are torch.optim 1.13's float32 CPU ones bit for bit ({@code Float32StateTest}; Lion,
     * which PyTorch 1.13 lacks, against a float32 reference in torch's idiom). A float32 rule reads
     * each parameter and gradient rounded to float32 and leaves float32 values in the loop's arrays.
     */
    default java.util.Optional<Optimizer> inFloat32() {
        return java.util.Optional.empty();
    }

    /**
     * Whether this is a rule's float32 form ({@link #inFloat32()}): its state steps {@code float[]}
     * parameters ({@link OptimizerState#update(float[], float[], double)}), and given {@code double[]}
     * ones it rounds them to float32, steps and writes the float32 values back.
     */
    default boolean float32() {
        return false;
    }

    /** The weight decay coefficient (L2, or decoupled for AdamW and Lion); 0 for a rule without one. */
    default double weightDecay() {
        return 0;
    }

    /**
     * A copy with this weight decay, for the rules that have one: the common parameter group without
     * decay ({@link ParameterGroups}) is {@code rule.withWeightDecay(0)}.
     *
     * @throws UnsupportedOperationException for a rule without weight decay (Rprop, L-BFGS, gradient descent)
     */
    default Optimizer withWeightDecay(double weightDecay) {
        throw new UnsupportedOperationException(name() + " has no weight decay");
    }

    /** True when the rule ascends the objective (PyTorch's {@code maximize=True}). */
    default boolean maximizes() {
        return false;
    }

    /**
     * Whether every step needs the whole objective, so the rule cannot take mini-batches: a line
     * search compares values of one function along a direction. The loop refuses mini-batches for
     * such a rule.
     */
    default boolean needsFullBatch() {
        return searchesLine();
    }

    /**
     * Whether each step searches along a line for its length; the learning rate is then only the
     * first trial step.
     */
    default boolean searchesLine() {
        return false;
    }

    /**
     * Whether the loop may clip the gradient the rule sees; not for line searches, whose conditions
     * and curvature pairs need the true gradient.
     */
    default boolean allowsClipping() {
        return !searchesLine();
    }

    /**
     * Whether a schedule may set the rate of each step; not for a rule whose natural first trial
     * step is fixed (L-BFGS's unit step).
     */
    default boolean followsSchedule() {
        return true;
    }

    /** A fresh state for a problem of {@code dimension} variables: step 0, buffers as at the start. */
    OptimizerState init(int dimension);

    /**
     * A fresh state for a problem within {@code bounds} ({@link dev.descent.loop.Minimizer#bounds}). A
     * first-order rule's state (one that does not search a line, parameter groups included) is its unbounded one: the loop projects each update onto the box
     * (projected gradient descent). Rules that search along a line keep their iterates feasible
     * themselves: {@link GradientDescent} with a line search searches along the projection arc, and
     * {@link Lbfgs} becomes L-BFGS-B ({@link LbfgsB}).
     *
     * @throws UnsupportedOperationException for a rule that has no bounded form
     */
    default OptimizerState init(int dimension, dev.descent.Bounds bounds) {
        if (!searchesLine()) {
            return init(dimension);
        }
        throw new UnsupportedOperationException(name() + " has no bounded form");
    }

    /**
     * Whether {@link #init(int, dev.descent.Bounds)} has a bounded form of this rule: every
     * first-order rule, gradient descent with a line search and L-BFGS.
     */
    default boolean takesBounds() {
        return !searchesLine();
    }

    /**
     * Whether {@link #init(int, dev.descent.L1Penalty)} has a form of this rule that minimizes
     * {@code f + sum_i c_i |x_i|} to its optimum, exact zeros included: every first-order rule (the
     * loop adds the L1 term's proximal step to each update), gradient descent with a line search
     * (proximal gradient with backtracking) and L-BFGS (OWL-QN).
     */
    default boolean takesL1() {
        return !searchesLine();
    }

    /**
     * A fresh state for minimizing {@code f + l1} ({@link dev.descent.loop.Minimizer#l1}). A first-order
     * rule's state is its plain one: the loop follows each of its updates with the L1 term's proximal
     * step, scaled by the rule's own step along each variable ({@link OptimizerState#proximalSteps}).
     * Rules that search a line handle the term themselves: {@link Lbfgs} becomes OWL-QN and
     * {@link GradientDescent} with a line search backtracks along the proximal path.
     *
     * @throws UnsupportedOperationException for a rule without such a form
     */
    default OptimizerState init(int dimension, dev.descent.L1Penalty l1) {
        if (!searchesLine()) {
            return init(dimension);
        }
        throw new UnsupportedOperationException(name() + " has no form for an L1 penalty");
    }

    /**
     * A fresh state for minimizing {@code f + l1} within {@code bounds}: a first-order rule's plain state
     * (the loop follows each update with the proximal step and the projection, which for one variable is
     * the proximal step of {@code c |x|} plus the box), OWL-QN within the box for {@link Lbfgs}, and the
     * proximal path followed by the projection for {@link GradientDescent} with a line search.
     *
     * @throws UnsupportedOperationException for a rule without such a form
     */
    default OptimizerState init(int dimension, dev.descent.Bounds bounds, dev.descent.L1Penalty l1) {
        if (!searchesLine()) {
            return init(dimension);
        }
        throw new UnsupportedOperationException(name() + " has no form for an L1 penalty within bounds");
    }

    /**
     * Reads back a state written by {@link OptimizerState#writeTo}. Continuing from it gives the
     * same iterates, bit for bit, as the run that wrote it.
     *
     * @throws IOException when the stream ends early, or holds the state of another optimizer or dimension
     */
    default OptimizerState restore(DataInput in) throws IOException {
        StateHeader header = StateHeader.read(in, name());
        OptimizerState state = init(header.dimension());
        state.readBuffers(header, in);
        return state;
    }
}
