package dev.descent.ml.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The exact optimum of a linear model with a piecewise-linear loss (hinge: linear SVM; pinball:
 * quantile regression) plus an elastic-net penalty, from an approximate solution: the "crossover" of
 * LP/QP solvers, which identifies the active set at the approximate point and solves the optimality
 * conditions on it exactly.
 *
 * <h2>Problem</h2>
 * On rows {@code x_i} (features already standardized), targets {@code y_i} and row weights
 * {@code s_i >= 0} with {@code W = sum_i s_i},
 * <pre>
 *   F(w, b) = (1/W) sum_i s_i loss_i(z_i) + sum_j c_j |w_j| + sum_j (lambda_j / 2) w_j^2,   z_i = x_i . w + b
 *   HINGE    loss_i = max(0, 1 - t_i z_i),  t_i = 2 y_i - 1 for labels y_i in {0, 1}
 *   PINBALL  loss_i = q max(y_i - z_i, 0) + (1 - q) max(z_i - y_i, 0),  0 &lt; q &lt; 1
 * </pre>
 * with {@code b} fixed at 0 without an intercept. Each row's term is
 * {@code (s_i / W) loss_i(z_i) = max(lo_i u_i, hi_i u_i)} with {@code u_i = z_i - k_i}: a kink at
 * {@code k_i} ({@code t_i} for the hinge, {@code y_i} for the pinball) between the slopes
 * {@code lo_i <= hi_i} (hinge: {@code lo = -s/W, hi = 0} for {@code t = 1}, {@code lo = 0, hi = s/W}
 * for {@code t = -1}; pinball: {@code lo = -q s/W, hi = (1 - q) s/W}).
 *
 * <h2>Optimality (KKT)</h2>
 * {@code (w, b)} is optimal if and only if there are multipliers {@code g_i}, with {@code g_i = lo_i}
 * where {@code u_i < 0}, {@code g_i = hi_i} where {@code u_i > 0} and {@code lo_i <= g_i <= hi_i} on the
 * kink ({@code u_i = 0}), such that
 * <pre>
 *   sum_i g_i x_ij + lambda_j w_j + c_j sign(w_j) = 0    for w_j != 0
 *   |sum_i g_i x_ij + lambda_j w_j| &lt;= c_j            for w_j = 0
 *   sum_i g_i = 0                                         with an intercept
 * </pre>
 * (the subgradient condition {@code 0 in dF}; Rockafellar, <i>Convex Analysis</i>, 1970, Thm 23.8).
 *
 * <h2>Method</h2>
 * A partition fixes the kink rows {@code E}, the side of every other row, the zero weights {@code Z}
 * and the signs of the others ({@code N}). The unknowns {@code (w_N, b, g_E)} then solve the square
 * linear system
 * <pre>
 *   [ diag(lambda_N)  0   X_EN^T ] [ w_N ]   [ -X_{not E},N^T g_{not E} - c_N sign_N ]
 *   [ 0               0   1^T    ] [ b   ] = [ -sum_{i not in E} g_i                   ]
 *   [ X_EN            1   0      ] [ g_E ]   [ k_E                                     ]
 * </pre>
 * (the "elbow" system of Hastie, Rosset, Tibshirani &amp; Zhu, "The entire regularization path for the
 * support vector machine", JMLR 5, 2004; for the pinball without L2 the {@code |N| + 1} kink rows are
 * the basic observations of Koenker &amp; Bassett, "Regression quantiles", Econometrica 46, 1978). The
 * right side is a sum over rows, so building it costs {@code O(n d)} and the solve
 * {@code O((d + |E|)^3)}; the solve is Householder QR with column pivoting on the equilibrated matrix
 * (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., §5.4.2), giving a basic solution when the
 * active set is degenerate.
 *
 * <p><b>Crossover.</b> The first partitions come from the approximate point: the rows nearest their
 * kinks up to the widest gap (as a ratio) in {@code |u_i|} among the first {@code |N| + 1} (a smoothed
 * solution keeps its kink rows within the smoothing width, the others well outside it); the
 * {@code |N| + 1} nearest rows (the basic rows of an LP); then rows with
 * {@code |u_i| <= delta max(1, max |k|)} for a few deltas. Weights with {@code c_j > 0} and
 * {@code |w_j| <= 1e-5 max |w|} start at zero (OWL-QN's zeros are exact). Each partition's solution is
 * checked against the KKT conditions and the violators move (a kink row whose multiplier leaves its
 * interval goes to that side; a kink row left off the kink goes to its side; a row on the wrong side
 * joins the kink; a zero weight whose gradient exceeds {@code c_j} leaves {@code Z} with the sign that
 * descends; a weight that changes sign joins {@code Z}); the system is solved again, a few rounds, as
 * an LP solver's crossover does after an interior-point method (Megiddo, "On finding primal- and
 * dual-optimal bases", ORSA J. Computing 3, 1991; Bixby &amp; Saltzman, "Recovering an optimal LP
 * basis from an interior point solution", Oper. Res. Letters 15, 1994). All violators move at once
 * unless they are many (more than {@code max(4, |N| + 1)}) or a partition repeats; then only the worst
 * moves. A partition holds at most {@code |N| + 1} kink rows (more are generically inconsistent), the
 * nearest at the approximate point.
 *
 * <p><b>Active-set fallback.</b> When no partition certifies within 10 solves, a
 * primal active-set method (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., Alg. 16.3)
 * runs on the piecewise-quadratic objective, its constraints the rows' kinks and the weights' zeros:
 * from the lowest partition solution (when within 1% of the approximate point's objective) or from the
 * approximate point with no kink rows, each iteration solves the face's system above (or, when it is
 * singular, the system with a proximal term {@code (tau/2) ||theta - theta_c||^2}, whose solution is a
 * descent direction), searches the line exactly across the kinks it crosses (the slope rises by
 * {@code (hi_i - lo_i) |du_i|} at row i's kink and {@code 2 c_j |dw_j|} at weight j's zero), adds the
 * row or weight where the slope turns nonnegative, and at a face's minimizer releases the multiplier
 * most outside its interval. The objective never rises, so it ends unless degenerate faces cycle; an
 * iteration bound guards that. It needs about one iteration per kink row to add or remove, each
 * {@code O(n d + m^3)} with {@code m = |N| + 1 + |E|}.
 *
 * <p>A certificate holds when every condition holds to {@code 1e-11} of its scale (rows' residuals
 * relative to {@code max(1, max |k|)}, multipliers to {@code max (hi - lo)}, gradients to the largest
 * gradient the loss can have). Since the problem is convex, any certified point is a minimizer.
 */
public final class PiecewiseLinearSolve {

    /** The piecewise-linear loss. */
    public enum Kind {
        /** {@code max(0, 1 - t z)}, {@code t = 2 y - 1}: linear SVM. */
        HINGE,
        /** {@code q max(y - z, 0) + (1 - q) max(z - y, 0)}: quantile regression. */
        PINBALL
    }

    /**
     * A problem, all arrays row-major and not copied (not modified either).
     *
     * @param x the {@code n x d} features, row-major
     * @param n rows, at least 1
     * @param d features, at least 1
     * @param y labels in {0, 1} for the hinge, targets for the pinball
     * @param rowWeights {@code s_i >= 0} with a positive sum, or null for all 1
     * @param kind the loss
     * @param quantile {@code q} in (0, 1) for the pinball; ignored for the hinge
     * @param l2 {@code lambda_j >= 0}, length {@code d}
     * @param l1 {@code c_j >= 0}, length {@code d}
     * @param intercept whether {@code b} is free (unpenalized) or fixed at 0
     */
    public record Problem(double[] x, int n, int d, double[] y, double[] rowWeights, Kind kind, double quantile,
            double[] l2, double[] l1, boolean intercept) {

        /** Checks the shapes and ranges. */
        public Problem {
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(l2, "l2");
            Objects.requireNonNull(l1, "l1");
            if (n < 1 || d < 1 || x.length != (long) n * d || y.length != n || l2.length != d || l1.length != d) {
                throw new IllegalArgumentException("shapes: n=" + n + ", d=" + d + ", x " + x.length + ", y " + y.length
                        + ", l2 " + l2.length + ", l1 " + l1.length);
            }
            if (rowWeights != null) {
                if (rowWeights.length != n) {
                    throw new IllegalArgumentException("row weights: " + rowWeights.length + " for " + n + " rows");
                }
                double total = 0;
                for (double s : rowWeights) {
                    if (!(s >= 0) || s == Double.POSITIVE_INFINITY) {
                        throw new IllegalArgumentException("row weight must be finite and at least 0: " + s);
                    }
                    total += s;
                }
                if (!(total > 0)) {
                    throw new IllegalArgumentException("row weights sum to 0");
                }
            }
            for (int j = 0; j < d; j++) {
                if (!(l2[j] >= 0) || !(l1[j] >= 0) || Double.isInfinite(l2[j]) || Double.isInfinite(l1[j])) {
                    throw new IllegalArgumentException("penalty " + j + " must be finite and at least 0: l2 " + l2[j]
                            + ", l1 " + l1[j]);
                }
            }
            if (kind == Kind.PINBALL && !(quantile > 0 && quantile < 1)) {
                throw new IllegalArgumentException("quantile must be in (0, 1): " + quantile);
            }
            if (kind == Kind.HINGE) {
                for (double v : y) {
                    if (v != 0 && v != 1) {
                        throw new IllegalArgumentException("hinge labels must be 0 or 1: " + v);
                    }
                }
            }
        }
    }

    /**
     * A certified optimum.
     *
     * @param theta {@code w} (length {@code d}) then {@code b}
     * @param objective {@code F(w, b)}
     * @param kktViolation the largest violation of the KKT conditions (absolute: stationarity and
     *     multiplier-interval violations in gradient units, kink and side residuals in {@code z} units)
     * @param kinkRows rows on the kink ({@code |E|})
     * @param zeroWeights weights at exactly 0 ({@code |Z|})
     * @param rounds linear solves, over all the partitions tried
     */
    public record Solution(double[] theta, double objective, double kktViolation, int kinkRows, int zeroWeights,
            int rounds) {
    }

    /**
     * What {@link #attempt} found: a certified solution, or null and why not.
     *
     * @param solution the certified optimum, or null
     * @param reason why no partition certified, or null
     */
    public record Attempt(Solution solution, String reason) {

        /** @return the solution, if certified */
        public Optional<Solution> certified() {
            return Optional.ofNullable(solution);
        }
    }

    /** Acceptance tolerance of each condition, relative to its scale. */
    static final double TOLERANCE = 1e-11;
    /** Rounds of correction per starting partition. */
    static final int ROUNDS = 3;
    /** Linear solves over all starting partitions, before the active-set fallback. */
    static final int TOTAL_ROUNDS = 10;
    /** The active-set fallback's iterations, per unknown, plus 400. */
    static final int ACTIVE_SET_ITERATIONS_PER_UNKNOWN = 40;
    private static final double[] DELTAS = {1e-3, 1e-4, 1e-5, 1e-7, 1e-9};

    private PiecewiseLinearSolve() {
    }

    /**
     * The exact optimum near {@code approximate}, if a partition certifies.
     *
     * @param problem the problem
     * @param approximate {@code w} then {@code b} (length {@code d + 1}; {@code b} ignored without intercept)
     * @return the certified optimum, or empty when neither the partitions read off {@code approximate}
     *     nor the active-set fallback certified within their bounds ({@link #attempt} says why)
     */
    public static Optional<Solution> solve(Problem problem, double[] approximate) {
        return attempt(problem, approximate).certified();
    }

    /**
     * As {@link #solve}, with the reason when no partition certifies.
     *
     * @param problem the problem
     * @param approximate {@code w} then {@code b}
     * @return the certified optimum, or the reason there is none
     */
    public static Attempt attempt(Problem problem, double[] approximate) {
        Objects.requireNonNull(problem, "problem");
        if (approximate.length != problem.d() + 1) {
            throw new IllegalArgumentException("approximate: " + approximate.length + " values for d + 1 = "
                    + (problem.d() + 1));
        }
        for (double v : approximate) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("approximate holds a non-finite value: " + v);
            }
        }
        return new Crossover(problem).run(approximate);
    }

    /**
     * {@code F(w, b)}.
     *
     * @param problem the problem
     * @param theta {@code w} then {@code b}
     * @return the objective
     */
    public static double objective(Problem problem, double[] theta) {
        Crossover c = new Crossover(problem);
        double[] u = c.residuals(theta);
        return c.objective(theta, u);
    }

    /** The solver's state for one problem. */
    private static final class Crossover {
        static final int LOW = -1;
        static final int KINK = 0;
        static final int HIGH = 1;

        final Problem p;
        final int n;
        final int d;
        final double[] x;
        final double[] k;
        final double[] lo;
        final double[] hi;
        final double zScale;
        final double gScale;
        final double gradScale;
        int rounds;

        Crossover(Problem p) {
            this.p = p;
            this.n = p.n();
            this.d = p.d();
            this.x = p.x();
            k = new double[n];
            lo = new double[n];
            hi = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += p.rowWeights() == null ? 1 : p.rowWeights()[i];
            }
            double kMax = 0;
            double gapMax = 0;
            for (int i = 0; i < n; i++) {
                double s = (p.rowWeights() == null ? 1 : p.rowWeights()[i]) / total;
                if (p.kind() == Kind.HINGE) {
                    double t = 2 * p.y()[i] - 1;
                    k[i] = t;
                    lo[i] = t > 0 ? -s : 0;
                    hi[i] = t > 0 ? 0 : s;
                } else {
                    k[i] = p.y()[i];
                    lo[i] = -p.quantile() * s;
                    hi[i] = (1 - p.quantile()) * s;
                }
                kMax = Math.max(kMax, Math.abs(k[i]));
                gapMax = Math.max(gapMax, hi[i] - lo[i]);
            }
            zScale = Math.max(1, kMax);
            gScale = gapMax;
            double[] bound = new double[d];
            for (int i = 0; i < n; i++) {
                double g = Math.max(-lo[i], hi[i]);
                for (int j = 0; j < d; j++) {
                    bound[j] += g * Math.abs(x[i * d + j]);
                }
            }
            double largest = 0;
            for (int j = 0; j < d; j++) {
                largest = Math.max(largest, bound[j] + p.l1()[j]);
            }
            gradScale = Math.max(largest, Double.MIN_NORMAL);
        }

        /** {@code u_i = x_i . w + b - k_i}. */
        double[] residuals(double[] theta) {
            double b = p.intercept() ? theta[d] : 0;
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                double z = b;
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    z += x[row + j] * theta[j];
                }
                u[i] = z - k[i];
            }
            return u;
        }

        double objective(double[] theta, double[] u) {
            double f = 0;
            for (int i = 0; i < n; i++) {
                f += Math.max(lo[i] * u[i], hi[i] * u[i]);
            }
            for (int j = 0; j < d; j++) {
                f += p.l1()[j] * Math.abs(theta[j]) + 0.5 * p.l2()[j] * theta[j] * theta[j];
            }
            return f;
        }

        /** Whether row i can sit on the kink: a zero-weight row has one slope and never needs to. */
        boolean kinked(int i) {
            return hi[i] > lo[i];
        }

        Attempt run(double[] approximate) {
            double[] u = residuals(approximate);
            nearness = new double[n];
            approximateSide = new int[n];
            for (int i = 0; i < n; i++) {
                nearness[i] = Math.abs(u[i]);
                approximateSide[i] = u[i] < 0 ? LOW : HIGH;
            }
            double wMax = 0;
            for (int j = 0; j < d; j++) {
                wMax = Math.max(wMax, Math.abs(approximate[j]));
            }
            int[] weights = weightStates(approximate, DELTAS[2] * wMax);
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(nearness[a], nearness[b]));
            int capacity = capacity(weights);
            List<int[][]> starts = new ArrayList<>();
            // The widest gap, as a ratio, among the rows nearest their kinks: a smoothed solution keeps
            // the kink rows within the smoothing width and the others well outside it.
            int best = 0;
            double widest = 0;
            for (int r = 0, taken = 0; r < n - 1 && taken < capacity; r++) {
                if (!kinked(order[r])) {
                    continue;
                }
                taken++;
                double ratio = nearness[order[r + 1]] / Math.max(nearness[order[r]], Double.MIN_NORMAL);
                if (ratio > widest) {
                    widest = ratio;
                    best = taken;
                }
            }
            starts.add(new int[][] {nearest(order, u, best), weights});
            // The basic rows of an LP-like problem: as many kink rows as free unknowns in w and b.
            starts.add(new int[][] {nearest(order, u, capacity), weights});
            for (double delta : DELTAS) {
                int[] rows = new int[n];
                for (int i = 0; i < n; i++) {
                    rows[i] = kinked(i) && nearness[i] <= delta * zScale ? KINK : u[i] < 0 ? LOW : HIGH;
                }
                starts.add(new int[][] {rows, weightStates(approximate, delta * wMax)});
            }

            Set<Long> tried = new HashSet<>();
            String last = "no partition tried";
            for (int[][] start : starts) {
                if (!tried.add(key(start[0], start[1]))) {
                    continue;
                }
                if (rounds >= TOTAL_ROUNDS) {
                    break;
                }
                Object found = correct(start[0].clone(), start[1].clone());
                if (found instanceof Solution s) {
                    return new Attempt(s, null);
                }
                last = (String) found;
            }
            Object found = activeSet(approximate);
            if (found instanceof Solution s) {
                return new Attempt(s, null);
            }
            return new Attempt(null, "no partition certified after " + rounds + " linear solves; last: " + last
                    + "; from the approximate point by active sets: " + found);
        }

        /**
         * The fallback when no partition read off the approximate point certifies: a primal active-set
         * method on the piecewise-quadratic objective (Nocedal &amp; Wright, <i>Numerical Optimization</i>,
         * 2nd ed., Algorithm 16.3, with the rows' kinks and the weights' zeros as the constraints that
         * enter and leave). From the approximate point, with no kink rows and the zeros it already has
         * (OWL-QN's are exact), each iteration minimizes the objective on the current face: the KKT
         * system, or, when that is singular (a face on which the objective is linear in some
         * direction), the system with a proximal term, whose solution is a descent direction
         * searched exactly. The step stops at the first row that reaches its kink (it joins the kink
         * rows) or weight that reaches 0 (it joins the zeros). At a face's minimizer the multiplier
         * most out of its interval (or the zero weight whose gradient most exceeds c_j) leaves.
         * Every step lowers the objective or adds a constraint, so it ends unless degenerate faces
         * cycle; a bounded number of iterations guards that.
         */
        Object activeSet(double[] approximate) {
            double[] theta = approximate.clone();
            if (!p.intercept()) {
                theta[d] = 0;
            }
            int[] weights = new int[d];
            for (int j = 0; j < d; j++) {
                weights[j] = p.l1()[j] > 0 && theta[j] == 0 ? 0 : theta[j] < 0 ? -1 : 1;
            }
            int[] rows = new int[n];
            double[] u = residuals(theta);
            double zTol = TOLERANCE * zScale;
            // The lowest of the partitions' solutions is a point too, with its kink rows exactly on their
            // kinks: when its objective is within 1% of the start's, a working set that starts near the
            // optimum saves the iterations that would add those rows one at a time; when the partitions
            // were far off (a start far from the optimum), their solutions are worse starts than it.
            boolean warm = bestTheta != null && bestValue <= objective(theta, u) + 0.01 * Math.abs(objective(theta, u));
            if (warm) {
                theta = bestTheta.clone();
                u = residuals(theta);
                for (int j = 0; j < d; j++) {
                    weights[j] = bestWeights[j] == 0 ? 0 : theta[j] < 0 ? -1 : theta[j] > 0 ? 1 : bestWeights[j];
                }
            }
            for (int i = 0; i < n; i++) {
                rows[i] = warm && bestKinks[i] == KINK && Math.abs(u[i]) <= zTol ? KINK : u[i] <= 0 ? LOW : HIGH;
            }
            int limit = rounds + ACTIVE_SET_ITERATIONS_PER_UNKNOWN * (d + 2) + 400;
            while (rounds < limit) {
                rounds++;
                double[] g = new double[n];
                double[] target = solveSystem(rows, weights, g);
                boolean newton = fullRank;
                if (!newton) {
                    double tau = Math.max(gradScale / (zScale * zScale), Double.MIN_NORMAL);
                    target = solveSystem(rows, weights, g, tau, theta);
                }
                double[] step = new double[d + 1];
                double stepMax = 0;
                for (int j = 0; j <= d; j++) {
                    step[j] = target[j] - theta[j];
                    stepMax = Math.max(stepMax, Math.abs(step[j]));
                }
                double[] du = new double[n];
                double slope = 0;
                for (int i = 0; i < n; i++) {
                    double v = p.intercept() ? step[d] : 0;
                    int row = i * d;
                    for (int j = 0; j < d; j++) {
                        v += x[row + j] * step[j];
                    }
                    du[i] = v;
                    if (rows[i] != KINK) {
                        slope += g[i] * v;
                    }
                }
                double curvature = 0;
                for (int j = 0; j < d; j++) {
                    if (weights[j] != 0) {
                        slope += (p.l1()[j] * weights[j] + p.l2()[j] * theta[j]) * step[j];
                        curvature += p.l2()[j] * step[j] * step[j];
                    }
                }
                boolean moved = stepMax > TOLERANCE * Math.max(1, maxAbs(theta));
                if (moved && slope < 0) {
                    // The exact minimum of F along the step: F is convex and piecewise quadratic on the
                    // line, its slope rising by (hi - lo)|du_i| where row i crosses its kink and by
                    // 2 c_j |step_j| where weight j crosses 0. Rows and weights already at their kink
                    // but moving against their side break at 0 (the ratio test's degenerate step).
                    int count = 0;
                    double[] at = new double[n + d];
                    double[] jump = new double[n + d];
                    int[] who = new int[n + d];
                    for (int i = 0; i < n; i++) {
                        if (rows[i] == KINK || !kinked(i) || du[i] == 0) {
                            continue;
                        }
                        // A row within rounding of its kink (one just released from it) is at the
                        // kink on its assigned side: it breaks at 0 when it moves against that side.
                        boolean at0 = Math.abs(u[i]) <= zTol;
                        boolean towards = at0 ? rows[i] * du[i] < 0 : u[i] * du[i] < 0;
                        if (towards) {
                            at[count] = at0 ? 0 : -u[i] / du[i];
                            jump[count] = (hi[i] - lo[i]) * Math.abs(du[i]);
                            who[count++] = i;
                        }
                    }
                    for (int j = 0; j < d; j++) {
                        if (weights[j] != 0 && p.l1()[j] > 0 && weights[j] * step[j] < 0) {
                            at[count] = Math.max(0, -theta[j] / step[j]);
                            jump[count] = 2 * p.l1()[j] * Math.abs(step[j]);
                            who[count++] = -(j + 1);
                        }
                    }
                    Integer[] order = new Integer[count];
                    for (int b = 0; b < count; b++) {
                        order[b] = b;
                    }
                    Arrays.sort(order, (x1, x2) -> Double.compare(at[x1], at[x2]));
                    double alpha = 0;
                    double s = slope;
                    int join = 0;
                    int crossed = 0;
                    boolean stopped = false;
                    for (int b = 0; b < count; b++) {
                        int e = order[b];
                        if (curvature > 0 && alpha - s / curvature <= at[e]) {
                            alpha -= s / curvature;
                            stopped = true;
                            break;
                        }
                        s += curvature * (at[e] - alpha);
                        alpha = at[e];
                        s += jump[e];
                        if (s >= 0) {
                            join = who[e] >= 0 ? who[e] + 1 : who[e];
                            stopped = true;
                            break;
                        }
                        crossed++;
                    }
                    if (!stopped) {
                        if (!(curvature > 0)) {
                            return "the objective is unbounded below along a face's direction";
                        }
                        alpha -= s / curvature;
                    }
                    if (newton && join == 0 && crossed == 0) {
                        // The face's own minimizer, exactly: the multipliers decide below.
                        theta = target;
                    } else {
                        for (int j = 0; j <= d; j++) {
                            theta[j] += alpha * step[j];
                        }
                        if (!p.intercept()) {
                            theta[d] = 0;
                        }
                        if (join < 0) {
                            int j = -join - 1;
                            theta[j] = 0;
                        }
                        for (int j = 0; j < d; j++) {
                            if (weights[j] != 0 && theta[j] != 0) {
                                weights[j] = theta[j] < 0 ? -1 : 1;
                            }
                        }
                        if (join < 0) {
                            weights[-join - 1] = 0;
                        }
                        u = residuals(theta);
                        for (int i = 0; i < n; i++) {
                            if (rows[i] != KINK && Math.abs(u[i]) > zTol) {
                                rows[i] = u[i] < 0 ? LOW : HIGH;
                            }
                        }
                        if (join > 0) {
                            rows[join - 1] = KINK;
                        }
                        continue;
                    }
                }
                // theta minimizes the objective on the face: the multipliers decide.
                if (newton) {
                    theta = target;
                }
                u = residuals(theta);
                double[] grad = gradient(g, theta);
                double worst = 1;
                int leaveRow = -1;
                int leaveWeight = -1;
                int to = 0;
                double gTol = TOLERANCE * gScale;
                double gradTol = TOLERANCE * gradScale;
                boolean sidesHold = true;
                for (int i = 0; i < n; i++) {
                    if (rows[i] == KINK) {
                        sidesHold &= Math.abs(u[i]) <= zTol;
                        if ((lo[i] - g[i]) / gTol > worst) {
                            worst = (lo[i] - g[i]) / gTol;
                            leaveRow = i;
                            to = LOW;
                        } else if ((g[i] - hi[i]) / gTol > worst) {
                            worst = (g[i] - hi[i]) / gTol;
                            leaveRow = i;
                            to = HIGH;
                        }
                    } else if (kinked(i)) {
                        sidesHold &= rows[i] * u[i] >= -zTol;
                    }
                }
                for (int j = 0; j < d; j++) {
                    if (weights[j] == 0 && (Math.abs(grad[j]) - p.l1()[j]) / gradTol > worst) {
                        worst = (Math.abs(grad[j]) - p.l1()[j]) / gradTol;
                        leaveWeight = j;
                        leaveRow = -1;
                    }
                }
                if (leaveRow < 0 && leaveWeight < 0) {
                    if (!sidesHold) {
                        return "the face's minimizer left its face (rounding)";
                    }
                    return certificate(rows, weights, theta, g, u, grad);
                }
                if (leaveRow >= 0) {
                    rows[leaveRow] = to;
                } else {
                    weights[leaveWeight] = grad[leaveWeight] > 0 ? -1 : 1;
                }
            }
            return "no certificate within " + (ACTIVE_SET_ITERATIONS_PER_UNKNOWN * (d + 2) + 400) + " active-set iterations";
        }

        /**
         * A partition's fingerprint, to notice one seen before without keeping {@code n} states per
         * round (a collision only ends a correction early).
         */
        static long key(int[] rows, int[] weights) {
            return 0x9E3779B97F4A7C15L * Arrays.hashCode(rows) + Arrays.hashCode(weights);
        }

        /** The lowest objective among the partitions' solutions, and that solution and partition. */
        double bestValue = Double.POSITIVE_INFINITY;
        double[] bestTheta;
        int[] bestKinks;
        int[] bestWeights;

        /** |u_i| at the approximate point: how near each row is to its kink, to rank rows by. */
        double[] nearness;

        /** The kink rows a partition can hold generically: one equation each on the free unknowns. */
        int capacity(int[] weights) {
            int free = p.intercept() ? 1 : 0;
            for (int state : weights) {
                free += state != 0 ? 1 : 0;
            }
            return free;
        }

        /** The {@code count} kinked rows nearest their kinks on the kink, the others on their sides. */
        int[] nearest(Integer[] order, double[] u, int count) {
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = u[i] < 0 ? LOW : HIGH;
            }
            for (int r = 0, taken = 0; r < n && taken < count; r++) {
                if (kinked(order[r])) {
                    rows[order[r]] = KINK;
                    taken++;
                }
            }
            return rows;
        }

        /**
         * Keeps at most {@link #capacity} kink rows: more are generically inconsistent (more equations
         * on the kink than free unknowns), and their least-squares solution would send every one off
         * the kink at once. The rows kept are those nearest their kinks at the approximate point, rows
         * in {@code keep} first; the others go to the side they lay on there.
         */
        void cap(int[] rows, int[] weights, int keep) {
            int capacity = capacity(weights);
            List<Integer> kinks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (rows[i] == KINK) {
                    kinks.add(i);
                }
            }
            if (kinks.size() <= capacity) {
                return;
            }
            kinks.sort((a, b) -> a == keep ? -1 : b == keep ? 1 : Double.compare(nearness[a], nearness[b]));
            for (int e = capacity; e < kinks.size(); e++) {
                int i = kinks.get(e);
                rows[i] = approximateSide[i];
            }
        }

        int[] weightStates(double[] theta, double zero) {
            int[] states = new int[d];
            for (int j = 0; j < d; j++) {
                states[j] = p.l1()[j] > 0 && Math.abs(theta[j]) <= zero ? 0 : theta[j] < 0 ? -1 : 1;
            }
            return states;
        }

        /** The side of each row at the approximate point. */
        int[] approximateSide;

        /** Corrects the partition until it certifies: a Solution, or a String saying why not. */
        Object correct(int[] rows, int[] weights) {
            Set<Long> seen = new HashSet<>();
            boolean single = false;
            String why = "";
            cap(rows, weights, -1);
            for (int round = 0; round < ROUNDS && rounds < TOTAL_ROUNDS; round++) {
                if (!seen.add(key(rows, weights))) {
                    if (single) {
                        return "a partition repeated while moving one violator at a time (" + why + ")";
                    }
                    single = true;
                    seen.clear();
                    seen.add(key(rows, weights));
                }
                rounds++;
                double[] g = new double[n];
                double[] theta = solveSystem(rows, weights, g);
                double[] u = residuals(theta);
                double[] grad = gradient(g, theta);
                double value = objective(theta, u);
                if (value < bestValue) {
                    bestValue = value;
                    bestTheta = theta;
                    bestKinks = rows.clone();
                    bestWeights = weights.clone();
                }
                // Violations, each relative to its tolerance; the largest is the one moved in single mode.
                double worst = 1;
                int worstRow = -1;
                int worstWeight = -1;
                int moves = 0;
                int[] newRows = rows.clone();
                int[] newWeights = weights.clone();
                double zTol = TOLERANCE * zScale;
                double gTol = TOLERANCE * gScale;
                double gradTol = TOLERANCE * gradScale;
                for (int i = 0; i < n; i++) {
                    double amount;
                    int to;
                    if (rows[i] == KINK) {
                        if (Math.abs(u[i]) > zTol) {
                            amount = Math.abs(u[i]) / zTol;
                            to = u[i] < 0 ? LOW : HIGH;
                        } else if (g[i] < lo[i] - gTol) {
                            amount = (lo[i] - g[i]) / gTol;
                            to = LOW;
                        } else if (g[i] > hi[i] + gTol) {
                            amount = (g[i] - hi[i]) / gTol;
                            to = HIGH;
                        } else {
                            continue;
                        }
                    } else if (kinked(i) && rows[i] * u[i] < -zTol) {
                        amount = Math.abs(u[i]) / zTol;
                        to = KINK;
                    } else {
                        continue;
                    }
                    moves++;
                    newRows[i] = to;
                    if (amount > worst) {
                        worst = amount;
                        worstRow = i;
                        worstWeight = -1;
                    }
                }
                for (int j = 0; j < d; j++) {
                    double amount;
                    int to;
                    if (weights[j] == 0) {
                        double excess = Math.abs(grad[j]) - p.l1()[j];
                        if (excess <= gradTol) {
                            continue;
                        }
                        amount = excess / gradTol;
                        to = grad[j] > 0 ? -1 : 1;
                    } else if (p.l1()[j] > 0 && weights[j] * theta[j] < 0) {
                        amount = Math.abs(theta[j]) / (TOLERANCE * Math.max(1e-300, maxAbs(theta)));
                        to = 0;
                    } else {
                        continue;
                    }
                    moves++;
                    newWeights[j] = to;
                    if (amount > worst) {
                        worst = amount;
                        worstWeight = j;
                        worstRow = -1;
                    }
                }
                if (moves == 0) {
                    return certificate(rows, weights, theta, g, u, grad);
                }
                why = moves + " violators in round " + round;
                // A solve that throws many rows across their kinks is far from the optimum: moving them
                // all would swing the partition back and forth, so only the worst moves.
                if ((single || moves > Math.max(4, capacity(weights))) && (worstRow >= 0 || worstWeight >= 0)) {
                    if (worstRow >= 0) {
                        rows[worstRow] = newRows[worstRow];
                    } else {
                        weights[worstWeight] = newWeights[worstWeight];
                    }
                } else {
                    System.arraycopy(newRows, 0, rows, 0, n);
                    System.arraycopy(newWeights, 0, weights, 0, d);
                }
                cap(rows, weights, worstRow);
            }
            return "no certificate within " + ROUNDS + " rounds (" + why + ")";
        }

        static double maxAbs(double[] v) {
            double m = 0;
            for (double a : v) {
                m = Math.max(m, Math.abs(a));
            }
            return m;
        }

        /** {@code sum_i g_i x_ij + lambda_j w_j}. */
        double[] gradient(double[] g, double[] theta) {
            double[] grad = new double[d];
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                if (gi != 0) {
                    int row = i * d;
                    for (int j = 0; j < d; j++) {
                        grad[j] += gi * x[row + j];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                grad[j] += p.l2()[j] * theta[j];
            }
            return grad;
        }

        Solution certificate(int[] rows, int[] weights, double[] theta, double[] g, double[] u, double[] grad) {
            double violation = 0;
            int kinks = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += g[i];
                if (rows[i] == KINK) {
                    kinks++;
                    violation = Math.max(violation, Math.abs(u[i]));
                    violation = Math.max(violation, Math.max(lo[i] - g[i], g[i] - hi[i]));
                } else if (kinked(i)) {
                    violation = Math.max(violation, -rows[i] * u[i]);
                }
            }
            if (p.intercept()) {
                violation = Math.max(violation, Math.abs(sum));
            }
            int zeros = 0;
            for (int j = 0; j < d; j++) {
                if (weights[j] == 0) {
                    zeros++;
                    violation = Math.max(violation, Math.abs(grad[j]) - p.l1()[j]);
                } else {
                    violation = Math.max(violation, Math.abs(grad[j] + p.l1()[j] * weights[j]));
                    if (p.l1()[j] > 0) {
                        violation = Math.max(violation, -weights[j] * theta[j]);
                    }
                }
            }
            return new Solution(theta, objective(theta, u), violation, kinks, zeros, rounds);
        }

        /**
         * Solves the partition's KKT system; returns {@code theta} and writes every row's multiplier
         * into {@code g} (the solved ones on the kink, the side's slope elsewhere).
         */
        double[] solveSystem(int[] rows, int[] weights, double[] g) {
            return solveSystem(rows, weights, g, 0, null);
        }

        /** Whether the last {@link #solveSystem} had a full-rank matrix. */
        boolean fullRank;

        /**
         * As {@link #solveSystem(int[], int[], double[])}, with the proximal term
         * {@code (tau / 2) ||theta - center||^2} added to the objective on the face (none for tau = 0).
         */
        double[] solveSystem(int[] rows, int[] weights, double[] g, double tau, double[] center) {
            int[] nonzero = indices(weights, true);
            List<Integer> kinkList = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (rows[i] == KINK) {
                    kinkList.add(i);
                } else {
                    g[i] = rows[i] == LOW ? lo[i] : hi[i];
                }
            }
            int nf = nonzero.length;
            int pb = p.intercept() ? 1 : 0;
            int ne = kinkList.size();
            int m = nf + pb + ne;
            double[] a = new double[m * m];
            double[] r = new double[m];
            // Right side of the stationarity rows: the fixed rows' multipliers, summed over rows once.
            double[] fixed = new double[d];
            double fixedSum = 0;
            for (int i = 0; i < n; i++) {
                if (rows[i] != KINK && g[i] != 0) {
                    fixedSum += g[i];
                    int row = i * d;
                    for (int j = 0; j < d; j++) {
                        fixed[j] += g[i] * x[row + j];
                    }
                }
            }
            for (int f = 0; f < nf; f++) {
                int j = nonzero[f];
                a[f * m + f] = p.l2()[j] + tau;
                r[f] = -fixed[j] - p.l1()[j] * weights[j] + (tau > 0 ? tau * center[j] : 0);
            }
            if (pb == 1) {
                a[nf * m + nf] = tau;
                if (tau > 0) {
                    r[nf] += tau * center[d];
                }
                for (int e = 0; e < ne; e++) {
                    a[nf * m + nf + 1 + e] = 1;
                }
                r[nf] += -fixedSum;
            }
            for (int e = 0; e < ne; e++) {
                int i = kinkList.get(e);
                int eq = nf + pb + e;
                for (int f = 0; f < nf; f++) {
                    double v = x[i * d + nonzero[f]];
                    a[eq * m + f] = v;
                    a[f * m + nf + pb + e] = v;
                }
                if (pb == 1) {
                    a[eq * m + nf] = 1;
                }
                r[eq] = k[i];
            }
            int[] rank = new int[1];
            double[] sol = DenseSolve.solve(a, r, m, rank);
            fullRank = rank[0] == m;
            double[] theta = new double[d + 1];
            for (int f = 0; f < nf; f++) {
                theta[nonzero[f]] = sol[f];
            }
            theta[d] = pb == 1 ? sol[nf] : 0;
            for (int e = 0; e < ne; e++) {
                g[kinkList.get(e)] = sol[nf + pb + e];
            }
            return theta;
        }

        static int[] indices(int[] states, boolean nonzero) {
            int count = 0;
            for (int s : states) {
                count += (s != 0) == nonzero ? 1 : 0;
            }
            int[] out = new int[count];
            for (int j = 0, c = 0; j < states.length; j++) {
                if ((states[j] != 0) == nonzero) {
                    out[c++] = j;
                }
            }
            return out;
        }
    }

    /**
     * A square system {@code A x = r} by Householder QR with column pivoting after row and column
     * equilibration (Golub &amp; Van Loan, §5.4.2); columns beyond the numerical rank get 0, a basic
     * solution, so a degenerate active set still gives a point for the certificate to judge. One step
     * of iterative refinement follows.
     */
    static final class DenseSolve {
        private DenseSolve() {
        }

        static double[] solve(double[] a, double[] r, int m, int[] rank) {
            rank[0] = m;
            if (m == 0) {
                return new double[0];
            }
            double[] rowScale = new double[m];
            double[] colScale = new double[m];
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s = Math.max(s, Math.abs(a[i * m + j]));
                }
                rowScale[i] = s > 0 ? 1 / s : 1;
            }
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s = Math.max(s, Math.abs(a[i * m + j] * rowScale[i]));
                }
                colScale[j] = s > 0 ? 1 / s : 1;
            }
            double[] b = new double[m * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    b[i * m + j] = a[i * m + j] * rowScale[i] * colScale[j];
                }
            }
            Qr qr = new Qr(b, m);
            rank[0] = qr.rank;
            double[] rs = new double[m];
            for (int i = 0; i < m; i++) {
                rs[i] = r[i] * rowScale[i];
            }
            double[] y = qr.solve(rs);
            // One refinement step on the scaled system: residual, then correction.
            double[] res = new double[m];
            for (int i = 0; i < m; i++) {
                double s = rs[i];
                for (int j = 0; j < m; j++) {
                    s -= a[i * m + j] * rowScale[i] * colScale[j] * y[j];
                }
                res[i] = s;
            }
            double[] dy = qr.solve(res);
            double[] out = new double[m];
            for (int j = 0; j < m; j++) {
                out[j] = (y[j] + dy[j]) * colScale[j];
            }
            return out;
        }
    }

    /** Householder QR with column pivoting of an {@code m x m} row-major matrix (overwritten). */
    static final class Qr {
        final double[] a;
        final int m;
        final int[] perm;
        final double[] beta;
        /** R's diagonal; R's upper part lies above the diagonal of {@code a}, the reflectors on and below. */
        final double[] diagonal;
        int rank;

        Qr(double[] a, int m) {
            this.a = a;
            this.m = m;
            perm = new int[m];
            beta = new double[m];
            diagonal = new double[m];
            double[] norms = new double[m];
            for (int j = 0; j < m; j++) {
                perm[j] = j;
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += a[i * m + j] * a[i * m + j];
                }
                norms[j] = s;
            }
            double first = 0;
            rank = m;
            for (int c = 0; c < m; c++) {
                // Pivot: the remaining column of largest norm, recomputed (m is small).
                int best = c;
                double bestNorm = -1;
                for (int j = c; j < m; j++) {
                    double s = 0;
                    for (int i = c; i < m; i++) {
                        s += a[i * m + j] * a[i * m + j];
                    }
                    norms[j] = s;
                    if (s > bestNorm) {
                        bestNorm = s;
                        best = j;
                    }
                }
                if (best != c) {
                    for (int i = 0; i < m; i++) {
                        double t = a[i * m + c];
                        a[i * m + c] = a[i * m + best];
                        a[i * m + best] = t;
                    }
                    int t = perm[c];
                    perm[c] = perm[best];
                    perm[best] = t;
                }
                double norm = Math.sqrt(bestNorm);
                if (c == 0) {
                    first = norm;
                }
                if (norm <= 1e-13 * first || norm == 0) {
                    rank = c;
                    break;
                }
                double alpha = a[c * m + c] > 0 ? -norm : norm;
                // v = x - alpha e1, stored in place; beta = 2 / (v . v)
                a[c * m + c] -= alpha;
                double vv = 0;
                for (int i = c; i < m; i++) {
                    vv += a[i * m + c] * a[i * m + c];
                }
                beta[c] = 2 / vv;
                for (int j = c + 1; j < m; j++) {
                    double s = 0;
                    for (int i = c; i < m; i++) {
                        s += a[i * m + c] * a[i * m + j];
                    }
                    s *= beta[c];
                    for (int i = c; i < m; i++) {
                        a[i * m + j] -= s * a[i * m + c];
                    }
                }
                // The diagonal of R is alpha; the column below keeps v with v_c at its own slot.
                diagonal[c] = alpha;
            }
        }

        double[] solve(double[] rhs) {
            double[] q = rhs.clone();
            for (int c = 0; c < rank; c++) {
                double s = 0;
                for (int i = c; i < m; i++) {
                    s += a[i * m + c] * q[i];
                }
                s *= beta[c];
                for (int i = c; i < m; i++) {
                    q[i] -= s * a[i * m + c];
                }
            }
            double[] z = new double[m];
            for (int c = rank - 1; c >= 0; c--) {
                double s = q[c];
                for (int j = c + 1; j < rank; j++) {
                    s -= a[c * m + j] * z[j];
                }
                z[c] = s / diagonal[c];
            }
            double[] out = new double[m];
            for (int c = 0; c < m; c++) {
                out[perm[c]] = z[c];
            }
            return out;
        }
    }
}
