package dev.descent.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that cannot be written, with the reason in words: its folder is a file, it is itself a
 * folder, there is no permission, the file system refuses. Thrown by {@link AtomicFile} before any
 * byte is written, so that callers can tell the user why instead of only which path.
 */
public final class CannotWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String reason;

    /**
     * @param path the file as the caller named it
     * @param reason why it cannot be written, naming paths as the caller named them
     */
    public CannotWriteException(Path path, String reason) {
        super("cannot write " + path + ": " + reason);
        this.path = Objects.requireNonNull(path, "path");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The file as the caller named it. */
    public Path path() {
        return path;
    }

    /** Why it cannot be written, for example {@code "out is a file, not a folder"}. */
    public String reason() {
        return reason;
    }
}
