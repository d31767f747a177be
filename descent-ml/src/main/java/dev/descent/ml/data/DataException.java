package dev.descent.ml.data;

/** Input data that cannot be used: the message names the file, line and column, and what is wrong. */
public final class DataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message {@code file:line:column: what is wrong} */
    public DataException(String message) {
        super(message);
    }
}
