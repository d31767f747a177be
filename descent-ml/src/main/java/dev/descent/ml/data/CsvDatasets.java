package dev.descent.ml.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a dataset from CSV (Apache Commons CSV): a header row, numeric features, and one target
 * column chosen by name (the last column by default). A target with any non-numeric value is
 * categorical: its distinct values, sorted, become the classes. A numeric target can be read as
 * classes too ({@code asClasses}), as digits' 0-9 are. Errors name the file, line and column:
 * {@code digits.csv:17:5: 'abc' is not a number}; a missing target column lists the columns;
 * ragged rows are refused.
 */
public final class CsvDatasets {
    private CsvDatasets() {}

    /** The built-in datasets: copies of the classic sklearn tables shipped in this library. */
    public static final List<String> BUILT_IN = List.of("iris", "breast_cancer", "digits", "diabetes");

    /**
     * A built-in dataset by name.
     *
     * @param target the target column, or null for the last
     * @param asClasses read a numeric target as class labels
     */
    public static Dataset builtIn(String name, String target, boolean asClasses) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!BUILT_IN.contains(key)) {
            throw new DataException("unknown dataset '" + name + "' (built in: " + String.join(", ", BUILT_IN)
                    + "; or give a CSV file)");
        }
        String resource = "/dev/descent/ml/data/" + key + ".csv";
        try (InputStream in = CsvDatasets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), key + ".csv", key, target, asClasses);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a built-in dataset's target is naturally a class label (iris, breast_cancer, digits). */
    public static boolean isClassification(String builtInName) {
        return !builtInName.equalsIgnoreCase("diabetes");
    }

    /** Reads a CSV file. */
    public static Dataset read(Path file, String target, boolean asClasses) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString(), file.getFileName().toString(), target, asClasses);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
    }

    /**
     * Reads the named feature columns of a CSV file, in that order, ignoring any others (for
     * prediction); the rows get no target. A missing column is refused, listing the columns.
     */
    public static Dataset readFeatures(Path file, List<String> featureNames) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            int[] columns = new int[featureNames.size()];
            for (int k = 0; k < columns.length; k++) {
                columns[k] = header.indexOf(featureNames.get(k));
                if (columns[k] < 0) {
                    throw new DataException(file + ":1: no column '" + featureNames.get(k) + "' (columns: "
                            + String.join(", ", header) + ")");
                }
            }
            List<double[]> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw new DataException(file + ":" + line + ": the row has " + record.size() + " fields, the header "
                            + header.size());
                }
                double[] row = new double[columns.length];
                for (int k = 0; k < columns.length; k++) {
                    row[k] = number(record.get(columns[k]), file.toString(), line, columns[k]);
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new DataException(file + ": no data rows after the header");
            }
            double[] x = new double[rows.size() * columns.length];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, x, i * columns.length, columns.length);
            }
            return new Dataset(file.getFileName().toString(), featureNames, "(none)", x, new double[rows.size()], List.of(),
                    null);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (UncheckedIOException e) {
            throw new DataException(file + ": " + e.getCause().getMessage());
        }
    }

    /**
     * Checks CSV text as {@link #read} does, keeping no rows: the same refusals with the same
     * places ({@code source:line:column}). Engines that read the rows elsewhere call it to locate a
     * problem they found.
     */
    public static void check(Reader reader, String source, String target) throws IOException {
        parse(reader, source, source, target, false, false);
    }

    static Dataset parse(Reader reader, String source, String name, String target, boolean asClasses) throws IOException {
        return parse(reader, source, name, target, asClasses, true);
    }

    private static Dataset parse(Reader reader, String source, String name, String target, boolean asClasses,
                                 boolean keep) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.size() < 2) {
                throw new DataException(source + ":1: a dataset needs at least one feature column and a target column, the "
                        + "header has " + header.size() + " column" + (header.size() == 1 ? "" : "s"));
            }
            String targetName = target == null ? header.get(header.size() - 1) : target;
            int targetColumn = header.indexOf(targetName);
            if (targetColumn < 0) {
                throw new DataException(source + ":1: no target column '" + targetName + "' (columns: "
                        + String.join(", ", header) + ")");
            }
            List<String> featureNames = new ArrayList<>(header);
            featureNames.remove(targetColumn);
            List<double[]> rows = new ArrayList<>();
            List<String> rawTargets = new ArrayList<>();
            boolean numericTarget = true;
            long line = 1;
            for (CSVRecord record : parser) {
                line = parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw new DataException(source + ":" + line + ": the row has " + record.size() + " fields, the header "
                            + header.size());
                }
                double[] row = new double[featureNames.size()];
                int k = 0;
                for (int column = 0; column < header.size(); column++) {
                    String text = record.get(column);
                    if (column == targetColumn) {
                        if (text.isEmpty()) {
                            throw new DataException(source + ":" + line + ":" + (column + 1) + ": the target is empty");
                        }
                        if (keep) {
                            rawTargets.add(text);
                            numericTarget &= isNumber(text);
                        }
                        continue;
                    }
                    row[k++] = number(text, source, line, column);
                }
                if (keep) {
                    rows.add(row);
                }
            }
            if (keep && rows.isEmpty()) {
                throw new DataException(source + ": no data rows after the header");
            }
            return !keep ? null : assemble(name, featureNames, targetName, rows, rawTargets, numericTarget, asClasses);
        } catch (UncheckedIOException e) {
            throw new DataException(source + ": " + e.getCause().getMessage());
        } catch (IllegalArgumentException e) {
            if (e instanceof DataException) {
                throw e;
            }
            throw new DataException(source + ": " + e.getMessage());
        }
    }

    private static Dataset assemble(String name, List<String> featureNames, String targetName, List<double[]> rows,
                                    List<String> rawTargets, boolean numericTarget, boolean asClasses) {
        int n = rows.size();
        int d = featureNames.size();
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i), 0, x, i * d, d);
        }
        double[] y = new double[n];
        if (numericTarget && !asClasses) {
            for (int i = 0; i < n; i++) {
                y[i] = Double.parseDouble(rawTargets.get(i));
            }
            return new Dataset(name, featureNames, targetName, x, y, List.of(), null);
        }
        Map<String, Integer> index = classIndex(new TreeSet<>(rawTargets), numericTarget);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = index.get(rawTargets.get(i));
            y[i] = labels[i];
        }
        return new Dataset(name, featureNames, targetName, x, y, classNames(index, numericTarget), labels);
    }

    /**
     * The classes of a target's distinct values, each mapped to its index: sorted as numbers when
     * every value is one ({@code numeric}), else as text.
     */
    public static Map<String, Integer> classIndex(java.util.Collection<String> distinct, boolean numeric) {
        Map<String, Integer> index = new TreeMap<>(numeric ? (a, b) -> Double.compare(Double.parseDouble(a),
                Double.parseDouble(b)) : String::compareTo);
        for (String value : distinct) {
            index.put(value, 0);
        }
        List<String> classes = new ArrayList<>(index.keySet());
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        return index;
    }

    /** The class names of {@link #classIndex}, by index: whole numbers without a decimal point. */
    public static List<String> classNames(Map<String, Integer> index, boolean numeric) {
        List<String> names = new ArrayList<>();
        for (String c : index.keySet()) {
            names.add(numeric ? trimNumber(c) : c);
        }
        return names;
    }

    private static String trimNumber(String text) {
        double value = Double.parseDouble(text);
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : text;
    }

    /** Whether a target cell reads as a finite number. */
    public static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String text, String source, long line, int column) {
        return number(text, source + ":" + line + ":" + (column + 1));
    }

    /**
     * A feature cell as a number, or the refusal {@code place: 'text' is not a number} (or not a
     * finite one).
     */
    public static double number(String text, String place) {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new DataException(place + ": '" + text + "' is not a finite number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataException(place + ": '" + text + "' is not a number");
        }
    }
}
