package dev.descent.ml.data;

import dev.descent.io.Printable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV table read as it comes: each column typed by its cells. A column whose every non-missing
 * cell is a number is numeric (missing cells NaN); any other is a column of categories, each cell
 * coded by its level (missing cells -1), the levels sorted as numbers when every one is a number and
 * as text otherwise, as scikit-learn's {@code OneHotEncoder} sorts them. Missing cells are the empty
 * cell and {@link TableOptions#missingMarkers()}.
 *
 * <p>The file is read twice, streaming: the first pass types the columns, the second fills them, so
 * a table of numbers is held as numbers and never as text. Cells are checked as
 * {@link CsvDatasets#number} checks them: a number beyond a double's range ({@code 1e400}) and
 * {@code Infinity} are refused with their file, line and column, rather than turning a numeric column
 * into categories; a categorical feature with more distinct values than
 * {@link TableOptions#maxCategories()} (an identifier, a name, free text) is refused with its count
 * and the flags that drop it or allow it.
 */
public final class Table {

    /** A column of the table. */
    public sealed interface Column permits NumericColumn, TextColumn {
        /** Its name in the header. */
        String name();

        /** Its 1-based place in the file's header, for messages. */
        int place();

        /** How many of its cells are missing. */
        int missing();
    }

    /**
     * A column of numbers.
     *
     * @param values one per row, NaN where the cell is missing
     */
    public record NumericColumn(String name, int place, double[] values, int missing) implements Column {}

    /**
     * A column of categories.
     *
     * @param codes one per row, the index of its level, -1 where the cell is missing
     * @param levels the distinct values, sorted (as numbers when all are)
     */
    public record TextColumn(String name, int place, int[] codes, List<String> levels, int missing) implements Column {}

    /** Opens the text again for the second pass. */
    @FunctionalInterface
    public interface Source {
        /** A reader from the start of the text. */
        Reader open() throws IOException;
    }

    private final String source;
    private final String name;
    private final List<String> header;
    private final List<Column> columns;
    private final long[] lines;
    private final String targetName;
    private final TableOptions options;

    private Table(String source, String name, List<String> header, List<Column> columns, long[] lines, String targetName,
                  TableOptions options) {
        this.source = source;
        this.name = name;
        this.header = List.copyOf(header);
        this.columns = List.copyOf(columns);
        this.lines = lines;
        this.targetName = targetName;
        this.options = options;
    }

    /** Reads a CSV file. */
    public static Table read(Path file, TableOptions options) throws IOException {
        if (!Files.exists(file)) {
            throw new DataException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            // the file is read twice (to type the columns, then to fill them), which a pipe cannot give
            throw new DataException(file + ": not a regular file; descent reads a table twice, so give a file rather "
                    + "than a pipe or a device");
        }
        try {
            return read(() -> Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString(),
                    file.getFileName().toString(), options);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
    }

    /**
     * Rows given in Java, each a map from column name to cell text (a missing key is an empty cell),
     * read as a CSV file of them would be: the columns in the order they first appear.
     *
     * @param name the rows' name in messages
     */
    public static Table of(String name, List<Map<String, String>> rows, TableOptions options) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        rows.forEach(row -> names.addAll(row.keySet()));
        java.io.StringWriter text = new java.io.StringWriter();
        try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(text,
                org.apache.commons.csv.CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            printer.printRecord(names);
            for (Map<String, String> row : rows) {
                List<String> cells = new ArrayList<>();
                names.forEach(column -> cells.add(row.getOrDefault(column, "")));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String csv = text.toString();
        try {
            return read(() -> new java.io.StringReader(csv), name, name, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads CSV text, twice: once to type the columns, once to fill them.
     *
     * @param source the file, named in messages
     * @param name the table's short name
     */
    public static Table read(Source text, String source, String name, TableOptions options) throws IOException {
        List<String> header;
        boolean[] numeric;
        int[] kept;
        String targetName;
        try (Reader reader = text.open(); CSVParser parser = CsvDatasets.open(reader, source)) {
            header = parser.getHeaderNames();
            long headerLine = parser.getCurrentLineNumber();
            if (header.isEmpty()) {
                throw new DataException(source + ": no header row (the file is empty)");
            }
            targetName = options.target() != null ? options.target() : defaultTarget(header, options);
            kept = keptColumns(header, headerLine, source, targetName, options);
            numeric = new boolean[header.size()];
            int weightColumn = options.weight() == null ? -1 : header.indexOf(options.weight());
            for (int column : kept) {
                numeric[column] = !options.categorical().contains(header.get(column));
            }
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                checkWidth(record, header, source, line);
                for (int column : kept) {
                    String cell = record.get(column);
                    if (column == weightColumn) {
                        checkWeight(cell, source, line, column, options);
                        continue;
                    }
                    if (!numeric[column] || options.isMissing(cell)) {
                        continue;
                    }
                    if (!isNumberCell(cell, source, line, column)) {
                        if (options.numeric().contains(header.get(column))) {
                            throw new DataException(source + ":" + line + ":" + (column + 1) + ": " + Printable.quote(cell)
                                    + " is not a number (the model reads " + Printable.quote(header.get(column))
                                    + " as numbers)");
                        }
                        numeric[column] = false;
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw CsvDatasets.refusal(e.getCause(), source);
        }
        Table table = fill(text, source, name, header, numeric, kept, targetName, options);
        List<String> gaps = table.gaps();
        if (options.refuseMissing() && !gaps.isEmpty()) {
            throw new DataException(source + ": missing cells, which --missing error refuses: " + String.join("; ", gaps));
        }
        return table;
    }

    /** The last column that is not the weight column: the target when none is named. */
    public static String defaultTarget(List<String> header, TableOptions options) {
        for (int column = header.size() - 1; column >= 0; column--) {
            if (!header.get(column).equals(options.weight())) {
                return header.get(column);
            }
        }
        return header.get(header.size() - 1);
    }

    /**
     * The columns read, as places in {@code header}, sorted: all but the dropped, or the chosen
     * features and the target (and the weight column); unknown names refused, at {@code source:line}.
     */
    public static int[] keptColumns(List<String> header, long line, String source, String target, TableOptions options) {
        // a trained model's read (numeric columns named) names its own inputs; a user's names are checked first
        boolean forModel = options.forModel();
        List<String> named = new ArrayList<>(options.drop());
        if (!forModel) {
            named.addAll(options.categorical());
            if (options.features() != null) {
                named.addAll(options.features());
            }
        }
        for (String column : named) {
            if (!header.contains(column)) {
                throw new DataException(source + ":" + line + ": no column " + Printable.quote(column) + " (columns: "
                        + CsvDatasets.listed(header) + ")");
            }
        }
        if (options.target() != null && !header.contains(target) && !forModel) {
            throw new DataException(source + ":" + line + ": no target column " + Printable.quote(target) + " (columns: "
                    + CsvDatasets.listed(header) + ")");
        }
        String weight = options.weight();
        if (weight != null) {
            if (!header.contains(weight)) {
                throw new DataException(source + ":" + line + ": no weight column " + Printable.quote(weight)
                        + " (columns: " + CsvDatasets.listed(header) + ")");
            }
            if (weight.equals(target)) {
                throw new DataException(source + ":" + line + ": " + Printable.quote(weight) + " is the target; the weights "
                        + "need a column of their own");
            }
            if (options.categorical().contains(weight)) {
                throw new DataException(source + ":" + line + ": " + Printable.quote(weight) + " holds the weights, "
                        + "numbers, not categories");
            }
            if (options.drop().contains(weight)) {
                throw new DataException(source + ":" + line + ": " + Printable.quote(weight) + " holds the weights, which "
                        + "cannot be dropped");
            }
        }
        if (options.drop().contains(target)) {
            throw new DataException(source + ":" + line + ": " + Printable.quote(target) + " is the target, which cannot be "
                    + "dropped");
        }
        List<Integer> kept = new ArrayList<>();
        if (options.features() != null) {
            for (String feature : options.features()) {
                int column = header.indexOf(feature);
                if (column < 0) {
                    throw new DataException(source + ":" + line + ": no column " + Printable.quote(feature)
                            + (forModel ? ", which the model reads" : "") + " (columns: " + CsvDatasets.listed(header) + ")");
                }
                if (!feature.equals(target)) {
                    kept.add(column);
                }
            }
            if (header.contains(target)) {
                kept.add(header.indexOf(target));
            }
            if (weight != null && !options.features().contains(weight)) {
                kept.add(header.indexOf(weight));
            }
        } else {
            for (int column = 0; column < header.size(); column++) {
                if (!options.drop().contains(header.get(column))) {
                    kept.add(column);
                }
            }
        }
        if (kept.size() < 2 && !forModel) {
            throw new DataException(source + ":" + line + ": a dataset needs at least one feature column and a target "
                    + "column, " + (header.size() < 2 ? "the header has " + header.size() + " column"
                    + (header.size() == 1 ? "" : "s") : "and only the target is left"));
        }
        return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** A weight cell is a finite number at least 0; anything else is refused where it is. */
    private static void checkWeight(String cell, String source, long line, int column, TableOptions options) {
        String place = source + ":" + line + ":" + (column + 1);
        if (options.isMissing(cell)) {
            throw new DataException(place + ": the weight is missing");
        }
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(place + ": " + Printable.quote(cell) + " is not a weight (a number at least 0)");
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new DataException(place + ": " + Printable.quote(cell) + " is not a weight (a finite number at least 0)");
        }
    }

    private static void checkWidth(CSVRecord record, List<String> header, String source, long line) {
        if (record.size() != header.size()) {
            throw new DataException(source + ":" + line + ": the row has " + record.size() + " fields, the header "
                    + header.size());
        }
    }

    /**
     * Whether a non-missing cell is a number; a number beyond a double's range and an infinity are
     * refused rather than read as text.
     */
    private static boolean isNumberCell(String cell, String source, long line, int column) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return false;
        }
        if (!Double.isFinite(value)) {
            CsvDatasets.number(cell, source + ":" + line + ":" + (column + 1));
        }
        return true;
    }

    /** The second pass: numbers into doubles, categories into codes of their sorted levels. */
    private static Table fill(Source text, String source, String name, List<String> header, boolean[] numeric, int[] kept,
                              String targetName, TableOptions options) throws IOException {
        int width = kept.length;
        double[][] values = new double[width][];
        int[][] codes = new int[width][];
        List<Map<String, Integer>> levels = new ArrayList<>();
        int[] missing = new int[width];
        int[] sizes = new int[width];
        long[] lines = new long[1024];
        int rows = 0;
        for (int k = 0; k < width; k++) {
            levels.add(new HashMap<>());
            if (numeric[kept[k]]) {
                values[k] = new double[1024];
            } else {
                codes[k] = new int[1024];
            }
        }
        try (Reader reader = text.open(); CSVParser parser = CsvDatasets.open(reader, source)) {
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                checkWidth(record, header, source, line);
                if (rows == lines.length) {
                    lines = Arrays.copyOf(lines, 2 * rows);
                }
                lines[rows] = line;
                for (int k = 0; k < width; k++) {
                    int column = kept[k];
                    String cell = record.get(column);
                    boolean absent = options.isMissing(cell);
                    missing[k] += absent ? 1 : 0;
                    if (values[k] != null) {
                        if (rows == values[k].length) {
                            values[k] = Arrays.copyOf(values[k], 2 * rows);
                        }
                        values[k][rows] = absent ? Double.NaN : Double.parseDouble(cell);
                        continue;
                    }
                    if (rows == codes[k].length) {
                        codes[k] = Arrays.copyOf(codes[k], 2 * rows);
                    }
                    if (absent) {
                        codes[k][rows] = -1;
                        continue;
                    }
                    Map<String, Integer> seen = levels.get(k);
                    Integer code = seen.get(cell);
                    if (code == null) {
                        code = seen.size();
                        seen.put(cell, code);
                    }
                    codes[k][rows] = code;
                    sizes[k] = seen.size();
                }
                rows++;
            }
        } catch (UncheckedIOException e) {
            throw CsvDatasets.refusal(e.getCause(), source);
        }
        if (rows == 0) {
            throw new DataException(source + ": no data rows after the header");
        }
        List<String> crowded = new ArrayList<>();
        for (int k = 0; k < width; k++) {
            String column = header.get(kept[k]);
            if (values[k] == null && levels.get(k).size() > options.maxCategories() && !column.equals(targetName)) {
                crowded.add(column + "' has " + levels.get(k).size());
            }
        }
        if (!crowded.isEmpty()) {
            throw tooManyCategories(source, crowded, options.maxCategories());
        }
        List<Column> columns = new ArrayList<>();
        for (int k = 0; k < width; k++) {
            int column = kept[k];
            if (values[k] != null) {
                columns.add(new NumericColumn(header.get(column), column + 1, Arrays.copyOf(values[k], rows), missing[k]));
            } else {
                columns.add(sortedLevels(header.get(column), column + 1, Arrays.copyOf(codes[k], rows), levels.get(k),
                        missing[k]));
            }
        }
        return new Table(source, name, header, columns, Arrays.copyOf(lines, rows), targetName, options);
    }

    /**
     * The refusal of text columns with more distinct values than one-hot encoding takes, each with its count.
     *
     * @param crowded each column as {@code name' has N}
     */
    public static DataException tooManyCategories(String source, List<String> crowded, int max) {
        List<String> names = new ArrayList<>();
        crowded.forEach(c -> names.add(c.substring(0, c.indexOf('\''))));
        return new DataException(source + ": column" + (crowded.size() == 1 ? " '" : "s '") + String.join(
                " distinct values, '", crowded) + " distinct values that are not numbers, too many to one-hot encode "
                + "(at most " + max + "; an identifier, a name or free text?): --drop " + String.join(",", names)
                + " leaves " + (crowded.size() == 1 ? "it" : "them") + " out, --max-categories N allows more");
    }

    /** The column with its codes renumbered to its levels in sorted order: as numbers when all are, else as text. */
    private static TextColumn sortedLevels(String name, int place, int[] codes, Map<String, Integer> seen, int missing) {
        int[] renumber = new int[seen.size()];
        List<String> levels = sortedLevels(seen.keySet());
        for (int k = 0; k < levels.size(); k++) {
            renumber[seen.get(levels.get(k))] = k;
        }
        for (int i = 0; i < codes.length; i++) {
            codes[i] = codes[i] < 0 ? -1 : renumber[codes[i]];
        }
        return new TextColumn(name, place, codes, levels, missing);
    }

    /** Distinct levels sorted as a column's are: as numbers when every one is a number, else as text. */
    public static List<String> sortedLevels(java.util.Collection<String> distinct) {
        boolean allNumbers = !distinct.isEmpty() && distinct.stream().allMatch(CsvDatasets::isNumber);
        java.util.TreeSet<String> sorted = new java.util.TreeSet<>(allNumbers
                ? (a, b) -> {
                    int byValue = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
                    return byValue != 0 ? byValue : a.compareTo(b);
                }
                : String::compareTo);
        sorted.addAll(distinct);
        return new ArrayList<>(sorted);
    }

    /**
     * The classes in the order a model numbers them: {@code classes} as sorted, but with
     * {@code positive} (when not null) second, as class 1.
     *
     * @throws DataException when {@code positive} is not one of exactly two classes
     */
    public static List<String> withPositive(List<String> classes, String positive, String source) {
        if (positive == null) {
            return classes;
        }
        int index = classes.indexOf(positive);
        if (index < 0 || classes.size() != 2) {
            throw new DataException(source + ": the positive class " + Printable.quote(positive) + " is "
                    + (index < 0 ? "not" : "one of more than two") + " of the target's classes ("
                    + String.join(", ", classes) + ")");
        }
        return index == 0 ? List.of(classes.get(1), classes.get(0)) : classes;
    }

    /**
     * The target column's values.
     *
     * @param values one per row: the number, or the class index; NaN where the cell is missing
     * @param labels one class index per row (-1 where missing), or null for a numeric target
     * @param classes the class names in index order, or empty for a numeric target
     * @param missing the rows whose target is missing
     */
    public record Target(double[] values, int[] labels, List<String> classes, int missing) {}

    /**
     * The target: numbers when every present cell is one and {@code asClasses} is false, else
     * classes, sorted as numbers when all are ({@code 0, 1, 10}, written without a decimal point)
     * and as text otherwise; two classes with {@link TableOptions#positive()} put the positive one
     * second, as class 1.
     *
     * @throws DataException when the file has no target column
     */
    public Target target(boolean asClasses) {
        Column column = target();
        if (column == null) {
            throw new DataException(source + ": no target column " + Printable.quote(targetName) + " (columns: "
                    + CsvDatasets.listed(header) + ")");
        }
        int rows = rows();
        double[] values = new double[rows];
        if (column instanceof NumericColumn numbers && !asClasses) {
            System.arraycopy(numbers.values(), 0, values, 0, rows);
            return new Target(values, null, List.of(), column.missing());
        }
        int[] labels = new int[rows];
        List<String> classes;
        if (column instanceof NumericColumn numbers) {
            java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
            String[] text = new String[rows];
            for (int i = 0; i < rows; i++) {
                double value = numbers.values()[i];
                text[i] = Double.isNaN(value) ? null : Double.toString(value);
                if (text[i] != null) {
                    distinct.add(text[i]);
                }
            }
            Map<String, Integer> index = CsvDatasets.classIndex(distinct, true);
            classes = CsvDatasets.classNames(index, true);
            for (int i = 0; i < rows; i++) {
                labels[i] = text[i] == null ? -1 : index.get(text[i]);
            }
        } else {
            TextColumn codes = (TextColumn) column;
            classes = codes.levels();
            System.arraycopy(codes.codes(), 0, labels, 0, rows);
        }
        List<String> ordered = withPositive(classes, options.positive(), source);
        if (ordered != classes) {
            // the positive class is class 1, whatever its place in sorted order
            classes = ordered;
            for (int i = 0; i < rows; i++) {
                labels[i] = labels[i] < 0 ? -1 : 1 - labels[i];
            }
        }
        for (int i = 0; i < rows; i++) {
            values[i] = labels[i] < 0 ? Double.NaN : labels[i];
        }
        return new Target(values, labels, classes, column.missing());
    }

    /** Where the rows came from, named in messages. */
    public String source() {
        return source;
    }

    /** The table's short name (the file name). */
    public String name() {
        return name;
    }

    /** Every column of the file's header, read or not. */
    public List<String> header() {
        return header;
    }

    /** The columns read, in the file's order, the target among them when the file has it. */
    public List<Column> columns() {
        return columns;
    }

    /** The column of this name, or null. */
    public Column column(String column) {
        for (Column c : columns) {
            if (c.name().equals(column)) {
                return c;
            }
        }
        return null;
    }

    /** The target column's name. */
    public String targetName() {
        return targetName;
    }

    /** The target column, or null when the file has none (rows to predict). */
    public Column target() {
        return column(targetName);
    }

    /** The feature columns: every column read but the target. */
    public List<Column> features() {
        return columns.stream().filter(c -> !c.name().equals(targetName) && !c.name().equals(options.weight())).toList();
    }

    /** Each row's weight from the weight column ({@link TableOptions#weight()}), or null without one. */
    public double[] weights() {
        if (options.weight() == null) {
            return null;
        }
        return ((NumericColumn) column(options.weight())).values().clone();
    }

    /** The options it was read with. */
    public TableOptions options() {
        return options;
    }

    /** The number of rows. */
    public int rows() {
        return lines.length;
    }

    /** The line of the file that holds row {@code row}. */
    public long line(int row) {
        return lines[row];
    }

    /** {@code source:line:place}, where a cell of {@code column} in {@code row} is. */
    public String place(int row, Column column) {
        return source + ":" + lines[row] + ":" + column.place();
    }

    /** The rows at {@code indices}, in that order, with the same columns and levels. */
    public Table rows(int[] indices) {
        List<Column> picked = new ArrayList<>();
        for (Column column : columns) {
            int missing = 0;
            if (column instanceof NumericColumn numbers) {
                double[] values = new double[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    values[i] = numbers.values()[indices[i]];
                    missing += Double.isNaN(values[i]) ? 1 : 0;
                }
                picked.add(new NumericColumn(numbers.name(), numbers.place(), values, missing));
            } else {
                TextColumn text = (TextColumn) column;
                int[] codes = new int[indices.length];
                for (int i = 0; i < indices.length; i++) {
                    codes[i] = text.codes()[indices[i]];
                    missing += codes[i] < 0 ? 1 : 0;
                }
                picked.add(new TextColumn(text.name(), text.place(), codes, text.levels(), missing));
            }
        }
        long[] pickedLines = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            pickedLines[i] = lines[indices[i]];
        }
        return new Table(source, name, header, picked, pickedLines, targetName, options);
    }

    /**
     * The columns with gaps and how many each has, for {@code --missing error}: every one at once,
     * each with the place of its first gap.
     */
    public List<String> gaps() {
        List<String> gaps = new ArrayList<>();
        for (Column column : features()) {
            if (column.missing() == 0) {
                continue;
            }
            int first = 0;
            while (!missingAt(column, first)) {
                first++;
            }
            gaps.add(Printable.quote(column.name()) + ": " + column.missing() + " missing (the first at "
                    + place(first, column) + ")");
        }
        return gaps;
    }

    /** Whether the cell of {@code column} in {@code row} is missing. */
    public static boolean missingAt(Column column, int row) {
        return column instanceof NumericColumn numbers ? Double.isNaN(numbers.values()[row])
                : ((TextColumn) column).codes()[row] < 0;
    }

    /** The names of the columns read, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    @Override
    public String toString() {
        return name + " (" + rows() + " rows, " + columns.size() + " columns)";
    }
}
