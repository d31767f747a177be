package dev.descent;

import java.util.Arrays;

/**
 * An immutable box {@code l <= x <= u}, one interval per variable; an entry may be infinite, so a
 * variable may be bounded on one side, on both, or free. Either one interval per variable
 * ({@link #of}) or one interval for every variable ({@link #uniform}), whose dimension is fixed only
 * when a run starts.
 *
 * <pre>
 * P(x)_i   = min(max(x_i, l_i), u_i)                      (projection onto the box, {@link #project})
 * pg(x)_i  = x_i - P(x - g)_i                             (projected gradient, {@link #projectedGradient})
 *          = g_i                 when l_i &lt; x_i &lt; u_i
 *          = min(g_i, x_i - l_i) at or near a lower bound with g_i &gt; 0, max(g_i, x_i - u_i) near an upper one
 * </pre>
 *
 * <p>{@code x} is a first-order (KKT) point of {@code min f} over the box exactly when
 * {@code pg(x) = 0}: every free variable has {@code g_i = 0}, a variable at its lower bound has
 * {@code g_i >= 0}, one at its upper bound {@code g_i <= 0}. Its infinity norm
 * {@code max_i |pg(x)_i|} is L-BFGS-B's convergence measure ({@code pgtol}, SciPy's {@code projgr}).
 * The form {@code P(x - g) - x} is the negation of {@code pg}, with the same norm; this
 * class keeps the sign of the gradient so that an unbounded variable reports {@code g_i} itself.
 *
 * <p>Reference: Byrd, Lu, Nocedal &amp; Zhu, "A limited memory algorithm for bound constrained
 * optimization", SIAM J. Sci. Comput. 16(5) (1995), section 2 (the projection {@code P(x, l, u)}
 * and the projected gradient's infinity norm as the stopping test).
 */
public final class Bounds {

    /** Lower bounds; length 1 for a uniform box. */
    private final double[] lower;
    private final double[] upper;
    private final boolean uniform;

    private Bounds(double[] lower, double[] upper, boolean uniform) {
        this.lower = lower;
        this.upper = upper;
        this.uniform = uniform;
    }

