package dev.descent.spark.ml;

import dev.descent.ml.Pipeline;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.InvalidSetting;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingListener;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.schedule.Schedules;
import dev.descent.spark.RowBlock;
import dev.descent.spark.RowBlocks;
import dev.descent.spark.BlockPartitioner;
import dev.descent.spark.SparkObjective;
import dev.descent.stop.StoppingRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * One fit of a descent estimator on a Spark {@code Dataset}: its rows numbered in the frame's order,
 * cut into blocks of {@link RowBlocks#DEFAULT_BLOCK_ROWS} rows held by contiguous ranges of
 * partitions, the features standardized by their (weighted) moments merged in block order, and the
 * model trained by descent's {@link Trainer} over a {@link SparkObjective}: the same loop, stops and
 * bits as local training on the same rows, for any number of partitions.
 *
 * <p>The penalty is MLlib's ({@link DescentParams}): on the mean loss descent minimizes, with
 * {@code c = sqrt(W / (W - sum w^2 / W))} the factor between the population deviation descent
 * standardizes by and the sample deviation MLlib's penalty is measured in ({@code sqrt(n / (n - 1))}
 * unweighted), {@code l1 = c lambda alpha} and {@code l2 = c^2 lambda (1 - alpha)} on the standardized
 * weights ({@code standardization = true}), or {@code lambda alpha} and {@code lambda (1 - alpha)} on
 * the coefficients as given ({@code false}); linear regression's MLlib objective is
 * {@code (1 / (2 W)) sum w (y / s_y - x . beta)^2 + (lambda / s_y) (...)}, {@code s_y} the label's
 * sample deviation, which times {@code 2 s_y^2} is descent's mean squared error with
 * {@code l1 = 2 lambda alpha} and {@code l2 = 2 lambda (1 - alpha) / s_y} (each times {@code c} and
 * {@code c^2} on standardized weights).
 */
final class FrameTraining {
    /** The most values a dense block may hold: 2^27 doubles, 1 GB. */
    static final long MAX_DENSE_BLOCK_VALUES = 1L << 27;

    private FrameTraining() {}

    /** A fit's outcome: the trained model and what training did. */
    record Outcome(Fitted fitted, DescentTrainingSummary summary) {}

    /** The moments of one block: features, label, and the sums of the weights and their squares. */
    private record BlockMoments(int index, Standardizer.Moments features, Standardizer.Moments label, double weights,
                                double squaredWeights, boolean unitWeights) implements java.io.Serializable {}

