package dev.descent.optim;

import dev.descent.Bounds;
import dev.descent.Check;
import dev.descent.Objective;
import dev.descent.io.BinaryFormat;
import dev.descent.linesearch.LineSearchFailedException;
import dev.descent.linesearch.MoreThuente;
import dev.descent.vector.Vectors;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * L-BFGS-B: limited-memory BFGS within a box {@code l <= x <= u}, the state that
 * {@code Minimizer.using(new Lbfgs(m)).bounds(box)} runs ({@link Lbfgs#init(int, Bounds)}). Each
 * iteration, from a feasible {@code x} with gradient {@code g}:
 *
 * <pre>
 * B = theta I - W M W^T        the compact limited-memory matrix: W = [Y, theta S] (n x 2m),
 *                              M = [[-D, L^T], [L, theta S^T S]]^-1, D = diag(s_i.y_i),
 *                              L_ij = s_i.y_j (i &gt; j), theta = y.y / s.y of the newest pair
 * 1. generalized Cauchy point: the first local minimizer x^c of the quadratic model
 *    m(z) = g.(z - x) + 1/2 (z - x)^T B (z - x) along the projected steepest-descent path
 *    x(t) = P(x - t g), examined segment by segment between the breakpoints
 *    t_i = (x_i - u_i)/g_i (g_i &lt; 0) or (x_i - l_i)/g_i (g_i &gt; 0), in increasing order, with
 *    the slope f' and curvature f'' of each segment updated in O(m) from p = W^T d and c = W^T (x(t) - x)
 * 2. subspace minimization (direct primal method) over the variables free at x^c:
 *    r = Z^T (g + theta (x^c - x) - W M c),   N = I - (1/theta) M W^T Z Z^T W,
 *    d^u = -(1/theta) r - (1/theta^2) Z^T W N^-1 M W^T Z r;
 *    z = P(x^c + Z d^u) when (z - x).g &lt; 0 (Morales and Nocedal's projection), otherwise
 *    z = x^c + alpha Z d^u with the largest alpha &lt;= 1 that stays in the box (the 1995 paper's step)
 * 3. line search along d = z - x by Moré-Thuente (ftol 1e-3, gtol 0.9, xtol 0.1) within
 *    [0, t_max], t_max the largest step that stays in the box; first trial 1, or on the first
 *    iteration of a problem not bounded on both sides in every variable min(1/||d||, t_max)
 * 4. the pair s = x+ - x, y = g+ - g is kept when s.y &gt; eps y.y (eps the machine epsilon)
 * </pre>
 *
 * <p>A problem with no finite bound skips the Cauchy point once it has pairs (then
 * {@code x^c = x}, every variable free), as L-BFGS-B 3.0 does. When the line search fails (20
 * evaluations, or {@code d} not a descent direction) the memory is cleared and the iteration
 * retried from the Cauchy point of {@code B = I}; a failure there ends the run with
 * {@link LineSearchFailedException}. The learning rate of {@link Lbfgs} does not apply: the first
 * trial is the rule above. Differences from L-BFGS-B 3.0: the skip test is the paper's
 * {@code s.y > eps y.y} (3.0 tests {@code s.y > -eps g.s}); the trial point is projected onto the
 * box against rounding, so every iterate is feasible to the bit; {@code M} is formed by dense
 * Gauss-Jordan inversion of the 2m x 2m middle matrix ({@link SmallDense}) rather than 3.0's
 * Cholesky factors.
 *
 * <p>References: Byrd, Lu, Nocedal &amp; Zhu, "A limited memory algorithm for bound constrained
 * optimization", SIAM J. Sci. Comput. 16(5) (1995), sections 3 to 5; Zhu, Byrd, Lu &amp; Nocedal,
 * "Algorithm 778: L-BFGS-B", ACM Trans. Math. Software 23(4) (1997); Morales &amp; Nocedal,
 * "Remark on Algorithm 778", ACM Trans. Math. Software 38(1) (2011), the projected subspace step.
 */
public final class LbfgsB implements OptimizerState {
    private static final double EPSILON = Math.ulp(1.0);
    private static final double FTOL = 1e-3;
    private static final double GTOL = 0.9;
    private static final double XTOL = 0.1;
    private static final int MAX_SEARCH_EVALUATIONS = 20;
    private static final double NO_BOUND_STEP = 1e10;

    private final Lbfgs rule;
    private final Bounds bounds;
    private final int n;
    private final int m;
    private final boolean constrained;
    private final boolean boxed;
    /** Pairs oldest first, {@code s[0..pairs)}. */
    private final double[][] s;
    private final double[][] y;
    /** {@code sy[a][b] = s_a.y_b}, {@code ss[a][b] = s_a.s_b} over the stored pairs. */
    private final double[][] sy;
    private final double[][] ss;
    private int pairs;
    private double theta = 1;
    /** {@code M}, its leading 2 pairs x 2 pairs valid for the current pairs and theta. */
    private final double[][] middle;
    /** Scratch of 2m entries and 2m x 2m, so that an iteration allocates nothing. */
    private final double[] p;
    private final double[] c;
    private final double[] row;
    private final double[] mc;
    private final double[] mp;
    private final double[] mw;
    private final double[] wr;
    private final double[] v;
    private final double[][] gram;
    private final double[][] system;
    /** Breakpoint indices as a binary min-heap on {@link #breakpoints}, taken lazily as L-BFGS-B does. */
    private final int[] heap;
    private final MoreThuente lineSearch = new MoreThuente(FTOL, GTOL, XTOL);

    private final double[] cauchy;
    private final double[] direction;
    private final double[] breakpoints;
    private final boolean[] free;
    private final double[] reduced;
    private final double[] trialPoint;
    private final double[] trialGradient;
    private final double[] target;
    private long steps;
    private double lastStep = Double.NaN;
    private long restarts;

    LbfgsB(Lbfgs rule, int dimension, Bounds bounds) {
        Check.atLeast("dimension", dimension, 1);
        bounds.checkDimension(dimension);
        this.rule = rule;
        this.bounds = bounds;
        this.n = dimension;
        this.m = rule.history();
        boolean anyBound = false;
        boolean allBoxed = true;
        for (int i = 0; i < n; i++) {
            boolean hasLower = bounds.lower(i) > Double.NEGATIVE_INFINITY;
            boolean hasUpper = bounds.upper(i) < Double.POSITIVE_INFINITY;
            anyBound |= hasLower || hasUpper;
            allBoxed &= hasLower && hasUpper;
        }
        this.constrained = anyBound;
        this.boxed = allBoxed;
        this.s = new double[m][n];
        this.y = new double[m][n];
        this.sy = new double[m][m];
        this.ss = new double[m][m];
        this.cauchy = new double[n];
        this.direction = new double[n];
        this.breakpoints = new double[n];
        int k = 2 * m;
        this.middle = new double[k][k];
        this.p = new double[k];
        this.c = new double[k];
        this.row = new double[k];
        this.mc = new double[k];
        this.mp = new double[k];
        this.mw = new double[k];
        this.wr = new double[k];
        this.v = new double[k];
        this.gram = new double[k][k];
        this.system = new double[k][k];
        this.heap = new int[n];
        this.free = new boolean[n];
        this.reduced = new double[n];
        this.trialPoint = new double[n];
        this.trialGradient = new double[n];
        this.target = new double[n];
    }

    @Override
    public Optimizer optimizer() {
        return rule;
    }

    @Override
    public int dimension() {
        return n;
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
    public Bounds bounds() {
        return bounds;
    }

    /** The number of curvature pairs held now. */
    public int storedPairs() {
        return pairs;
    }

    /** How many times a failed line search cleared the memory. */
    public long restarts() {
        return restarts;
    }

    @Override
    public double iterate(Objective objective, double[] x, double value, double[] gradient, double learningRate) {
        while (true) {
            if (!constrained && pairs > 0) {
                System.arraycopy(x, 0, cauchy, 0, n);
                Arrays.fill(free, true);
                Arrays.fill(c, 0);
                subspaceStep(x, gradient);
            } else {
                cauchyPoint(x, gradient);
                if (pairs > 0) {
                    subspaceStep(x, gradient);
                } else {
                    System.arraycopy(cauchy, 0, target, 0, n);
                }
            }
            double newValue = search(objective, x, value, gradient);
            if (!Double.isNaN(newValue)) {
                storePair(x, gradient);
                System.arraycopy(trialPoint, 0, x, 0, n);
                System.arraycopy(trialGradient, 0, gradient, 0, n);
                steps++;
                return newValue;
            }
            if (pairs == 0) {
                throw new LineSearchFailedException("L-BFGS-B's line search found no acceptable step along the "
                        + "projected steepest-descent direction in " + MAX_SEARCH_EVALUATIONS + " evaluations");
            }
            pairs = 0; // refresh the memory and retry from the Cauchy point of B = I, as L-BFGS-B does
            theta = 1;
            restarts++;
        }
    }

    /**
     * The generalized Cauchy point into {@link #cauchy}, the free variables at it into {@link #free},
     * {@code c = W^T (x^c - x)} into {@link #c}.
     */
    private void cauchyPoint(double[] x, double[] g) {
        int k = 2 * pairs;
        int count = 0;
        for (int i = 0; i < n; i++) {
            double t;
            double gi = g[i];
            if (gi < 0 && bounds.upper(i) < Double.POSITIVE_INFINITY) {
                t = (x[i] - bounds.upper(i)) / gi;
            } else if (gi > 0 && bounds.lower(i) > Double.NEGATIVE_INFINITY) {
                t = (x[i] - bounds.lower(i)) / gi;
            } else {
                t = Double.POSITIVE_INFINITY;
            }
            breakpoints[i] = t;
            direction[i] = t == 0 ? 0 : -gi;
            free[i] = t != 0 && bounds.lower(i) < bounds.upper(i);
            if (t > 0 && t < Double.POSITIVE_INFINITY) {
                heap[count++] = i;
            }
        }
        for (int j = count / 2 - 1; j >= 0; j--) {
            siftDown(j, count);
        }
        transposeTimesW(direction, p);
        Arrays.fill(c, 0, k, 0);
        double slope = -Vectors.dot(direction, direction);
        SmallDense.times(middle, p, mp, k);
        double curvature = -theta * slope - SmallDense.dot(p, mp, k);
        double curvatureAtStart = curvature;
        double best = -slope / curvature;
        double reached = 0;
        System.arraycopy(x, 0, cauchy, 0, n);
        while (count > 0) {
            int b = heap[0];
            double segment = breakpoints[b] - reached;
            if (best < segment) {
                break; // the model's minimizer lies inside this segment
            }
            heap[0] = heap[--count];
            siftDown(0, count);
            // walk to the breakpoint and fix variable b at its bound
            double atBound = direction[b] > 0 ? bounds.upper(b) : bounds.lower(b);
            double zb = atBound - x[b];
            cauchy[b] = atBound;
            for (int a = 0; a < k; a++) {
                c[a] += segment * p[a];
            }
            rowOfW(b, row);
            SmallDense.times(middle, c, mc, k);
            SmallDense.times(middle, p, mp, k);
            SmallDense.times(middle, row, mw, k);
            double gb = g[b];
            slope += segment * curvature + gb * gb + theta * gb * zb - gb * SmallDense.dot(row, mc, k);
            curvature += -theta * gb * gb - 2 * gb * SmallDense.dot(row, mp, k) - gb * gb * SmallDense.dot(row, mw, k);
            curvature = Math.max(EPSILON * curvatureAtStart, curvature);
            for (int a = 0; a < k; a++) {
                p[a] += gb * row[a];
            }
            direction[b] = 0;
            free[b] = false;
            reached = breakpoints[b];
            best = -slope / curvature;
        }
        best = Math.max(0, best);
        if (!Double.isFinite(best)) {
            best = 0; // every variable reached its bound: the Cauchy point is the last breakpoint
        }
        reached += best;
        for (int i = 0; i < n; i++) {
            if (direction[i] != 0) {
                cauchy[i] = x[i] + reached * direction[i];
            }
        }
        for (int a = 0; a < k; a++) {
            c[a] += best * p[a];
        }
    }

    /** Restores the heap order below {@code at} among the first {@code size} entries. */
    private void siftDown(int at, int size) {
        int i = at;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int smallest = left;
            if (left + 1 < size && breakpoints[heap[left + 1]] < breakpoints[heap[left]]) {
                smallest = left + 1;
            }
            if (breakpoints[heap[smallest]] >= breakpoints[heap[i]]) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[smallest];
            heap[smallest] = t;
            i = smallest;
        }
    }

    /**
     * Minimizes the model over the free variables from the Cauchy point into {@link #target}
     * (direct primal method, then Morales and Nocedal's projection or the paper's truncation).
     */
    private void subspaceStep(double[] x, double[] g) {
        int k = 2 * pairs;
        SmallDense.times(middle, c, mc, k);
        Arrays.fill(wr, 0, k, 0);
        for (int a = 0; a < k; a++) {
            Arrays.fill(gram[a], 0, k, 0);
        }
        int freeCount = 0;
        for (int i = 0; i < n; i++) {
            if (!free[i]) {
                continue;
            }
            freeCount++;
            rowOfW(i, row);
            double r = g[i] + theta * (cauchy[i] - x[i]) - SmallDense.dot(row, mc, k);
            reduced[i] = r;
            for (int a = 0; a < k; a++) {
                wr[a] += row[a] * r;
                for (int b = 0; b < k; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        System.arraycopy(cauchy, 0, target, 0, n);
        if (freeCount == 0) {
            return;
        }
        SmallDense.times(middle, wr, v, k);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double mg = 0;
                for (int e = 0; e < k; e++) {
                    mg += middle[a][e] * gram[e][b];
                }
                system[a][b] = (a == b ? 1 : 0) - mg / theta;
            }
        }
        SmallDense.solve(system, v, k);
        double gain = 0;
        for (int i = 0; i < n; i++) {
            if (free[i]) {
                rowOfW(i, row);
                double du = -reduced[i] / theta - SmallDense.dot(row, v, k) / (theta * theta);
                reduced[i] = du;
                double projected = Math.min(Math.max(cauchy[i] + du, bounds.lower(i)), bounds.upper(i));
                target[i] = projected;
            }
            gain += (target[i] - x[i]) * g[i];
        }
        if (gain <= 0) {
            return; // the projected subspace point gives a descent direction (Morales and Nocedal 2011)
        }
        double alpha = 1;
        int limiting = -1;
        for (int i = 0; i < n; i++) {
            if (!free[i]) {
                continue;
            }
            double du = reduced[i];
            double room = Double.POSITIVE_INFINITY;
            if (du < 0 && bounds.lower(i) > Double.NEGATIVE_INFINITY) {
                room = Math.max(0, (bounds.lower(i) - cauchy[i]) / du);
            } else if (du > 0 && bounds.upper(i) < Double.POSITIVE_INFINITY) {
                room = Math.max(0, (bounds.upper(i) - cauchy[i]) / du);
            }
            if (room < alpha) {
                alpha = room;
                limiting = i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (free[i]) {
                target[i] = cauchy[i] + alpha * reduced[i];
            }
        }
        if (limiting >= 0) {
            // the variable that stops the step lands on its bound exactly, not a rounding short of it
            target[limiting] = reduced[limiting] > 0 ? bounds.upper(limiting) : bounds.lower(limiting);
        }
    }

    /**
     * The line search from {@code x} towards {@link #target}; the accepted point and gradient in
     * {@link #trialPoint} and {@link #trialGradient}. Returns the value there, or NaN when it failed.
     */
    private double search(Objective objective, double[] x, double value, double[] g) {
        double slope0 = 0;
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            direction[i] = target[i] - x[i];
            slope0 += g[i] * direction[i];
            norm2 += direction[i] * direction[i];
        }
        if (!(slope0 < 0)) {
            return Double.NaN;
        }
        double maxStep = NO_BOUND_STEP;
        if (constrained) {
            if (steps == 0) {
                maxStep = 1;
            } else {
                for (int i = 0; i < n; i++) {
                    double d = direction[i];
                    if (d < 0 && bounds.lower(i) > Double.NEGATIVE_INFINITY) {
                        double room = bounds.lower(i) - x[i];
                        maxStep = room >= 0 ? 0 : Math.min(maxStep, room / d);
                    } else if (d > 0 && bounds.upper(i) < Double.POSITIVE_INFINITY) {
                        double room = bounds.upper(i) - x[i];
                        maxStep = room <= 0 ? 0 : Math.min(maxStep, room / d);
                    }
                }
            }
        }
        double step = steps == 0 && !boxed ? Math.min(1 / Math.sqrt(norm2), maxStep) : 1;
        step = Math.min(step, maxStep);
        if (!(step > 0)) {
            return Double.NaN;
        }
        MoreThuente search = lineSearch;
        search.start(0, maxStep, value, slope0, step);
        for (int evaluation = 1; evaluation <= MAX_SEARCH_EVALUATIONS; evaluation++) {
            for (int i = 0; i < n; i++) {
                double t = step == 1 ? target[i] : x[i] + step * direction[i];
                trialPoint[i] = Math.min(Math.max(t, bounds.lower(i)), bounds.upper(i));
            }
            double trialValue = objective.valueAndGradient(trialPoint, trialGradient);
            double trialSlope = Vectors.dot(trialGradient, direction);
            if (!Double.isFinite(trialValue) || !Double.isFinite(trialSlope)) {
                // no finite value here: step back towards x, as the interval search would from a large value
                step *= 0.1;
                search.start(0, step, value, slope0, step);
                continue;
            }
            if (search.next(step, trialValue, trialSlope) != null) {
                lastStep = step;
                return trialValue;
            }
            step = search.step();
        }
        return Double.NaN;
    }

    /** Keeps {@code s = trial - x, y = trialGradient - g} when {@code s.y > eps y.y}, and refreshes theta and M. */
    private void storePair(double[] x, double[] g) {
        double sDotY = 0;
        double yDotY = 0;
        for (int i = 0; i < n; i++) {
            double si = trialPoint[i] - x[i];
            double yi = trialGradient[i] - g[i];
            sDotY += si * yi;
            yDotY += yi * yi;
        }
        if (!(sDotY > EPSILON * yDotY)) {
            return;
        }
        if (pairs == m) {
            double[] oldS = s[0];
            double[] oldY = y[0];
            System.arraycopy(s, 1, s, 0, m - 1);
            System.arraycopy(y, 1, y, 0, m - 1);
            s[m - 1] = oldS;
            y[m - 1] = oldY;
            for (int a = 0; a < m - 1; a++) {
                for (int b = 0; b < m - 1; b++) {
                    sy[a][b] = sy[a + 1][b + 1];
                    ss[a][b] = ss[a + 1][b + 1];
                }
            }
            pairs--;
        }
        int newest = pairs;
        for (int i = 0; i < n; i++) {
            s[newest][i] = trialPoint[i] - x[i];
            y[newest][i] = trialGradient[i] - g[i];
        }
        pairs++;
        for (int a = 0; a < pairs; a++) {
            sy[a][newest] = Vectors.dot(s[a], y[newest]);
            sy[newest][a] = Vectors.dot(s[newest], y[a]);
            ss[a][newest] = Vectors.dot(s[a], s[newest]);
            ss[newest][a] = ss[a][newest];
        }
        theta = yDotY / sDotY;
        formMiddle();
    }

    /** {@code M = [[-D, L^T], [L, theta S^T S]]^-1} into {@link #middle}. */
    private void formMiddle() {
        int k = 2 * pairs;
        double[][] kk = system;
        for (int a = 0; a < k; a++) {
            Arrays.fill(kk[a], 0, k, 0);
        }
        for (int a = 0; a < pairs; a++) {
            kk[a][a] = -sy[a][a];
            for (int b = 0; b < pairs; b++) {
                if (a > b) {
                    kk[pairs + a][b] = sy[a][b]; // L
                    kk[b][pairs + a] = sy[a][b]; // L^T
                }
                kk[pairs + a][pairs + b] = theta * ss[a][b];
            }
        }
        for (int a = 0; a < k; a++) {
            Arrays.fill(middle[a], 0, k, 0);
            middle[a][a] = 1;
        }
        SmallDense.eliminate(kk, middle, k, k);
    }

    /** {@code W^T u}: {@code (Y^T u, theta S^T u)} into {@code out}. */
    private void transposeTimesW(double[] u, double[] out) {
        for (int a = 0; a < pairs; a++) {
            out[a] = Vectors.dot(y[a], u);
            out[pairs + a] = theta * Vectors.dot(s[a], u);
        }
    }

    /** Row {@code i} of W: {@code (y_a[i], theta s_a[i])}. */
    private void rowOfW(int i, double[] out) {
        for (int a = 0; a < pairs; a++) {
            out[a] = y[a][i];
            out[pairs + a] = theta * s[a][i];
        }
    }

    /**
     * Writes the header, the last step, theta, the restart count and the pairs, oldest first, so that
     * a run within the same box continues from them to the same bits ({@code Minimizer.resume}).
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        new StateHeader(rule.name(), n, steps).write(out);
        BinaryFormat.writeDouble(out, lastStep);
        BinaryFormat.writeDouble(out, theta);
        out.writeLong(restarts);
        out.writeInt(pairs);
        for (int a = 0; a < pairs; a++) {
            StateHeader.writeArray(out, s[a]);
            StateHeader.writeArray(out, y[a]);
        }
    }

    /** Reads what {@link #writeTo} wrote after the header; the products and M are formed again, the same bits. */
    @Override
    public void readBuffers(StateHeader header, DataInput in) throws IOException {
        steps = header.steps();
        lastStep = BinaryFormat.readDouble(in);
        theta = BinaryFormat.readDouble(in);
        restarts = in.readLong();
        int stored = in.readInt();
        if (stored < 0 || stored > m) {
            throw new IOException("L-BFGS-B state holds " + stored + " pairs, the history is " + m);
        }
        for (int a = 0; a < stored; a++) {
            StateHeader.readArray(in, s[a], "s[" + a + "]");
            StateHeader.readArray(in, y[a], "y[" + a + "]");
        }
        pairs = stored;
        for (int a = 0; a < pairs; a++) {
            for (int b = 0; b < pairs; b++) {
                sy[a][b] = Vectors.dot(s[a], y[b]);
                ss[a][b] = Vectors.dot(s[a], s[b]);
            }
        }
        formMiddle();
    }
}
