package dev.descent.optim;

import dev.descent.Objective;
import dev.descent.linesearch.LineSearchFailedException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The mutable state of one optimizer on one problem: the step count and the buffers. Made by
 * {@link Optimizer#init(int)}; updates parameters in place and allocates nothing per step.
 */
public interface OptimizerState {

    /** The rule this state belongs to. */
    Optimizer optimizer();

    /** The number of parameters. */
    int dimension();

    /** The number of updates taken so far (PyTorch's {@code state['step']}). */
    long steps();

    /**
     * One iteration of the method from {@code x}.
     *
     * @param objective the function, for methods that search along a direction; first-order rules
     *     call it once, at the new point
     * @param x on entry the current point, on return the new one; modified
     * @param value {@code f(x)} on entry
     * @param gradient on entry the gradient to act on at {@code x} (possibly clipped), on return
     *     {@code grad f} at the new point; modified
     * @param learningRate the scheduled learning rate for this step (line-search methods use it as
     *     the first trial step)
     * @return {@code f} at the new point
     * @throws LineSearchFailedException when a line search finds no acceptable step; {@code x} and
     *     {@code gradient} are then left as they were on entry
     */
    double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate);

    /**
     * One update from a gradient the caller computed (a mini-batch's), for rules that take
     * mini-batches ({@link Optimizer#needsFullBatch()} false).
     *
     * @param parameters modified in place
     * @param gradient the gradient at {@code parameters}; not modified
     * @param learningRate the learning rate for this step
     * @throws UnsupportedOperationException for a rule that needs the whole objective
     */
    default void update(double[] parameters, double[] gradient, double learningRate) {
        throw new UnsupportedOperationException(optimizer().name() + " takes full batches: its steps need the whole objective");
    }

    /**
     * One update of float32 parameters from a float32 gradient, for a rule's float32 form
     * ({@link Optimizer#float32()}): the same bits as {@link #update(double[], double[], double)} on
     * the same values held in {@code double[]}, without widening them.
     *
     * @param parameters modified in place
     * @param gradient the gradient at {@code parameters}; not modified
     * @param learningRate the learning rate for this step
     * @throws UnsupportedOperationException for a rule that is not in float32
     */
    default void update(float[] parameters, float[] gradient, double learningRate) {
        throw new UnsupportedOperationException(optimizer().name() + " steps float64 parameters; its float32 form "
                + "(Optimizer.inFloat32) steps float32 ones");
    }

    /**
     * Sets the momentum coefficient ({@link Optimizer#momentum()}) of the following updates, for
     * schedules that cycle it.
     *
     * @param momentum in [0, 1)
     * @throws UnsupportedOperationException for a rule without one
     */
    default void setMomentum(double momentum) {
        throw new UnsupportedOperationException(optimizer().name() + " has no momentum for a schedule to set");
    }

    /**
     * The box this state keeps its iterates in by itself ({@link Optimizer#init(int, dev.descent.Bounds)}),
     * or null: a first-order state is projected by the loop instead.
     */
    default dev.descent.Bounds bounds() {
        return null;
    }

    /**
     * The L1 term this state minimizes with the objective by itself ({@link Optimizer#init(int,
     * dev.descent.L1Penalty)}: OWL-QN, the proximal line search), or null: the loop adds the proximal
     * step to a first-order state's updates instead.
     */
    default dev.descent.L1Penalty l1() {
        return null;
    }

    /**
     * The step the last update took along each variable, {@code d_i}: the update moved {@code x_i} by
     * {@code -d_i} times the rule's direction (the gradient for gradient descent, the first moment for
     * Adam), so that the L1 term's proximal step {@code x_i <- S(x_i, c_i d_i)}
     * ({@link dev.descent.L1Penalty#shrink}) is the proximal step of the rule's own metric (Beck &amp;
     * Teboulle 2009 for gradient descent, where {@code d_i = eta}). The direction is scaled so that it
     * tends to the gradient when the gradient holds still (SGD's momentum buffer times
     * {@code (1 - momentum)}), which makes the fixed points of update and threshold the minima of
     * {@code f + sum c_i |x_i|}. Computed from the state as the last update left it; allocates nothing.
     * Each rule's Javadoc gives its {@code d_i}.
     *
     * @param out written
     * @throws UnsupportedOperationException for a rule whose steps do not scale with the gradient (see
     *     {@link #stepsBySign()}) or that takes no mini-batch updates
     */
    default void proximalSteps(double[] out) {
        throw new UnsupportedOperationException(optimizer().name() + " has no proximal step for an L1 penalty");
    }

    /**
     * Whether the rule steps by the sign of its direction, so that its step does not scale with the
     * gradient (Rprop, Lion): with an L1 term the loop hands it the pseudo-gradient of {@code f + L1}
     * ({@link dev.descent.L1Penalty#pseudoGradient}) in place of the gradient and stops each variable that
     * would cross zero at exactly zero, the orthant-wise step of OWL-QN.
     */
    default boolean stepsBySign() {
        return false;
    }

    /** The step multiplier the last iteration used: the learning rate, or the accepted line-search step. */
    double lastStepLength();

    /**
     * Writes the complete state (header, step count, buffers) so that {@link Optimizer#restore}
     * gives it back exactly. Doubles are written as their IEEE-754 bits.
     */
    void writeTo(DataOutput out) throws IOException;

    /**
     * Reads the buffers written after the header by {@link #writeTo}. Called by
     * {@link Optimizer#restore}, not by users.
     */
    void readBuffers(StateHeader header, DataInput in) throws IOException;
}
