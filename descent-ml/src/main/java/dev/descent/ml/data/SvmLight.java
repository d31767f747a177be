package dev.descent.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The LIBSVM / svmlight text format, read as scikit-learn's {@code load_svmlight_file} reads it, into
 * compressed sparse rows: memory proportional to the nonzeros, never a dense matrix.
 *
 * <pre>
 * &lt;label&gt; [qid:&lt;id&gt;] &lt;index&gt;:&lt;value&gt; &lt;index&gt;:&lt;value&gt; ... [# comment]
 * </pre>
 *
 * <p>One row per line; blank lines and lines holding only a comment are skipped. Within a row the
 * indices are whole numbers, strictly increasing (scikit-learn refuses others), each value a number;
 * an explicit {@code 0} value is kept as a stored entry, as scikit-learn keeps it. Indices are one-based
 * unless some index in the file is 0 ({@code zero_based="auto"}): then the file is read as zero-based.
 * The number of columns is the largest index plus one (after that shift), 1 for a file without features. A query id is read and kept
 * per row. Anything else is refused with its file, line and column.
 *
 * <p>Rows read for a model trained on another file take that file's base and width
 * ({@link #read(BufferedReader, String, Boolean, int)}, scikit-learn's {@code zero_based=True/False} and
 * {@code n_features}): a file without index 0 is then not shifted, and an index beyond the width is
 * refused at its line and column; a narrower file is fine.
 *
 * <p>Reference: Joachims, SVMlight (svmlight.joachims.org); Chang &amp; Lin, LIBSVM;
 * scikit-learn 1.2, {@code sklearn.datasets.load_svmlight_file}.
 *
 * @param labels one per row
 * @param rowStart where each row's entries begin in {@code indices} and {@code values}, with a last
 *     entry equal to the number of nonzeros ({@code rows + 1} entries)
 * @param indices the column of each stored entry, zero-based, increasing within a row
 * @param values the value of each stored entry
 * @param queryIds each row's query id, or null when no row has one
 * @param columns the number of columns
 * @param zeroBased whether the file's indices were zero-based
 */
public record SvmLight(double[] labels, int[] rowStart, int[] indices, double[] values, long[] queryIds, int columns,
                       boolean zeroBased) {

    /** The number of rows. */
    public int rows() {
        return labels.length;
    }

    /** The number of stored entries. */
    public int nonzeros() {
        return rowStart[rowStart.length - 1];
    }

    /**
     * Reads {@code file}.
     *
     * @throws DataException naming the file, line and column of what is wrong
     */
    public static SvmLight read(Path file) throws IOException {
        return read(file, null, 0);
    }

    /**
     * Reads {@code file} with a given base and width, as {@link #read(BufferedReader, String, Boolean, int)}.
     *
     * @throws DataException naming the file, line and column of what is wrong
     */
    public static SvmLight read(Path file, Boolean zeroBased, int columns) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), zeroBased, columns);
        }
    }

    /**
     * Reads the lines of {@code in}, named {@code source} in messages.
     *
     * @throws DataException naming the source, line and column of what is wrong
     */
    public static SvmLight read(BufferedReader in, String source) throws IOException {
        return read(in, source, null, 0);
    }

    /**
     * Reads the lines of {@code in}, named {@code source} in messages, as scikit-learn's
     * {@code load_svmlight_file(f, zero_based=..., n_features=...)} does.
     *
     * @param zeroBased whether the indices are zero-based; null to tell from the file (one-based unless an index is 0)
     * @param columns the number of columns to read the rows with, an index beyond it refused at its line and
     *     column; 0 for the file's own width
     * @throws DataException naming the source, line and column of what is wrong
     */
    public static SvmLight read(BufferedReader in, String source, Boolean zeroBased, int columns) throws IOException {
        if (columns < 0 || columns > 0 && zeroBased == null) {
            throw new IllegalArgumentException("a width of " + columns + " columns"
                    + (zeroBased == null ? " needs a base: it counts from the first index" : ""));
        }
        double[] labels = new double[64];
        long[] queries = new long[64];
        boolean anyQuery = false;
        int[] rowStart = new int[65];
        int[] indices = new int[256];
        double[] values = new double[256];
        int rows = 0;
        int stored = 0;
        long minIndex = Long.MAX_VALUE;
        long maxIndex = -1;
        String line;
        long lineNumber = 0;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            int comment = line.indexOf('#');
            String content = comment >= 0 ? line.substring(0, comment) : line;
            Tokens tokens = new Tokens(content);
            if (!tokens.next()) {
                continue;
            }
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, 2 * rows);
                queries = Arrays.copyOf(queries, 2 * rows);
                rowStart = Arrays.copyOf(rowStart, 2 * rows + 1);
            }
            labels[rows] = number(tokens.text(), source, lineNumber, tokens.column(), "a label");
            queries[rows] = -1;
            long previous = -1;
            while (tokens.next()) {
                String token = tokens.text();
                int colon = token.indexOf(':');
                if (colon < 0) {
                    throw new DataException(source + ":" + lineNumber + ":" + tokens.column() + ": '" + token
                            + "' is not index:value");
                }
                String key = token.substring(0, colon);
                String value = token.substring(colon + 1);
                if (key.equals("qid")) {
                    if (previous >= 0) {
                        throw new DataException(source + ":" + lineNumber + ":" + tokens.column()
                                + ": qid comes before the features");
                    }
                    queries[rows] = whole(value, source, lineNumber, tokens.column() + colon + 1, "a query id");
                    anyQuery = true;
                    continue;
                }
                long index = whole(key, source, lineNumber, tokens.column(), "a feature index");
                if (index < 0) {
                    throw new DataException(source + ":" + lineNumber + ":" + tokens.column() + ": the feature index "
                            + index + " is negative");
                }
                if (index <= previous) {
                    throw new DataException(source + ":" + lineNumber + ":" + tokens.column() + ": feature index "
                            + index + " after " + previous + ": the indices of a row must be sorted and unique");
                }
                previous = index;
                if (stored == indices.length) {
                    indices = Arrays.copyOf(indices, 2 * stored);
                    values = Arrays.copyOf(values, 2 * stored);
                }
                if (index > Integer.MAX_VALUE - 1) {
                    throw new DataException(source + ":" + lineNumber + ":" + tokens.column() + ": the feature index "
                            + index + " is beyond the largest column this reader holds");
                }
                if (Boolean.FALSE.equals(zeroBased) && index == 0) {
                    throw new DataException(source + ":" + lineNumber + ":" + tokens.column() + ": feature index 0 in "
                            + "a file read as one-based (as the rows the model was trained on)");
                }
                long width = Boolean.TRUE.equals(zeroBased) ? index + 1 : index;
                if (columns > 0 && width > columns) {
                    throw new DataException(source + ":" + lineNumber + ":" + tokens.column() + ": feature index "
                            + index + " is beyond the " + columns + " features the model reads (its largest index is "
                            + (Boolean.TRUE.equals(zeroBased) ? columns - 1 : columns) + ")");
                }
                indices[stored] = (int) index;
                values[stored] = number(value, source, lineNumber, tokens.column() + colon + 1, "a value");
                stored++;
                minIndex = Math.min(minIndex, index);
                maxIndex = Math.max(maxIndex, index);
            }
            rows++;
            rowStart[rows] = stored;
        }
        if (rows == 0) {
            throw new DataException(source + ": no rows (every line is blank or a comment)");
        }
        // scikit-learn's zero_based="auto": one-based unless an index is 0
        boolean zero = zeroBased != null ? zeroBased : minIndex == 0;
        if (!zero) {
            for (int e = 0; e < stored; e++) {
                indices[e]--;
            }
        }
        // scikit-learn's n_features: the largest index after the shift, plus one (1 for a file without features)
        int width = columns > 0 ? columns : maxIndex < 0 ? 1 : (int) (zero ? maxIndex + 1 : maxIndex);
        return new SvmLight(Arrays.copyOf(labels, rows), Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(indices, stored),
                Arrays.copyOf(values, stored), anyQuery ? Arrays.copyOf(queries, rows) : null, width, zero);
    }

    /** The target's name in a dataset of these rows: scikit-learn's {@code y}, Spark's libsvm reader's column. */
    public static final String TARGET = "label";

    /**
     * The names of a LIBSVM file's columns: each column's index as the file writes it, {@code "1"} to
     * {@code "d"} for a one-based file and {@code "0"} to {@code "d-1"} for a zero-based one, so that a saved
     * model names its coefficients as the file numbers its features ({@link #baseOf}).
     */
    public static List<String> featureNames(int columns, boolean zeroBased) {
        List<String> names = new ArrayList<>(columns);
        for (int j = 0; j < columns; j++) {
            names.add(Integer.toString(zeroBased ? j : j + 1));
        }
        return names;
    }

    /**
     * Whether features named as {@link #featureNames} names them are zero-based ({@code "0", "1", ...}: true) or
     * one-based ({@code "1", "2", ...}: false); null when they are not a LIBSVM file's names.
     */
    public static Boolean baseOf(List<String> names) {
        if (names.isEmpty() || !names.get(0).equals("0") && !names.get(0).equals("1")) {
            return null;
        }
        int first = names.get(0).equals("0") ? 0 : 1;
        for (int j = 0; j < names.size(); j++) {
            if (!names.get(j).equals(Integer.toString(first + j))) {
                return null;
            }
        }
        return first == 0;
    }

    /**
     * These rows as a dataset, the features sparse as read (memory the nonzeros'), named by
     * {@link #featureNames}, and the target {@value #TARGET}: numbers, or with {@code asClasses} the distinct
     * labels as classes sorted by value (named as whole numbers where they are: {@code -1}, {@code 1}), a
     * {@code positive} class (when not null, of two) second.
     *
     * @param name the dataset's name: the file's
     * @throws DataException when {@code positive} is not one of exactly two classes
     */
    public Dataset dataset(String name, boolean asClasses, String positive) {
        dev.descent.ml.model.SparseRows rows = new dev.descent.ml.model.SparseRows(rows(), columns, rowStart, indices,
                values);
        List<String> names = featureNames(columns, zeroBased);
        if (!asClasses) {
            return Dataset.sparse(name, names, TARGET, rows, labels, List.of(), null, null);
        }
        java.util.TreeSet<Double> distinct = new java.util.TreeSet<>();
        for (double label : labels) {
            distinct.add(label == 0 ? 0.0 : label);
        }
        List<String> classes = new ArrayList<>();
        for (double value : distinct) {
            classes.add(className(value));
        }
        // --positive +1 names the class 1
        String chosen = positive != null && CsvDatasets.isNumber(positive) ? className(Double.parseDouble(positive))
                : positive;
        classes = Table.withPositive(classes, chosen, name);
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        int[] classOf = new int[rows()];
        double[] targets = new double[rows()];
        for (int i = 0; i < classOf.length; i++) {
            classOf[i] = index.get(className(labels[i] == 0 ? 0.0 : labels[i]));
            targets[i] = classOf[i];
        }
        return Dataset.sparse(name, names, TARGET, rows, targets, classes, classOf, null);
    }

    /** A label as a class name: a whole number without a decimal point ({@code 1}, not {@code 1.0}). */
    public static String className(double label) {
        return label == Math.rint(label) && Math.abs(label) < 1e15 ? Long.toString((long) label) : Double.toString(label);
    }

    private static double number(String text, String source, long line, int column, String what) {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataException(source + ":" + line + ":" + column + ": '" + text + "' is not " + what
                    + " (a finite number)");
        }
    }

    private static long whole(String text, String source, long line, int column, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new DataException(source + ":" + line + ":" + column + ": '" + text + "' is not " + what
                    + " (a whole number)");
        }
    }

    /** The whitespace-separated tokens of a line, each with its one-based column. */
    private static final class Tokens {
        private final String line;
        private int at;
        private int start;
        private int end;

        Tokens(String line) {
            this.line = line;
        }

        boolean next() {
            int i = at;
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == line.length()) {
                return false;
            }
            start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            end = i;
            at = i;
            return true;
        }

        String text() {
            return line.substring(start, end);
        }

        int column() {
            return start + 1;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SvmLight o && Arrays.equals(labels, o.labels) && Arrays.equals(rowStart, o.rowStart)
                && Arrays.equals(indices, o.indices) && Arrays.equals(values, o.values)
                && Arrays.equals(queryIds, o.queryIds) && columns == o.columns && zeroBased == o.zeroBased;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return "SvmLight[" + rows() + " rows, " + columns + " columns, " + nonzeros() + " stored]";
    }
}
