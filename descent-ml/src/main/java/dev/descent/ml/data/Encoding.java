package dev.descent.ml.data;

import dev.descent.io.Printable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a table's columns become the numbers a model reads, learned from the training rows and kept
 * in the saved model, as scikit-learn's {@code ColumnTransformer} of a
 * {@code SimpleImputer(strategy='mean', add_indicator=True)} for the numeric columns and a
 * {@code OneHotEncoder(handle_unknown='ignore')} for the others does:
 *
 * <ul>
 *   <li>a numeric column is its value, a missing cell replaced by the column's mean over the
 *       training rows' present cells (unweighted); a column with gaps in the training rows adds an
 *       indicator column, 1 where the cell was missing ({@code rooms=(missing)}); a column without
 *       gaps in training that has some later is imputed the same way, without an indicator;
 *   <li>a column of categories is one 0/1 column per level seen in the training rows
 *       ({@code city=Paris}, no level dropped), with missing cells a level of their own, last
 *       ({@code city=(missing)}), when the training rows have any; a level not seen in training
 *       (missing cells included, when training had none) encodes as all zeros and is counted.
 * </ul>
 *
 * <p>Serializable only to travel to Spark's executors, which run the same build; its stored form is
 * the saved model's JSON.
 *
 * @param inputs the input columns, in the order of their encoded columns
 * @param missingMarkers the cells read as missing besides the empty cell, as the training file was read
 * @serial exclude
 */
