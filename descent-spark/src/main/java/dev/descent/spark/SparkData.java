package dev.descent.spark;

import dev.descent.ml.DataRequest;
import dev.descent.ml.Engine;
import dev.descent.ml.SavedModel;
import dev.descent.ml.data.ClassWeights;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Encoding;
import dev.descent.ml.data.PreparedData;
import dev.descent.ml.data.TableOptions;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.Evaluation;
import dev.descent.ml.model.BlockTree;
import dev.descent.ml.model.Model;
import dev.descent.ml.train.Scorer;
import dev.descent.ml.train.Tally;
import dev.descent.ml.train.InvalidSetting;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingPlan;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The Spark engine's data: a table read where it is ({@link SparkTable}) as local training reads it,
 * its rows with a target numbered, split by {@link Split#parts} (the rows a local split picks), cut
 * into blocks of {@link RowBlocks#DEFAULT_BLOCK_ROWS} rows of each part, encoded as the training
 * blocks teach ({@link Encoding#of} from per-block facts merged in block order, the same bits as
 * {@link Encoding#fit}) on the executors, standardized with moments taken per training block and
 * merged in block order (one distributed pass, the same bits as {@link Standardizer#fit}, weighted by
 * the weight column as it is), and cached MEMORY_AND_DISK. Training weighs its rows by the weight
 * column times the class weights, as local training does. Training sums its gradient over the
 * training blocks ({@link SparkObjective}), validation and evaluation tally theirs
 * ({@link Tally}), both added by the fixed tree over the block indices ({@link BlockTree}), so
 * nothing depends on the partitioning; the blocks are range-partitioned ({@link BlockPartitioner})
 * so each partition sends a few of the tree's nodes rather than a sum per block.
 *
 * <p>The driver holds one byte and one int per row (the split and each row's place in its part)
 * while the blocks are made, and nothing per row after.
 */
final class SparkData implements Engine.Data {
    /** The training rows of each class (empty for regression). */
    private final long[] classCounts;
    private final SparkSession session;
    private final boolean ownsSession;
    private final JavaSparkContext spark;
    private final String name;
    private final List<String> featureNames;
    private final String targetName;
    private final List<String> classNames;
    private final Encoding encoding;
    private final List<String> notes;
    private final Standardizer standardizer;
    private final Standardizer target;
    private final List<JavaRDD<PartBlock>> cached;
    /** Each part's blocks as evaluated: with the weight column's weights unless all are 1. */
    private final RowBlocks[] parts;
    /** The training and validation blocks as trained on: the weight column's weights times the class weights. */
    private final RowBlocks[] trainingParts;
    /** The training blocks' weights in row order, or null when they carry none. */
    private final double[] rowWeights;
    /** The training targets' population deviation, computed when a kinked loss first asks for it. */
    private Double targetDeviation;

    /** A block of one part of the split. */
    record PartBlock(byte part, RowBlock block) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A row on its way to its block: its place in the block, feature cells, target, label and weight. */
    record Placed(int offset, String[] cells, double target, int label, double weight) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A block of one part of the split as read, before encoding: rows {@code [index B, (index + 1) B)}
     * of the part, their feature cells row-major ({@code rows x columns}), targets, labels and
     * weights (null without a weight column).
     */
    record RawBlock(byte part, int index, int rows, int columns, String[] cells, double[] targets, int[] labels,
                    double[] weights) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What one block's rows hold of each feature column, for {@link Encoding#of}: the block's sum and
     * count of a numeric column's present cells (summed in row order), its gaps, the categories seen;
     * and, for the identifier check, whether a numeric column's cells are all present whole numbers;
     * its rows' weight sum and whether every weight is 1.
     */
    record BlockFacts(byte part, int index, double[] sums, long[] present, boolean[] gaps, List<Set<String>> levels,
                      boolean[] whole, double weightSum, boolean unitWeights) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What encoding one block filled in: cells imputed, cells unseen, and the first unseen (its row and input) or -1. */
    record Filled(byte part, int index, long imputed, long unseen, int row, int input, String cell)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private SparkData(SparkSession session, boolean ownsSession, String name, List<String> featureNames, String targetName,
                      List<String> classNames, Encoding encoding, List<String> notes, Scaling scaling,
                      List<JavaRDD<PartBlock>> cached, RowBlocks[] parts, RowBlocks[] trainingParts,
                      double[] rowWeights, long[] classCounts) {
        this.session = session;
        this.classCounts = classCounts;
        this.ownsSession = ownsSession;
        this.spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        this.name = name;
        this.featureNames = featureNames;
        this.targetName = targetName;
        this.classNames = classNames;
        this.encoding = encoding;
        this.notes = List.copyOf(notes);
        this.standardizer = scaling.features();
        this.target = scaling.target();
        this.cached = cached;
        this.parts = parts;
        this.trainingParts = trainingParts;
        this.rowWeights = rowWeights;
    }

    /**
     * Each class's weight ({@link ClassWeights#of}) as local training checks and computes it, or null
     * without class weights.
     */
    private static double[] classWeightsOf(ClassWeights weights, String targetName, List<String> classNames,
                                           long[] classCounts) {
        if (weights == null) {
            return null;
        }
        if (classNames.isEmpty()) {
            throw new InvalidSetting("classWeights", "class weights need a classifier; the target '" + targetName
                    + "' is numeric");
        }
        try {
            return weights.of(classNames, classCounts);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("classWeights", e.getMessage());
        }
    }

    /** On an executor: a block's row weights (1 without a weight column) times their classes' weights. */
    private static double[] times(RowBlock block, boolean hasColumn, double[] perClass) {
        double[] weights = new double[block.rows()];
        for (int r = 0; r < weights.length; r++) {
            weights[r] = (hasColumn ? block.weights()[r] : 1) * perClass[block.labels()[r]];
        }
        return weights;
    }


    /**
     * Loads what {@code request} asks: its built-in dataset or its path (or {@code table} when
     * given), and its test file, over {@code partitions} partitions.
     *
     * @param ownsSession whether closing the data stops the session
     */
    static SparkData load(SparkSession session, boolean ownsSession, DataRequest request,
                          org.apache.spark.sql.Dataset<Row> table, int partitions) {
        try {
            TableOptions options = request.columns().target(request.target());
            SparkTable main;
            String name;
            if (table != null) {
                name = request.data();
                main = SparkTable.of(table, name, options, false);
            } else {
                dev.descent.ml.data.Table builtInTable = request.builtIn();
                if (builtInTable != null) {
                    dev.descent.ml.data.Dataset builtIn = dev.descent.ml.data.PreparedData.of(builtInTable,
                            request.targetAsClasses(), 0, 0, 0).all();
                    name = builtIn.name();
                    // the built-in table comes read (columns chosen, categories encoded): its frame is read as it is
                    TableOptions asRead = new TableOptions(options.missingMarkers(), Set.of(), Set.of(), Set.of(), null,
                            options.maxCategories(), options.target(), false, null, options.positive(), false);
                    main = SparkTable.of(frameOf(session, builtIn), name, asRead, false);
                } else {
                    name = new org.apache.hadoop.fs.Path(request.data()).getName();
                    main = SparkTable.read(session, request.data(), options);
                }
            }
            Loaded rows = Loaded.of(session, main, request.classes(), null);
            if (request.spec().kind() == dev.descent.ml.model.ModelSpec.Kind.POISSON && rows.classNames.isEmpty()) {
                main.countsOnly(session);
            }
            List<String> notes = new ArrayList<>();
            if (rows.skipped > 0) {
                notes.add(PreparedData.skipped(rows.skipped, name, main.targetName));
            }
            if (rows.classNames.isEmpty()) {
                List<Double> values = new ArrayList<>();
                rows.targets.forEach(text -> values.add(Double.parseDouble(text)));
                if (!rows.tooManyTargets) {
                    PreparedData.fewValues(main.targetName, values, rows.count).ifPresent(notes::add);
                }
            }
            byte[] split = Split.parts(rows.count, rows.labels, rows.classNames.size(), request.validation(),
                    request.test(), request.seed());
            List<JavaRDD<PartBlock>> cached = new ArrayList<>();
            JavaRDD<RawBlock> raw = rows.blocks(session, split, partitions);
            main.unpersist();
            boolean[] unitWeights = new boolean[3];
            boolean testUnitWeights = true;
            double[] trainingWeight = new double[1];
            Encoding.Fitted fitted = fit(raw, main, rows, split.length, unitWeights, trainingWeight);
            boolean weighted = options.weight() != null;
            if (weighted && !(trainingWeight[0] > 0)) {
                throw new DataException(main.source + ": every training row's weight '" + options.weight()
                        + "' is 0: there is nothing to learn from");
            }
            Encoding encoding = fitted.encoding();
            notes.addAll(fitted.notes());
            Encoded encoded = encode(raw, encoding, main, rows);
            notes.addAll(encoded.notes(session, main, rows, split, name));
            JavaRDD<PartBlock> blocks = encoded.blocks();
            int d = encoding.featureNames().size();
            Scaling scaling = scalingOf(blocks, d, request.standardizeTarget() && rows.classNames.isEmpty(),
                    weighted && !unitWeights[Split.TRAIN], request.intercept());
            cached.add(standardized(blocks, scaling));
            long[] counts = new long[3];
            for (byte part : split) {
                counts[part]++;
            }
            long[] classCounts = new long[rows.classNames.size()];
            for (int i = 0; i < split.length; i++) {
                if (split[i] == Split.TRAIN && rows.labels != null) {
                    classCounts[rows.labels[i]]++;
                }
            }
            if (request.testData() != null) {
                String testName = new org.apache.hadoop.fs.Path(request.testData()).getName();
                // the test file's rows weigh in its scores as the training rows weigh in the loss, as locally
                TableOptions testOptions = encoding.readOptions(main.targetName);
                if (weighted) {
                    testOptions = testOptions.weight(options.weight());
                }
                SparkTable test = SparkTable.read(session, request.testData(), testOptions);
                Loaded testRows = Loaded.of(session, test, !rows.classNames.isEmpty(), rows.classNames);
                if (testRows.skipped > 0) {
                    notes.add(PreparedData.skipped(testRows.skipped, testName, test.targetName));
                }
                byte[] all = new byte[testRows.count];
                java.util.Arrays.fill(all, Split.TEST);
                JavaRDD<RawBlock> testRaw = testRows.blocks(session, all, partitions);
                testUnitWeights = !weighted || testRaw.filter(b -> b.weights() != null)
                        .map(b -> java.util.Arrays.stream(b.weights()).allMatch(w -> w == 1)).fold(true, (a, b) -> a && b);
                test.unpersist();
                Encoded testEncoded = encode(testRaw, encoding, test, testRows);
                notes.addAll(testEncoded.notes(session, test, testRows, all, testName));
                cached.add(standardized(testEncoded.blocks(), scaling));
                counts[Split.TEST] = testRows.count;
            }
            double[] perClass = classWeightsOf(request.classWeights(), main.targetName, rows.classNames, classCounts);
            RowBlocks[] parts = new RowBlocks[3];
            RowBlocks[] trainingParts = new RowBlocks[3];
            double[] rowWeights = null;
            for (byte part = 0; part < 3; part++) {
                if (counts[part] > 0) {
                    byte wanted = part;
                    boolean testFile = part == Split.TEST && request.testData() != null;
                    JavaRDD<PartBlock> source = cached.get(testFile ? 1 : 0);
                    JavaRDD<RowBlock> own = source.filter(b -> b.part() == wanted).map(PartBlock::block);
                    // evaluated with the weight column's weights, unless every one is 1, as a local Batch drops them
                    boolean columnWeights = weighted && (testFile ? !testUnitWeights : !unitWeights[part]);
                    JavaRDD<RowBlock> evaluated = columnWeights ? own : own.map(b -> b.withWeights(null));
                    parts[part] = new RowBlocks(evaluated, counts[part], RowBlocks.DEFAULT_BLOCK_ROWS);
                    if (part == Split.TEST) {
                        continue;
                    }
                    // trained with the weight column's weights times the class weights
                    trainingParts[part] = parts[part];
                    if (perClass != null) {
                        boolean hasColumn = weighted;
                        JavaRDD<RowBlock> times = own.map(b -> b.withWeights(times(b, hasColumn, perClass)));
                        boolean unit = times.filter(b -> java.util.Arrays.stream(b.weights()).anyMatch(w -> w != 1))
                                .isEmpty();
                        trainingParts[part] = new RowBlocks(unit ? evaluated : times, counts[part],
                                RowBlocks.DEFAULT_BLOCK_ROWS);
                    }
                }
            }
            rowWeights = trainingParts[Split.TRAIN].weights();
            return new SparkData(session, ownsSession, name + " (" + rows.count + " rows, " + d
                    + " features, target '" + main.targetName + "'" + (rows.classNames.isEmpty() ? "" : ", classes "
                    + rows.classNames) + (weighted ? ", weighted" : "") + ")", encoding.featureNames(), main.targetName,
                    rows.classNames, encoding, notes, scaling, cached, parts, trainingParts, rowWeights, classCounts);
        } catch (IllegalArgumentException e) {
            if (ownsSession) {
                session.stop();
            }
            if (e instanceof DataException || e instanceof InvalidSetting) {
                throw e;
            }
            throw new DataException(request.data() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (ownsSession) {
                session.stop();
            }
            throw e;
        } catch (java.io.IOException e) {
            if (ownsSession) {
                session.stop();
            }
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The encoding the training rows teach, learned in one pass as {@link Encoding#fit} learns it:
     * each block reports its numeric columns' sums of present cells (in row order) and counts, its
     * gaps and the categories it holds; the driver adds the training blocks' sums in block order, which
     * are {@code Encoding.fit}'s blocks, so the means are local training's to the bit. A numeric
     * column whose cells are all present whole numbers in 20 rows or more is then counted distinct,
     * for the identifier note.
     */
    private static Encoding.Fitted fit(JavaRDD<RawBlock> raw, SparkTable table, Loaded rows, int count,
                                       boolean[] unitWeights, double[] trainingWeight) {
        int d = table.featureNames.size();
        boolean[] numeric = rows.numeric;
        TableOptions options = table.options;
        List<BlockFacts> facts = new ArrayList<>(raw.map(block -> {
            double[] sums = new double[d];
            long[] present = new long[d];
            boolean[] gaps = new boolean[d];
            boolean[] whole = new boolean[d];
            java.util.Arrays.fill(whole, true);
            List<Set<String>> levels = new ArrayList<>();
            boolean training = block.part() == Split.TRAIN;
            for (int j = 0; j < d; j++) {
                levels.add(new java.util.HashSet<>());
            }
            for (int r = 0; r < block.rows(); r++) {
                for (int j = 0; j < d; j++) {
                    String cell = block.cells()[r * d + j];
                    boolean absent = cell == null || options.isMissing(cell);
                    if (numeric[j]) {
                        double value = absent ? Double.NaN : Double.parseDouble(cell);
                        whole[j] &= !absent && value == Math.rint(value);
                        if (!training) {
                            continue;
                        }
                        if (absent) {
                            gaps[j] = true;
                        } else {
                            sums[j] += value;
                            present[j]++;
                        }
                    } else if (training) {
                        if (absent) {
                            gaps[j] = true;
                        } else {
                            levels.get(j).add(cell);
                        }
                    }
                }
            }
            double weightSum = 0;
            boolean unit = true;
            if (block.weights() != null) {
                for (double w : block.weights()) {
                    weightSum += w;
                    unit &= w == 1;
                }
            }
            return new BlockFacts(block.part(), block.index(), sums, present, gaps, levels, whole, weightSum, unit);
        }).collect());
        facts.sort(Comparator.comparingInt(BlockFacts::index));
        java.util.Arrays.fill(unitWeights, true);
        for (BlockFacts block : facts) {
            unitWeights[block.part()] &= block.unitWeights();
            if (block.part() == Split.TRAIN) {
                trainingWeight[0] += block.weightSum();
            }
        }
        List<Encoding.Seen> columns = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            String column = table.featureNames.get(j);
            double sum = 0;
            long present = 0;
            boolean gaps = false;
            boolean whole = true;
            Set<String> seen = new java.util.HashSet<>();
            for (BlockFacts block : facts) {
                whole &= block.whole()[j];
                if (block.part() != Split.TRAIN) {
                    continue;
                }
                sum += block.sums()[j];
                present += block.present()[j];
                gaps |= block.gaps()[j];
                seen.addAll(block.levels().get(j));
            }
            if (numeric[j]) {
                int k = j;
                boolean identifier = count >= 20 && whole && raw.map(block -> {
                    double[] values = new double[block.rows()];
                    for (int r = 0; r < block.rows(); r++) {
                        values[r] = Double.parseDouble(block.cells()[r * d + k]);
                    }
                    return values;
                }).flatMap(values -> java.util.Arrays.stream(values).boxed().iterator()).distinct().count() == count;
                columns.add(Encoding.Seen.numeric(column, sum, present, gaps, identifier));
            } else {
                List<String> levels = new ArrayList<>(rows.levels.get(j));
                levels.retainAll(seen);
                columns.add(Encoding.Seen.categorical(column, levels, gaps));
            }
        }
        return Encoding.of(columns, options.missingMarkers(), table.source);
    }

    /** Rows encoded on the executors, and what encoding filled in, block by block. */
    private record Encoded(JavaRDD<PartBlock> blocks, List<Filled> filled) {
        /** The notes local training gives on what was filled in, the first unseen category placed as it places it. */
        List<String> notes(SparkSession session, SparkTable table, Loaded rows, byte[] split, String name) {
            long imputed = 0;
            long unseen = 0;
            Filled first = null;
            long firstRow = Long.MAX_VALUE;
            int[] starts = new int[3];
            for (Filled block : filled) {
                imputed += block.imputed();
                unseen += block.unseen();
                if (block.row() >= 0) {
                    long row = rowOf(split, block.part(), (long) block.index() * RowBlocks.DEFAULT_BLOCK_ROWS + block.row());
                    if (row < firstRow) {
                        firstRow = row;
                        first = block;
                    }
                }
            }
            String where = null;
            if (first != null) {
                String column = table.featureNames.get(first.input());
                where = table.placeOf(session, firstRow, column) + " " + (first.cell() == null
                        || table.options.isMissing(first.cell()) ? "(a missing cell)" : dev.descent.io.Printable.quote(
                        first.cell()));
            }
            return PreparedData.filled(imputed, unseen, where, name);
        }

        /** The row number of rank {@code rank} among the rows of {@code part}. */
        private static long rowOf(byte[] split, byte part, long rank) {
            long seen = 0;
            for (int i = 0; i < split.length; i++) {
                if (split[i] == part && seen++ == rank) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The blocks encoded on the executors by {@code encoding} ({@link Encoding.RowEncoder}), the raw ones dropped. */
    private static Encoded encode(JavaRDD<RawBlock> raw, Encoding encoding, SparkTable table, Loaded rows) {
        Encoding.RowEncoder encoder = encoding.rowEncoder();
        int width = encoder.width();
        int[] inputs = new int[encoding.inputs().size()];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = table.featureNames.indexOf(encoding.inputs().get(k).name());
        }
        int d = table.featureNames.size();
        JavaRDD<Tuple2<PartBlock, Filled>> both = raw.map(block -> {
            double[] x = new double[block.rows() * width];
            long[] counts = new long[2];
            String[] cells = new String[inputs.length];
            int firstRow = -1;
            int firstInput = -1;
            String firstCell = null;
            for (int r = 0; r < block.rows(); r++) {
                for (int k = 0; k < inputs.length; k++) {
                    cells[k] = block.cells()[r * d + inputs[k]];
                }
                int unseen = encoder.encode(cells, x, r * width, counts);
                if (unseen >= 0 && firstRow < 0) {
                    firstRow = r;
                    firstInput = inputs[unseen];
                    firstCell = cells[unseen];
                }
            }
            return new Tuple2<>(new PartBlock(block.part(), new RowBlock(block.index(), block.rows(), width, x,
                    block.targets(), block.labels(), block.weights())), new Filled(block.part(), block.index(), counts[0], counts[1],
                    firstRow, firstInput, firstCell));
        }).persist(StorageLevel.MEMORY_AND_DISK());
        List<Filled> filled = both.map(Tuple2::_2).collect();
        JavaRDD<PartBlock> blocks = both.map(Tuple2::_1).persist(StorageLevel.MEMORY_AND_DISK());
        blocks.count();
        both.unpersist(false);
        raw.unpersist(false);
        return new Encoded(blocks, filled);
    }

    /** A built-in table as Spark rows: numeric features, and the target as class names or numbers. */
    private static org.apache.spark.sql.Dataset<Row> frameOf(SparkSession session, dev.descent.ml.data.Dataset data) {
        List<StructField> fields = new ArrayList<>();
        for (String feature : data.featureNames()) {
            fields.add(DataTypes.createStructField(feature, DataTypes.DoubleType, false));
        }
        boolean classes = data.hasClasses();
        fields.add(DataTypes.createStructField(data.targetName(), classes ? DataTypes.StringType : DataTypes.DoubleType,
                false));
        List<Row> rows = new ArrayList<>(data.rows());
        int d = data.columns();
        for (int i = 0; i < data.rows(); i++) {
            Object[] values = new Object[d + 1];
            for (int j = 0; j < d; j++) {
                values[j] = data.feature(i, j);
            }
            values[d] = classes ? data.classNames().get(data.labels()[i]) : data.targets()[i];
            rows.add(RowFactory.create(values));
        }
        return session.createDataFrame(rows, DataTypes.createStructType(fields));
    }

    /**
     * A table's rows checked, counted and numbered (the rows with a target), with their classes and
     * its feature columns' types and levels, as {@link dev.descent.ml.data.Table#read} types them.
     */
    private static final class Loaded {
        final SparkTable table;
        final int count;
        final long skipped;
        final List<String> classNames;
        final Map<String, Integer> classIndex;
        final long[][] segmentStarts;
        final int[] labels;
        final Set<String> targets;
        final boolean tooManyTargets;
        /** Per feature column: numeric, or categories. */
        final boolean[] numeric;
        /** Per feature column: its levels sorted, for categories (empty for numbers). */
        final List<List<String>> levels;

        private Loaded(SparkTable table, int count, long skipped, List<String> classNames, Map<String, Integer> classIndex,
                       long[][] segmentStarts, int[] labels, Set<String> targets, boolean tooManyTargets,
                       boolean[] numeric, List<List<String>> levels) {
            this.table = table;
            this.count = count;
            this.skipped = skipped;
            this.classNames = classNames;
            this.classIndex = classIndex;
            this.segmentStarts = segmentStarts;
            this.labels = labels;
            this.targets = targets;
            this.tooManyTargets = tooManyTargets;
            this.numeric = numeric;
            this.levels = levels;
        }

        /**
         * @param classes whether the target holds classes (a non-numeric target always does)
         * @param knownClasses the model's classes when scoring a test file, else null
         */
        static Loaded of(SparkSession session, SparkTable table, boolean classes, List<String> knownClasses) {
            TableOptions options = table.options;
            boolean forModel = knownClasses != null;
            int d = table.featureNames.size();
            int cap = forModel ? 0 : options.maxCategories();
            List<SparkTable.Summary> summaries = table.summaries(cap);
            SparkTable.Parsed problem = null;
            List<SparkTable.Segment> segments = new ArrayList<>();
            Set<String> distinct = new LinkedHashSet<>();
            boolean numeric = true;
            boolean tooMany = false;
            long skipped = 0;
            boolean[] numericColumns = new boolean[d];
            java.util.Arrays.fill(numericColumns, true);
            long[] missing = new long[d];
            List<Set<String>> cells = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                cells.add(new java.util.HashSet<>());
            }
            for (SparkTable.Summary summary : summaries) {
                segments.addAll(summary.segments());
                if (summary.problem() != null && (problem == null || before(summary.problem(), problem))) {
                    problem = summary.problem();
                }
                numeric &= summary.numericTarget();
                tooMany |= summary.tooManyTargets();
                distinct.addAll(summary.targets());
                skipped += summary.skipped();
                for (int j = 0; j < d; j++) {
                    numericColumns[j] &= summary.numeric()[j];
                    missing[j] += summary.missing()[j];
                    Set<String> seen = summary.distinct().get(j);
                    if (seen == null || cells.get(j) == null) {
                        cells.set(j, null);
                    } else {
                        cells.get(j).addAll(seen);
                    }
                }
            }
            if (problem != null) {
                throw table.refusal(session, problem);
            }
            long n = segments.stream().mapToLong(SparkTable.Segment::rows).sum();
            if (n + skipped == 0) {
                throw new DataException(table.source + ": no data rows" + (table.csv ? " after the header" : ""));
            }
            List<List<String>> levels = new ArrayList<>();
            List<String> crowded = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                String column = table.featureNames.get(j);
                if (forModel) {
                    numericColumns[j] = options.numeric().contains(column);
                } else {
                    numericColumns[j] &= !options.categorical().contains(column);
                }
                if (numericColumns[j] || forModel) {
                    levels.add(List.of());
                    continue;
                }
                if (cells.get(j) == null || cells.get(j).size() > cap) {
                    crowded.add(column + "' has " + table.distinctCells(j));
                    levels.add(List.of());
                } else {
                    levels.add(dev.descent.ml.data.Table.sortedLevels(cells.get(j)));
                }
            }
            if (!crowded.isEmpty()) {
                throw dev.descent.ml.data.Table.tooManyCategories(table.source, crowded, options.maxCategories());
            }
            if (options.refuseMissing() && java.util.Arrays.stream(missing).anyMatch(m -> m > 0)) {
                DataException local = table.readLocally(session, table.source, table.source);
                if (local != null) {
                    throw local;
                }
                List<String> gaps = new ArrayList<>();
                for (int j = 0; j < d; j++) {
                    if (missing[j] > 0) {
                        gaps.add("'" + table.featureNames.get(j) + "': " + missing[j] + " missing");
                    }
                }
                throw new DataException(table.source + ": missing cells, which --missing error refuses: "
                        + String.join("; ", gaps));
            }
            if (n == 0) {
                throw new DataException(table.source + ": every row's target '" + table.targetName + "' is missing");
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new DataException(table.source + ": " + n + " rows; descent's split numbers rows with an int");
            }
            segments.sort(Comparator.comparing(SparkTable.Segment::file).thenComparingLong(SparkTable.Segment::start));
            long[][] starts = new long[summaries.size()][];
            int[] filled = new int[summaries.size()];
            for (int p = 0; p < summaries.size(); p++) {
                starts[p] = new long[summaries.get(p).segments().size()];
            }
            Map<SparkTable.Segment, Long> offsets = new HashMap<>();
            long offset = 0;
            for (SparkTable.Segment segment : segments) {
                offsets.put(segment, offset);
                offset += segment.rows();
            }
            for (int p = 0; p < summaries.size(); p++) {
                for (SparkTable.Segment segment : summaries.get(p).segments()) {
                    starts[p][filled[p]++] = offsets.get(segment);
                }
            }
            List<String> names = List.of();
            Map<String, Integer> index = null;
            boolean hasClasses = knownClasses != null ? !knownClasses.isEmpty() : classes || !numeric;
            if (knownClasses != null && knownClasses.isEmpty() && !numeric) {
                throw new DataException(table.source + ": the target '" + table.targetName
                        + "' holds classes, the model predicts numbers");
            }
            if (hasClasses) {
                if (tooMany) {
                    throw new DataException(table.source + ": the target '" + table.targetName + "' has more than "
                            + SparkTable.MAX_CLASSES + " distinct values; a numeric target needs a linear model or an MLP "
                            + "without classes");
                }
                Map<String, Integer> own = CsvDatasets.classIndex(distinct, numeric);
                List<String> ownNames = CsvDatasets.classNames(own, numeric);
                if (knownClasses == null) {
                    names = dev.descent.ml.data.Table.withPositive(ownNames, options.positive(), table.source);
                    index = new HashMap<>(own);
                    if (names != ownNames) {
                        // the positive class is class 1, whatever its place in sorted order
                        index.replaceAll((label, k) -> 1 - k);
                    }
                } else {
                    names = knownClasses;
                    index = new HashMap<>();
                    for (Map.Entry<String, Integer> entry : own.entrySet()) {
                        String label = ownNames.get(entry.getValue());
                        int known = knownClasses.indexOf(label);
                        if (known < 0) {
                            throw new DataException(table.source + ": class '" + label + "' of the target '"
                                    + table.targetName + "' is not one the model knows (" + String.join(", ", knownClasses)
                                    + ")");
                        }
                        index.put(entry.getKey(), known);
                    }
                }
            }
            int[] labels = null;
            if (hasClasses && knownClasses == null) {
                labels = new int[(int) n];
                Map<String, Integer> classOf = index;
                List<int[]> byPartition = table.rows.mapPartitions((Iterator<SparkTable.Parsed> it) -> {
                    List<Integer> out = new ArrayList<>();
                    while (it.hasNext()) {
                        SparkTable.Parsed row = it.next();
                        if (!row.skipped()) {
                            out.add(classOf.get(row.target()));
                        }
                    }
                    return List.of(out.stream().mapToInt(Integer::intValue).toArray()).iterator();
                }, true).collect();
                for (int p = 0; p < byPartition.size(); p++) {
                    int[] partition = byPartition.get(p);
                    int k = 0;
                    List<SparkTable.Segment> own = summaries.get(p).segments();
                    for (int s = 0; s < own.size(); s++) {
                        for (long r = 0; r < own.get(s).rows(); r++) {
                            labels[(int) (starts[p][s] + r)] = partition[k++];
                        }
                    }
                }
            }
            return new Loaded(table, (int) n, skipped, names, index, starts, labels, distinct, tooMany, numericColumns,
                    levels);
        }

        /** Whether problem {@code a} comes before {@code b} in the numbering. */
        private static boolean before(SparkTable.Parsed a, SparkTable.Parsed b) {
            int byFile = a.file().compareTo(b.file());
            return byFile < 0 || byFile == 0 && a.start() < b.start();
        }

        /**
         * The rows with a target moved into the blocks of their parts ({@code split[i]} the part of row
         * {@code i}): block {@code k} of part {@code q} holds that part's rows {@code [k B, (k + 1) B)}
         * in row order.
         */
        JavaRDD<RawBlock> blocks(SparkSession session, byte[] split, int partitions) {
            int[] rank = new int[split.length];
            int[] counts = new int[3];
            for (int i = 0; i < split.length; i++) {
                rank[i] = counts[split[i]]++;
            }
            JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
            Broadcast<byte[]> parts = spark.broadcast(split);
            Broadcast<int[]> ranks = spark.broadcast(rank);
            long[][] starts = segmentStarts;
            Map<String, Integer> classOf = classIndex;
            int blockRows = RowBlocks.DEFAULT_BLOCK_ROWS;
            int d = table.featureNames.size();
            JavaPairRDD<Long, Placed> placed = table.rows.mapPartitionsWithIndex((partition, it) -> {
                List<Tuple2<Long, Placed>> out = new ArrayList<>();
                long[] segmentStart = starts[partition];
                byte[] part = parts.value();
                int[] place = ranks.value();
                int segment = -1;
                String file = null;
                long start = -1;
                long next = 0;
                while (it.hasNext()) {
                    SparkTable.Parsed row = it.next();
                    if (!row.file().equals(file) || row.start() != start) {
                        segment++;
                        file = row.file();
                        start = row.start();
                        next = segmentStart[segment];
                    }
                    if (row.skipped()) {
                        continue;
                    }
                    int i = (int) next++;
                    long key = ((long) part[i] << 40) | (place[i] / blockRows);
                    double target = classOf == null ? Double.parseDouble(row.target()) : classOf.get(row.target());
                    int label = classOf == null ? -1 : (int) target;
                    out.add(new Tuple2<>(key, new Placed(place[i] % blockRows, row.cells(), target, label, row.weight())));
                }
                return out.iterator();
            }, true).mapToPair(t -> t);
            boolean classes = classOf != null;
            boolean weighted = table.options.weight() != null;
            int[] blocksPerPart = new int[counts.length];
            for (int q = 0; q < counts.length; q++) {
                blocksPerPart[q] = (counts[q] + blockRows - 1) / blockRows;
            }
            JavaRDD<RawBlock> blocks = placed.partitionBy(new BlockPartitioner(partitions, blocksPerPart))
                    .mapPartitions(it -> assemble(it, counts, blockRows, d, classes, weighted), true)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            blocks.count();
            parts.destroy();
            ranks.destroy();
            return blocks;
        }
    }

    /** On an executor: the rows of one shuffle partition gathered into their blocks. */
    private static Iterator<RawBlock> assemble(Iterator<Tuple2<Long, Placed>> it, int[] counts, int blockRows, int d,
                                               boolean classes, boolean weighted) {
        Map<Long, Object[]> open = new java.util.TreeMap<>();
        while (it.hasNext()) {
            Tuple2<Long, Placed> entry = it.next();
            long key = entry._1();
            Object[] block = open.computeIfAbsent(key, k -> {
                int part = (int) (k >>> 40);
                int index = (int) (k & ((1L << 40) - 1));
                int rows = Math.min(blockRows, counts[part] - index * blockRows);
                return new Object[] {new String[rows * d], new double[rows], classes ? new int[rows] : null,
                    weighted ? new double[rows] : null};
            });
            Placed row = entry._2();
            System.arraycopy(row.cells(), 0, (String[]) block[0], row.offset() * d, d);
            ((double[]) block[1])[row.offset()] = row.target();
            if (classes) {
                ((int[]) block[2])[row.offset()] = row.label();
            }
            if (weighted) {
                ((double[]) block[3])[row.offset()] = row.weight();
            }
        }
        List<RawBlock> out = new ArrayList<>();
        for (Map.Entry<Long, Object[]> entry : open.entrySet()) {
            long key = entry.getKey();
            double[] targets = (double[]) entry.getValue()[1];
            out.add(new RawBlock((byte) (key >>> 40), (int) (key & ((1L << 40) - 1)), targets.length, d,
                    (String[]) entry.getValue()[0], targets, (int[]) entry.getValue()[2], (double[]) entry.getValue()[3]));
        }
        return out.iterator();
    }

    /** The standardizers fitted on the training rows: the features', and the target's or null. */
    private record Scaling(Standardizer features, Standardizer target) {}

    /**
     * The standardizers of the training blocks, their moments merged in block order in one pass: the
     * features', and the target's when {@code target} (else null); weighted by the blocks' weights
     * when {@code weighted}, as {@link Standardizer#fit} weighs them.
     */
    private static Scaling scalingOf(JavaRDD<PartBlock> blocks, int d, boolean target, boolean weighted,
                                     boolean centered) {
        List<Tuple2<Integer, Standardizer.Moments[]>> moments = blocks.filter(b -> b.part() == Split.TRAIN)
                .map(b -> {
                    RowBlock block = b.block();
                    double[] w = weighted ? block.weights() : null;
                    return new Tuple2<>(block.index(), new Standardizer.Moments[] {
                        w == null ? Standardizer.Moments.of(block.features(), 0, block.rows(), d)
                                : Standardizer.Moments.of(block.features(), w, 0, block.rows(), d),
                        !target ? null : w == null ? Standardizer.Moments.of(block.targets(), 0, block.rows(), 1)
                                : Standardizer.Moments.of(block.targets(), w, 0, block.rows(), 1)});
                })
                .collect();
        List<Tuple2<Integer, Standardizer.Moments[]>> ordered = new ArrayList<>(moments);
        ordered.sort(Comparator.comparingInt(Tuple2::_1));
        Standardizer.Moments features = Standardizer.Moments.none(d);
        Standardizer.Moments targets = Standardizer.Moments.none(1);
        for (Tuple2<Integer, Standardizer.Moments[]> block : ordered) {
            features = features.merge(block._2()[0]);
            if (target) {
                targets = targets.merge(block._2()[1]);
            }
        }
        Standardizer scales = features.standardizer();
        return new Scaling(centered ? scales : scales.uncentered(), target ? targets.standardizer() : null);
    }

    /** The blocks with standardized features (and targets, with a target standardizer), cached; the raw ones dropped. */
    private static JavaRDD<PartBlock> standardized(JavaRDD<PartBlock> raw, Scaling scaling) {
        // locals, so the closure ships the two standardizers and not the record
        Standardizer features = scaling.features();
        Standardizer target = scaling.target();
        JavaRDD<PartBlock> out = raw.map(b -> new PartBlock(b.part(), new RowBlock(b.block().index(), b.block().rows(),
                b.block().columns(), features.transform(b.block().features()),
                target == null ? b.block().targets() : target.transform(b.block().targets()),
                b.block().labels(), b.block().weights()))).persist(StorageLevel.MEMORY_AND_DISK());
        out.count();
        raw.unpersist(false);
        return out;
    }

    /** The tally of {@code parameters} over {@code blocks}: block tallies merged by the block tree. */
    static Tally tally(JavaSparkContext spark, ModelShape shape, RowBlocks blocks, double[] parameters) {
        return tally(spark, shape, blocks, parameters, false);
    }

    /**
     * The tally of {@code parameters} on the blocks, merged by the {@link BlockTree} over the block
     * indices, as {@link Tally#over} merges local blocks: each partition merges its blocks up the
     * tree as far as they reach and sends those nodes' tallies, the driver merges the nodes.
     *
     * @param withScores whether each row's probabilities are kept (log-loss, ranking, a decision
     *     threshold): for the final evaluation only, since they travel to the driver
     */
    static Tally tally(JavaSparkContext spark, ModelShape shape, RowBlocks blocks, double[] parameters,
                       boolean withScores) {
        Broadcast<double[]> theta = spark.broadcast(parameters.clone());
        try {
            return blocks.treeReduce(() -> {
                Model model = shape.build();
                return block -> Tally.of(model, theta.value(), block.batch(model.task()), withScores);
            }, Tally::merge);
        } finally {
            theta.destroy();
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    /** The encoding the training rows taught, learned and applied on the executors. */
    @Override
    public Encoding encoding() {
        return encoding;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    /** The training rows' summed loss weights, collected on the driver for the batches; the row count unweighted. */
    @Override
    public double trainingWeight() {
        if (rowWeights == null) {
            return trainingRows();
        }
        double sum = 0;
        for (double w : rowWeights) {
            sum += w;
        }
        return sum;
    }

    @Override
    public long[] classCounts() {
        return classCounts.clone();
    }

    @Override
    public String targetName() {
        return targetName;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public long trainingRows() {
        return parts[Split.TRAIN].rows();
    }

    @Override
    public Standardizer standardizer() {
        return standardizer;
    }

    @Override
    public Standardizer targetStandardizer() {
        return target;
    }

    @Override
    public TrainingData training(Model model, TrainingPlan plan) {
        ModelShape shape = ModelShape.of(model);
        RowBlocks validation = trainingParts[Split.VALIDATION];
        Scorer scorer = validation == null ? null : parameters -> tally(spark, shape, validation, parameters);
        // a kinked loss is minimized smoothed over a width scaled by the targets' deviation, as locally
        double smoothing = model.piecewiseLinear() ? targetDeviation() : Double.NaN;
        return new TrainingData(SparkObjective.of(spark, trainingParts[Split.TRAIN], model, plan, rowWeights, smoothing),
                null, scorer, trainingParts[Split.TRAIN].rows(), model.piecewiseLinear() ? gathered(model) : null);
    }

    /** The most training values (rows times features) gathered on the driver for a kinked loss's exact solve. */
    static final long MAX_GATHERED_VALUES = 1L << 24;

    /**
     * The training rows gathered on the driver in row order, as local training holds them, for the exact
     * solve of a kinked loss (svm, quantile), whose optimality conditions need the rows at the kink and
     * sums over the others; null when there are more than {@link #MAX_GATHERED_VALUES} values (128 MB),
     * where the run keeps the smoothed loss's optimum and says so.
     */
    private dev.descent.ml.model.Batch gathered(Model model) {
        RowBlocks training = trainingParts[Split.TRAIN];
        int d = standardizer.means().length;
        if (training.rows() * d > MAX_GATHERED_VALUES) {
            return null;
        }
        List<RowBlock> blocks = new ArrayList<>(training.blocks().collect());
        blocks.sort(Comparator.comparingInt(RowBlock::index));
        int n = (int) training.rows();
        double[] features = new double[n * d];
        double[] targets = new double[n];
        int[] labels = new int[n];
        int at = 0;
        for (RowBlock block : blocks) {
            System.arraycopy(block.features(), 0, features, at * d, block.rows() * d);
            if (block.targets() != null) {
                System.arraycopy(block.targets(), 0, targets, at, block.rows());
            }
            if (block.labels() != null) {
                System.arraycopy(block.labels(), 0, labels, at, block.rows());
            }
            at += block.rows();
        }
        return new RowBlock(0, n, d, features, targets, labels, rowWeights).batch(model.task());
    }

    /**
     * The population standard deviation of the training targets as trained on, 1 without numeric
     * targets (or when they are all equal): the scale local training smooths a kinked loss by
     * ({@code TrainingData.inMemory}), its bits, since the targets are gathered on the driver in row
     * order and summed there in that order as local training sums them.
     */
    private double targetDeviation() {
        if (targetDeviation == null) {
            RowBlocks training = trainingParts[Split.TRAIN];
            List<Tuple2<Integer, double[]>> blocks = new ArrayList<>(training.blocks()
                    .filter(b -> b.targets() != null).map(b -> new Tuple2<>(b.index(), b.targets())).collect());
            blocks.sort(Comparator.comparingInt(Tuple2::_1));
            double[] targets = new double[blocks.isEmpty() ? 0 : (int) training.rows()];
            int at = 0;
            for (Tuple2<Integer, double[]> block : blocks) {
                System.arraycopy(block._2(), 0, targets, at, block._2().length);
                at += block._2().length;
            }
            targetDeviation = TrainingData.deviation(targets);
        }
        return targetDeviation;
    }

    @Override
    public List<Evaluation> evaluate(SavedModel model) {
        ModelShape shape = ModelShape.of(model.model());
        List<Evaluation> evaluations = new ArrayList<>();
        String[] names = {"train", "validation", "test"};
        for (int part = 0; part < 3; part++) {
            if (parts[part] != null) {
                evaluations.add(Evaluation.of(names[part], tally(spark, shape, parts[part], model.parameters(), true)
                        .inTargetUnits(model.targetStandardizer()), model));
            }
        }
        return evaluations;
    }

    @Override
    public void close() {
        for (JavaRDD<PartBlock> blocks : cached) {
            blocks.unpersist(false);
        }
        if (ownsSession) {
            session.stop();
        }
    }
}
