package dev.descent.linesearch;

/**
 * Thrown by {@link dev.descent.optim.OptimizerState#iterate} when a line search finds no step that satisfies its
 * conditions: usually the point is already as good as floating point allows, or the gradient is
 * wrong. The minimize loop turns it into the stop reason {@code LINE_SEARCH_FAILED}.
 */
public final class LineSearchFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what the search tried */
    public LineSearchFailedException(String message) {
        super(message, null, false, false);
    }
}
