package dev.descent.ml.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads the lines of {@code in}, named {@code source} in messages.
     *
     * @throws DataException naming the source, line and column of what is wrong
     */
    public static SvmLight read(BufferedReader in, String source) throws IOException {
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
        boolean zeroBased = minIndex == 0;
        if (!zeroBased) {
            for (int e = 0; e < stored; e++) {
                indices[e]--;
            }
        }
        // scikit-learn's n_features: the largest index after the shift, plus one (1 for a file without features)
        int columns = maxIndex < 0 ? 1 : (int) (zeroBased ? maxIndex + 1 : maxIndex);
        return new SvmLight(Arrays.copyOf(labels, rows), Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(indices, stored),
                Arrays.copyOf(values, stored), anyQuery ? Arrays.copyOf(queries, rows) : null, columns, zeroBased);
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
