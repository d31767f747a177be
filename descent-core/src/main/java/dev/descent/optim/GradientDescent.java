package dev.descent.optim;

import dev.descent.Check;
import dev.descent.Objective;
import dev.descent.io.BinaryFormat;
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
 * @param float32 keep the parameters in float32 and step in float32 arithmetic, as torch.optim's plain
 *     SGD steps float32 parameters ({@link #inFloat32()}); a fixed step only
 */
public record GradientDescent(double learningRate, LineSearch lineSearch, boolean float32) implements Optimizer {

    /** Validates; the message names the parameter and its range. */
    public GradientDescent {
        Check.positive("learningRate", learningRate);
        if (float32 && lineSearch != null) {
            throw new IllegalArgumentException("gradient descent with a line search has no float32 form: its trial "
                    + "points and values are float64");
        }
    }

    /** The rule in float64 (the default): {@code float32} false. */
    public GradientDescent(double learningRate, LineSearch lineSearch) {
        this(learningRate, lineSearch, false);
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

    /**
     * With a fixed step, this rule in float32: {@code p.add_(g, alpha=-lr)} on float32 parameters,
     * torch.optim's plain SGD step, one fused multiply-add. Empty with a line search.
     */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return lineSearch == null ? java.util.Optional.of(new GradientDescent(learningRate, null, true))
                : java.util.Optional.empty();
    }

    @Override
    public OptimizerState init(int dimension) {
        return lineSearch == null ? new FixedStep(this, dimension) : new Searching(this, dimension);
    }

    /** Both forms take bounds: the fixed step is projected by the loop, a line search follows the projection arc. */
    @Override
    public boolean takesBounds() {
        return true;
    }

    /**
     * A fixed step: the plain state, which the loop projects. A line search: Armijo backtracking along
     * the projection arc (see {@link ProjectedSearch}).
     */
    @Override
    public OptimizerState init(int dimension, dev.descent.Bounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        bounds.checkDimension(dimension);
        return lineSearch == null ? new FixedStep(this, dimension) : new ProjectedSearch(this, dimension, bounds);
    }

    /** Both forms take an L1 term: the fixed step as ISTA, a line search along the proximal path. */
    @Override
    public boolean takesL1() {
        return true;
    }

    /**
     * A fixed step: the plain state, whose updates the loop follows with the soft threshold of step
     * {@code eta} (ISTA). A line search: backtracking along the proximal path (see {@link ProximalSearch}).
     */
    @Override
    public OptimizerState init(int dimension, dev.descent.L1Penalty l1) {
        Objects.requireNonNull(l1, "l1");
        l1.checkDimension(dimension);
        return lineSearch == null ? new FixedStep(this, dimension) : new ProximalSearch(this, dimension, l1, null);
    }

    /**
     * Within a box as well: the fixed step's update is followed by the soft threshold and the projection
     * (the loop's), a line search backtracks along the path {@code P(S(x - t g, t c))}.
     */
    @Override
    public OptimizerState init(int dimension, dev.descent.Bounds bounds, dev.descent.L1Penalty l1) {
        Objects.requireNonNull(l1, "l1");
        Objects.requireNonNull(bounds, "bounds");
        l1.checkDimension(dimension);
        bounds.checkDimension(dimension);
        return lineSearch == null ? new FixedStep(this, dimension) : new ProximalSearch(this, dimension, l1, bounds);
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

        /** {@code param.add_(grad, alpha=-lr)}: one fused multiply-add with {@code -lr} rounded to float. */
        @Override
        protected void applyFloat(float[] parameters, float[] gradient, double learningRate) {
            float negativeRate = (float) -learningRate;
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = Math.fma(negativeRate, gradient[i], parameters[i]);
            }
        }

        @Override
        protected void buffers(Buffers buffers) {
            // a fixed step keeps no buffers
        }

        /** {@code d_i = eta}: the proximal step is ISTA's, {@code x <- S(x - eta g, eta c)}. */
        @Override
        public void proximalSteps(double[] out) {
            java.util.Arrays.fill(out, lastStepLength());
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
            BinaryFormat.writeDouble(out, lastStep);
        }

        @Override
        public void readBuffers(StateHeader header, DataInput in) throws IOException {
            steps = header.steps();
            lastStep = BinaryFormat.readDouble(in);
        }
    }

    /**
     * Proximal gradient descent on {@code F = f + sum_i c_i |x_i|} with backtracking (Beck &amp; Teboulle,
     * "A fast iterative shrinkage-thresholding algorithm for linear inverse problems", SIAM J. Imaging
     * Sciences 2(1) (2009), section 4, with the step shrinking from {@code eta} at every iteration):
     *
     * <pre>
     * x(t) = S(x - t g, t c),  t = eta, shrink * eta, shrink^2 * eta, ...
     * accept the first t with f(x(t)) &lt;= f(x) + g.(x(t) - x) + |x(t) - x|^2 / (2 t)
     * </pre>
     *
     * <p>The accepted {@code t} is no larger than {@code 1 / L} for the local Lipschitz constant {@code L}
     * of {@code grad f} along the path, which makes {@code F} decrease at every step. Near the optimum the
     * two sides differ by less than the rounding of {@code f}; a trial within {@code 1e-12 |f(x)|} of the
     * bound is then accepted when {@code (grad f(x(t)) - g).(x(t) - x) <= |x(t) - x|^2 / t}, which on a
     * quadratic is the same test without a difference of values (TFOCS's local Lipschitz estimate,
     * Becker, Candès &amp; Grant, Math. Prog. Comp. 3 (2011)). The path bends where
     * variables reach zero, so the configured search does not apply: this one takes its shrink factor and
     * trial budget when it is {@link ArmijoBacktracking} and the defaults (0.5, 60) otherwise.
     */
    static final class ProximalSearch implements OptimizerState {
        private final GradientDescent rule;
        private final dev.descent.L1Penalty l1;
        /** The box the path is projected onto, or null. */
        private final dev.descent.Bounds box;
        private final double shrink;
        private final int maxTrials;
        private final double[] trialPoint;
        private final double[] trialGradient;
        private long steps;
        private double lastStep = Double.NaN;

        ProximalSearch(GradientDescent rule, int dimension, dev.descent.L1Penalty l1, dev.descent.Bounds box) {
            Check.atLeast("dimension", dimension, 1);
            this.rule = rule;
            this.l1 = l1;
            this.box = box;
            ArmijoBacktracking armijo = rule.lineSearch instanceof ArmijoBacktracking a ? a : ArmijoBacktracking.defaults();
            this.shrink = armijo.shrink();
            this.maxTrials = armijo.maxTrials();
            this.trialPoint = new double[dimension];
            this.trialGradient = new double[dimension];
        }

        @Override
        public Optimizer optimizer() {
            return rule;
        }

        @Override
        public int dimension() {
            return trialPoint.length;
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
        public dev.descent.L1Penalty l1() {
            return l1;
        }

        @Override
        public dev.descent.Bounds bounds() {
            return box;
        }

        /** {@code value} is {@code F(x)}; returns {@code F} at the new point, {@code gradient} the smooth part's there. */
        @Override
        public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
            double smooth = value - l1.value(x);
            double step = learningRate;
            for (int trial = 0; trial < maxTrials; trial++) {
                double linear = 0;
                double squared = 0;
                for (int i = 0; i < x.length; i++) {
                    double p = dev.descent.L1Penalty.softThreshold(x[i] - step * gradient[i], step * l1.strength(i));
                    if (box != null) {
                        p = Math.min(Math.max(p, box.lower(i)), box.upper(i)); // with the threshold, the prox of c|x| + box
                    }
                    trialPoint[i] = p;
                    double d = p - x[i];
                    linear += gradient[i] * d;
                    squared += d * d;
                }
                if (squared == 0) {
                    break; // the path does not leave x: a stationary point of F
                }
                double trialValue = objective.valueAndGradient(trialPoint, trialGradient);
                double bound = smooth + linear + squared / (2 * step);
                if (trialValue <= bound
                        || trialValue <= bound + 1e-12 * Math.abs(smooth) && curvature(x, gradient) <= squared / step) {
                    System.arraycopy(trialPoint, 0, x, 0, x.length);
                    System.arraycopy(trialGradient, 0, gradient, 0, gradient.length);
                    steps++;
                    lastStep = step;
                    return trialValue + l1.value(x);
                }
                step *= shrink;
            }
            throw new dev.descent.linesearch.LineSearchFailedException("backtracking along the proximal path found no "
                    + "acceptable step in " + maxTrials + " trials (last step " + step / shrink + ")");
        }

        /** {@code (grad f(x(t)) - g).(x(t) - x)}, the curvature of {@code f} along the trial step. */
        private double curvature(double[] x, double[] gradient) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += (trialGradient[i] - gradient[i]) * (trialPoint[i] - x[i]);
            }
            return sum;
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            new StateHeader(rule.name(), dimension(), steps).write(out);
            BinaryFormat.writeDouble(out, lastStep);
        }

        @Override
        public void readBuffers(StateHeader header, DataInput in) throws IOException {
            steps = header.steps();
            lastStep = BinaryFormat.readDouble(in);
        }
    }

    /**
     * Gradient descent within a box with Armijo backtracking along the projection arc
     * (Bertsekas, "On the Goldstein-Levitin-Polyak gradient projection method", IEEE Trans. Automatic
     * Control 21 (1976); Bertsekas, Nonlinear Programming (1999), section 2.3):
     *
     * <pre>
     * x(t) = P(x - t g),  t = eta, shrink * eta, shrink^2 * eta, ...
     * accept the first t with f(x(t)) &lt;= f(x) + c1 * g.(x(t) - x)
     * </pre>
     *
     * <p>The path bends at the box's faces, so a search that assumes a straight line (strong Wolfe's
     * curvature condition) does not apply: this search replaces the configured one, taking its
     * {@code c1}, shrink factor and trial budget when it is {@link ArmijoBacktracking} and the
     * defaults (1e-4, 0.5, 60) otherwise. Every trial point is feasible.
     */
    static final class ProjectedSearch implements OptimizerState {
        private final GradientDescent rule;
        private final dev.descent.Bounds bounds;
        private final double c1;
        private final double shrink;
        private final int maxTrials;
        private final double[] trialPoint;
        private final double[] trialGradient;
        private long steps;
        private double lastStep = Double.NaN;

        ProjectedSearch(GradientDescent rule, int dimension, dev.descent.Bounds bounds) {
            Check.atLeast("dimension", dimension, 1);
            this.rule = rule;
            this.bounds = bounds;
            ArmijoBacktracking armijo = rule.lineSearch instanceof ArmijoBacktracking a ? a : ArmijoBacktracking.defaults();
            this.c1 = armijo.c1();
            this.shrink = armijo.shrink();
            this.maxTrials = armijo.maxTrials();
            this.trialPoint = new double[dimension];
            this.trialGradient = new double[dimension];
        }

        @Override
        public Optimizer optimizer() {
            return rule;
        }

        @Override
        public int dimension() {
            return trialPoint.length;
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
        public dev.descent.Bounds bounds() {
            return bounds;
        }

        @Override
        public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
            double step = learningRate;
            for (int trial = 0; trial < maxTrials; trial++) {
                double decrease = 0;
                for (int i = 0; i < x.length; i++) {
                    double p = Math.min(Math.max(x[i] - step * gradient[i], bounds.lower(i)), bounds.upper(i));
                    trialPoint[i] = p;
                    decrease += gradient[i] * (p - x[i]);
                }
                if (decrease == 0) {
                    break; // the arc does not leave x: a constrained stationary point
                }
                double trialValue = objective.valueAndGradient(trialPoint, trialGradient);
                if (trialValue <= value + c1 * decrease) {
                    System.arraycopy(trialPoint, 0, x, 0, x.length);
                    System.arraycopy(trialGradient, 0, gradient, 0, gradient.length);
                    steps++;
                    lastStep = step;
                    return trialValue;
                }
                step *= shrink;
            }
            throw new dev.descent.linesearch.LineSearchFailedException("Armijo search along the projection arc found no "
                    + "acceptable step in " + maxTrials + " trials (last step " + step / shrink + ")");
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            new StateHeader(rule.name(), dimension(), steps).write(out);
            BinaryFormat.writeDouble(out, lastStep);
        }

        @Override
        public void readBuffers(StateHeader header, DataInput in) throws IOException {
            steps = header.steps();
            lastStep = BinaryFormat.readDouble(in);
        }
    }
}
