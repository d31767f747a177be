package dev.descent.bench;

import dev.descent.Objective;
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
 */
final class SparkWorkload {
    private static final int N = 2_000_000;
    private static final int D = 50;

    private SparkWorkload() {}

    static void run(int reps, PrintWriter out) {
        long start = System.nanoTime();
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("descent bench W7")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            double started = (System.nanoTime() - start) / 1e6;
            Model model = ModelSpec.logistic().build(D, 2);
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
            caching = System.nanoTime();
            JavaRDD<Tuple2<Object, Vector>> points = blocks.blocks().flatMap(SparkWorkload::points)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            points.count();
            double cachedMllib = (System.nanoTime() - caching) / 1e6;

            Objective descent = new SparkObjective(spark, blocks, model, Penalty.NONE, 0, 0).batch(0, 0);
            double[] theta = new double[D + 1];
            double[] gradient = new double[D + 1];
            double[] descentMs = time(reps, () -> descent.valueAndGradient(theta, gradient));
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
            org.apache.spark.sql.SparkSession session = org.apache.spark.sql.SparkSession.builder().sparkContext(spark.sc())
                    .getOrCreate();
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = session.createDataFrame(points.map(p ->
                    new org.apache.spark.ml.feature.LabeledPoint((Double) p._1(), p._2().asML())),
                    org.apache.spark.ml.feature.LabeledPoint.class).persist(StorageLevel.MEMORY_AND_DISK());
            frame.count();
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
            out.printf(Locale.ROOT, "W7: logistic regression, %d x %d, Spark local[2], 2 partitions, cached MEMORY_AND_DISK%n", N, D);
            out.printf(Locale.ROOT, "    start-up %.0f ms; caching: descent's row blocks %.0f ms, MLlib's points %.0f ms%n", started,
                    cachedDescent, cachedMllib);
            out.printf(Locale.ROOT, "%-58s %10s %19s%n", "one full-batch pass (gradient and loss over every row)", "median ms",
                    "min-max");
            row(out, "descent SparkObjective, blocks of 16384 rows", descentMs);
            row(out, "Spark MLlib GradientDescent + LogisticGradient, per iteration", mllibMs);
            row(out, String.format(Locale.ROOT, "Spark MLlib ml.LogisticRegression, per L-BFGS iteration (%.0f a fit)",
                    frameIterations[0]), frameMs);
            out.printf(Locale.ROOT, "descent %.2fx faster per pass than MLlib's GradientDescent, %.2fx than an iteration of "
                    + "ml.LogisticRegression (about 1.13 data passes each; BLAS threads: OPENBLAS_NUM_THREADS=%s)%n",
                    median(mllibMs) / median(descentMs), median(frameMs) / median(descentMs),
                    System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"));
            out.flush();
        }
    }

    /** Block {@code k} of the data: x uniform in [-1, 1) from the seed and the block, y = [x . w* > 0]. */
    private static RowBlock block(int k, int blockRows) {
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

    private static java.util.Iterator<Tuple2<Object, Vector>> points(RowBlock block) {
        List<Tuple2<Object, Vector>> out = new ArrayList<>(block.rows());
        int d = block.columns();
        for (int r = 0; r < block.rows(); r++) {
            out.add(new Tuple2<>(block.targets()[r], Vectors.dense(Arrays.copyOfRange(block.features(), r * d, (r + 1) * d))));
        }
        return out.iterator();
    }

    private static double[] time(int reps, DoubleSupplier work) {
        double sink = 0;
        for (int k = 0; k < 3; k++) {
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

    private static double median(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void row(PrintWriter out, String what, double[] ms) {
        out.printf(Locale.ROOT, "%-58s %10.1f %9.1f-%-9.1f%n", what, median(ms),
                Arrays.stream(ms).min().orElse(Double.NaN), Arrays.stream(ms).max().orElse(Double.NaN));
    }
}
