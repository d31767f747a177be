package dev.descent.bench;

import dev.descent.spark.ml.DescentClassificationModel;
import dev.descent.spark.ml.DescentClassifier;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * W8: sparse logistic regression on Spark {@code local[2]}: 2,000,000 rows of 2^20 hashed binary
 * features, 30 stored per row, the label drawn from a logistic model over all of them, L2 penalty
 * {@code regParam = 1e-4} (standardization on, as MLlib's default). Both estimators fit the same
 * cached frame of sparse vectors: Spark MLlib 3.5's {@code LogisticRegression} (its defaults: tol
 * 1e-6, at most 100 iterations) and descent's {@link DescentClassifier} with the same settings. The
 * table gives each fit's wall time (its caching and standardization included), iterations and time
 * per iteration, and the time descent's run took to reach MLlib's final objective (both minimize the
 * same objective, checked to 1e-8 in {@code DescentEstimatorsTest}).
 */
final class SparseSparkWorkload {
    static final int N = 2_000_000;
    static final int D = 1 << 20;
    static final int STORED = 30;
    static final double REG = 1e-4;

    private SparseSparkWorkload() {}

    static void run(PrintWriter out) {
        long start = System.nanoTime();
        SparkSession session = SparkSession.builder().config(new SparkConf().setMaster("local[2]")
                .setAppName("descent bench W8").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")).getOrCreate();
        try {
            session.sparkContext().setLogLevel("WARN");
            double started = (System.nanoTime() - start) / 1e6;
            int blocks = 64;
            List<Integer> indices = new ArrayList<>();
            for (int k = 0; k < blocks; k++) {
                indices.add(k);
            }
            long caching = System.nanoTime();
            StructType schema = new StructType().add("features", new VectorUDT(), false)
                    .add("label", DataTypes.DoubleType, false);
            Dataset<Row> frame = session.createDataFrame(new org.apache.spark.api.java.JavaSparkContext(
                    session.sparkContext()).parallelize(indices, 2).flatMap(k -> rows(k, blocks).iterator()), schema)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            frame.count();
            double cached = (System.nanoTime() - caching) / 1e6;

            long t0 = System.nanoTime();
            LogisticRegressionModel mllib = new LogisticRegression().setRegParam(REG).fit(frame);
            double mllibMs = (System.nanoTime() - t0) / 1e6;
            double[] mllibHistory = mllib.summary().objectiveHistory();
            double target = mllibHistory[mllibHistory.length - 1];
            int mllibIterations = mllib.summary().totalIterations();

            t0 = System.nanoTime();
            DescentClassificationModel descent = new DescentClassifier().setRegParam(REG).fit(frame);
            double descentMs = (System.nanoTime() - t0) / 1e6;
            double[] history = descent.summary().objectiveHistory();
            double[] times = descent.summary().elapsedMillis();
            double setup = descentMs - times[times.length - 1];
            double reached = Double.NaN;
            for (int k = 0; k < history.length; k++) {
                if (history[k] <= target) {
                    reached = setup + times[k];
                    break;
                }
            }
            int iterations = descent.summary().totalIterations();

            out.printf(Locale.ROOT, "W8: sparse logistic regression, %d rows x 2^20 hashed features, %d stored per row, "
                    + "L2 regParam %.0e, Spark local[2], cached MEMORY_AND_DISK%n", N, STORED, REG);
            out.printf(Locale.ROOT, "    start-up %.0f ms; the frame of sparse vectors made and cached in %.0f ms%n", started,
                    cached);
            out.printf(Locale.ROOT, "%-52s %10s %11s %13s %14s%n", "fit (caching, standardization and training)", "wall ms",
                    "iterations", "ms/iteration", "final objective");
            out.printf(Locale.ROOT, "%-52s %10.0f %11d %13.1f %14.10f%n", "Spark MLlib LogisticRegression (tol 1e-6)", mllibMs,
                    mllibIterations, mllibMs / Math.max(1, mllibIterations), target);
            out.printf(Locale.ROOT, "%-52s %10.0f %11d %13.1f %14.10f%n", "descent DescentClassifier (tol 1e-6)", descentMs,
                    iterations, (times[times.length - 1]) / Math.max(1, iterations), history[history.length - 1]);
            out.printf(Locale.ROOT, "descent reached MLlib's final objective after %.0f ms (%s), %.2fx MLlib's fit; "
                    + "its rows were cached and scaled in %.0f ms%n", reached,
                    Double.isNaN(reached) ? "not within its run" : "setup included", mllibMs / reached, setup);
            out.flush();
        } finally {
            session.stop();
        }
    }

    /** Rows of block {@code k}: 30 distinct hashed features of value 1, the label from the fixed weights' logit. */
    static List<Row> rows(int k, int blocks) {
        int from = (int) ((long) N * k / blocks);
        int to = (int) ((long) N * (k + 1) / blocks);
        SplittableRandom random = new SplittableRandom(8_000_003L * k + 17);
        List<Row> out = new ArrayList<>(to - from);
        int[] picked = new int[STORED];
        double[] ones = new double[STORED];
        Arrays.fill(ones, 1.0);
        for (int i = from; i < to; i++) {
            int count = 0;
            while (count < STORED) {
                int j = random.nextInt(D);
                boolean seen = false;
                for (int c = 0; c < count; c++) {
                    seen |= picked[c] == j;
                }
                if (!seen) {
                    picked[count++] = j;
                }
            }
            int[] sorted = Arrays.copyOf(picked, STORED);
            Arrays.sort(sorted);
            double z = -0.5;
            for (int j : sorted) {
                z += weight(j);
            }
            double label = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            out.add(RowFactory.create(Vectors.sparse(D, sorted, ones.clone()), label));
        }
        return out;
    }

    /** Feature {@code j}'s true weight, in [-0.5, 0.5), from a hash of its index. */
    static double weight(int j) {
        long h = j * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return ((h >>> 11) * 0x1.0p-53) - 0.5;
    }
}
