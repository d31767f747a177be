package dev.descent.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * A file written whole or not at all: the bytes go to a temporary file beside the target, which is
 * renamed over the target on {@link #commit()}. Closing without committing deletes the temporary
 * file and leaves any existing target untouched, so a crash or an error never leaves half a file.
 *
 * <pre>{@code
 * try (AtomicFile file = AtomicFile.create(path)) {
 *     file.stream().write(bytes);
 *     file.commit();
 * }
 * }</pre>
 *
 * <p>A target that cannot be written is refused before anything is created, with a
 * {@link CannotWriteException} that says why: the target is a folder, a folder on its way is a
 * file, there is no permission, or the file system's own reason.
 */
public final class AtomicFile implements Closeable {
    private final Path target;
    private final Path temporary;
    private final OutputStream stream;
    private boolean committed;

    private AtomicFile(Path given) throws IOException {
        checkWritable(given);
        this.target = given.toAbsolutePath();
        Path directory = this.target.getParent();
        try {
            if (directory != null) {
                Files.createDirectories(directory);
            }
            this.temporary = Files.createTempFile(directory, "." + this.target.getFileName(), ".tmp");
            this.stream = Files.newOutputStream(temporary);
        } catch (AccessDeniedException e) {
            Path denied = e.getFile() == null ? directory : Path.of(e.getFile()).toAbsolutePath();
            while (denied.getParent() != null && !Files.isDirectory(denied)) {
                denied = denied.getParent(); // the folder that refused: the deepest one that exists
            }
            throw new CannotWriteException(given, "no permission to write in " + shown(given, denied));
        } catch (FileSystemException e) {
            throw new CannotWriteException(given, e.getReason() != null ? e.getReason() : e.toString());
        }
    }

    /** Opens a temporary file for {@code target}, creating missing parent directories. */
    public static AtomicFile create(Path target) throws IOException {
        return new AtomicFile(Objects.requireNonNull(target, "target"));
    }

    /**
     * Refuses, without creating anything, a target that cannot become a file: one that is a folder,
     * or one below a path that is a file rather than a folder. Lets a long computation check its
     * outputs before it starts; {@link #create} checks again, and also for permissions.
     *
     * @throws CannotWriteException naming the path in the way, as {@code target} names it
     */
    public static void checkWritable(Path target) throws CannotWriteException {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new CannotWriteException(target, shown(target, absolute) + " is a folder, not a file");
        }
        for (Path folder = absolute.getParent(); folder != null; folder = folder.getParent()) {
            if (Files.exists(folder)) {
                if (!Files.isDirectory(folder)) {
                    throw new CannotWriteException(target, shown(target, folder) + " is a file, not a folder");
                }
                return;
            }
        }
    }

    /** {@code path} as the caller's {@code given} names it (relative when given was), else absolute. */
    private static String shown(Path given, Path path) {
        for (Path named = given; named != null; named = named.getParent()) {
            if (named.toAbsolutePath().equals(path)) {
                return named.toString();
            }
        }
        return path.toString();
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Body {
        /** @param out the temporary file's stream; do not close it */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with {@code body}. */
    public static void write(Path target, Body body) throws IOException {
        try (AtomicFile file = create(target)) {
            body.writeTo(file.stream());
            file.commit();
        }
    }

    /** The stream into the temporary file. */
    public OutputStream stream() {
        return stream;
    }

    /** The file this will become. */
    public Path target() {
        return target;
    }

    /** Closes the stream and renames the temporary file over the target (readable by all, as a new file would be). */
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        stream.close();
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: keep the defaults
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** Without a commit, discards the temporary file. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                stream.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