    /**
     * Trains {@code params}' model on {@code dataset}.
     *
     * @param classes the number of classes of a classifier's label (integers 0 to classes - 1), or 0 for a numeric label
     */
    static Outcome fit(Dataset<?> dataset, DescentParams params, String featuresCol, String labelCol, int classes) {
        String spec = specOf(params.getModel(), classes);
        ModelSpec modelSpec = ModelSpec.parse(spec);
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        String weightCol = params.getWeightCol();
        Column weight = weightCol.isEmpty() ? functions.lit(1.0) : functions.col(weightCol).cast("double");
        Dataset<Row> frame = dataset.select(functions.col(featuresCol), functions.col(labelCol).cast("double"), weight);
        // rows, stored entries, and the widest row, in one pass
        // each partition's rows, stored entries and widest row, in one pass: the first row of partition p
        // is then row offsets[p] of the frame (zipWithIndex's numbering, without its own pass)
        JavaRDD<Row> input = frame.javaRDD();
        List<long[]> counts = new ArrayList<>(rethrowing(() -> input.mapPartitionsWithIndex((index, rows) -> {
            long[] count = {index, 0, 0, 0};
            while (rows.hasNext()) {
                Row row = rows.next();
                count[1]++;
                if (!row.isNullAt(0)) {
                    Vector v = (Vector) row.get(0);
                    count[2] += v.numActives();
                    count[3] = Math.max(count[3], v.size());
                }
            }
            return java.util.List.of(count).iterator();
        }, true).collect()));
        counts.sort(Comparator.comparingLong(c -> c[0]));
        long[] offsets = new long[counts.size()];
        long[] stats = new long[3];
        for (int p = 0; p < counts.size(); p++) {
            offsets[p] = stats[0];
            stats[0] += counts.get(p)[1];
            stats[1] += counts.get(p)[2];
            stats[2] = Math.max(stats[2], counts.get(p)[3]);
        }
        long n = stats[0];
        if (n == 0) {
            throw new IllegalArgumentException("the training frame has no rows");
        }
        int d = (int) stats[2];
        if (d == 0) {
            throw new IllegalArgumentException("the training frame's rows have no features in '" + featuresCol + "'");
        }
        Model model;
        try {
            model = modelSpec.build(d, classes);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("model", e.getMessage());
        }
        // sparse rows when under a third of the cells are stored and the model's loss reads nonzeros (the
        // linear models'): their kernels then read fewer bytes; the other models read dense blocks
        boolean sparse = stats[1] * 3 < n * d && model.readsSparseRows();
        if (!sparse && (long) Math.min(n, RowBlocks.DEFAULT_BLOCK_ROWS) * d > MAX_DENSE_BLOCK_VALUES) {
            throw new InvalidSetting("model", spec + " reads dense rows, and a block of "
                    + Math.min(n, RowBlocks.DEFAULT_BLOCK_ROWS) + " rows of " + d + " features would hold "
                    + Math.min(n, RowBlocks.DEFAULT_BLOCK_ROWS) * d / (1 << 27) + " GB; the linear models (logistic, linear, "
                    + "poisson) read sparse rows by their nonzeros");
        }
        int blockRows = RowBlocks.DEFAULT_BLOCK_ROWS;
        int blocks = (int) ((n + blockRows - 1) / blockRows);
        int partitions = Math.max(1, Math.min(blocks, params.getPartitions() > 0 ? params.getPartitions()
                : Math.max(frame.rdd().getNumPartitions(), spark.defaultParallelism())));
        boolean poisson = modelSpec.kind() == ModelSpec.Kind.POISSON;
        String names = "'" + featuresCol + "', '" + labelCol + "'" + (weightCol.isEmpty() ? "" : ", '" + weightCol + "'");

        JavaRDD<RowBlock> raw = rethrowing(() -> {
            JavaPairRDD<Long, Tuple2<Long, Row>> keyed = JavaPairRDD.fromJavaRDD(input.mapPartitionsWithIndex(
                    (index, rows) -> numbered(rows, offsets[index], blockRows), true));
            JavaRDD<RowBlock> out = keyed.partitionBy(BlockPartitioner.of(partitions, blocks))
                    .mapPartitions(part -> assemble(part, blockRows, d, sparse, classes, poisson, names))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            out.count();
            return out;
        });
        try {
            List<BlockMoments> moments = new ArrayList<>(raw.map(b -> momentsOf(b, false)).collect());
            moments.sort(Comparator.comparingInt(BlockMoments::index));
            boolean unitWeights = moments.stream().allMatch(BlockMoments::unitWeights);
            if (!unitWeights) {
                moments = new ArrayList<>(raw.map(b -> momentsOf(b, true)).collect());
                moments.sort(Comparator.comparingInt(BlockMoments::index));
            }
            Standardizer.Moments featureMoments = Standardizer.Moments.none(sparse ? 1 : d);
            Standardizer.Moments labelMoments = Standardizer.Moments.none(1);
            double weightSum = 0;
            double squaredWeightSum = 0;
            for (BlockMoments m : moments) {
                featureMoments = featureMoments.merge(m.features());
                labelMoments = labelMoments.merge(m.label());
                weightSum += m.weights();
                squaredWeightSum += m.squaredWeights();
            }
            if (!(weightSum > 0)) {
                throw new IllegalArgumentException("every row of the training frame has weight 0 in '" + weightCol
                        + "'; at least one row needs a positive weight");
            }
            boolean fitIntercept = params.getFitIntercept();
            // sparse rows are scaled, not centred, so that zeros stay zeros (MLlib's and scikit-learn's
            // StandardScaler(with_mean=False)); the intercept absorbs the means either way
            Standardizer scales = sparse ? sparseScales(new RowBlocks(raw, n, blockRows), d, unitWeights)
                    : fitIntercept ? featureMoments.standardizer() : featureMoments.standardizer().uncentered();
            // a network's target is standardized as local training standardizes it; linear regression's too,
            // as MLlib's is, so that its objective is of order 1 and converges as far as a classifier's
            boolean scaledTarget = classes == 0
                    && (modelSpec.kind() == ModelSpec.Kind.MLP || modelSpec.kind() == ModelSpec.Kind.LINEAR);
            Standardizer target = !scaledTarget ? null
                    : fitIntercept ? labelMoments.standardizer() : labelMoments.standardizer().uncentered();
            // the factor between the population deviation standardized by and MLlib's sample deviation
            double denominator = weightSum - squaredWeightSum / weightSum;
            double c = denominator > 0 ? Math.sqrt(weightSum / denominator) : 1;
            double labelDeviation = classes == 0 ? labelMoments.deviations()[0] * c : 1;

            Penalty penalty = penalty(params, modelSpec, scales, c, labelDeviation, labelMoments,
                    target == null ? 1 : target.deviations()[0]);
            Standardizer features = scales;
            JavaRDD<RowBlock> standardized = raw.map(b -> {
                double[] y = target == null ? b.targets() : target.transform(b.targets());
                double[] w = unitWeights ? null : b.weights();
                return b.isSparse() ? RowBlock.sparse(b.index(), b.sparse().dividedBy(features.deviations()), y, b.labels(), w)
                        : new RowBlock(b.index(), b.rows(), b.columns(), features.transform(b.features()), y, b.labels(), w);
            }).persist(StorageLevel.MEMORY_AND_DISK());
            standardized.count();
            raw.unpersist(false);
            try {
                RowBlocks rows = new RowBlocks(standardized, n, blockRows);
                double[] rowWeights = unitWeights ? null : rows.weights();
                double[] parameters;
                DescentTrainingSummary summary;
                if (params.getMaxIter() == 0) {
                    parameters = model.initialParameters(params.getSeed());
                    summary = new DescentTrainingSummary(new double[0], new double[0], 0, "MAX_EPOCHS", "maxIter is 0");
                } else {
                    List<Double> history = new ArrayList<>();
                    List<Double> times = new ArrayList<>();
                    long start = System.nanoTime();
                    TrainingPlan plan = plan(params, modelSpec, penalty).listener(new TrainingListener() {
                        @Override
                        public void onBatch(int epoch, int batch, double loss) {
                            history.add(loss);
                            times.add((System.nanoTime() - start) / 1e6);
                        }
                    });
                    double smoothing = model.piecewiseLinear() ? labelMoments.standardizer().deviations()[0] : Double.NaN;
                    SparkObjective objective = SparkObjective.of(spark, rows, model, plan, rowWeights, smoothing);
                    TrainingResult result = rethrowing(() -> Trainer.of(model, plan)
                            .fit(new TrainingData(objective, null, null, n)));
                    parameters = result.modelParameters();
                    for (double p : parameters) {
                        if (!Double.isFinite(p)) {
                            throw new IllegalStateException("training failed (" + result.stopReason()
                                    + (result.detail().isEmpty() ? "" : ": " + result.detail())
                                    + "); try a smaller learning rate in 'optimizer' or a schedule");
                        }
                    }
                    if (objective.batches() == 1) {
                        double[] gradient = new double[parameters.length];
                        double end = objective.batch(0, 0).valueAndGradient(parameters, gradient);
                        var l1 = penalty.l1Term(model);
                        history.add(end + (l1 == null ? 0 : l1.value(parameters)));
                        times.add((System.nanoTime() - start) / 1e6);
                    }
                    summary = new DescentTrainingSummary(history.stream().mapToDouble(Double::doubleValue).toArray(),
                            times.stream().mapToDouble(Double::doubleValue).toArray(), result.epochs(),
                            result.stopReason().name(), result.detail());
                }
                Fitted fitted = new Fitted(spec, d, classes, parameters, scales.means(), scales.deviations(),
                        target == null ? 0 : target.means()[0], target == null ? 1 : target.deviations()[0]);
                return new Outcome(fitted, summary);
            } finally {
                standardized.unpersist(false);
            }
        } finally {
            raw.unpersist(false);
        }
    }