public record Encoding(List<Input> inputs, Set<String> missingMarkers) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The name of a missing cell's level and of a numeric column's indicator. */
    public static final String MISSING = "(missing)";

    /** Copies. */
    public Encoding {
        inputs = List.copyOf(inputs);
        missingMarkers = Set.copyOf(missingMarkers);
        Set<String> names = new java.util.HashSet<>();
        for (Input input : inputs) {
            for (String output : input.outputs()) {
                if (!names.add(output)) {
                    throw new DataException("two encoded columns would be named " + Printable.quote(output)
                            + " (a column's level or missing-value indicator and another column of that name): rename "
                            + "the column, or --drop one of them");
                }
            }
        }
    }

    /** An input column and the encoded columns it becomes. */
    public sealed interface Input extends Serializable permits Numeric, Categorical {
        /** The column's name in the table. */
        String name();

        /** The names of its encoded columns. */
        List<String> outputs();
    }

    /**
     * A numeric column.
     *
     * @param mean the training rows' mean of its present cells, which fills a missing cell; NaN for
     *     a model saved before encodings, which refuses missing cells
     * @param indicator whether a 0/1 column marks the cells that were missing
     */
    public record Numeric(String name, double mean, boolean indicator) implements Input {
        private static final long serialVersionUID = 1L;

        @Override
        public List<String> outputs() {
            return indicator ? List.of(name, name + "=" + MISSING) : List.of(name);
        }
    }

    /**
     * A column of categories.
     *
     * @param levels the levels seen in the training rows, sorted
     * @param missingLevel whether missing cells are a level of their own (the training rows had some)
     */
    public record Categorical(String name, List<String> levels, boolean missingLevel) implements Input {
        private static final long serialVersionUID = 1L;

        /** Copies. */
        public Categorical {
            levels = List.copyOf(levels);
        }

        @Override
        public List<String> outputs() {
            List<String> outputs = new ArrayList<>();
            levels.forEach(level -> outputs.add(name + "=" + level));
            if (missingLevel) {
                outputs.add(name + "=" + MISSING);
            }
            return outputs;
        }
    }

    /**
     * An encoding learned from some rows, and what a user should know about it.
     *
     * @param encoding the encoding
     * @param notes columns left out, likely identifiers; empty when there is nothing to say
     */
    public record Fitted(Encoding encoding, List<String> notes) {}

    /**
     * Learns the encoding of {@code table}'s feature columns from the rows at {@code training}. A
     * column with no present cell in those rows is left out, and said so; a numeric column holding a
     * different whole number in each of 20 or more rows is named as a likely identifier.
     *
     * <p>A numeric column's training sum is taken blockwise: the present cells of each run of
     * {@link Standardizer.Moments#BLOCK_ROWS} consecutive training rows summed in row order, and the
     * block sums added in block order. A distributed engine sums its blocks of training rows where
     * they lie and adds the sums in block order on the driver ({@link #of}), so its means are these
     * to the last bit on any partitioning; a single running sum could not be split that way.
     */
    public static Fitted fit(Table table, int[] training) {
        List<Seen> columns = new ArrayList<>();
        for (Table.Column column : table.features()) {
            if (column instanceof Table.NumericColumn numbers) {
                double sum = 0;
                long present = 0;
                boolean gaps = false;
                for (int from = 0; from < training.length; from += Standardizer.Moments.BLOCK_ROWS) {
                    int to = Math.min(training.length, from + Standardizer.Moments.BLOCK_ROWS);
                    double block = 0;
                    for (int k = from; k < to; k++) {
                        double value = numbers.values()[training[k]];
                        if (Double.isNaN(value)) {
                            gaps = true;
                        } else {
                            block += value;
                            present++;
                        }
                    }
                    sum += block;
                }
                columns.add(Seen.numeric(column.name(), sum, present, gaps, looksLikeIdentifier(numbers)));
            } else {
                Table.TextColumn text = (Table.TextColumn) column;
                boolean[] seen = new boolean[text.levels().size()];
                boolean gaps = false;
                for (int row : training) {
                    int code = text.codes()[row];
                    if (code < 0) {
                        gaps = true;
                    } else {
                        seen[code] = true;
                    }
                }
                List<String> levels = new ArrayList<>();
                for (int k = 0; k < seen.length; k++) {
                    if (seen[k]) {
                        levels.add(text.levels().get(k));
                    }
                }
                columns.add(Seen.categorical(column.name(), levels, gaps));
            }
        }
        return of(columns, table.options().missingMarkers(), table.source());
    }

    /**
     * What the training rows hold of one feature column, all an encoding is learned from.
     *
     * @param name the column
     * @param numeric whether it is numeric (else categories)
     * @param sum a numeric column's training sum of present cells, blockwise as {@link #fit} takes it
     * @param present a numeric column's present cells in the training rows
     * @param gaps whether the training rows have a missing cell in it
     * @param levels a categorical column's levels seen in the training rows, sorted as the table sorts them
     * @param identifier whether a numeric column holds a different whole number in every row, 20 rows or more
     */
    public record Seen(String name, boolean numeric, double sum, long present, boolean gaps, List<String> levels,
                       boolean identifier) {
        /** Copies. */
        public Seen {
            levels = List.copyOf(levels);
        }

        /** A numeric column's facts. */
        public static Seen numeric(String name, double sum, long present, boolean gaps, boolean identifier) {
            return new Seen(name, true, sum, present, gaps, List.of(), identifier);
        }

        /** A categorical column's facts. */
        public static Seen categorical(String name, List<String> levels, boolean gaps) {
            return new Seen(name, false, 0, 0, gaps, levels, false);
        }
    }

    /**
     * The encoding learned from what the training rows hold of each feature column, in order, and the
     * notes about it, as {@link #fit} gives them: a numeric column's mean is {@code sum / present}.
     *
     * @param source the table, named when no column is left
     * @throws DataException when no feature column has a value in the training rows
     */
    public static Fitted of(List<Seen> columns, Set<String> missingMarkers, String source) {
        List<Input> inputs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Seen column : columns) {
            boolean empty = column.numeric() ? column.present() == 0 : column.levels().isEmpty() && !column.gaps();
            if (empty) {
                notes.add("column " + Printable.quote(column.name()) + " has no value in the training rows: left out");
                continue;
            }
            if (column.numeric()) {
                inputs.add(new Numeric(column.name(), column.sum() / column.present(), column.gaps()));
                if (column.identifier()) {
                    notes.add("column " + Printable.quote(column.name()) + " holds a different whole number in every "
                            + "row, likely an identifier: --drop " + column.name() + " leaves it out");
                }
            } else {
                inputs.add(new Categorical(column.name(), column.levels(), column.gaps()));
            }
        }
        if (inputs.isEmpty()) {
            throw new DataException(source + ": no feature column is left to learn from");
        }
        return new Fitted(new Encoding(inputs, missingMarkers), notes);
    }

    /** Whether every cell is present and a whole number, each different, in 20 rows or more. */
    private static boolean looksLikeIdentifier(Table.NumericColumn column) {
        double[] values = column.values();
        if (values.length < 20 || column.missing() > 0) {
            return false;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != Math.rint(sorted[i]) || i > 0 && sorted[i] == sorted[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** The encoding of a model saved before encodings: each feature a numeric column read as it is. */
    public static Encoding numeric(List<String> names) {
        List<Input> inputs = new ArrayList<>();
        names.forEach(name -> inputs.add(new Numeric(name, Double.NaN, false)));
        return new Encoding(inputs, TableOptions.DEFAULT_MISSING);
    }

    /** The options that read new rows for this encoding's model ({@link TableOptions#forModel}). */
    public TableOptions readOptions(String target) {
        return TableOptions.forModel(this, target, missingMarkers);
    }

    /** The encoded columns' names, in order: the model's features. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        inputs.forEach(input -> names.addAll(input.outputs()));
        return names;
    }

    /** The input columns' names, in order. */
    public List<String> inputNames() {
        return inputs.stream().map(Input::name).toList();
    }

    /** The names of the input columns of categories. */
    public Set<String> categoricalNames() {
        Set<String> names = new LinkedHashSet<>();
        inputs.stream().filter(Categorical.class::isInstance).forEach(input -> names.add(input.name()));
        return names;
    }

    /** The names of the numeric input columns. */
    public Set<String> numericNames() {
        Set<String> names = new LinkedHashSet<>();
        inputs.stream().filter(Numeric.class::isInstance).forEach(input -> names.add(input.name()));
        return names;
    }

    /** An encoder of single rows given as cells, as {@link #apply} encodes a table's. */
    public RowEncoder rowEncoder() {
        return new RowEncoder(this);
    }

    /**
     * Encodes rows given cell by cell, for an engine that reads rows where they lie (Spark's
     * executors): the same numbers {@link #apply} gives a table holding those cells. Serializable only
     * to travel to the executors, which run the same build.
     *
     * @serial exclude
     */
    public static final class RowEncoder implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Encoding encoding;
        private final List<Map<String, Integer>> levels = new ArrayList<>();
        private final int width;

        private RowEncoder(Encoding encoding) {
            this.encoding = encoding;
            for (Input input : encoding.inputs()) {
                Map<String, Integer> index = new HashMap<>();
                if (input instanceof Categorical categorical) {
                    for (int k = 0; k < categorical.levels().size(); k++) {
                        index.put(categorical.levels().get(k), k);
                    }
                }
                levels.add(index);
            }
            this.width = encoding.featureNames().size();
        }

        /** The encoded columns per row. */
        public int width() {
            return width;
        }

        /**
         * Encodes one row into {@code out[offset, offset + width())}, which holds zeros.
         *
         * @param cells input {@code k}'s cell at {@code k}: null, empty or a missing marker when missing;
         *     a numeric input's cell a number
         * @param counts {@code [imputed, unseen]}, added to: numeric cells filled with their mean,
         *     category cells of a level the training rows did not have
         * @return the first input whose cell was unseen, or -1
         * @throws DataException when a numeric cell is not a number, or a model saved before encodings
         *     meets a missing cell
         */
        public int encode(String[] cells, double[] out, int offset, long[] counts) {
            int firstUnseen = -1;
            int at = offset;
            for (int k = 0; k < encoding.inputs().size(); k++) {
                Input input = encoding.inputs().get(k);
                String cell = cells[k];
                boolean absent = cell == null || cell.isEmpty() || encoding.missingMarkers().contains(cell);
                if (input instanceof Numeric numeric) {
                    double value;
                    if (absent) {
                        if (Double.isNaN(numeric.mean())) {
                            throw new DataException("column " + Printable.quote(input.name()) + ": a cell is missing, "
                                    + "and the model (saved before descent filled gaps) has no mean to fill it with");
                        }
                        value = numeric.mean();
                        counts[0]++;
                    } else {
                        try {
                            value = Double.parseDouble(cell);
                        } catch (NumberFormatException e) {
                            throw new DataException("column " + Printable.quote(input.name()) + ": " + Printable.quote(cell)
                                    + " is not a number (the model reads " + Printable.quote(input.name()) + " as numbers)");
                        }
                    }
                    out[at] = value;
                    if (numeric.indicator()) {
                        out[at + 1] = absent ? 1 : 0;
                    }
                } else {
                    Categorical categorical = (Categorical) input;
                    Integer slot = absent ? (categorical.missingLevel() ? categorical.levels().size() : null)
                            : levels.get(k).get(cell);
                    if (slot != null) {
                        out[at + slot] = 1;
                    } else {
                        counts[1]++;
                        if (firstUnseen < 0) {
                            firstUnseen = k;
                        }
                    }
                }
                at += input.outputs().size();
            }
            return firstUnseen;
        }
    }

    /**
     * Rows encoded: row-major features, and what had to be filled in.
     *
     * @param features {@code rows x featureNames().size()}, row-major
     * @param imputed how many numeric cells were missing and took their column's mean
     * @param unseen how many category cells held a level the training rows did not have
     * @param firstUnseen where the first of them is and what it holds, or null
     */
    public record Encoded(double[] features, long imputed, long unseen, String firstUnseen) {}

    /**
     * Encodes every row of {@code table}, whose columns are matched by name.
     *
     * @throws DataException when the table lacks an input column, or a model saved before encodings
     *     meets a missing cell
     */
    public Encoded apply(Table table) {
        int width = featureNames().size();
        int rows = table.rows();
        double[] x = new double[rows * width];
        long imputed = 0;
        long unseen = 0;
        String firstUnseen = null;
        int offset = 0;
        for (Input input : inputs) {
            Table.Column column = table.column(input.name());
            if (column == null) {
                throw new DataException(table.source() + ": no column " + Printable.quote(input.name())
                        + ", which the model reads (columns: " + String.join(", ", table.header()) + ")");
            }
            if (input instanceof Numeric numeric) {
                if (!(column instanceof Table.NumericColumn numbers)) {
                    throw new DataException(table.source() + ": column " + Printable.quote(input.name())
                            + " holds text, the model reads numbers");
                }
                for (int i = 0; i < rows; i++) {
                    double value = numbers.values()[i];
                    boolean absent = Double.isNaN(value);
                    if (absent) {
                        if (Double.isNaN(numeric.mean())) {
                            throw new DataException(table.place(i, column) + ": the cell is missing, and the model (saved "
                                    + "before descent filled gaps) has no mean to fill it with");
                        }
                        value = numeric.mean();
                        imputed++;
                    }
                    x[i * width + offset] = value;
                    if (numeric.indicator()) {
                        x[i * width + offset + 1] = absent ? 1 : 0;
                    }
                }
            } else {
                Categorical categorical = (Categorical) input;
                Table.TextColumn text = (Table.TextColumn) column;
                int[] target = new int[text.levels().size()];
                Map<String, Integer> index = new HashMap<>();
                for (int k = 0; k < categorical.levels().size(); k++) {
                    index.put(categorical.levels().get(k), k);
                }
                for (int k = 0; k < target.length; k++) {
                    target[k] = index.getOrDefault(text.levels().get(k), -1);
                }
                int missingColumn = categorical.missingLevel() ? categorical.levels().size() : -1;
                for (int i = 0; i < rows; i++) {
                    int code = text.codes()[i];
                    int slot = code < 0 ? missingColumn : target[code];
                    if (slot >= 0) {
                        x[i * width + offset + slot] = 1;
                    } else {
                        unseen++;
                        if (firstUnseen == null) {
                            firstUnseen = table.place(i, column) + " " + (code < 0 ? "(a missing cell)"
                                    : Printable.quote(text.levels().get(code)));
                        }
                    }
                }
            }
            offset += input.outputs().size();
        }
        return new Encoded(x, imputed, unseen, firstUnseen);
    }
}
