package dev.descent.bench;

import dev.descent.Objective;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import dev.descent.spark.RowBlock;
import dev.descent.spark.RowBlocks;
import dev.descent.spark.SparkObjective;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * W7: one full-batch pass (the gradient and loss over every row) of logistic regression on
 * 2,000,000 x 50 rows cached in Spark {@code local[2]}, for descent ({@link SparkObjective} over
 * row blocks) and, on the same rows in the same run, Spark MLlib 3.5's RDD {@code GradientDescent}
 * with {@code LogisticGradient} (miniBatchFraction 1; five iterations a call, since each call first
 * counts the rows, timed per iteration), each the median of {@code reps} timings after warm-up,
 * Spark's job overhead included. The rows are made on the executors from a seed, block by block,
 * so the cached RDD's tasks carry no data. Start-up and caching are reported apart. Spark MLlib's
 * DataFrame {@code LogisticRegression} (blockified rows, BLAS, L-BFGS) is timed per L-BFGS iteration
 * of a 10-iteration fit on the same rows; run it with {@code OPENBLAS_NUM_THREADS=1} so that BLAS
 * threads do not fight Spark's task threads (its best here).
 *
 * <p>The same pass runs locally too, on the same rows copied into one array in the same JVM (the
 * logistic model's fused kernel on both cores, {@link Model#lossAndGradient}), and the Spark pass
 * is printed as a multiple of it: what Spark costs beyond the kernel. An empty job over the cached
 * blocks is timed as Spark's own floor. These three take turns within each repetition, so that
 * their ratios compare passes timed seconds apart on this shared machine. Each row warms up for at least {@link #WARM_UP_CALLS} calls
 * and {@link #WARM_UP_NANOS}: Spark's scheduler and the kernel called from its task threads take
 * seconds of passes to compile, and three passes left the first timings twice the later ones.
 *
 * <p>W7cv: a 3-fold {@code CrossValidator} over regParam {0.001, 0.01, 0.1} x elasticNetParam
 * {0, 0.5} (maxIter 100, tol 1e-6, the rest MLlib's defaults) with MLlib's log-loss evaluator, for
 * descent's {@code DescentClassifier} and MLlib's {@code LogisticRegression} on a DataFrame of the
 * same rows (W7's first {@code --cv-rows}; {@code features}, {@code label}); wall time of each {@code fit} after one small warm-up
 * fit of each, and each setting's mean log-loss ({@code avgMetrics}).
 */
final class SparkWorkload {
    private static final int N = 2_000_000;
    private static final int D = 50;

    private SparkWorkload() {}

    /** Warm-up of each timed row: at least this many calls ... */
    static final int WARM_UP_CALLS = 3;
    /** ... and at least this long. */
    static final long WARM_UP_NANOS = 8_000_000_000L;

    /**
     * Runs W7 (the passes) and or W7cv (the cross-validation) in one Spark context on the same rows.
     */
    static void run(int reps, PrintWriter out, boolean passes, boolean crossValidation, int crossValidationRows) {
        long start = System.nanoTime();
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("descent bench W7")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            double started = (System.nanoTime() - start) / 1e6;
            // the rows are made on the executors, block by block from the seed: a cached RDD whose tasks carry
            // no data (rows parallelized from the driver would ride along with every task of every pass)
            int blockRows = RowBlocks.DEFAULT_BLOCK_ROWS;
            int blockCount = (N + blockRows - 1) / blockRows;
            List<Integer> indices = new ArrayList<>();
            for (int k = 0; k < blockCount; k++) {
                indices.add(k);
            }
            long caching = System.nanoTime();
            JavaRDD<RowBlock> made = spark.parallelize(indices, 2).map(k -> block(k, blockRows))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            made.count();
            RowBlocks blocks = new RowBlocks(made, N, blockRows);
            double cachedDescent = (System.nanoTime() - caching) / 1e6;
            org.apache.spark.sql.SparkSession session = org.apache.spark.sql.SparkSession.builder().sparkContext(spark.sc())
                    .getOrCreate();
            if (passes) {
                caching = System.nanoTime();
                JavaRDD<Tuple2<Object, Vector>> points = blocks.blocks().flatMap(b -> points(b, N))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                points.count();
                double cachedMllib = (System.nanoTime() - caching) / 1e6;
                org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = frame(session, points);
                out.printf(Locale.ROOT, "W7: logistic regression, %d x %d, Spark local[2], 2 partitions, cached "
                        + "MEMORY_AND_DISK%n", N, D);
                out.printf(Locale.ROOT, "    start-up %.0f ms; caching: descent's row blocks %.0f ms, MLlib's points %.0f ms%n",
                        started, cachedDescent, cachedMllib);
                out.flush();
                passes(reps, out, spark, blocks, points, frame);
                frame.unpersist(true);
                points.unpersist(true);
            }
            if (crossValidation) {
                int rows = Math.min(N, crossValidationRows);
                JavaRDD<Tuple2<Object, Vector>> points = blocks.blocks().filter(b -> (long) b.index() * blockRows < rows)
                        .flatMap(b -> points(b, rows));
                org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = frame(session, points);
                CrossValidation.run(out, frame);
                frame.unpersist(true);
            }
        }
    }

    /** MLlib's DataFrame of {@code points} ({@code features} a vector, {@code label}), cached. */
    private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame(org.apache.spark.sql.SparkSession session,
                                                                                JavaRDD<Tuple2<Object, Vector>> points) {
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = session.createDataFrame(points.map(p ->
                new org.apache.spark.ml.feature.LabeledPoint((Double) p._1(), p._2().asML())),
                org.apache.spark.ml.feature.LabeledPoint.class).persist(StorageLevel.MEMORY_AND_DISK());
        frame.count();
        return frame;
    }

    private static void passes(int reps, PrintWriter out, JavaSparkContext spark, RowBlocks blocks,
                               JavaRDD<Tuple2<Object, Vector>> points, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame) {
        Model model = ModelSpec.logistic().build(D, 2);
        Objective descent = new SparkObjective(spark, blocks, model, Penalty.NONE, 0, 0).batch(0, 0);
        double[] theta = new double[D + 1];
        double[] gradient = new double[D + 1];
        // the same pass locally: the same rows in one array, the same model's fused kernel on both cores
        Batch local = localRows(blocks);
        double[] localGradient = new double[D + 1];
        // the Spark pass, the local pass and Spark's floor (a job that reads the cached blocks and computes
        // nothing) take turns within each repetition: the machine is shared and its speed changes from minute
        // to minute, and the ratios compare passes timed seconds apart
        double[][] interleaved = time(reps, () -> descent.valueAndGradient(theta, gradient),
                () -> model.lossAndGradient(theta, local, localGradient),
                () -> blocks.blocks().mapPartitions(part -> {
                    int count = 0;
                    while (part.hasNext()) {
                        count += part.next().rows();
                    }
                    return List.of(count).iterator();
                }).collect().size());
        double[] descentMs = interleaved[0];
        double[] localMs = interleaved[1];
        double[] emptyMs = interleaved[2];
        double[] ratios = new double[reps];
        for (int k = 0; k < reps; k++) {
            ratios[k] = descentMs[k] / localMs[k];
        }
        double sparkValue = descent.valueAndGradient(theta, gradient);
        double localValue = model.lossAndGradient(theta, local, localGradient);
        boolean sameBits = Double.doubleToLongBits(sparkValue) == Double.doubleToLongBits(localValue)
                && Arrays.equals(gradient, localGradient);
        Vector zeros = Vectors.zeros(D);
        // MLlib counts the rows once per call: five iterations a call, timed per iteration, to be fair to it
        int iterations = 5;
        double[] mllibMs = time(reps, () -> {
            Tuple2<Vector, double[]> result = GradientDescent.runMiniBatchSGD(points.rdd(), new LogisticGradient(),
                    new SimpleUpdater(), 1.0, iterations, 0.0, 1.0, zeros);
            return result._1().apply(0);
        });
        for (int k = 0; k < mllibMs.length; k++) {
            mllibMs[k] /= iterations;
        }
        // the DataFrame LogisticRegression (blockified rows, BLAS, L-BFGS): time per L-BFGS iteration
        int lbfgsIterations = 10;
        double[] frameIterations = new double[1];
        double[] frameMs = time(reps, () -> {
            var fitted = new org.apache.spark.ml.classification.LogisticRegression().setMaxIter(lbfgsIterations)
                    .setTol(0).setRegParam(0).setStandardization(false).fit(frame);
            frameIterations[0] = fitted.summary().totalIterations();
            return fitted.intercept();
        });
        for (int k = 0; k < frameMs.length; k++) {
            frameMs[k] /= Math.max(1, frameIterations[0]);
        }
        out.printf(Locale.ROOT, "%-66s %10s %19s%n", "one full-batch pass (gradient and loss over every row)", "median ms",
                "min-max");
        row(out, "descent SparkObjective, blocks of 16384 rows", descentMs);
        row(out, "descent, the same pass locally (one array, both cores)", localMs);
        row(out, "Spark's floor: a job reading the cached blocks, no work", emptyMs);
        row(out, "Spark MLlib GradientDescent + LogisticGradient, per iteration", mllibMs);
        row(out, String.format(Locale.ROOT, "Spark MLlib ml.LogisticRegression, per L-BFGS iteration (%.0f a fit)",
                frameIterations[0]), frameMs);
        out.printf(Locale.ROOT, "descent's Spark pass is %.2fx its local pass (medians; %.2f-%.2f repetition by repetition; "
                + "same bits: %s); Spark's floor %.2fx%n", median(descentMs) / median(localMs),
                Arrays.stream(ratios).min().orElse(Double.NaN), Arrays.stream(ratios).max().orElse(Double.NaN),
                sameBits ? "yes" : "NO", median(emptyMs) / median(localMs));
        out.printf(Locale.ROOT, "descent %.2fx faster per pass than MLlib's GradientDescent, %.2fx than an iteration of "
                + "ml.LogisticRegression (about 1.13 data passes each; MLlib's BLAS: %s)%n",
                median(mllibMs) / median(descentMs), median(frameMs) / median(descentMs), blas());
        out.flush();
    }

    /**
     * The BLAS MLlib's blockified {@code LogisticRegression} runs on (netlib's native binding, which
     * Spark prefers, or its Java fallback) and its thread setting: OpenBLAS's own threads fight Spark's
     * task threads for the two cores unless {@code OPENBLAS_NUM_THREADS=1}.
     */
    static String blas() {
        String kind;
        try {
            kind = "native " + dev.ludovic.netlib.blas.NativeBLAS.getInstance().getClass().getSimpleName();
        } catch (RuntimeException | LinkageError e) {
            kind = "Java " + dev.ludovic.netlib.blas.JavaBLAS.getInstance().getClass().getSimpleName() + " (no native BLAS)";
        }
        return kind + ", OPENBLAS_NUM_THREADS=" + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset");
    }

    /** The cached blocks' rows gathered in block order into one local batch, as local training holds them. */
    private static Batch localRows(RowBlocks blocks) {
        double[] x = new double[N * D];
        double[] y = new double[N];
        int[] labels = new int[N];
        for (int k = 0, count = (N + blocks.blockRows() - 1) / blocks.blockRows(); k < count; k++) {
            // made again from the seed on the driver: the same rows, without collecting 800 MB from Spark
            RowBlock block = block(k, blocks.blockRows());
            int from = k * blocks.blockRows();
            System.arraycopy(block.features(), 0, x, from * D, block.features().length);
            System.arraycopy(block.targets(), 0, y, from, block.rows());
            System.arraycopy(block.labels(), 0, labels, from, block.rows());
        }
        return new Batch(x, N, D, y, labels);
    }

    /** Block {@code k} of the data: x uniform in [-1, 1) from the seed and the block, y = [x . w* > 0]. */
    static RowBlock block(int k, int blockRows) {
        int rows = Math.min(blockRows, N - k * blockRows);
        double[] weights = new java.util.SplittableRandom(72).doubles(D, -1, 1).toArray();
        java.util.SplittableRandom random = new java.util.SplittableRandom(71L * 1_000_003 + k);
        double[] x = random.doubles((long) rows * D, -1, 1).toArray();
        double[] y = new double[rows];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            double z = 0;
            for (int j = 0; j < D; j++) {
                z += x[i * D + j] * weights[j];
            }
            labels[i] = z > 0 ? 1 : 0;
            y[i] = labels[i];
        }
        return new RowBlock(k, rows, D, x, y, labels);
    }

    /** MLlib's points of the block's rows that lie before row {@code limit} of the data. */
    private static java.util.Iterator<Tuple2<Object, Vector>> points(RowBlock block, int limit) {
        int rows = (int) Math.min(block.rows(), limit - (long) block.index() * RowBlocks.DEFAULT_BLOCK_ROWS);
        List<Tuple2<Object, Vector>> out = new ArrayList<>(Math.max(0, rows));
        int d = block.columns();
        for (int r = 0; r < rows; r++) {
            out.add(new Tuple2<>(block.targets()[r], Vectors.dense(Arrays.copyOfRange(block.features(), r * d, (r + 1) * d))));
        }
        return out.iterator();
    }

    /**
     * Each of {@code works} timed {@code reps} times, taking turns: one call of each per repetition,
     * after a warm-up of them all in turn as long as {@link #time(int, DoubleSupplier)}'s.
     */
    static double[][] time(int reps, DoubleSupplier... works) {
        double sink = 0;
        long warming = System.nanoTime();
        for (int k = 0; k < WARM_UP_CALLS || System.nanoTime() - warming < works.length * WARM_UP_NANOS; k++) {
            for (DoubleSupplier work : works) {
                sink += work.getAsDouble();
            }
        }
        double[][] ms = new double[works.length][reps];
        for (int k = 0; k < reps; k++) {
            for (int w = 0; w < works.length; w++) {
                long start = System.nanoTime();
                sink += works[w].getAsDouble();
                ms[w][k] = (System.nanoTime() - start) / 1e6;
            }
        }
        if (sink == 42.4242) {
            System.out.print("");
        }
        return ms;
    }

    static double[] time(int reps, DoubleSupplier work) {
        double sink = 0;
        long warming = System.nanoTime();
        for (int k = 0; k < WARM_UP_CALLS || System.nanoTime() - warming < WARM_UP_NANOS; k++) {
            sink += work.getAsDouble();
        }
        double[] ms = new double[reps];
        for (int k = 0; k < reps; k++) {
            long start = System.nanoTime();
            sink += work.getAsDouble();
            ms[k] = (System.nanoTime() - start) / 1e6;
        }
        if (sink == 42.4242) {
            System.out.print("");
        }
        return ms;
    }

    static double median(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void row(PrintWriter out, String what, double[] ms) {
        out.printf(Locale.ROOT, "%-66s %10.1f %9.1f-%-9.1f%n", what, median(ms),
                Arrays.stream(ms).min().orElse(Double.NaN), Arrays.stream(ms).max().orElse(Double.NaN));
    }
}