    /**
     * A box with one interval per variable.
     *
     * @param lower not modified; {@code Double.NEGATIVE_INFINITY} for no lower bound
     * @param upper not modified; {@code Double.POSITIVE_INFINITY} for no upper bound
     * @throws IllegalArgumentException for lengths that differ, an empty box, a NaN bound or
     *     {@code lower[i] > upper[i]}, naming the index and the values
     */
    public static Bounds of(double[] lower, double[] upper) {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower has " + lower.length + " entries, upper has " + upper.length);
        }
        if (lower.length == 0) {
            throw new IllegalArgumentException("bounds need at least one variable");
        }
        for (int i = 0; i < lower.length; i++) {
            check(i, lower[i], upper[i]);
        }
        return new Bounds(lower.clone(), upper.clone(), false);
    }

    /**
     * The same interval {@code [lower, upper]} for every variable, of any dimension.
     *
     * @throws IllegalArgumentException for a NaN bound or {@code lower > upper}
     */
    public static Bounds uniform(double lower, double upper) {
        check(-1, lower, upper);
        return new Bounds(new double[] {lower}, new double[] {upper}, true);
    }

    /** {@code x_i >= lower} for every variable, no upper bound. */
    public static Bounds atLeast(double lower) {
        return uniform(lower, Double.POSITIVE_INFINITY);
    }

    /**
     * Reads a box from text, for command lines and files: one interval {@code lower:upper} for every
     * variable ({@code -1:1}), or a comma-separated interval per variable ({@code 0:1,-2:,:5}). Either
     * side may be a number, {@code inf}, {@code -inf}, or empty for no bound on that side.
     *
     * @throws IllegalArgumentException naming the interval (its index) and the text at fault
     */
    public static Bounds parse(String text) {
        String[] intervals = text.trim().split(",", -1);
        double[] lower = new double[intervals.length];
        double[] upper = new double[intervals.length];
        for (int i = 0; i < intervals.length; i++) {
            String interval = intervals[i].trim();
            String where = intervals.length == 1 ? "" : " at index " + i;
            int colon = interval.indexOf(':');
            if (colon < 0 || interval.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("a bound interval is lower:upper" + where + ": '" + interval + "'");
            }
            lower[i] = side(interval.substring(0, colon), Double.NEGATIVE_INFINITY, where);
            upper[i] = side(interval.substring(colon + 1), Double.POSITIVE_INFINITY, where);
        }
        return intervals.length == 1 ? uniform(lower[0], upper[0]) : of(lower, upper);
    }

    private static double side(String text, double none, String where) {
        String t = text.trim();
        if (t.isEmpty()) {
            return none;
        }
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        try {
            double value = Double.parseDouble(t);
            if (Double.isNaN(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a bound is not a number" + where + ": '" + t + "'");
        }
    }

    private static void check(int index, double lower, double upper) {
        String where = index < 0 ? "" : " at index " + index;
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("a bound is NaN" + where + ": lower " + lower + ", upper " + upper);
        }
        if (lower > upper) {
            throw new IllegalArgumentException("lower bound exceeds upper bound" + where + ": " + lower + " > " + upper);
        }
        if (lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("the box is empty" + where + ": lower " + lower + ", upper " + upper);
        }
    }

    /** True for a box given by {@link #uniform}, which fits every dimension. */
    public boolean isUniform() {
        return uniform;
    }

    /** The number of variables; -1 for a uniform box, which fits any. */
    public int dimension() {
        return uniform ? -1 : lower.length;
    }

    /** The lower bound of variable {@code i} (maybe -inf). */
    public double lower(int i) {
        return uniform ? lower[0] : lower[i];
    }

    /** The upper bound of variable {@code i} (maybe +inf). */
    public double upper(int i) {
        return uniform ? upper[0] : upper[i];
    }

    /** True when variable {@code i} has a finite bound on at least one side. */
    public boolean isBounded(int i) {
        return lower(i) > Double.NEGATIVE_INFINITY || upper(i) < Double.POSITIVE_INFINITY;
    }

    /** True when no variable of an {@code n}-dimensional problem has a finite bound. */
    public boolean isFree(int n) {
        for (int i = 0; i < n; i++) {
            if (isBounded(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @throws IllegalArgumentException when this box does not fit {@code n} variables
     */
    public void checkDimension(int n) {
        if (!uniform && lower.length != n) {
            throw new IllegalArgumentException("the bounds have " + lower.length + " variables, the problem has " + n);
        }
    }

    /**
     * Projects {@code x} onto the box: {@code x_i = min(max(x_i, l_i), u_i)}.
     *
     * @param x modified
     * @return the number of entries that moved
     */
    public int project(double[] x) {
        checkDimension(x.length);
        int moved = 0;
        for (int i = 0; i < x.length; i++) {
            double p = Math.min(Math.max(x[i], lower(i)), upper(i));
            if (p != x[i]) {
                x[i] = p;
                moved++;
            }
        }
        return moved;
    }

    /**
     * The projected gradient {@code out_i = x_i - P(x - g)_i} (see the class comment).
     *
     * @param x a feasible point; not modified
     * @param g the gradient at {@code x}; not modified
     * @param out modified; may be {@code g} itself
     * @return its infinity norm, {@code max_i |out_i|}
     */
    public double projectedGradient(double[] x, double[] g, double[] out) {
        checkDimension(x.length);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double gi = g[i];
            double pg;
            if (gi > 0) {
                pg = Math.min(gi, x[i] - lower(i));
            } else if (gi < 0) {
                pg = Math.max(gi, x[i] - upper(i));
            } else {
                pg = gi;
            }
            out[i] = pg;
            max = Math.max(max, Math.abs(pg));
            if (Double.isNaN(pg)) {
                max = Double.NaN;
            }
        }
        return max;
    }

    /**
     * The projected gradient's infinity norm, without a buffer.
     *
     * @param x not modified
     * @param g not modified
     */
    public double projectedGradientNorm(double[] x, double[] g) {
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            double gi = g[i];
            double pg = gi > 0 ? Math.min(gi, x[i] - lower(i)) : gi < 0 ? Math.max(gi, x[i] - upper(i)) : gi;
            if (Double.isNaN(pg)) {
                return Double.NaN;
            }
            max = Math.max(max, Math.abs(pg));
        }
        return max;
    }

    /** True when {@code l_i <= x_i <= u_i} for every {@code i}. */
    public boolean isFeasible(double[] x) {
        checkDimension(x.length);
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower(i) && x[i] <= upper(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bounds active at {@code x}: the variables with {@code x_i = l_i} and those with
     * {@code x_i = u_i} (exactly; iterates of a bounded run land on a bound exactly).
     *
     * @param x not modified
     */
    public Active activeAt(double[] x) {
        checkDimension(x.length);
        int lowerCount = 0;
        int upperCount = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == lower(i)) {
                lowerCount++;
            } else if (x[i] == upper(i)) {
                upperCount++;
            }
        }
        int[] atLower = new int[lowerCount];
        int[] atUpper = new int[upperCount];
        lowerCount = 0;
        upperCount = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == lower(i)) {
                atLower[lowerCount++] = i;
            } else if (x[i] == upper(i)) {
                atUpper[upperCount++] = i;
            }
        }
        return new Active(atLower, atUpper);
    }

    /**
     * The active bounds of a point, as ascending indices. A variable with {@code l_i = u_i} is
     * listed at its lower bound.
     *
     * @param lower the variables at their lower bound, a private copy
     * @param upper the variables at their upper bound, a private copy
     */
    public record Active(int[] lower, int[] upper) {
        /** No active bound. */
        public static final Active NONE = new Active(new int[0], new int[0]);

        /** Copies the arrays. */
        public Active {
            lower = lower.clone();
            upper = upper.clone();
        }

        @Override
        public int[] lower() {
            return lower.clone();
        }

        @Override
        public int[] upper() {
            return upper.clone();
        }

        /** The number of active bounds. */
        public int count() {
            return lower.length + upper.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Active a && Arrays.equals(lower, a.lower) && Arrays.equals(upper, a.upper);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
        }

        @Override
        public String toString() {
            return "Active[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bounds b && uniform == b.uniform && Arrays.equals(lower, b.lower)
                && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lower) * 31 + Arrays.hashCode(upper) + (uniform ? 1 : 0);
    }

    @Override
    public String toString() {
        return uniform ? "Bounds[" + lower[0] + ", " + upper[0] + "]"
                : "Bounds[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
    }
}
