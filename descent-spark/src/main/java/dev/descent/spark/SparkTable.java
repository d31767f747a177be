package dev.descent.spark;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Table;
import dev.descent.ml.data.TableOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * A table Spark reads (a CSV file or folder with a header row, Parquet, or a {@code Dataset<Row>}
 * handed in) as numbered rows of cells, read as {@link Table#read} reads a file: the target chosen by
 * name (the last column by default), the columns kept, dropped and typed by the same
 * {@link TableOptions} (a column is numeric when every present cell is a number, else categories),
 * a weight column checked, a row without a target kept aside to be left out. A problem is reported
 * as local training reports it: for CSV the driver reads the file Spark named with
 * {@link Table#read} for its message with line and column; for other sources the file and column.
 *
 * <p>Rows are numbered in the order of their files' names, then of their place in the file (for a
 * {@code Dataset<Row>} without files, in partition order), whatever the number of input splits
 * Spark cuts the files into: so a split or a mini-batch picks the same rows on any cluster.
 */
final class SparkTable {
    /** The column name Spark's CSV reader puts a malformed line in. */
    private static final String CORRUPT = "_descent_corrupt_record";

    /**
     * A parsed row: its segment (file and split start), its feature cells (null where Spark read
     * none), target text, and a problem or null; {@code skipped} when its target is missing, so that
     * it is left out as local training leaves it out; its weight (1 without a weight column).
     */
    record Parsed(String file, long start, String[] cells, String target, String problem, boolean skipped,
                  double weight) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A run of consecutive rows of one input split, as a partition holds them.
     *
     * @param partition the partition of the parsed rows
     * @param file the file, or "" without files
     * @param start the split's first byte in the file, or the partition without files
     * @param rows the rows
     */
    record Segment(int partition, String file, long start, long rows) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a pass over one partition of parsed rows found: its segments (rows with a target), their
     * targets, the first problem, the rows without a target, and of each feature column whether every
     * present cell is a number, how many are missing and its distinct present cells (null once more
     * than {@code cap}).
     */
    record Summary(List<Segment> segments, Set<String> targets, boolean tooManyTargets, boolean numericTarget,
                   Parsed problem, long skipped, boolean[] numeric, long[] missing, List<Set<String>> distinct)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The most distinct target values kept for classes; a target with more is numeric or refused. */
    static final int MAX_CLASSES = 10_000;

    final String source;
    final boolean csv;
    final List<String> featureNames;
    final String targetName;
    final TableOptions options;
    final JavaRDD<Parsed> rows;

    private SparkTable(String source, boolean csv, List<String> featureNames, String targetName, TableOptions options,
                       JavaRDD<Parsed> rows) {
        this.source = source;
        this.csv = csv;
        this.featureNames = featureNames;
        this.targetName = targetName;
        this.options = options;
        this.rows = rows;
    }

    /**
     * Reads {@code path}: Parquet when it ends in {@code .parquet} or is a folder of Parquet files, else CSV.
     *
     * @param options how its columns are read, as {@link dev.descent.ml.data.Table#read} reads them (a
     *     test file for a trained model: {@link TableOptions#forModel})
     */
    static SparkTable read(SparkSession spark, String path, TableOptions options) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
        boolean parquet;
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.exists(file)) {
                throw new DataException(path + ": no such file, and not a built-in dataset (built in: "
                        + String.join(", ", CsvDatasets.BUILT_IN) + ")");
            }
            parquet = path.toLowerCase(Locale.ROOT).endsWith(".parquet");
            if (!parquet && fs.getFileStatus(file).isDirectory()) {
                for (FileStatus child : fs.listStatus(file)) {
                    parquet |= child.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".parquet");
                }
            }
        } catch (IOException e) {
            throw new DataException(path + ": " + e.getMessage());
        }
        if (parquet) {
            return of(spark.read().parquet(path), path, options, false);
        }
        Dataset<Row> header = spark.read().option("header", "true").csv(path);
        if (header.columns().length == 0) {
            throw new DataException(path + ": no header row");
        }
        List<StructField> fields = new ArrayList<>();
        for (String name : header.columns()) {
            fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
        Dataset<Row> table = spark.read().option("header", "true").option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT).option("ignoreLeadingWhiteSpace", "true")
                .option("ignoreTrailingWhiteSpace", "true")
                .schema(DataTypes.createStructType(fields)).csv(path);
        return of(table, path, options, true);
    }

    /** A table handed in; {@code source} names it in messages. */
    static SparkTable of(Dataset<Row> table, String source, TableOptions options, boolean csv) {
        List<String> columns = new ArrayList<>(Arrays.asList(table.columns()));
        columns.remove(CORRUPT);
        String targetName = options.target() == null ? Table.defaultTarget(columns, options) : options.target();
        int[] kept = Table.keptColumns(columns, 1, source, targetName, options);
        if (!columns.contains(targetName)) {
            throw new DataException(source + ":1: no target column '" + targetName + "' (columns: "
                    + CsvDatasets.listed(columns) + ")");
        }
        List<String> features = new ArrayList<>();
        for (int column : kept) {
            String name = columns.get(column);
            if (!name.equals(targetName) && !name.equals(options.weight())) {
                features.add(name);
            }
        }
        for (String name : columns) {
            DataType type = table.schema().apply(name).dataType();
            if (!(type instanceof NumericType) && !type.equals(DataTypes.StringType)) {
                throw new DataException(source + ": column '" + name + "' holds " + type.simpleString()
                        + " values, not numbers");
            }
        }
        List<Column> selected = new ArrayList<>();
        for (String name : features) {
            selected.add(functions.col("`" + name + "`"));
        }
        selected.add(functions.col("`" + targetName + "`"));
        String weight = options.weight();
        selected.add(weight == null ? functions.lit(null).cast(DataTypes.StringType) : functions.col("`" + weight + "`"));
        selected.add(functions.input_file_name());
        selected.add(functions.input_file_block_start());
        selected.add(csv ? functions.col(CORRUPT) : functions.lit(null).cast(DataTypes.StringType));
        JavaRDD<Row> raw = table.select(selected.toArray(new Column[0])).javaRDD();
        int d = features.size();
        String[] names = features.toArray(new String[0]);
        JavaRDD<Parsed> rows = raw.mapPartitionsWithIndex((partition, it) -> parse(partition, it, d, names, targetName,
                options), true).persist(StorageLevel.MEMORY_AND_DISK());
        return new SparkTable(source, csv, List.copyOf(features), targetName, options, rows);
    }

    /**
     * On an executor: the rows of one partition as cells, checked as {@link Table#read} checks them
     * (a number beyond a double's range refused, a text cell refused in a column the model reads as
     * numbers), a problem kept with its row instead of thrown.
     */
    private static Iterator<Parsed> parse(int partition, Iterator<Row> it, int d, String[] names, String targetName,
                                          TableOptions options) {
        List<Parsed> out = new ArrayList<>();
        while (it.hasNext()) {
            Row row = it.next();
            String file = row.getString(d + 2);
            long start = row.getLong(d + 3);
            if (file == null || file.isEmpty()) {
                file = "";
                start = partition;
            }
            if (!row.isNullAt(d + 4)) {
                out.add(new Parsed(file, start, null, null, "the row has a different number of fields than the header",
                        false, 1));
                continue;
            }
            String[] cells = new String[d];
            String problem = null;
            for (int j = 0; j < d && problem == null; j++) {
                Object cell = row.get(j);
                if (cell instanceof Number number) {
                    double value = number.doubleValue();
                    if (!Double.isFinite(value)) {
                        problem = "column '" + names[j] + "': " + value + " is not a finite number";
                    }
                    cells[j] = cell instanceof Double || cell instanceof Float ? Double.toString(value) : cell.toString();
                    continue;
                }
                String text = cell == null ? "" : cell.toString();
                cells[j] = text;
                if (options.isMissing(text)) {
                    continue;
                }
                try {
                    double value = Double.parseDouble(text);
                    if (!Double.isFinite(value)) {
                        CsvDatasets.number(text, "column '" + names[j] + "'");
                    }
                } catch (NumberFormatException e) {
                    if (options.numeric().contains(names[j])) {
                        problem = "column '" + names[j] + "': '" + text + "' is not a number (the model reads '" + names[j]
                                + "' as numbers)";
                    }
                } catch (DataException e) {
                    problem = e.getMessage();
                }
            }
            double weight = 1;
            if (problem == null && options.weight() != null) {
                Object cell = row.get(d + 1);
                String weightText = cell == null ? "" : cell.toString();
                String column = "column '" + options.weight() + "': ";
                if (options.isMissing(weightText)) {
                    problem = column + "the weight is missing";
                } else {
                    try {
                        weight = cell instanceof Number number ? number.doubleValue() : Double.parseDouble(weightText);
                        if (!Double.isFinite(weight) || weight < 0) {
                            problem = column + "'" + weightText + "' is not a weight (a finite number at least 0)";
                        }
                    } catch (NumberFormatException e) {
                        problem = column + "'" + weightText + "' is not a weight (a number at least 0)";
                    }
                }
            }
            Object target = row.get(d);
            String text = target == null ? "" : target.toString();
            boolean skipped = problem == null && options.isMissing(text);
            String targetProblem = problem == null && !skipped ? CsvDatasets.targetProblem(text) : null;
            if (targetProblem != null) {
                problem = "column '" + targetName + "': " + targetProblem;
            }
            out.add(new Parsed(file, start, problem == null ? cells : null, text, problem, skipped, weight));
        }
        return out.iterator();
    }

    /**
     * One pass: each partition's segments, distinct targets, first problem, rows without a target, and
     * its feature columns' types, gaps and up to {@code cap} distinct cells each (0 for none).
     */
    List<Summary> summaries(int cap) {
        int d = featureNames.size();
        TableOptions read = options;
        return rows.mapPartitionsWithIndex((partition, it) -> {
            List<Segment> segments = new ArrayList<>();
            Set<String> targets = new LinkedHashSet<>();
            boolean tooMany = false;
            boolean numericTarget = true;
            Parsed problem = null;
            String file = null;
            long start = -1;
            long count = 0;
            long skipped = 0;
            boolean[] numeric = new boolean[d];
            Arrays.fill(numeric, true);
            long[] missing = new long[d];
            List<Set<String>> distinct = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                distinct.add(cap > 0 ? new java.util.HashSet<>() : null);
            }
            while (it.hasNext()) {
                Parsed row = it.next();
                if (!row.file().equals(file) || row.start() != start) {
                    // every segment, even one without a row with a target, so that its place matches the blocks' pass
                    if (file != null) {
                        segments.add(new Segment(partition, file, start, count));
                    }
                    file = row.file();
                    start = row.start();
                    count = 0;
                }
                if (row.problem() != null) {
                    if (problem == null) {
                        problem = row;
                    }
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    String cell = row.cells()[j];
                    if (read.isMissing(cell)) {
                        missing[j]++;
                        continue;
                    }
                    numeric[j] &= CsvDatasets.isNumber(cell);
                    Set<String> seen = distinct.get(j);
                    if (seen != null && seen.add(cell) && seen.size() > cap) {
                        distinct.set(j, null);
                    }
                }
                if (row.skipped()) {
                    skipped++;
                    continue;
                }
                count++;
                numericTarget &= CsvDatasets.isNumber(row.target());
                if (!tooMany && targets.add(row.target()) && targets.size() > MAX_CLASSES) {
                    tooMany = true;
                    targets.clear();
                }
            }
            if (file != null) {
                segments.add(new Segment(partition, file, start, count));
            }
            return List.of(new Summary(segments, targets, tooMany, numericTarget, problem, skipped, numeric, missing,
                    distinct)).iterator();
        }, true).collect();
    }

    /** The distinct present cells of feature column {@code j}, counted in a distributed pass. */
    long distinctCells(int j) {
        TableOptions read = options;
        return rows.filter(row -> row.problem() == null && !read.isMissing(row.cells()[j]))
                .map(row -> row.cells()[j]).distinct().count();
    }

    /**
     * Refuses the table for {@code problem}: at its line and column when the file is CSV that
     * descent's checks can read, else with the file and column.
     */
    DataException refusal(SparkSession spark, Parsed problem) {
        String file = problem.file().isEmpty() ? source : problem.file();
        String shown = shown(file);
        DataException local = readLocally(spark, file, shown);
        return local != null ? local : new DataException(shown + ": " + problem.problem());
    }

    /**
     * The refusal {@link Table#read} gives {@code file} read on the driver with this table's options,
     * or null when it has none or the file is not CSV readable from the driver: for messages that
     * name the line, as local training's do.
     */
    DataException readLocally(SparkSession spark, String file, String shown) {
        try {
            readTable(spark, file, shown);
            return null;
        } catch (DataException e) {
            return e;
        }
    }

    /**
     * {@code file} read on the driver as {@link Table#read} reads it, or null when it is not one CSV
     * file readable from the driver.
     *
     * @throws DataException as {@link Table#read} refuses the file
     */
    private Table readTable(SparkSession spark, String file, String shown) {
        if (!csv || file.isEmpty()) {
            return null;
        }
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            FileSystem fs = path.getFileSystem(conf);
            if (fs.getFileStatus(path).isDirectory()) {
                return null;
            }
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
            return Table.read(() -> {
                InputStream in = codec == null ? fs.open(path) : codec.createInputStream(fs.open(path));
                return new InputStreamReader(in, StandardCharsets.UTF_8);
            }, shown, path.getName(), options);
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The file is not readable from the driver.
            return null;
        }
    }

    /**
     * Where the cell of {@code column} in row {@code row} (numbered among the rows with a target) is,
     * as local training places it ({@code file:line:column}) when the table is one CSV file the driver
     * can read; else the row's number.
     */
    String placeOf(SparkSession spark, long row, String column) {
        Table table = null;
        try {
            table = readTable(spark, source, source);
        } catch (DataException e) {
            // read by the executors; the driver's reading cannot place it
        }
        if (table != null && table.column(column) != null) {
            Table.Column target = table.target();
            long seen = 0;
            for (int i = 0; i < table.rows(); i++) {
                if (target != null && Table.missingAt(target, i)) {
                    continue;
                }
                if (seen++ == row) {
                    return table.place(i, table.column(column));
                }
            }
        }
        return source + ", row " + (row + 1) + ", column '" + column + "'";
    }

    /**
     * Refuses a negative count target of a Poisson model as local training does
     * ({@code LocalData.countsOnly}): at the first negative target's {@code file:line:column} when the
     * table is one CSV file the driver can read, else naming the table and the value.
     *
     * @throws DataException when a row's target is below 0
     */
    void countsOnly(SparkSession spark) {
        JavaRDD<Parsed> negative = rows.filter(row -> row.problem() == null && !row.skipped()
                && CsvDatasets.isNumber(row.target()) && Double.parseDouble(row.target()) < 0);
        if (negative.isEmpty()) {
            return;
        }
        String fits = "; a poisson model fits counts, which are at least 0";
        Table table = null;
        try {
            table = readTable(spark, source, source);
        } catch (DataException e) {
            // read by the executors; the driver's reading cannot place it
        }
        if (table != null && table.target() instanceof Table.NumericColumn counts) {
            double[] values = counts.values();
            for (int row = 0; row < values.length; row++) {
                if (values[row] < 0) {
                    throw new DataException(table.place(row, counts) + ": the target '" + table.targetName() + "' is "
                            + values[row] + fits);
                }
            }
        }
        throw new DataException(source + ": the target '" + targetName + "' is "
                + Double.parseDouble(negative.first().target()) + fits);
    }

    /** A file as the user knows it: a local path without its {@code file:} scheme. */
    static String shown(String file) {
        if (file.startsWith("file:")) {
            try {
                return java.nio.file.Path.of(java.net.URI.create(file)).toString();
            } catch (IllegalArgumentException e) {
                return file;
            }
        }
        return file;
    }

    void unpersist() {
        rows.unpersist(false);
    }
}
