package dev.descent.expression;

/**
 * A formula that cannot be parsed or does not fit its variables. The message names the position
 * (1-based column) and, where one exists, the fix: {@code unexpected ')' at column 14},
 * {@code unknown function 'sinn' at column 3 (did you mean 'sin'?)}.
 */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The 1-based column of the problem in the formula. */
    private final int column;

    ExpressionException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The 1-based column the problem was found at, or 0 when it concerns the whole formula. */
    public int column() {
        return column;
    }
}
