package dev.descent.spec;

import java.util.Optional;

/**
 * A spec refused: its message names the kind where there is one, the key and its allowed range or
 * form, as {@code adam: beta2 must be in [0, 1): 1.5} or {@code adam has no key 'momentum'; its keys:
 * lr, beta1, ...}. The parts are kept apart so that a caller with its own names for the keys (the
 * command line's flags) can say the same thing in them.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The kind the problem is about, or null for the spec's syntax and for a number that is none. */
    private final String kind;
    /** The key at fault, or null. */
    private final String key;
    /** The problem without the kind: it starts with the key when there is one. */
    private final String problem;

    /**
     * @param message the whole message
     * @param kind the kind the problem is about, or null
     * @param key the key at fault, or null
     * @param problem the message without the kind; it starts with the key when there is one
     */
    public SpecException(String message, String kind, String key, String problem) {
        super(message);
        this.kind = kind;
        this.key = key;
        this.problem = problem;
    }

    /** The kind the problem is about; empty for the syntax of the spec, an unknown kind, and a number that is none. */
    public Optional<String> kind() {
        return Optional.ofNullable(kind);
    }

    /** The key at fault, if one is. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The message without the kind; it starts with the key when there is one, as {@code beta2 must be in [0, 1): 1.5}. */
    public String problem() {
        return problem;
    }
}
