package dev.descent.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.descent.ml.data.CsvDatasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * descent's Spark ML estimators against MLlib's own {@code LogisticRegression} and
 * {@code LinearRegression} on the same frames (the reference runs in the same JVM, to its tightest
 * tolerance): the same optimum for L2, elastic net and lasso penalties, weights, without standardization
 * and without an intercept, exact zeros included; and saving, loading and partitions changing no bit.
 */
class DescentEstimatorsTest {
    static SparkSession spark;
    static Dataset<Row> cancer;
    static Dataset<Row> diabetes;
    static Dataset<Row> binary;
    static Dataset<Row> numeric;
    @TempDir
    static Path folder;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("descent-spark-ml").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        cancer = frame(CsvDatasets.builtIn("breast_cancer", null, true));
        diabetes = frame(CsvDatasets.builtIn("diabetes", null, false));
        binary = synthetic(true);
        numeric = synthetic(false);
    }

    /**
     * 3,000 rows of 8 independent features with means from -5 to 16 and deviations from 0.5 to 7.5, and a
     * label from a linear predictor with two zero coefficients: a well-conditioned problem whose optimum
     * both solvers pin down to far below 1e-6.
     */
    static Dataset<Row> synthetic(boolean logistic) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(logistic ? 5 : 6);
        double[] beta = {0.8, -0.3, 0, 0.15, -0.1, 0, 0.05, 0.02};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double[] x = new double[beta.length];
            double z = 0.5;
            for (int j = 0; j < x.length; j++) {
                x[j] = 3 * j - 5 + (0.5 + j) * random.nextGaussian();
                z += beta[j] * (x[j] - (3 * j - 5));
            }
            double y = logistic ? (random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0) : 10 + 3 * z + 2 * random.nextGaussian();
            rows.add(RowFactory.create(Vectors.dense(x), y, 1.0 + i % 3));
        }
        StructType schema = new StructType().add("features", new VectorUDT(), false)
                .add("label", DataTypes.DoubleType, false).add("weight", DataTypes.DoubleType, false);
        return spark.createDataFrame(rows, schema).repartition(2).cache();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** A descent dataset as a frame of {@code features} (a dense vector), {@code label} and a {@code weight} of 1, 2 or 3. */
    static Dataset<Row> frame(dev.descent.ml.data.Dataset data) {
        List<Row> rows = new ArrayList<>();
        double[] x = data.features();
        double[] y = data.hasClasses() ? toDoubles(data.labels()) : data.targets();
        int d = data.columns();
        for (int i = 0; i < data.rows(); i++) {
            double[] row = java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d);
            rows.add(RowFactory.create(Vectors.dense(row), y[i], 1.0 + i % 3));
        }
        StructType schema = new StructType().add("features", new VectorUDT(), false)
                .add("label", DataTypes.DoubleType, false).add("weight", DataTypes.DoubleType, false);
        return spark.createDataFrame(rows, schema).repartition(2).cache();
    }

    static double[] toDoubles(int[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    /** Coefficients within 1e-6 of MLlib's (relative to 1 or their size), and the same exact zeros. */
    static void assertSameOptimum(Vector descent, double descentIntercept, Vector mllib, double mllibIntercept) {
        double[] a = descent.toArray();
        double[] b = mllib.toArray();
        assertThat(a).hasSameSizeAs(b);
        for (int j = 0; j < a.length; j++) {
            assertThat(a[j]).as("coefficient %d", j).isCloseTo(b[j], offset(1e-6 * Math.max(1, Math.abs(b[j]))));
            assertThat(a[j] == 0).as("coefficient %d is zero in both or neither", j).isEqualTo(b[j] == 0);
        }
        assertThat(descentIntercept).isCloseTo(mllibIntercept, offset(1e-6 * Math.max(1, Math.abs(mllibIntercept))));
    }

    /** MLlib's objective (its documentation's, with the sample deviations it standardizes by) at these coefficients. */
    static double objective(Dataset<Row> frame, boolean logistic, Case c, double[] beta, double intercept) {
        List<Row> rows = frame.collectAsList();
        int d = beta.length;
        double w = 0, w2 = 0, loss = 0;
        double[] mean = new double[d], sq = new double[d];
        double ymean = 0, ysq = 0;
        for (Row r : rows) {
            double[] x = ((Vector) r.get(0)).toArray();
            double y = r.getDouble(1), wt = c.weighted() ? r.getDouble(2) : 1;
            double z = intercept;
            for (int j = 0; j < d; j++) {
                z += beta[j] * x[j];
            }
            loss += wt * (logistic ? Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y * z : 0.5 * (z - y) * (z - y));
            w += wt;
            w2 += wt * wt;
        }
        for (Row r : rows) {
            double[] x = ((Vector) r.get(0)).toArray();
            double wt = c.weighted() ? r.getDouble(2) : 1;
            for (int j = 0; j < d; j++) {
                mean[j] += wt * x[j] / w;
            }
            ymean += wt * r.getDouble(1) / w;
        }
        for (Row r : rows) {
            double[] x = ((Vector) r.get(0)).toArray();
            double wt = c.weighted() ? r.getDouble(2) : 1;
            for (int j = 0; j < d; j++) {
                sq[j] += wt * (x[j] - mean[j]) * (x[j] - mean[j]);
            }
            ysq += wt * (r.getDouble(1) - ymean) * (r.getDouble(1) - ymean);
        }
        double denominator = w - w2 / w;
        double ystd = logistic ? 1 : Math.sqrt(ysq / denominator);
        double penalty = 0;
        for (int j = 0; j < d; j++) {
            double scaled = beta[j] * (c.standardization() ? Math.sqrt(sq[j] / denominator) : 1) / ystd;
            penalty += c.elasticNet() * Math.abs(scaled) + (1 - c.elasticNet()) / 2 * scaled * scaled;
        }
        // linear regression: MLlib's objective on y / ystd, times ystd^2
        return loss / w / (ystd * ystd) + c.regParam() * (logistic ? 1 : 10) / ystd * penalty;
    }

    record Case(double regParam, double elasticNet, boolean standardization, boolean intercept, boolean weighted) {}

    static final List<Case> CASES = List.of(new Case(0.01, 0, true, true, false), new Case(0.01, 0.5, true, true, false),
            new Case(0.02, 1, false, true, false), new Case(0.01, 0, true, false, false),
            new Case(0.01, 0.5, true, true, true), new Case(0.005, 0.3, false, true, true));

    @Test
    void logisticRegressionReachesMllibsOptimum() {
        for (Case c : CASES) {
            LogisticRegressionModel mllib = new LogisticRegression().setRegParam(c.regParam()).setElasticNetParam(c.elasticNet())
                    .setStandardization(c.standardization()).setFitIntercept(c.intercept()).setMaxIter(5000).setTol(1e-15)
                    .setWeightCol(c.weighted() ? "weight" : "").fit(binary);
            DescentClassificationModel descent = new DescentClassifier().setRegParam(c.regParam())
                    .setElasticNetParam(c.elasticNet()).setStandardization(c.standardization()).setFitIntercept(c.intercept())
                    .setMaxIter(5000).setTol(0).setWeightCol(c.weighted() ? "weight" : "").fit(binary);
            assertThat(objective(binary, true, c, descent.coefficients().toArray(), descent.intercept()))
                    .isLessThanOrEqualTo(objective(binary, true, c, mllib.coefficients().toArray(), mllib.intercept()) * (1 + 1e-14));
            assertSameOptimum(descent.coefficients(), descent.intercept(), mllib.coefficients(), mllib.intercept());
        }
    }

    @Test
    void linearRegressionReachesMllibsOptimum() {
        for (Case c : CASES) {
            LinearRegressionModel mllib = new LinearRegression().setSolver("l-bfgs").setRegParam(c.regParam() * 10).setElasticNetParam(c.elasticNet())
                    .setStandardization(c.standardization()).setFitIntercept(c.intercept()).setMaxIter(5000).setTol(1e-15)
                    .setWeightCol(c.weighted() ? "weight" : "").fit(numeric);
            DescentRegressionModel descent = new DescentRegressor().setRegParam(c.regParam() * 10)
                    .setElasticNetParam(c.elasticNet()).setStandardization(c.standardization()).setFitIntercept(c.intercept())
                    .setMaxIter(5000).setTol(0).setWeightCol(c.weighted() ? "weight" : "").fit(numeric);
            assertThat(objective(numeric, false, c, descent.coefficients().toArray(), descent.intercept()))
                    .isLessThanOrEqualTo(objective(numeric, false, c, mllib.coefficients().toArray(), mllib.intercept()) * (1 + 1e-14));
            assertSameOptimum(descent.coefficients(), descent.intercept(), mllib.coefficients(), mllib.intercept());
        }
    }

    /**
     * On breast_cancer, whose correlated features leave directions along which the objective changes by
     * less than rounding, the coefficients are pinned down only to about 1e-5 by either solver; the
     * objective descent reaches is MLlib's or lower, with the same exact zeros.
     */
    @Test
    void onCorrelatedFeaturesTheObjectiveIsMllibsOrLower() {
        for (Case c : List.of(new Case(0.01, 0.5, true, true, false))) {
            LogisticRegressionModel mllib = new LogisticRegression().setRegParam(c.regParam()).setElasticNetParam(c.elasticNet())
                    .setStandardization(c.standardization()).setMaxIter(5000).setTol(1e-15)
                    .setWeightCol(c.weighted() ? "weight" : "").fit(cancer);
            DescentClassificationModel descent = new DescentClassifier().setRegParam(c.regParam())
                    .setElasticNetParam(c.elasticNet()).setStandardization(c.standardization()).setMaxIter(5000).setTol(0)
                    .setWeightCol(c.weighted() ? "weight" : "").fit(cancer);
            double[] a = descent.coefficients().toArray();
            double[] b = mllib.coefficients().toArray();
            for (int j = 0; j < a.length; j++) {
                assertThat(a[j] == 0).as("coefficient %d is zero in both or neither", j).isEqualTo(b[j] == 0);
                assertThat(a[j]).isCloseTo(b[j], offset(1e-4 * Math.max(1, Math.abs(b[j]))));
            }
            assertThat(objective(cancer, true, c, a, descent.intercept()))
                    .isLessThanOrEqualTo(objective(cancer, true, c, b, mllib.intercept()) * (1 + 1e-14));
        }
    }

    @Test
    void savedModelsPredictTheSameBits() throws Exception {
        DescentClassifier classifier = new DescentClassifier().setRegParam(0.01).setElasticNetParam(0.5);
        DescentClassificationModel model = classifier.fit(cancer);
        String path = folder.resolve("classifier-model").toString();
        model.write().save(path);
        DescentClassificationModel loaded = DescentClassificationModel.load(path);
        assertThat(loaded.uid()).isEqualTo(model.uid());
        assertThat(loaded.getFeaturesCol()).isEqualTo("features");
        assertThat(loaded.parameters()).isEqualTo(model.parameters());
        List<Row> before = model.transform(cancer).select("rawPrediction", "probability", "prediction").collectAsList();
        List<Row> after = loaded.transform(cancer).select("rawPrediction", "probability", "prediction").collectAsList();
        assertThat(after).isEqualTo(before);

        String estimatorPath = folder.resolve("classifier").toString();
        classifier.write().save(estimatorPath);
        DescentClassifier again = DescentClassifier.load(estimatorPath);
        assertThat(again.getRegParam()).isEqualTo(0.01);
        assertThat(again.getElasticNetParam()).isEqualTo(0.5);
        assertThat(again.uid()).isEqualTo(classifier.uid());
    }

    @Test
    void partitionsChangeNoBit() {
        // 40,000 rows: three blocks of 16,384 rows, on one partition or three
        List<Row> rows = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 40_000; i++) {
            double[] x = new double[12];
            double z = 0.3;
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextGaussian() * (j + 1);
                z += x[j] * (j % 3 - 1) / (j + 1);
            }
            rows.add(RowFactory.create(Vectors.dense(x), random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1.0 : 0.0));
        }
        Dataset<Row> frame = spark.createDataFrame(rows, new StructType().add("features", new VectorUDT(), false)
                .add("label", DataTypes.DoubleType, false)).repartition(4).cache();
        double[] one = new DescentClassifier().setRegParam(0.001).setElasticNetParam(0.5).setPartitions(1).fit(frame)
                .parameters();
        double[] three = new DescentClassifier().setRegParam(0.001).setElasticNetParam(0.5).setPartitions(3).fit(frame)
                .parameters();
        assertThat(three).isEqualTo(one);
    }

    /**
     * {@code rows} rows of 2,000 features, 12 stored per row (hashed-feature-like sparse vectors), the
     * label drawn from a logistic model on 40 of them.
     */
    static Dataset<Row> sparseFrame(int rows, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int d = 2000;
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            java.util.TreeMap<Integer, Double> cells = new java.util.TreeMap<>();
            while (cells.size() < 12) {
                cells.put(random.nextInt(d), random.nextInt(3) == 0 ? 1.0 : random.nextGaussian() * 2 + 1);
            }
            double z = -0.2;
            for (var cell : cells.entrySet()) {
                z += cell.getKey() < 40 ? (cell.getKey() % 2 == 0 ? 1.5 : -1.5) * cell.getValue() : 0;
            }
            out.add(RowFactory.create(Vectors.sparse(d, cells.keySet().stream().mapToInt(Integer::intValue).toArray(),
                    cells.values().stream().mapToDouble(Double::doubleValue).toArray()),
                    random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1.0 : 0.0, 1.0 + i % 2));
        }
        StructType schema = new StructType().add("features", new VectorUDT(), false)
                .add("label", DataTypes.DoubleType, false).add("weight", DataTypes.DoubleType, false);
        return spark.createDataFrame(out, schema).repartition(3).cache();
    }

    @Test
    void sparseVectorsTrainToMllibsOptimum() {
        Dataset<Row> frame = sparseFrame(40_000, 21);
        for (Case c : List.of(new Case(0.001, 0.5, true, true, false), new Case(0.002, 0.2, false, true, true))) {
            LogisticRegressionModel mllib = new LogisticRegression().setRegParam(c.regParam()).setElasticNetParam(c.elasticNet())
                    .setStandardization(c.standardization()).setMaxIter(2000).setTol(1e-15)
                    .setWeightCol(c.weighted() ? "weight" : "").fit(frame);
            DescentClassificationModel descent = new DescentClassifier().setRegParam(c.regParam())
                    .setElasticNetParam(c.elasticNet()).setStandardization(c.standardization()).setMaxIter(2000).setTol(0)
                    .setWeightCol(c.weighted() ? "weight" : "").fit(frame);
            assertSameOptimum(descent.coefficients(), descent.intercept(), mllib.coefficients(), mllib.intercept());
        }
    }

    /**
     * The estimator on sparse vectors (three blocks of 16,384 rows, on three partitions) gives the bits of
     * local training on the same rows as compressed rows: scaled by {@code Standardizer.fitSparse}, the
     * penalty MLlib's {@code regParam} and {@code elasticNetParam} make (times {@code c = sqrt(n / (n - 1))}
     * and {@code c^2} on the standardized weights), L-BFGS (OWL-QN) with the estimator's stopping rules
     * (MLlib's tolerance over 20 iterations, {@code FrameTraining.mllibTolerance}).
     */
    @Test
    void sparseRowsTrainOnSparkToLocalTrainingsBits() {
        Dataset<Row> frame = sparseFrame(40_000, 23);
        double regParam = 0.001;
        double alpha = 0.5;
        double[] spark = new DescentClassifier().setRegParam(regParam).setElasticNetParam(alpha).setTol(1e-12).setMaxIter(300)
                .setPartitions(3).fit(frame).parameters();

        List<Row> rows = frame.collectAsList();
        int n = rows.size();
        int d = 2000;
        int[] starts = new int[n + 1];
        List<int[]> indices = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        double[] y = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            org.apache.spark.ml.linalg.SparseVector v = (org.apache.spark.ml.linalg.SparseVector) rows.get(i).get(0);
            indices.add(v.indices());
            values.add(v.values());
            starts[i + 1] = starts[i] + v.indices().length;
            y[i] = rows.get(i).getDouble(1);
            labels[i] = (int) y[i];
        }
        int[] allIndices = new int[starts[n]];
        double[] allValues = new double[starts[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(indices.get(i), 0, allIndices, starts[i], indices.get(i).length);
            System.arraycopy(values.get(i), 0, allValues, starts[i], values.get(i).length);
        }
        dev.descent.ml.model.SparseRows x = new dev.descent.ml.model.SparseRows(n, d, starts, allIndices, allValues);
        dev.descent.ml.data.Standardizer scales = dev.descent.ml.data.Standardizer.fitSparse(x, null);
        double c = Math.sqrt(n / (n - 1.0));
        dev.descent.ml.model.Model model = dev.descent.ml.model.ModelSpec.logistic().build(d, 2);
        dev.descent.ml.train.TrainingPlan plan = dev.descent.ml.train.TrainingPlan.of(dev.descent.optim.Lbfgs.defaults())
                .penalty(new dev.descent.ml.train.Penalty(regParam * (1 - alpha) * c * c, regParam * alpha * c))
                .epochs(300).seed(0).withoutEpochMetrics()
                .convergence(dev.descent.stop.StoppingRules.gradientMaxNorm(1e-12).or(FrameTraining.mllibTolerance(1e-12)));
        double[] local = dev.descent.ml.train.Trainer.of(model, plan).fit(dev.descent.ml.train.TrainingData.inMemory(model,
                plan, dev.descent.ml.model.Batch.sparse(x.dividedBy(scales.deviations()), y, labels, null, null)))
                .modelParameters();
        assertThat(spark).isEqualTo(local);
    }

    @Test
    void badRowsAreNamed() {
        Dataset<Row> half = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2), 0.0),
                RowFactory.create(Vectors.dense(3, 1), 2.5)), new StructType().add("features", new VectorUDT(), false)
                .add("label", DataTypes.DoubleType, false)).coalesce(1);
        assertThatThrownBy(() -> new DescentClassifier().fit(half)).hasMessageContaining("2.5");
        Dataset<Row> nan = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2), 0.0),
                RowFactory.create(Vectors.dense(Double.NaN, 1), 1.0)), new StructType().add("features", new VectorUDT(), false)
                .add("label", DataTypes.DoubleType, false)).coalesce(1);
        assertThatThrownBy(() -> new DescentClassifier().fit(nan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 0 of row 2 is NaN");
        assertThatThrownBy(() -> new DescentClassifier().setModel("linear")).hasMessageContaining("DescentRegressor");
        assertThatThrownBy(() -> new DescentClassifier().setOptimizer("adamm")).hasMessageContaining("adamm");
    }
}
