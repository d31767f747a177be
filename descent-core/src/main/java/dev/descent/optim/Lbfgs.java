package dev.descent.optim;

import dev.descent.Check;
import dev.descent.Objective;
import dev.descent.io.BinaryFormat;
import dev.descent.linesearch.LineSearch;
import dev.descent.linesearch.LineSearchFailedException;
import dev.descent.linesearch.StrongWolfe;
import dev.descent.vector.Vectors;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Limited-memory BFGS with a strong Wolfe line search.
 *
 * <pre>
 * d_k = -H_k grad f(x_k)          (two-loop recursion over the last m pairs, H_k^0 = gamma_k I,
 *                                  gamma_k = s_{k-1}.y_{k-1} / y_{k-1}.y_{k-1})
 * x_{k+1} = x_k + t_k d_k          (t_k from the line search, first trial t = lr, and
 *                                  min(lr, 1 / ||grad f(x_0)||) on the very first step)
 * s_k = x_{k+1} - x_k,  y_k = grad f(x_{k+1}) - grad f(x_k)
 * the pair is stored only when s_k.y_k &gt; eps * y_k.y_k (curvature condition)
 * </pre>
 *
 * <p>Reference: Liu &amp; Nocedal, "On the limited memory BFGS method for large scale optimization",
 * Math. Programming 45 (1989); Nocedal &amp; Wright, Numerical Optimization (2006), Algorithms 7.4
 * and 7.5. When the quasi-Newton direction is not a descent direction, or its line search fails,
 * the memory is cleared and the step retried along the negative gradient; a failure there ends the
 * run with {@link LineSearchFailedException}.
 *
 * <p>Within a box ({@code Minimizer.bounds}) the rule is L-BFGS-B, {@link LbfgsB}.
 *
 * <p>With an L1 term ({@code Minimizer.l1}, {@code F = f + sum_i c_i |x_i|}) the rule is OWL-QN
 * (Andrew &amp; Gao, "Scalable training of L1-regularized log-linear models", ICML 2007, the method of
 * Spark MLlib's elastic net): the two-loop recursion runs on the pseudo-gradient {@code pg} of
 * {@code F} ({@link dev.descent.L1Penalty}) with the pairs of the smooth part's gradients; the
 * direction keeps only the entries that agree in sign with {@code -pg}; each trial point is projected
 * onto the orthant of the current point (a variable at 0 takes the sign of {@code -pg_i}), so a
 * variable that would cross zero stops at exactly zero; and the step backtracks by halves from the
 * rule's first trial step until {@code F(x_t) <= F(x) + c1 pg.(x_t - x)} (c1 1e-4). Near the optimum
 * that decrease falls below the rounding of {@code F}, so a trial whose value is within
 * {@code 1e-12 |F(x)|} of {@code F(x)} is also accepted when the slope of {@code F} along the step at the
 * trial, {@code F'(x_t)}, is at most {@code (2 c1 - 1) F'(x)}: the condition that is equivalent to the
 * sufficient decrease on a quadratic and needs no difference of values (the approximate Wolfe
 * condition of Hager &amp; Zhang, SIAM J. Optim. 16(1) (2005)). A direction that
 * finds no such step restarts from the steepest pseudo-gradient descent, and a failure there ends the
 * run with {@link LineSearchFailedException}.
 *
 * <p>With an L1 term within a box ({@link #init(int, dev.descent.Bounds, dev.descent.L1Penalty)}), OWL-QN
 * works with the projected pseudo-gradient {@code pp = x - P(x - pg)} (0 for a variable at a bound that
 * {@code -pg} pushes outward) and projects each trial onto the box after the orthant: the orthant of
 * the current point intersected with the box is a box again, on which {@code F} is smooth, so the
 * search is a projected quasi-Newton step there. Its stop test is the projected pseudo-gradient's norm,
 * the first-order optimality measure of {@code f + L1} in the box.
 *
 * <p>Defaults: history 10, strong Wolfe (c1 1e-4, c2 0.9), lr 1.
 *
 * @param history the number of curvature pairs kept, m, at least 1
 * @param learningRate the first trial step of each line search, in (0, inf); 1 is the natural step
 * @param lineSearch the line search
 */
public record Lbfgs(int history, double learningRate, LineSearch lineSearch) implements Optimizer {

    /** Validates; messages name the parameter and its range. */
    public Lbfgs {
        Check.atLeast("history", history, 1);
        Check.positive("learningRate", learningRate);
        Objects.requireNonNull(lineSearch, "lineSearch");
    }

    /** History m, strong Wolfe, lr 1. */
    public Lbfgs(int history) {
        this(history, 1.0, StrongWolfe.defaults());
    }

    /** History 10, strong Wolfe (c1 1e-4, c2 0.9), lr 1. */
    public static Lbfgs defaults() {
        return new Lbfgs(10);
    }

    @Override
    public String name() {
        return "lbfgs";
    }

    @Override
    public boolean searchesLine() {
        return true;
    }

    /** {@code lbfgs m=10}: its step comes from the line search, so the memory is what tells runs apart. */
    @Override
    public String describe() {
        return "lbfgs m=" + history;
    }

    /** Its first trial step is the natural unit step of the quasi-Newton direction, not a scheduled rate. */
    @Override
    public boolean followsSchedule() {
        return false;
    }

    @Override
    public State init(int dimension) {
        return new State(this, dimension, null, null);
    }

    /** L-BFGS takes an L1 term as OWL-QN (see the class Javadoc). */
    @Override
    public boolean takesL1() {
        return true;
    }

    /** OWL-QN on {@code f + l1} (see the class Javadoc), with this history and first trial step. */
    @Override
    public State init(int dimension, dev.descent.L1Penalty l1) {
        Objects.requireNonNull(l1, "l1");
        l1.checkDimension(dimension);
        return new State(this, dimension, l1, null);
    }

    /** OWL-QN on {@code f + l1} within {@code bounds} (see the class Javadoc). */
    @Override
    public State init(int dimension, dev.descent.Bounds bounds, dev.descent.L1Penalty l1) {
        Objects.requireNonNull(l1, "l1");
        Objects.requireNonNull(bounds, "bounds");
        l1.checkDimension(dimension);
        bounds.checkDimension(dimension);
        return new State(this, dimension, l1, bounds);
    }

    /** L-BFGS takes bounds: within a box it is L-BFGS-B ({@link LbfgsB}). */
    @Override
    public boolean takesBounds() {
        return true;
    }

    /**
     * L-BFGS-B within {@code bounds} (Byrd, Lu, Nocedal &amp; Zhu 1995), with this history; the line
     * search is L-BFGS-B's own Moré-Thuente search, whatever {@link #lineSearch} is.
     */
    @Override
    public LbfgsB init(int dimension, dev.descent.Bounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        return new LbfgsB(this, dimension, bounds);
    }

    /** OWL-QN's sufficient-decrease constant (Andrew &amp; Gao's gamma). */
    static final double ORTHANT_C1 = 1e-4;

    /** How close to {@code F(x)}, relative to it, a value lies within its rounding (see the class Javadoc). */
    static final double ROUNDING = 1e-12;

    /** The halvings OWL-QN's backtracking tries before it gives up on a direction. */
    static final int ORTHANT_TRIALS = 60;

    /** The curvature pairs in a ring buffer, scratch buffers and the step count. */
    public static final class State implements OptimizerState {
        private final Lbfgs rule;
        private final int dimension;
        private final double[][] s;
        private final double[][] y;
        private final double[] rho;
        private final double[] alpha;
        private final double[] direction;
        private final double[] trialPoint;
        private final double[] trialGradient;
        /** The L1 term of OWL-QN, or null for L-BFGS. */
        private final dev.descent.L1Penalty l1;
        /** OWL-QN's box, or null. */
        private final dev.descent.Bounds box;
        /** OWL-QN's pseudo-gradient at the current point; empty for L-BFGS. */
        private final double[] pseudo;
        /** OWL-QN's free variables this iteration, and each pair's curvature on them; empty for L-BFGS. */
        private final int[] freeIndex;
        private final double[] reducedRho;
        private double reducedGamma;
        /** Pairs stored, at most {@code history}. */
        private int pairs;
        /** Index of the next slot to write. */
        private int next;
        private long steps;
        private double lastStep = Double.NaN;

        State(Lbfgs rule, int dimension, dev.descent.L1Penalty l1, dev.descent.Bounds box) {
            Check.atLeast("dimension", dimension, 1);
            this.rule = rule;
            this.dimension = dimension;
            this.l1 = l1;
            this.box = box;
            this.pseudo = new double[l1 == null ? 0 : dimension];
            this.freeIndex = new int[l1 == null ? 0 : dimension];
            this.reducedRho = new double[l1 == null ? 0 : rule.history];
            this.s = new double[rule.history][dimension];
            this.y = new double[rule.history][dimension];
            this.rho = new double[rule.history];
            this.alpha = new double[rule.history];
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
            return dimension;
        }

        @Override
        public long steps() {
            return steps;
        }

        @Override
        public double lastStepLength() {
            return lastStep;
        }

        /** The number of curvature pairs held now. */
        public int storedPairs() {
            return pairs;
        }

        @Override
        public dev.descent.L1Penalty l1() {
            return l1;
        }

        @Override
        public dev.descent.Bounds bounds() {
            return box;
        }

        @Override
        public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
            if (l1 != null) {
                return orthantWise(objective, x, value, gradient, learningRate);
            }
            LineSearch.Step step = null;
            if (pairs > 0) {
                quasiNewtonDirection(gradient);
                if (Vectors.dot(direction, gradient) < 0) {
                    step = searchOrNull(objective, x, value, gradient, learningRate);
                }
                if (step == null) {
                    pairs = 0; // restart from steepest descent
                }
            }
            if (step == null) {
                steepestDescentDirection(gradient);
                double gradientNorm = Vectors.norm(gradient);
                double initial = steps == 0 ? Math.min(learningRate, 1.0 / gradientNorm) : learningRate;
                step = rule.lineSearch.search(objective, x, value, gradient, direction, initial, trialPoint, trialGradient);
            }
            storePair(x, gradient);
            System.arraycopy(trialPoint, 0, x, 0, dimension);
            System.arraycopy(trialGradient, 0, gradient, 0, dimension);
            steps++;
            lastStep = step.length();
            return step.value();
        }

        /** One OWL-QN iteration; {@code value} is {@code F(x)}, {@code gradient} the smooth part's. */
        private double orthantWise(Objective objective, double[] x, double value, double[] gradient,
                                   double learningRate) {
            l1.pseudoGradient(x, gradient, pseudo);
            if (box != null) {
                for (int i = 0; i < dimension; i++) {
                    pseudo[i] = x[i] - Math.min(Math.max(x[i] - pseudo[i], box.lower(i)), box.upper(i));
                }
            }
            double trialValue = Double.NaN;
            if (pairs > 0 && reducedDirection(x)) {
                trialValue = orthantSearch(objective, x, value, learningRate);
                if (Double.isNaN(trialValue)) {
                    pairs = 0; // restart from steepest descent
                }
            }
            if (Double.isNaN(trialValue)) {
                steepestDescentDirection(pseudo);
                double initial = steps == 0 ? Math.min(learningRate, 1.0 / Vectors.norm(pseudo)) : learningRate;
                trialValue = orthantSearch(objective, x, value, initial);
                if (Double.isNaN(trialValue)) {
                    throw new LineSearchFailedException("OWL-QN's backtracking along the orthant found no step that "
                            + "decreases f + L1 enough in " + ORTHANT_TRIALS + " halvings from " + initial);
                }
            }
            storePair(x, gradient);
            System.arraycopy(trialPoint, 0, x, 0, dimension);
            System.arraycopy(trialGradient, 0, gradient, 0, dimension);
            steps++;
            return trialValue;
        }

        /**
         * Backtracks along {@code direction}, kept to the entries that agree in sign with {@code -pg}, with
         * each trial projected onto the orthant of {@code x}; the accepted point and the smooth gradient
         * there go to the trial buffers.
         *
         * @return {@code F} at the accepted point, or NaN when no trial decreases it enough (or the
         *     direction is not one of descent)
         */
        private double orthantSearch(Objective objective, double[] x, double value, double initial) {
            double slope = 0;
            for (int i = 0; i < dimension; i++) {
                if (direction[i] * pseudo[i] >= 0) {
                    direction[i] = 0;
                }
                slope += direction[i] * pseudo[i];
            }
            if (!(slope < 0)) {
                return Double.NaN;
            }
            double t = initial;
            for (int trial = 0; trial < ORTHANT_TRIALS; trial++) {
                double decrease = 0;
                for (int i = 0; i < dimension; i++) {
                    double orthant = x[i] != 0 ? Math.signum(x[i]) : -Math.signum(pseudo[i]);
                    double p = x[i] + t * direction[i];
                    if (Math.signum(p) != orthant) {
                        p = 0;
                    }
                    if (box != null) {
                        p = Math.min(Math.max(p, box.lower(i)), box.upper(i));
                    }
                    trialPoint[i] = p;
                    decrease += pseudo[i] * (p - x[i]);
                }
                if (decrease == 0) {
                    return Double.NaN; // the projected path no longer leaves x
                }
                double trialValue = objective.valueAndGradient(trialPoint, trialGradient) + l1.value(trialPoint);
                if (trialValue <= value + ORTHANT_C1 * decrease
                        || trialValue <= value + ROUNDING * Math.abs(value)
                        && slopeAtTrial(x) <= (2 * ORTHANT_C1 - 1) * decrease) {
                    lastStep = t;
                    return trialValue;
                }
                t *= 0.5;
            }
            return Double.NaN;
        }

        /**
         * {@code F'(x_t).(x_t - x)}: the slope of {@code F} at the trial along the step, with each variable's
         * L1 term on the side of the orthant the step keeps to.
         */
        private double slopeAtTrial(double[] x) {
            double slope = 0;
            for (int i = 0; i < dimension; i++) {
                double step = trialPoint[i] - x[i];
                if (step != 0) {
                    double orthant = trialPoint[i] != 0 ? Math.signum(trialPoint[i]) : Math.signum(x[i]);
                    slope += (trialGradient[i] + l1.strength(i) * orthant) * step;
                }
            }
            return slope;
        }

        private LineSearch.Step searchOrNull(Objective objective, double[] x, double value, double[] gradient,
                                             double learningRate) {
            try {
                return rule.lineSearch.search(objective, x, value, gradient, direction, learningRate, trialPoint,
                        trialGradient);
            } catch (LineSearchFailedException failed) {
                return null;
            }
        }

        private void steepestDescentDirection(double[] gradient) {
            for (int i = 0; i < dimension; i++) {
                direction[i] = -gradient[i];
            }
        }

        /**
         * OWL-QN's two-loop recursion on the free variables only: those not at zero, or at zero with a
         * pseudo-gradient that moves them off it. A variable held at zero takes no step, and its gradient's
         * changes (it keeps changing as the others move) would otherwise enter the products and the scaling
         * {@code gamma} of every pair, making {@code H} approximate a Hessian the step does not live in; on
         * the free variables it approximates the reduced Hessian, as L-BFGS-B's subspace step does. Writes
         * {@code direction = -H pg}, 0 on the variables held.
         *
         * @return false when no stored pair has positive curvature on the free variables
         */
        private boolean reducedDirection(double[] x) {
            int free = 0;
            for (int i = 0; i < dimension; i++) {
                if (x[i] != 0 || pseudo[i] != 0) {
                    freeIndex[free++] = i;
                }
            }
            double[] q = direction;
            java.util.Arrays.fill(q, 0);
            for (int k = 0; k < free; k++) {
                q[freeIndex[k]] = pseudo[freeIndex[k]];
            }
            int m = rule.history;
            int newest = -1;
            for (int k = 0; k < pairs; k++) {
                int slot = Math.floorMod(next - 1 - k, m);
                double sy = 0;
                double yy = 0;
                double sq = 0;
                for (int f = 0; f < free; f++) {
                    int i = freeIndex[f];
                    sy += s[slot][i] * y[slot][i];
                    yy += y[slot][i] * y[slot][i];
                    sq += s[slot][i] * q[i];
                }
                if (!(sy > Math.ulp(1.0) * yy) || yy == 0) {
                    reducedRho[slot] = 0; // no curvature on these variables: the pair is left out
                    continue;
                }
                reducedRho[slot] = 1 / sy;
                if (newest < 0) {
                    newest = slot;
                    reducedGamma = sy / yy;
                }
                alpha[slot] = reducedRho[slot] * sq;
                for (int f = 0; f < free; f++) {
                    int i = freeIndex[f];
                    q[i] -= alpha[slot] * y[slot][i];
                }
            }
            if (newest < 0) {
                return false;
            }
            for (int f = 0; f < free; f++) {
                q[freeIndex[f]] *= reducedGamma;
            }
            for (int k = pairs - 1; k >= 0; k--) {
                int slot = Math.floorMod(next - 1 - k, m);
                if (reducedRho[slot] == 0) {
                    continue;
                }
                double yq = 0;
                for (int f = 0; f < free; f++) {
                    int i = freeIndex[f];
                    yq += y[slot][i] * q[i];
                }
                double step = alpha[slot] - reducedRho[slot] * yq;
                for (int f = 0; f < free; f++) {
                    int i = freeIndex[f];
                    q[i] += step * s[slot][i];
                }
            }
            for (int f = 0; f < free; f++) {
                q[freeIndex[f]] = -q[freeIndex[f]];
            }
            return true;
        }

        /** Two-loop recursion: {@code direction = -H grad}. */
        private void quasiNewtonDirection(double[] gradient) {
            double[] q = direction;
            System.arraycopy(gradient, 0, q, 0, dimension);
            int m = rule.history;
            for (int k = 0; k < pairs; k++) {
                int slot = Math.floorMod(next - 1 - k, m);
                alpha[slot] = rho[slot] * Vectors.dot(s[slot], q);
                Vectors.axpy(-alpha[slot], y[slot], q);
            }
            int newest = Math.floorMod(next - 1, m);
            double gamma = Vectors.dot(s[newest], y[newest]) / Vectors.dot(y[newest], y[newest]);
            Vectors.scale(gamma, q);
            for (int k = pairs - 1; k >= 0; k--) {
                int slot = Math.floorMod(next - 1 - k, m);
                double beta = rho[slot] * Vectors.dot(y[slot], q);
                Vectors.axpy(alpha[slot] - beta, s[slot], q);
            }
            Vectors.scale(-1.0, q);
        }

        /** Stores {@code s = trial - x, y = trialGradient - gradient} when the curvature condition holds. */
        private void storePair(double[] x, double[] gradient) {
            double[] sNext = s[next];
            double[] yNext = y[next];
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < dimension; i++) {
                double si = trialPoint[i] - x[i];
                double yi = trialGradient[i] - gradient[i];
                sNext[i] = si;
                yNext[i] = yi;
                sy += si * yi;
                yy += yi * yi;
            }
            if (sy > Math.ulp(1.0) * yy && yy > 0) {
                rho[next] = 1.0 / sy;
                next = (next + 1) % rule.history;
                pairs = Math.min(pairs + 1, rule.history);
            }
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            new StateHeader(rule.name(), dimension, steps).write(out);
            BinaryFormat.writeDouble(out, lastStep);
            out.writeInt(rule.history);
            out.writeInt(pairs);
            out.writeInt(next);
            StateHeader.writeArray(out, rho);
            for (int k = 0; k < rule.history; k++) {
                StateHeader.writeArray(out, s[k]);
                StateHeader.writeArray(out, y[k]);
            }
        }

        @Override
        public void readBuffers(StateHeader header, DataInput in) throws IOException {
            steps = header.steps();
            lastStep = BinaryFormat.readDouble(in);
            int history = in.readInt();
            if (history != rule.history) {
                throw new IOException("the state holds " + history + " curvature pairs, this L-BFGS keeps " + rule.history);
            }
            int storedPairs = in.readInt();
            int nextSlot = in.readInt();
            if (storedPairs < 0 || storedPairs > history || nextSlot < 0 || nextSlot >= history) {
                throw new IOException("corrupt L-BFGS state: pairs " + storedPairs + ", next slot " + nextSlot);
            }
            pairs = storedPairs;
            next = nextSlot;
            StateHeader.readArray(in, rho, "rho");
            for (int k = 0; k < history; k++) {
                StateHeader.readArray(in, s[k], "s");
                StateHeader.readArray(in, y[k], "y");
            }
        }
    }
}
