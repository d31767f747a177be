package dev.descent.spark;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
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
 * handed in) as numbered rows of numbers: the target chosen by name (the last column by default),
 * every other column a feature. Cells are read as local training reads them
 * ({@link CsvDatasets#number}), and a problem is reported as local training reports it: for CSV the
 * driver finds the first bad line of the file Spark named by reading it with descent's own CSV
 * checks ({@code file:line:column: 'abc' is not a number}); for other sources the file and column.
 *
 * <p>Rows are numbered in the order of their files' names, then of their place in the file (for a
 * {@code Dataset<Row>} without files, in partition order), whatever the number of input splits
 * Spark cuts the files into: so a split or a mini-batch picks the same rows on any cluster.
 */
final class SparkTable {
    /** The column name Spark's CSV reader puts a malformed line in. */
    private static final String CORRUPT = "_descent_corrupt_record";

    /** A parsed row: its segment (file and split start), features, target text, and a problem or null. */
    record Parsed(String file, long start, double[] features, String target, String problem) implements Serializable {
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

    /** What a pass over one partition of parsed rows found. */
    record Summary(List<Segment> segments, Set<String> targets, boolean tooManyTargets, boolean numericTarget,
                   Parsed problem) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The most distinct target values kept for classes; a target with more is numeric or refused. */
    static final int MAX_CLASSES = 10_000;

    final String source;
    final boolean csv;
    final List<String> featureNames;
    final String targetName;
    final JavaRDD<Parsed> rows;

    private SparkTable(String source, boolean csv, List<String> featureNames, String targetName, JavaRDD<Parsed> rows) {
        this.source = source;
        this.csv = csv;
        this.featureNames = featureNames;
        this.targetName = targetName;
        this.rows = rows;
    }

    /**
     * Reads {@code path}: Parquet when it ends in {@code .parquet} or is a folder of Parquet files, else CSV.
     *
     * @param features the feature columns to read, in this order (a test file for a trained model), or null for all but the target
     */
    static SparkTable read(SparkSession spark, String path, String target, List<String> features) {
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
            return of(spark.read().parquet(path), path, target, false, features);
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
        return of(table, path, target, true, features);
    }

    /** A table handed in; {@code source} names it in messages. */
    static SparkTable of(Dataset<Row> table, String source, String target, boolean csv, List<String> wanted) {
        List<String> columns = new ArrayList<>(Arrays.asList(table.columns()));
        columns.remove(CORRUPT);
        String where = source + (csv ? ":1" : "");
        if (columns.size() < 2) {
            throw new DataException(where + ": a dataset needs at least one feature column and a target column, the "
                    + "header has " + columns.size() + " column" + (columns.size() == 1 ? "" : "s"));
        }
        String targetName = target == null ? columns.get(columns.size() - 1) : target;
        if (!columns.contains(targetName)) {
            throw new DataException(where + ": no target column '" + targetName + "' (columns: "
                    + String.join(", ", columns) + ")");
        }
        List<String> features = new ArrayList<>(columns);
        features.remove(targetName);
        if (wanted != null) {
            for (String name : wanted) {
                if (!features.contains(name)) {
                    throw new DataException(source + ": no column '" + name + "', which the model reads (columns: "
                            + String.join(", ", columns) + ")");
                }
            }
            features = new ArrayList<>(wanted);
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
        selected.add(functions.input_file_name());
        selected.add(functions.input_file_block_start());
        selected.add(csv ? functions.col(CORRUPT) : functions.lit(null).cast(DataTypes.StringType));
        JavaRDD<Row> raw = table.select(selected.toArray(new Column[0])).javaRDD();
        int d = features.size();
        String[] names = features.toArray(new String[0]);
        JavaRDD<Parsed> rows = raw.mapPartitionsWithIndex((partition, it) -> parse(partition, it, d, names, targetName),
                true).persist(StorageLevel.MEMORY_AND_DISK());
        return new SparkTable(source, csv, List.copyOf(features), targetName, rows);
    }

    /** On an executor: the rows of one partition as numbers, a problem kept with its row instead of thrown. */
    private static Iterator<Parsed> parse(int partition, Iterator<Row> it, int d, String[] names, String targetName) {
        List<Parsed> out = new ArrayList<>();
        while (it.hasNext()) {
            Row row = it.next();
            String file = row.getString(d + 1);
            long start = row.getLong(d + 2);
            if (file == null || file.isEmpty()) {
                file = "";
                start = partition;
            }
            if (!row.isNullAt(d + 3)) {
                out.add(new Parsed(file, start, null, null, "the row has a different number of fields than the header"));
                continue;
            }
            double[] x = new double[d];
            String problem = null;
            for (int j = 0; j < d && problem == null; j++) {
                Object cell = row.get(j);
                if (cell instanceof Number number) {
                    x[j] = number.doubleValue();
                    if (!Double.isFinite(x[j])) {
                        problem = "column '" + names[j] + "': " + x[j] + " is not a finite number";
                    }
                } else {
                    try {
                        x[j] = CsvDatasets.number(cell == null ? "" : cell.toString(), "column '" + names[j] + "'");
                    } catch (DataException e) {
                        problem = e.getMessage();
                    }
                }
            }
            Object target = row.get(d);
            String text = target == null ? "" : target.toString();
            String targetProblem = problem == null ? CsvDatasets.targetProblem(text) : null;
            if (targetProblem != null) {
                problem = "column '" + targetName + "': " + targetProblem;
            }
            out.add(new Parsed(file, start, problem == null ? x : null, text, problem));
        }
        return out.iterator();
    }

    /** One pass: each partition's segments, distinct targets, and first problem. */
    List<Summary> summaries() {
        return rows.mapPartitionsWithIndex((partition, it) -> {
            List<Segment> segments = new ArrayList<>();
            Set<String> targets = new LinkedHashSet<>();
            boolean tooMany = false;
            boolean numeric = true;
            Parsed problem = null;
            String file = null;
            long start = -1;
            long count = 0;
            while (it.hasNext()) {
                Parsed row = it.next();
                if (!row.file().equals(file) || row.start() != start) {
                    if (count > 0) {
                        segments.add(new Segment(partition, file, start, count));
                    }
                    file = row.file();
                    start = row.start();
                    count = 0;
                }
                count++;
                if (row.problem() != null) {
                    if (problem == null) {
                        problem = row;
                    }
                    continue;
                }
                numeric &= CsvDatasets.isNumber(row.target());
                if (!tooMany && targets.add(row.target()) && targets.size() > MAX_CLASSES) {
                    tooMany = true;
                    targets.clear();
                }
            }
            if (count > 0) {
                segments.add(new Segment(partition, file, start, count));
            }
            return List.of(new Summary(segments, targets, tooMany, numeric, problem)).iterator();
        }, true).collect();
    }

    /**
     * Refuses the table for {@code problem}: at its line and column when the file is CSV that
     * descent's checks can read, else with the file and column.
     */
    DataException refusal(SparkSession spark, Parsed problem) {
        String file = problem.file().isEmpty() ? source : problem.file();
        String shown = shown(file);
        if (csv && !problem.file().isEmpty()) {
            try {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
                Configuration conf = spark.sparkContext().hadoopConfiguration();
                FileSystem fs = path.getFileSystem(conf);
                CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
                try (InputStream in = codec == null ? fs.open(path) : codec.createInputStream(fs.open(path));
                     Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    CsvDatasets.check(reader, shown, targetName);
                }
            } catch (DataException e) {
                return e;
            } catch (IOException | RuntimeException e) {
                // The file is not readable from the driver: report what the executor saw.
            }
        }
        return new DataException(shown + ": " + problem.problem());
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
