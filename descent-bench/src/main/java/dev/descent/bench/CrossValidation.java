package dev.descent.bench;

import dev.descent.spark.ml.DescentClassifier;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * W7cv: a 3-fold {@link CrossValidator} over regParam {0.001, 0.01, 0.1} x elasticNetParam {0, 0.5}
 * (18 fits and 18 scorings) with MLlib's log-loss evaluator, for descent's {@link DescentClassifier}
 * and MLlib's {@link LogisticRegression}, both at maxIter 100 and tol 1e-6 with MLlib's other
 * defaults (standardization, an intercept), on the same cached frame of W7's first rows (500,000
 * by default: MLlib's 18 fits of all 2,000,000 take tens of minutes on two cores) and the same
 * folds (the same seed). Each side runs one small fit first, so neither pays the other's class loading
 * and compilation; then each {@code fit} is timed once, wall clock, as a user waits for it.
 */
final class CrossValidation {
    private static final double[] REG_PARAMS = {0.001, 0.01, 0.1};
    private static final double[] ELASTIC_NET_PARAMS = {0, 0.5};
    private static final int FOLDS = 3;
    private static final int MAX_ITER = 100;
    private static final double TOL = 1e-6;
    private static final long SEED = 7;

    private CrossValidation() {}

    static void run(PrintWriter out, Dataset<Row> frame) {
        long rows = frame.count();
        out.printf(Locale.ROOT, "W7cv: %d-fold CrossValidator over regParam x elasticNetParam (%d settings), maxIter %d, "
                + "tol %.0e, log-loss; W7's first %d rows, Spark local[2], cached%n", FOLDS,
                REG_PARAMS.length * ELASTIC_NET_PARAMS.length, MAX_ITER, TOL, rows);
        out.flush();
        DescentClassifier descent = new DescentClassifier().setMaxIter(MAX_ITER).setTol(TOL);
        LogisticRegression mllib = new LogisticRegression().setMaxIter(MAX_ITER).setTol(TOL);
        // warm-up: one fit of each on a twentieth of the rows
        Dataset<Row> sample = frame.sample(0.05, SEED).cache();
        sample.count();
        descent.fit(sample);
        mllib.fit(sample);
        sample.unpersist(true);
        long start = System.nanoTime();
        CrossValidatorModel descentCv = crossValidator(descent, descent.regParam(), descent.elasticNetParam()).fit(frame);
        double descentSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%-44s %8.1f s%n", "descent DescentClassifier, the whole fit", descentSeconds);
        out.flush();
        start = System.nanoTime();
        CrossValidatorModel mllibCv = crossValidator(mllib, mllib.regParam(), mllib.elasticNetParam()).fit(frame);
        double mllibSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%-44s %8.1f s%n", "Spark MLlib LogisticRegression, the whole fit", mllibSeconds);
        out.printf(Locale.ROOT, "%-26s %18s %18s%n", "regParam, elasticNetParam", "descent log-loss", "MLlib log-loss");
        for (double regParam : REG_PARAMS) {
            for (double elasticNet : ELASTIC_NET_PARAMS) {
                out.printf(Locale.ROOT, "%-26s %18.6f %18.6f%n", regParam + ", " + elasticNet,
                        metric(descentCv, descent.regParam(), descent.elasticNetParam(), regParam, elasticNet),
                        metric(mllibCv, mllib.regParam(), mllib.elasticNetParam(), regParam, elasticNet));
            }
        }
        var best = (org.apache.spark.ml.classification.LogisticRegressionModel) mllibCv.bestModel();
        var ours = (dev.descent.spark.ml.DescentClassificationModel) descentCv.bestModel();
        out.printf(Locale.ROOT, "the best setting's refit on all the rows: descent %d iterations (%s), MLlib %d iterations%n",
                ours.summary().totalIterations(), ours.summary().stopReason(), best.summary().totalIterations());
        out.printf(Locale.ROOT, "descent's CrossValidator %.2fx faster than MLlib's (MLlib's BLAS: %s)%n",
                mllibSeconds / descentSeconds, SparkWorkload.blas());
        out.flush();
    }

    /**
     * The mean log-loss the cross-validation measured at one setting: looked up by the setting, since
     * {@link ParamGridBuilder} orders its grid by its own hashing of the parameters, which differs
     * between two estimators.
     */
    private static double metric(CrossValidatorModel model, DoubleParam regParam, DoubleParam elasticNetParam,
                                 double regValue, double elasticNetValue) {
        ParamMap[] settings = model.getEstimatorParamMaps();
        for (int k = 0; k < settings.length; k++) {
            if ((double) settings[k].apply(regParam) == regValue && (double) settings[k].apply(elasticNetParam) == elasticNetValue) {
                return model.avgMetrics()[k];
            }
        }
        throw new IllegalStateException("no setting regParam " + regValue + ", elasticNetParam " + elasticNetValue);
    }

    /** The cross-validator of {@code estimator} over the grid, the folds fixed by the seed. */
    private static CrossValidator crossValidator(Estimator<?> estimator, DoubleParam regParam, DoubleParam elasticNetParam) {
        ParamMap[] grid = new ParamGridBuilder().addGrid(regParam, REG_PARAMS).addGrid(elasticNetParam, ELASTIC_NET_PARAMS)
                .build();
        return new CrossValidator().setEstimator(estimator).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss")).setNumFolds(FOLDS)
                .setSeed(SEED);
    }
}
