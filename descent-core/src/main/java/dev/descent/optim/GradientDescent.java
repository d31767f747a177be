package dev.descent.optim;

import dev.descent.Objective;
import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.linesearch.LineSearch;
import dev.descent.vector.Vectors;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Plain gradient descent, the method of the textbook:
 *
 * <pre>
 * w_{k+1} = w_k - eta_k * grad f(w_k)
 * </pre>
 *
 * <p>with either a fixed step {@code eta_k = eta} (the scheduled learning rate) or a step found by
 * a line search along {@code -grad f(w_k)} starting from {@code eta} at every iteration
 * (Armijo backtracking by default). Reference: Cauchy, "Méthode générale pour la résolution des
 * systèmes d'équations simultanées", C. R. Acad. Sci. Paris 25 (1847); Nocedal &amp; Wright,
 * Numerical Optimization (2006), ch. 3.
 *
 * @param learningRate eta, in (0, inf): the fixed step, or the first trial step of each line search
 * @param lineSearch the line search, or {@code null} for a fixed step
 */
public record GradientDescent(double learningRate, LineSearch lineSearch) implements Optimizer {

    /** Validates; the message names the parameter and its range. */
    public GradientDescent {
        Check.positive("learningRate", learningRate);
    }

    /** Fixed step {@code eta}. */
    public static GradientDescent fixed(double learningRate) {
        return new GradientDescent(learningRate, null);
    }

    /** Armijo backtracking (c1 1e-4, shrink 0.5) from {@code initialStep} at every iteration. */
    public static GradientDescent armijo(double initialStep) {
        return new GradientDescent(initialStep, ArmijoBacktracking.defaults());
    }

    /** A line search of your choice from {@code initialStep} at every iteration. */
    public static GradientDescent withLineSearch(double initialStep, LineSearch lineSearch) {
        return new GradientDescent(initialStep, Objects.requireNonNull(lineSearch, "lineSearch"));
    }

    @Override
    public String name() {
        return "gd";
    }

    @Override
    public boolean searchesLine() {
        return lineSearch != null;
    }

    /** {@code gd lr=...} with a fixed step, {@code gd+armijo} with a line search. */
    @Override
    public String describe() {
        return lineSearch == null ? Optimizer.super.describe() : "gd+" + lineSearch.name();
    }

    @Override
    public OptimizerState init(int dimension) {
        return lineSearch == null ? new FixedStep(this, dimension) : new Searching(this, dimension);
    }

    /** Fixed-step state: nothing but the step count. */
    static final class FixedStep extends FirstOrderState {
        FixedStep(GradientDescent rule, int dimension) {
            super(rule, dimension);
        }

        @Override
        protected void apply(double[] parameters, double[] gradient, double learningRate) {
            Vectors.axpy(-learningRate, gradient, parameters);
        }

        @Override
        protected void writeBuffers(DataOutput out) {
            // no buffers
        }

        @Override
        protected void readBuffers(DataInput in) {
            // no buffers
        }
    }

    /** Line-search state: scratch buffers for the trial point, reused every iteration. */
    static final class Searching implements OptimizerState {
        private final GradientDescent rule;
        private final double[] direction;
        private final double[] trialPoint;
        private final double[] trialGradient;
        private long steps;
        private double lastStep = Double.NaN;

        Searching(GradientDescent rule, int dimension) {
            Check.atLeast("dimension", dimension, 1);
            this.rule = rule;
            this.direction = new double[dimension];
            this.trialPoint = new double[dimension];
            this.trialGradient = new double[dimension];
        }

        @Override
        public Optimizer optimizer() {
            return rule;
        }

        @Override
        public int dimension() {
            return direction.length;
        }

        @Override
        public long steps() {
            return steps;
        }

        @Override
        public double lastStepLength() {
            return lastStep;
        }

        @Override
        public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
            for (int i = 0; i < direction.length; i++) {
                direction[i] = -gradient[i];
            }
            LineSearch.Step step = rule.lineSearch.search(objective, x, value, gradient, direction, learningRate,
                    trialPoint, trialGradient);
            System.arraycopy(trialPoint, 0, x, 0, x.length);
            System.arraycopy(trialGradient, 0, gradient, 0, gradient.length);
            steps++;
            lastStep = step.length();
            return step.value();
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            new StateHeader(rule.name(), dimension(), steps).write(out);
            out.writeLong(Double.doubleToRawLongBits(lastStep));
        }

        @Override
        public void readBuffers(StateHeader header, DataInput in) throws IOException {
            steps = header.steps();
            lastStep = Double.longBitsToDouble(in.readLong());
        }
    }
}
