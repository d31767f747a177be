package dev.descent.ml.data;

import dev.descent.io.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * The CSV dialect and its checks, the built-in tables, and the conventions of cells and classes that
 * {@link Table} (the one reader of CSV text) and the engines share: a header row, a target chosen by
 * name (the last column by default), classes sorted as numbers when all are. Errors name the file,
 * line and column; a missing column lists the columns; ragged rows are refused. The text is UTF-8, with or without a byte-order mark, with LF or CRLF
 * line ends and RFC 4180 quoting; every column needs a name of its own. A number beyond a double's
 * range ({@code 1e400}) is refused, as are NaN and Infinity; one below it rounds to 0, as NumPy's
 * does. Cells and names quoted in a message have their control characters escaped
 * ({@link Printable#quote}).
 */
public final class CsvDatasets {
    private CsvDatasets() {}

    /**
     * The dialect: RFC 4180 with a header row, cells trimmed, blank lines skipped. Commons CSV
     * accepts any header here, so that {@link #open} refuses a nameless or repeated column in
     * descent's words, with both places.
     */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).setIgnoreEmptyLines(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
            .setAllowMissingColumnNames(true).build();

    /** U+FEFF, which Excel and Notepad write at the start of a UTF-8 file. */
    private static final int BYTE_ORDER_MARK = 0xFEFF;

    /** Commons CSV's message for a quote left open at the end of the input. */
    private static final Pattern UNCLOSED = Pattern.compile("^\\(startline (.+?)\\) EOF reached");

    /** Commons CSV's message for text after a closing quote, before the delimiter. */
    private static final Pattern AFTER_QUOTE = Pattern.compile("^Invalid character between encapsulated token and "
            + "delimiter at line: (.+?), position");

    /**
     * The built-in datasets: copies of the classic sklearn tables shipped in this library, and the
     * Palmer penguins (R's palmerpenguins, CC0: 344 penguins, text columns and gaps as exported,
     * the species last).
     */
    public static final List<String> BUILT_IN = List.of("iris", "breast_cancer", "digits", "diabetes", "penguins");

    /**
     * A built-in dataset by name.
     *
     * @param target the target column, or null for the last
     * @param asClasses read a numeric target as class labels
     */
    public static Dataset builtIn(String name, String target, boolean asClasses) {
        try {
            return everyRow(builtInTable(name, TableOptions.defaults().target(target)), asClasses);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A built-in dataset by name, as a table read with {@code options}. */
    public static Table builtInTable(String name, TableOptions options) throws IOException {
        String key = name.toLowerCase(Locale.ROOT);
        if (!BUILT_IN.contains(key)) {
            throw new DataException("unknown dataset " + Printable.quote(name) + " (built in: " + String.join(", ", BUILT_IN)
                    + "; or give a CSV file)");
        }
        String resource = "/dev/descent/ml/data/" + key + ".csv";
        return Table.read(() -> {
            InputStream in = CsvDatasets.class.getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }, key + ".csv", key, options);
    }

    /** Every row of a table with a target, encoded as all of them teach (no split): for tests and tools. */
    private static Dataset everyRow(Table table, boolean asClasses) {
        return PreparedData.of(table, asClasses, 0, 0, 0).all();
    }

    /** Whether a built-in dataset's target is naturally a class label (iris, breast_cancer, digits). */
    public static boolean isClassification(String builtInName) {
        return !builtInName.equalsIgnoreCase("diabetes");
    }

    /**
     * Reads a CSV file as it comes ({@link Table}): text columns one-hot encoded, missing cells
     * filled in, rows without a target left out, every row teaching the encoding.
     */
    public static Dataset read(Path file, String target, boolean asClasses) throws IOException {
        return everyRow(Table.read(file, TableOptions.defaults().target(target)), asClasses);
    }

    /** What {@link #eachRow} hands on: the header, then every row's cells. */
    public interface RowVisitor {
        /** The header's names, first. */
        void header(List<String> names) throws IOException;

        /** A row's cells, in the header's order. */
        void row(List<String> cells) throws IOException;
    }

    /**
     * Every row of a CSV file as its cells, with the dialect and checks of {@link Table#read}: for a
     * command that copies the user's rows through (predictions beside the columns they came from).
     */
    public static void eachRow(Path file, RowVisitor visitor) throws IOException {
        String source = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = open(reader, source)) {
            List<String> header = parser.getHeaderNames();
            visitor.header(header);
            for (CSVRecord record : parser) {
                if (record.size() != header.size()) {
                    throw new DataException(source + ":" + parser.getCurrentLineNumber() + ": the row has " + record.size()
                            + " fields, the header " + header.size());
                }
                visitor.row(record.toList());
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (UncheckedIOException e) {
            throw refusal(e.getCause(), source);
        }
    }

    /**
     * A parser past the header row, whose names are checked: a leading byte-order mark is dropped
     * (else it would be part of the first name), and a nameless or repeated column is refused.
     */
    static CSVParser open(Reader reader, String source) throws IOException {
        CSVParser parser;
        try {
            parser = CSVParser.parse(withoutByteOrderMark(reader), FORMAT);
        } catch (CSVException | CharacterCodingException e) {
            throw refusal(e, source);
        } catch (UncheckedIOException e) {
            throw refusal(e.getCause(), source);
        }
        List<String> header = parser.getHeaderNames();
        long line = parser.getCurrentLineNumber();
        Map<String, Integer> first = new HashMap<>();
        for (int column = 0; column < header.size(); column++) {
            String name = header.get(column);
            DataException problem = null;
            if (name == null || name.isEmpty()) {
                problem = new DataException(source + ":" + line + ":" + (column + 1) + ": column " + (column + 1)
                        + " has no name");
            } else {
                Integer earlier = first.putIfAbsent(name, column);
                if (earlier != null) {
                    problem = new DataException(source + ":" + line + ": column " + Printable.quote(name)
                            + " appears twice (columns " + (earlier + 1) + " and " + (column + 1) + ")");
                }
            }
            if (problem != null) {
                parser.close();
                throw problem;
            }
        }
        return parser;
    }

    /** The reader without a leading U+FEFF, which UTF-8 decoding keeps as a character. */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != BYTE_ORDER_MARK) {
            pushback.unread(first);
        }
        return pushback;
    }

    /**
     * The refusal for a read that failed: Commons CSV's quoting errors reworded with their line,
     * text that is not UTF-8, or the reader's own message.
     */
    static DataException refusal(IOException e, String source) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher unclosed = UNCLOSED.matcher(message);
        if (unclosed.find()) {
            return new DataException(source + ":" + digits(unclosed.group(1))
                    + ": the quoted field that starts on this line has no closing quote");
        }
        Matcher afterQuote = AFTER_QUOTE.matcher(message);
        if (afterQuote.find()) {
            return new DataException(source + ":" + digits(afterQuote.group(1))
                    + ": text after the closing quote of a quoted field (a quote inside one is written twice: \"\")");
        }
        if (e instanceof CharacterCodingException) {
            return new DataException(source + ": the file is not UTF-8 text");
        }
        return new DataException(source + ": " + Printable.escape(message));
    }

    /** A line number as Commons CSV formats it ({@code %,d}: {@code 12,345} in English), digits only. */
    private static String digits(String formatted) {
        return formatted.replaceAll("[^0-9]", "");
    }

    /** Header names as a message lists them, each escaped. */
    public static String listed(List<String> names) {
        List<String> shown = new ArrayList<>(names.size());
        for (String name : names) {
            shown.add(Printable.escape(name));
        }
        return String.join(", ", shown);
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

    /**
     * What is wrong with a target cell, or null: it is empty, or a number beyond a double's range
     * (refused, since one overflowing value would otherwise make a numeric target categorical).
     */
    public static String targetProblem(String text) {
        if (text.isEmpty()) {
            return "the target is empty";
        }
        return outOfRange(text) ? tooLarge(text) : null;
    }

    /** Whether a target cell reads as a finite number. */
    public static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * A feature cell as a number, or the refusal {@code place: 'text' is not a number}, {@code ... is
     * not a finite number} (NaN, Infinity) or {@code ... is out of range for a double} ({@code 1e400}).
     * A number too small for a double ({@code 1e-400}) reads as 0 or a subnormal, the nearest double,
     * as Python's {@code float} and NumPy's {@code loadtxt} read it: rounding changes it by less than
     * 4.9e-324, while overflow would change it to infinity.
     */
    public static double number(String text, String place) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DataException(place + ": " + Printable.quote(text) + " is not a number");
        }
        if (Double.isInfinite(value) && !isInfinityLiteral(text)) {
            throw new DataException(place + ": " + tooLarge(text));
        }
        if (!Double.isFinite(value)) {
            throw new DataException(place + ": " + Printable.quote(text) + " is not a finite number");
        }
        return value;
    }

    /** Whether the text is a number whose magnitude a double cannot hold: infinite, but not the Infinity literal. */
    private static boolean outOfRange(String text) {
        try {
            return Double.isInfinite(Double.parseDouble(text)) && !isInfinityLiteral(text);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a text that reads as an infinite double says so ({@code Infinity}, {@code -Infinity}) rather than overflowing. */
    private static boolean isInfinityLiteral(String text) {
        return text.contains("Infinity");
    }

    private static String tooLarge(String text) {
        return Printable.quote(text) + " is out of range for a double (whose magnitude is at most 1.8e308)";
    }
}
