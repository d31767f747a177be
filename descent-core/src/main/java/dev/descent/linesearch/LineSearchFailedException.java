package dev.descent.linesearch;

/**
 * Thrown by {@link dev.descent.optim.OptimizerState#iterate} when a line search finds no step that satisfies its
 * conditions: usually the point is already as good as floating point allows, or the gradient is
 * wrong. The minimize loop turns it into the stop reason {@code LINE_SEARCH_FAILED}.
 */
public final class LineSearchFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The nearest trial point at which f or its gradient was not finite, or null. */
    private final double[] outside;

    /** @param message what the search tried */
    public LineSearchFailedException(String message) {
        this(message, null);
    }

    /**
     * @param message what the search tried
     * @param outside the nearest trial point at which f or its gradient was not finite, when the search
     *     failed after leaving f's domain; null otherwise
     */
    public LineSearchFailedException(String message, double[] outside) {
        super(message, null, false, false);
        this.outside = outside == null ? null : outside.clone();
    }

    /**
     * Whether the search failed after trying points outside f's domain (a NaN or infinite value or
     * gradient), such as {@code log(x)} for {@code x <= 0}: then no step of the search's length is
     * usable, and the run ends as non-finite rather than at a precision limit.
     */
    public boolean leftDomain() {
        return outside != null;
    }

    /** The nearest trial point outside f's domain, or null ({@link #leftDomain()}). */
    public double[] outsidePoint() {
        return outside == null ? null : outside.clone();
    }

    /** The failure of a search that tried {@code outside} (or null) after {@code message}. */
    static LineSearchFailedException of(String message, double[] outside) {
        if (outside == null) {
            return new LineSearchFailedException(message);
        }
        return new LineSearchFailedException("the line search left f's domain: f or its gradient is not finite at "
                + dev.descent.io.Printable.point(outside) + ", and no shorter step decreased f enough (" + message + ")", outside);
    }
}