    /** The spec a model parameter names: {@code auto} is logistic for two classes and softmax for more. */
    static String specOf(String model, int classes) {
        if (model.equals("auto")) {
            return classes > 2 ? "softmax" : classes == 2 ? "logistic" : "linear";
        }
        return model;
    }

    /** MLlib's penalty on descent's objective (see the class comment). */
    private static Penalty penalty(DescentParams params, ModelSpec spec, Standardizer scales, double c,
                                   double labelDeviation, Standardizer.Moments labelMoments, double targetScale) {
        double lambda = params.getRegParam();
        double alpha = params.getElasticNetParam();
        double l1 = lambda * alpha;
        double l2 = lambda * (1 - alpha);
        if (spec.kind() == ModelSpec.Kind.LINEAR) {
            // MLlib's LinearRegression: a constant label keeps its scale, |mean|, or 1 when that is 0 too
            double sy = labelDeviation > 0 ? labelDeviation : Math.abs(labelMoments.standardizer().means()[0]);
            sy = sy > 0 ? sy : 1;
            l1 = 2 * l1;
            l2 = 2 * l2 / sy;
        }
        // on a target divided by s_t the loss is divided by s_t^2, its coefficients by s_t: the L1 part by s_t
        l1 /= targetScale;
        if (params.getStandardization()) {
            return new Penalty(l2 * c * c, l1 * c);
        }
        return new Penalty(l2, l1).onFeaturesAsGiven(scales.deviations());
    }

