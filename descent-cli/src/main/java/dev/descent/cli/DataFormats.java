package dev.descent.cli;

import dev.descent.ml.data.DataFormat;
import java.nio.file.Path;

/** The {@code --data-format} flag of train, predict and evaluate: csv or libsvm, else by the file's extension. */
final class DataFormats {
    private DataFormats() {}

    /** The format {@code --data-format} names. */
    static DataFormat named(String name) {
        try {
            return DataFormat.named(name);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--data-format: " + e.getMessage());
        }
    }

    /** The format of {@code file}: {@code --data-format}'s when given (not null), else by its extension. */
    static DataFormat of(String flag, Path file) {
        return flag != null ? named(flag) : DataFormat.of(file.toString());
    }
}
