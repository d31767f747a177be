package dev.descent.cli;

/** Bad usage or bad input: the message goes to stderr and the command exits with 2. */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message, null, false, false);
    }
}
