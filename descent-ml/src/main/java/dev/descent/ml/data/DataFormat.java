package dev.descent.ml.data;

import java.util.Locale;

/**
 * How a data file is written: a CSV table with a header ({@link Table}), or the LIBSVM / svmlight
 * sparse format ({@link SvmLight}), told by the file's extension unless named.
 */
public enum DataFormat {
    /** A CSV file with a header row: named columns, numeric or categorical. */
    CSV,
    /**
     * {@code <label> <index>:<value> ...} per line ({@link SvmLight}): sparse features named by their
     * index, read into compressed rows.
     */
    LIBSVM;

    /** The extensions read as {@link #LIBSVM}: {@code .libsvm}, {@code .svm}, {@code .svmlight}. */
    public static final java.util.List<String> LIBSVM_EXTENSIONS = java.util.List.of(".libsvm", ".svm", ".svmlight");

    /** The format of {@code path} by its extension (case ignored): {@link #LIBSVM} for {@link #LIBSVM_EXTENSIONS}, else CSV. */
    public static DataFormat of(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        for (String extension : LIBSVM_EXTENSIONS) {
            if (name.endsWith(extension)) {
                return LIBSVM;
            }
        }
        return CSV;
    }

    /**
     * The format named {@code name}: {@code csv}, or {@code libsvm} (also {@code svmlight}); case ignored.
     *
     * @throws IllegalArgumentException for another name, listing these
     */
    public static DataFormat named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "libsvm", "svmlight", "svm" -> LIBSVM;
            default -> throw new IllegalArgumentException("'" + name + "' is not a data format: csv or libsvm");
        };
    }

    /** The name {@link #named} reads. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