    /** The training plan the parameters ask for. */
    private static TrainingPlan plan(DescentParams params, ModelSpec spec, Penalty penalty) {
        Optimizer optimizer;
        try {
            optimizer = params.getOptimizer().isEmpty() ? Pipeline.defaultOptimizer(spec)
                    : Optimizers.parse(params.getOptimizer());
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("optimizer", e.getMessage());
        }
        TrainingPlan plan = TrainingPlan.of(optimizer).penalty(penalty).epochs(params.getMaxIter()).seed(params.getSeed())
                .intercept(params.getFitIntercept()).withoutEpochMetrics()
                .convergence(StoppingRules.gradientMaxNorm(Math.min(TrainingPlan.GRADIENT_TOLERANCE, params.getTol()))
                        .or(mllibTolerance(params.getTol())));
        if (!params.getSchedule().isEmpty()) {
            try {
                plan = plan.schedule(Schedules.parse(params.getSchedule()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("schedule", e.getMessage());
            }
        }
        return params.getBatchSize() > 0 ? plan.batchSize(params.getBatchSize()) : plan;
    }

    /** The iterations over which {@link #mllibTolerance} measures the objective's fall: Breeze's history of 20 values. */
    static final int TOLERANCE_WINDOW = 20;

    /**
     * MLlib's {@code tol} as its optimizers (Breeze's L-BFGS and OWL-QN) apply it: stop when the objective
     * has fallen by at most {@code tol} times the initial objective's size over the last
     * {@link #TOLERANCE_WINDOW} values ({@code |f_k - max(f_{k-19}, ..., f_k)| <= tol |f_0|}), a test
     * over a window rather than one step, so that a run does not stop in a stretch of small steps.
     */
    static dev.descent.stop.StoppingRule mllibTolerance(double tol) {
        return new dev.descent.stop.StoppingRule() {
            // Breeze's history starts with +infinity: no stop before the window has filled with values
            private final java.util.ArrayDeque<Double> window = new java.util.ArrayDeque<>(
                    java.util.List.of(Double.POSITIVE_INFINITY));
            private double initial = Double.NaN;
            private long seen = 0;

            @Override
            public java.util.Optional<dev.descent.StopReason> check(dev.descent.Progress progress) {
                if (progress.iteration() <= seen) {
                    return java.util.Optional.empty();
                }
                seen = progress.iteration();
                if (Double.isNaN(initial)) {
                    initial = progress.previousValue();
                }
                window.add(progress.value());
                while (window.size() > TOLERANCE_WINDOW) {
                    window.removeFirst();
                }
                double max = Double.NEGATIVE_INFINITY;
                for (double v : window) {
                    max = Math.max(max, v);
                }
                return Math.abs(progress.value() - max) <= tol * Math.abs(initial)
                        ? java.util.Optional.of(dev.descent.StopReason.VALUE_TOLERANCE) : java.util.Optional.empty();
            }
        };
    }


    /**
     * On an executor: a block's moments, (un)weighted: of its features when dense (a sparse block's are
     * {@link #sparseScales}'), of its label, its weight sums, and whether its weights are all 1.
     */
    private static BlockMoments momentsOf(RowBlock b, boolean weighted) {
        double[] w = b.weights();
        boolean ones = true;
        double sum = 0;
        double squares = 0;
        for (double v : w) {
            ones &= v == 1;
            sum += v;
            squares += v * v;
        }
        Standardizer.Moments features = b.isSparse() ? Standardizer.Moments.none(1) : weighted
                ? Standardizer.Moments.of(b.features(), w, 0, b.rows(), b.columns())
                : Standardizer.Moments.of(b.features(), 0, b.rows(), b.columns());
        Standardizer.Moments label = weighted ? Standardizer.Moments.of(b.targets(), w, 0, b.rows(), 1)
                : Standardizer.Moments.of(b.targets(), 0, b.rows(), 1);
        return new BlockMoments(b.index(), features, label, weighted ? sum : b.rows(), weighted ? squares : b.rows(), ones);
    }

    /**
     * The scale-only standardizer of sparse features ({@link Standardizer#fitSparse}'s, to its bits): its
     * two passes' block sums ({@link Standardizer#sparseSums}, then {@link Standardizer#sparseSquares}
     * around the means) added on the executors by the {@link dev.descent.ml.model.BlockTree} over the
     * block indices and on the driver up the same tree, so the scales are the same on any partitioning.
     */
    private static Standardizer sparseScales(RowBlocks raw, int d, boolean unitWeights) {
        double[] sums = raw.treeReduce(() -> b -> Standardizer.sparseSums(b.sparse(), unitWeights ? null : b.weights()),
                dev.descent.ml.model.BlockTree::add);
        double[] mean = Standardizer.sparseMeans(sums, d);
        double[] squares = raw.treeReduce(() -> b -> Standardizer.sparseSquares(b.sparse(), unitWeights ? null : b.weights(),
                mean), dev.descent.ml.model.BlockTree::add);
        return Standardizer.ofSparseSums(sums, squares, d);
    }


    /**
     * On an executor: the rows of one partition gathered into their blocks, each block's rows in frame
     * order, the features dense; every cell checked, a bad one named by its row (1 for the frame's first).
     */
    private static Iterator<RowBlock> assemble(Iterator<Tuple2<Long, Tuple2<Long, Row>>> part, int blockRows, int d,
                                               boolean sparse, int classes, boolean nonNegativeLabel, String names) {
        TreeMap<Long, List<Tuple2<Long, Row>>> byBlock = new TreeMap<>();
        while (part.hasNext()) {
            Tuple2<Long, Tuple2<Long, Row>> next = part.next();
            byBlock.computeIfAbsent(next._1(), k -> new ArrayList<>()).add(next._2());
        }
        List<RowBlock> out = new ArrayList<>(byBlock.size());
        for (var entry : byBlock.entrySet()) {
            List<Tuple2<Long, Row>> rows = entry.getValue();
            rows.sort(Comparator.comparingLong(Tuple2::_1));
            int count = rows.size();
            double[] x = sparse ? null : new double[count * d];
            int[] starts = sparse ? new int[count + 1] : null;
            int stored = 0;
            if (sparse) {
                for (Tuple2<Long, Row> row : rows) {
                    stored += row._2().isNullAt(0) ? 0 : ((Vector) row._2().get(0)).numActives();
                }
            }
            int[] indices = sparse ? new int[stored] : null;
            double[] values = sparse ? new double[stored] : null;
            double[] y = new double[count];
            int[] labels = classes > 0 ? new int[count] : null;
            double[] w = new double[count];
            for (int r = 0; r < count; r++) {
                long number = rows.get(r)._1() + 1;
                Row row = rows.get(r)._2();
                if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)) {
                    throw new IllegalArgumentException("row " + number + " of the training frame has no value in one of "
                            + names);
                }
                Vector v = (Vector) row.get(0);
                if (v.size() != d) {
                    throw new IllegalArgumentException("row " + number + " has " + v.size() + " features; other rows have "
                            + d);
                }
                if (sparse) {
                    int at = starts[r];
                    if (v instanceof org.apache.spark.ml.linalg.SparseVector sv) {
                        for (int k = 0; k < sv.indices().length; k++) {
                            indices[at] = sv.indices()[k];
                            values[at++] = finite(sv.values()[k], sv.indices()[k], number);
                        }
                    } else {
                        double[] cells = v.toArray();
                        for (int j = 0; j < d; j++) {
                            indices[at] = j;
                            values[at++] = finite(cells[j], j, number);
                        }
                    }
                    starts[r + 1] = at;
                } else {
                    double[] cells = v.toArray();
                    for (int j = 0; j < d; j++) {
                        x[r * d + j] = finite(cells[j], j, number);
                    }
                }
                double label = row.getDouble(1);
                if (!Double.isFinite(label)) {
                    throw new IllegalArgumentException("the label of row " + number + " is " + label);
                }
                if (classes > 0) {
                    if (label != Math.rint(label) || label < 0 || label >= classes) {
                        throw new IllegalArgumentException("the label of row " + number + " is " + label
                                + "; a classifier's labels are the class indices 0 to " + (classes - 1)
                                + " (StringIndexer makes them)");
                    }
                    labels[r] = (int) label;
                } else if (nonNegativeLabel && label < 0) {
                    throw new IllegalArgumentException("the label of row " + number + " is " + label
                            + "; a Poisson model's counts are at least 0");
                }
                y[r] = label;
                double weight = row.getDouble(2);
                if (!(weight >= 0) || !Double.isFinite(weight)) {
                    throw new IllegalArgumentException("the weight of row " + number + " is " + weight
                            + "; a weight is finite and at least 0");
                }
                w[r] = weight;
            }
            int index = (int) (long) entry.getKey();
            out.add(sparse ? RowBlock.sparse(index, new dev.descent.ml.model.SparseRows(count, d, starts, indices, values), y,
                    labels, w) : new RowBlock(index, count, d, x, y, labels, w));
        }
        return out.iterator();
    }

    /** On an executor: a partition's rows keyed by their block, each with its number in the frame, from {@code first}. */
    private static Iterator<Tuple2<Long, Tuple2<Long, Row>>> numbered(Iterator<Row> rows, long first, int blockRows) {
        return new Iterator<>() {
            private long next = first;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Tuple2<Long, Tuple2<Long, Row>> next() {
                long number = next++;
                return new Tuple2<>(number / blockRows, new Tuple2<>(number, rows.next()));
            }
        };
    }

    /** A feature's value, refused by its place when it is not a finite number. */
    private static double finite(double value, int feature, long row) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("feature " + feature + " of row " + row + " is " + value
                    + "; features are finite numbers");
        }
        return value;
    }

    /**
     * Runs {@code body}, rethrowing a data or setting error raised on an executor as itself rather
     * than wrapped in Spark's job failure.
     */
    static <T> T rethrowing(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (Exception e) {
            // Scala throws Spark's checked job failure without declaring it
            if (e instanceof org.apache.spark.SparkException || e.getCause() instanceof org.apache.spark.SparkException) {
                throw unwrapped(e);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    private static RuntimeException unwrapped(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException bad) {
                return new IllegalArgumentException(bad.getMessage(), e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
