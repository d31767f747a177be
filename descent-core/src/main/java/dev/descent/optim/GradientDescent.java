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
 * <p>Accelerated ({@link #withAcceleration()}, spec {@code gd:accelerated}), the rule is FISTA (Beck &amp;
 * Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear inverse problems", SIAM J.
 * Imaging Sciences 2(1) (2009)), and without an L1 term Nesterov's accelerated gradient method (Nesterov,
 * "A method for solving the convex programming problem with convergence rate O(1/k^2)", Soviet Math.
 * Dokl. 27 (1983)): the gradient is taken at a point extrapolated along the last step, which brings
 * {@code F(x_k) - F*} down as {@code O(1 / k^2)} instead of {@code O(1 / k)} on a convex {@code f};
 * see {@link Accelerated}.
 *
 * @param learningRate eta, in (0, inf): the fixed step, or the first trial step of each line search
 * @param lineSearch the line search, or {@code null} for a fixed step
 * @param accelerated FISTA (Nesterov's method without an L1 term) instead of the plain step; full batch,
 *     float64 and unbounded only
 * @param float32 keep the parameters in float32 and step in float32 arithmetic, as torch.optim's plain
 *     SGD steps float32 parameters ({@link #inFloat32()}); a fixed step only, not accelerated
 */
public record GradientDescent(double learningRate, LineSearch lineSearch, boolean accelerated, boolean float32)
        implements Optimizer {

    /** Validates; the message names the parameter and its range. */
    public GradientDescent {
        Check.positive("learningRate", learningRate);
        if (float32 && lineSearch != null) {
            throw new IllegalArgumentException("gradient descent with a line search has no float32 form: its trial "
                    + "points and values are float64");
        }
        if (float32 && accelerated) {
            throw new IllegalArgumentException("accelerated gradient descent has no float32 form: its extrapolated "
                    + "points and values are float64");
        }
    }

    /** The plain (not accelerated) rule, in float32 or float64. */
    public GradientDescent(double learningRate, LineSearch lineSearch, boolean float32) {
        this(learningRate, lineSearch, false, float32);
    }

    /** The plain rule in float64 (the default): {@code float32} and {@code accelerated} false. */
    public GradientDescent(double learningRate, LineSearch lineSearch) {
        this(learningRate, lineSearch, false, false);
    }

    /** FISTA with the fixed step {@code eta}: {@code fixed(eta).withAcceleration()}. */
    public static GradientDescent fista(double learningRate) {
        return new GradientDescent(learningRate, null, true, false);
    }

    /**
     * This rule accelerated: FISTA with its fixed step, or with a line search FISTA with backtracking
     * ({@link Accelerated}).
     *
     * @throws IllegalArgumentException for a float32 rule, which has no accelerated form
     */
    public GradientDescent withAcceleration() {
        return new GradientDescent(learningRate, lineSearch, true, float32);
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

    /** With a line search, or accelerated: each step evaluates the whole objective at points of its own. */
    @Override
    public boolean needsFullBatch() {
        return lineSearch != null || accelerated;
    }

    /** Not with a line search, nor accelerated: the step needs the true gradient at its own points. */
    @Override
    public boolean allowsClipping() {
        return lineSearch == null && !accelerated;
    }

    /**
     * {@code gd lr=...} with a fixed step, {@code gd+armijo} with a line search; accelerated,
     * {@code fista lr=...} and {@code fista+armijo}.
     */
    @Override
    public String describe() {
        String name = accelerated ? "fista" : "gd";
        return lineSearch == null ? name + " lr=" + Optimizer.shortNumber(learningRate) : name + "+" + lineSearch.name();
    }

    /**
     * With a fixed step, this rule in float32: {@code p.add_(g, alpha=-lr)} on float32 parameters,
     * torch.optim's plain SGD step, one fused multiply-add. Empty with a line search.
     */
    @Override
    public java.util.Optional<Optimizer> inFloat32() {
        return lineSearch == null && !accelerated ? java.util.Optional.of(new GradientDescent(learningRate, null, true))
                : java.util.Optional.empty();
    }

    @Override
    public OptimizerState init(int dimension) {
        if (accelerated) {
            return new Accelerated(this, dimension, null);
        }
        return lineSearch == null ? new FixedStep(this, dimension) : new Searching(this, dimension);
    }

    /**
     * Both plain forms take bounds: the fixed step is projected by the loop, a line search follows the
     * projection arc. The accelerated form does not: the loop would project its iterate after the state
     * has evaluated it, and with an L1 term too it hands the state the L1 term alone, so a box would be
     * left out of the proximal step FISTA's convergence rests on.
     */
    @Override
    public boolean takesBounds() {
        return !accelerated;
    }

    /**
     * A fixed step: the plain state, which the loop projects. A line search: Armijo backtracking along
     * the projection arc (see {@link ProjectedSearch}).
     */
    @Override
    public OptimizerState init(int dimension, dev.descent.Bounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        bounds.checkDimension(dimension);
        if (accelerated) {
            throw new UnsupportedOperationException("accelerated gradient descent (fista) has no bounded form; use "
                    + "gd with a fixed step or a line search, or lbfgs (L-BFGS-B), within bounds");
        }
        return lineSearch == null ? new FixedStep(this, dimension) : new ProjectedSearch(this, dimension, bounds);
    }

    /**
     * Every form takes an L1 term: the fixed step as ISTA, a line search along the proximal path, the
     * accelerated form as FISTA.
     */
    @Override
    public boolean takesL1() {
        return true;
    }

    /**
     * A fixed step: the plain state, whose updates the loop follows with the soft threshold of step
     * {@code eta} (ISTA). A line search: backtracking along the proximal path (see {@link ProximalSearch}).
     * Accelerated: FISTA, which takes the proximal step itself (see {@link Accelerated}).
     */
    @Override
    public OptimizerState init(int dimension, dev.descent.L1Penalty l1) {
        Objects.requireNonNull(l1, "l1");
        l1.checkDimension(dimension);
        if (accelerated) {
            return new Accelerated(this, dimension, l1);
        }
        return lineSearch == null ? new FixedStep(this, dimension) : new ProximalSearch(this, dimension, l1, null);
    }

    /**
     * Within a box as well: the fixed step's update is followed by the soft threshold and the projection
     * (the loop's), a line search backtracks along the path {@code P(S(x - t g, t c))}; the accelerated
     * form has no bounded form.
     */
    @Override
    public OptimizerState init(int dimension, dev.descent.Bounds bounds, dev.descent.L1Penalty l1) {
        Objects.requireNonNull(l1, "l1");
        Objects.requireNonNull(bounds, "bounds");
        l1.checkDimension(dimension);
        bounds.checkDimension(dimension);
        if (accelerated) {
            throw new UnsupportedOperationException("accelerated gradient descent (fista) has no bounded form; use "
                    + "gd with a fixed step or a line search, or lbfgs, within bounds");
        }
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

    /**
     * What the states that evaluate the objective themselves share (the line searches, the proximal and
     * projected paths, FISTA): the rule, the trial point and its gradient, the step count and the last
     * step, the backtracking settings ({@link ArmijoBacktracking}'s when it is the configured search, else
     * its defaults: a path that bends takes no other search), and the saved form, the header and the last
     * step followed by what a state adds ({@link #writeMore}).
     */
    abstract static class SearchState implements OptimizerState {
        final GradientDescent rule;
        final double c1;
        final double shrink;
        final int maxTrials;
        final double[] trialPoint;
        final double[] trialGradient;
        long steps;
        double lastStep = Double.NaN;

        SearchState(GradientDescent rule, int dimension) {
            Check.atLeast("dimension", dimension, 1);
            this.rule = rule;
            ArmijoBacktracking armijo = rule.lineSearch instanceof ArmijoBacktracking a ? a : ArmijoBacktracking.defaults();
            this.c1 = armijo.c1();
            this.shrink = armijo.shrink();
            this.maxTrials = armijo.maxTrials();
            this.trialPoint = new double[dimension];
            this.trialGradient = new double[dimension];
        }

        @Override
        public final Optimizer optimizer() {
            return rule;
        }

        @Override
        public final int dimension() {
            return trialPoint.length;
        }

        @Override
        public final long steps() {
            return steps;
        }

        @Override
        public final double lastStepLength() {
            return lastStep;
        }

        /** Takes the trial point and its gradient as the new point, after a step of length {@code step}. */
        final void accept(double[] x, double[] gradient, double step) {
            System.arraycopy(trialPoint, 0, x, 0, x.length);
            System.arraycopy(trialGradient, 0, gradient, 0, gradient.length);
            steps++;
            lastStep = step;
        }

        @Override
        public final void writeTo(DataOutput out) throws IOException {
            new StateHeader(rule.name(), dimension(), steps).write(out);
            BinaryFormat.writeDouble(out, lastStep);
            writeMore(out);
        }

        @Override
        public final void readBuffers(StateHeader header, DataInput in) throws IOException {
            steps = header.steps();
            lastStep = BinaryFormat.readDouble(in);
            readMore(in);
        }

        /** What a state saves after the header and the last step; nothing by default. */
        void writeMore(DataOutput out) throws IOException {
            // the step count and the last step are the whole state
        }

        /** Reads back what {@link #writeMore} wrote. */
        void readMore(DataInput in) throws IOException {
            // the step count and the last step are the whole state
        }
    }

    /** Line-search state: scratch buffers for the trial point, reused every iteration. */
    static final class Searching extends SearchState {
        private final double[] direction;

        Searching(GradientDescent rule, int dimension) {
            super(rule, dimension);
            this.direction = new double[dimension];
        }

        @Override
        public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
            for (int i = 0; i < direction.length; i++) {
                direction[i] = -gradient[i];
            }
            LineSearch.Step step = rule.lineSearch.search(objective, x, value, gradient, direction, learningRate,
                    trialPoint, trialGradient);
            accept(x, gradient, step.length());
            return step.value();
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
    static final class ProximalSearch extends SearchState {
        private final dev.descent.L1Penalty l1;
        /** The box the path is projected onto, or null. */
        private final dev.descent.Bounds box;

        ProximalSearch(GradientDescent rule, int dimension, dev.descent.L1Penalty l1, dev.descent.Bounds box) {
            super(rule, dimension);
            this.l1 = l1;
            this.box = box;
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
                if (accepts(trialValue, smooth, linear, squared, step, x, gradient, trialPoint, trialGradient)) {
                    accept(x, gradient, step);
                    return trialValue + l1.value(x);
                }
                step *= shrink;
            }
            throw new dev.descent.linesearch.LineSearchFailedException("backtracking along the proximal path found no "
                    + "acceptable step in " + maxTrials + " trials (last step " + step / shrink + ")");
        }

    }

    /**
     * FISTA on {@code F = f + sum_i c_i |x_i|} (Beck &amp; Teboulle, "A fast iterative
     * shrinkage-thresholding algorithm for linear inverse problems", SIAM J. Imaging Sciences 2(1) (2009),
     * section 4), and without an L1 term Nesterov's accelerated gradient method:
     *
     * <pre>
     * y_1 = x_0,  t_1 = 1
     * x_k = S(y_k - eta_k grad f(y_k), eta_k c)          (no threshold without an L1 term)
     * t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2
     * y_{k+1} = x_k + ((t_k - 1) / t_{k+1}) (x_k - x_{k-1})
     * </pre>
     *
     * <p>With a fixed step {@code eta_k} is the scheduled rate (convergence needs {@code eta <= 1 / L} for
     * the Lipschitz constant {@code L} of {@code grad f}, half of what plain gradient descent tolerates).
     * With a line search it is FISTA with backtracking: {@code eta_k} starts from {@code eta_{k-1}} (the
     * scheduled rate at the first iteration, and never above the scheduled rate) and shrinks until
     * {@code p = S(y - eta g_y, eta c)} satisfies {@code f(p) <= f(y) + g_y.(p - y) + |p - y|^2 / (2 eta)},
     * with {@link ProximalSearch}'s test and rounding guard ({@link GradientDescent#accepts}), its shrink
     * factor and trial budget; so the step only shrinks, as the method's rate of convergence requires.
     *
     * <p>The gradient is taken at the extrapolated point {@code y_k}, not at {@code x_k}, so this state
     * evaluates the objective itself, as a line search does: on return the loop holds {@code x_k}, the
     * value {@code F(x_k)} and the gradient {@code grad f(x_k)}, so that the point reported and returned,
     * the pseudo-gradient norm and the stopping rules are those of {@code x_k}. That costs an evaluation
     * per iteration more than the plain step: one at {@code y_k}, one at {@code x_k} (with backtracking,
     * the accepted trial is {@code x_k}, so the count is one at {@code y_k} plus one per trial). The
     * values need not decrease at every iteration: FISTA is not a descent method.
     *
     * <p>The extrapolated point is recomputed at each iteration from the loop's point {@code x_{k-1}},
     * the previous iterate {@code x_{k-2}} and the coefficient {@code (t_{k-1} - 1) / t_k}; the saved state
     * holds these (with {@code t_k} and the last step), so a resumed run takes the same steps bit for bit.
     */
    static final class Accelerated extends SearchState {
        /** The L1 term, or null for Nesterov's method on {@code f} alone. */
        private final dev.descent.L1Penalty l1;
        /** {@code x_{k-2}} for the coming iteration {@code k}: the point the last iteration started from. */
        private final double[] previous;
        private final double[] extrapolated;
        private final double[] extrapolatedGradient;
        /** {@code t_k} for the coming iteration {@code k}. */
        private double t = 1;
        /** {@code (t_{k-1} - 1) / t_k} for the coming iteration {@code k}; 0 before the second. */
        private double coefficient;

        Accelerated(GradientDescent rule, int dimension, dev.descent.L1Penalty l1) {
            super(rule, dimension);
            this.l1 = l1;
            this.previous = new double[dimension];
            this.extrapolated = new double[dimension];
            this.extrapolatedGradient = new double[dimension];
        }

        @Override
        public dev.descent.L1Penalty l1() {
            return l1;
        }

        /**
         * One FISTA iteration from {@code x = x_{k-1}}; {@code value} and the {@code gradient} on entry are
         * not used (the gradient is taken at {@code y_k}).
         *
         * @return {@code F(x_k)}, with {@code x} set to {@code x_k} and {@code gradient} to {@code grad f(x_k)}
         * @throws LineSearchFailedException when {@code f} is not finite at {@code y_k} (leaving f's domain),
         *     or backtracking finds no acceptable step; {@code x}, {@code gradient} and this state are then
         *     left as they were
         */
        @Override
        public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
            int n = x.length;
            if (steps == 0) {
                System.arraycopy(x, 0, extrapolated, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    extrapolated[i] = x[i] + coefficient * (x[i] - previous[i]);
                }
            }
            double smooth = objective.valueAndGradient(extrapolated, extrapolatedGradient);
            if (!Double.isFinite(smooth) || !Vectors.allFinite(extrapolatedGradient)) {
                throw new dev.descent.linesearch.LineSearchFailedException("f or its gradient is not finite at the "
                        + "extrapolated point " + dev.descent.io.Printable.point(extrapolated) + " = "
                        + "x_k + " + coefficient + " (x_k - x_{k-1})", extrapolated);
            }
            double step;
            double newValue;
            if (rule.lineSearch == null) {
                step = learningRate;
                proximalPoint(step);
                newValue = objective.valueAndGradient(trialPoint, trialGradient);
            } else {
                // the step carried over only shrinks (Beck & Teboulle's L_k >= L_{k-1}); the schedule caps it
                step = Double.isNaN(lastStep) ? learningRate : Math.min(lastStep, learningRate);
                newValue = Double.NaN;
                for (int trial = 0; trial < maxTrials; trial++) {
                    double squared = proximalPoint(step);
                    if (squared == 0) {
                        // the path does not leave y: y is a stationary point of F, and x_k = y
                        System.arraycopy(extrapolatedGradient, 0, trialGradient, 0, n);
                        newValue = smooth;
                        break;
                    }
                    double trialValue = objective.valueAndGradient(trialPoint, trialGradient);
                    if (accepts(trialValue, smooth, linear, squared, step, extrapolated, extrapolatedGradient,
                            trialPoint, trialGradient)) {
                        newValue = trialValue;
                        break;
                    }
                    step *= shrink;
                }
                if (Double.isNaN(newValue)) {
                    throw new dev.descent.linesearch.LineSearchFailedException("FISTA's backtracking along the "
                            + "proximal path found no acceptable step in " + maxTrials + " trials (last step "
                            + step / shrink + ")");
                }
            }
            System.arraycopy(x, 0, previous, 0, n);
            System.arraycopy(trialPoint, 0, x, 0, n);
            System.arraycopy(trialGradient, 0, gradient, 0, n);
            double next = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            coefficient = (t - 1) / next;
            t = next;
            steps++;
            lastStep = step;
            return l1 == null ? newValue : newValue + l1.value(x);
        }

        /** {@code g_y.(p - y)} of the last {@link #proximalPoint}. */
        private double linear;

        /**
         * {@code p = S(y - step g_y, step c)} (no threshold without an L1 term) into the trial point; sets
         * {@link #linear} and returns {@code |p - y|^2}.
         */
        private double proximalPoint(double step) {
            double dot = 0;
            double squared = 0;
            for (int i = 0; i < trialPoint.length; i++) {
                double v = extrapolated[i] - step * extrapolatedGradient[i];
                double p = l1 == null ? v : dev.descent.L1Penalty.softThreshold(v, step * l1.strength(i));
                trialPoint[i] = p;
                double d = p - extrapolated[i];
                dot += extrapolatedGradient[i] * d;
                squared += d * d;
            }
            linear = dot;
            return squared;
        }

        /** After the header and the last step: {@code t_k}, the coefficient, and {@code x_{k-2}} (empty before the first step). */
        @Override
        void writeMore(DataOutput out) throws IOException {
            BinaryFormat.writeDouble(out, t);
            BinaryFormat.writeDouble(out, coefficient);
            StateHeader.writeArray(out, steps == 0 ? new double[0] : previous);
        }

        @Override
        void readMore(DataInput in) throws IOException {
            t = BinaryFormat.readDouble(in);
            coefficient = BinaryFormat.readDouble(in);
            if (!(t >= 1)) {
                throw new IOException("corrupt FISTA state: t " + t + " is below 1 (was the state saved by plain "
                        + "gradient descent?)");
            }
            double[] read = StateHeader.readOptionalArray(in, dimension(), "previous");
            if ((read.length == 0) != (steps == 0)) {
                throw new IOException("corrupt FISTA state: " + steps + " steps and a previous point of length "
                        + read.length);
            }
            System.arraycopy(read, 0, previous, 0, read.length);
        }
    }

    /**
     * The acceptance test of the backtracking along the proximal path, {@link ProximalSearch}'s and
     * {@link Accelerated}'s: from {@code x} with {@code f(x) = smooth} and gradient {@code g}, the trial
     * {@code p} is accepted when {@code f(p) <= f(x) + g.(p - x) + |p - x|^2 / (2 t)}, or, within
     * {@code 1e-12 |f(x)|} of that bound (where the two sides differ by less than the rounding of
     * {@code f}), when {@code (grad f(p) - g).(p - x) <= |p - x|^2 / t}.
     *
     * @param linear {@code g.(p - x)}
     * @param squared {@code |p - x|^2}
     */
    static boolean accepts(double trialValue, double smooth, double linear, double squared, double step, double[] x,
                           double[] gradient, double[] trialPoint, double[] trialGradient) {
        double bound = smooth + linear + squared / (2 * step);
        return trialValue <= bound
                || trialValue <= bound + 1e-12 * Math.abs(smooth)
                        && curvature(x, gradient, trialPoint, trialGradient) <= squared / step;
    }

    /** {@code (grad f(p) - g).(p - x)}, the curvature of {@code f} along the trial step. */
    private static double curvature(double[] x, double[] gradient, double[] trialPoint, double[] trialGradient) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (trialGradient[i] - gradient[i]) * (trialPoint[i] - x[i]);
        }
        return sum;
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
    static final class ProjectedSearch extends SearchState {
        private final dev.descent.Bounds bounds;

        ProjectedSearch(GradientDescent rule, int dimension, dev.descent.Bounds bounds) {
            super(rule, dimension);
            this.bounds = bounds;
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
                    accept(x, gradient, step);
                    return trialValue;
                }
                step *= shrink;
            }
            throw new dev.descent.linesearch.LineSearchFailedException("Armijo search along the projection arc found no "
                    + "acceptable step in " + maxTrials + " trials (last step " + step / shrink + ")");
        }

    }
}
