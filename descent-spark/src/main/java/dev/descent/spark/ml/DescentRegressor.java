package dev.descent.spark.ml;

import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.InvalidSetting;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * A Spark ML regressor trained by descent: linear regression (the default), Poisson, Huber or quantile
 * regression, or a network ({@code mlp:64,32}, on the label standardized), on a vector column of
 * features (dense or sparse) and optional row weights; a stage of {@code Pipeline}s that tunes with
 * {@code CrossValidator} and saves and loads like MLlib's estimators.
 *
 * <p>With {@code regParam}, {@code elasticNetParam}, {@code standardization}, {@code fitIntercept} and
 * {@code weightCol} set as for MLlib's {@code LinearRegression}, it minimizes the same objective
 * ({@link DescentParams}) and reaches the same optimum, exact zeros included. The model is the same
 * bits for any number of partitions ({@link FrameTraining}).
 */
public final class DescentRegressor extends Predictor<Vector, DescentRegressor, DescentRegressionModel>
        implements DescentParams, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private String uid;
    private TrainingParams training;

    /** A regressor with the defaults. */
    public DescentRegressor() {
        this(Identifiable.randomUID("descentRegressor"));
    }

    /** A regressor with the defaults and this uid (Spark's reader and copies use it). */
    public DescentRegressor(String uid) {
        this(Uids.handOver(uid));
    }

    private DescentRegressor(Uids.Handover handover) {
        super();
        uid();
        trainingParams().setDefaults(this, "linear");
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take();
        }
        return uid;
    }

    @Override
    public TrainingParams trainingParams() {
        if (training == null) {
            training = new TrainingParams(this, "linear");
        }
        return training;
    }

    /** @param value {@code linear}, {@code poisson}, {@code huber[:epsilon=1.35]}, {@code quantile[:q=0.5]} or {@code mlp:...} */
    public DescentRegressor setModel(String value) {
        ModelSpec spec = Specs.model(value);
        if (spec.predictsClasses()) {
            throw new InvalidSetting("model", "a regressor's model is linear, poisson, huber, quantile or mlp:...; "
                    + value + " predicts classes (use DescentClassifier)");
        }
        set(model(), value);
        return this;
    }

    /** @param value an optimizer spec, empty for the model's default */
    public DescentRegressor setOptimizer(String value) {
        set(optimizer(), Specs.optimizer(value));
        return this;
    }

    /** @param value a schedule spec, empty for none */
    public DescentRegressor setSchedule(String value) {
        set(schedule(), Specs.schedule(value));
        return this;
    }

    /** @param value the penalty's strength, at least 0 */
    public DescentRegressor setRegParam(double value) {
        set(regParam(), value);
        return this;
    }

    /** @param value the penalty's L1 share, in [0, 1] */
    public DescentRegressor setElasticNetParam(double value) {
        set(elasticNetParam(), value);
        return this;
    }

    /** @param value the most iterations, at least 0 */
    public DescentRegressor setMaxIter(int value) {
        set(maxIter(), value);
        return this;
    }

    /** @param value the relative change of the objective that stops training, at least 0 */
    public DescentRegressor setTol(double value) {
        set(tol(), value);
        return this;
    }

    /** @param value whether the penalty applies to the standardized features' coefficients */
    public DescentRegressor setStandardization(boolean value) {
        set(standardization(), value);
        return this;
    }

    /** @param value whether to fit an intercept */
    public DescentRegressor setFitIntercept(boolean value) {
        set(fitIntercept(), value);
        return this;
    }

    /** @param value rows per mini-batch, 0 for the optimizer's default */
    public DescentRegressor setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    /** @param value the seed */
    public DescentRegressor setSeed(long value) {
        set(seed(), value);
        return this;
    }

    /** @param value the weight column, empty for none */
    public DescentRegressor setWeightCol(String value) {
        set(weightCol(), value);
        return this;
    }

    /** @param value partitions of the cached row blocks, 0 for the default */
    public DescentRegressor setPartitions(int value) {
        set(partitions(), value);
        return this;
    }

    @Override
    public DescentRegressionModel train(org.apache.spark.sql.Dataset<?> dataset) {
        FrameTraining.Outcome outcome = FrameTraining.fit(dataset, this, getFeaturesCol(), getLabelCol(), 0);
        return new DescentRegressionModel(uid(), outcome.fitted(), outcome.summary());
    }

    @Override
    public DescentRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Spark's reader of a saved regressor (its parameters). */
    public static MLReader<DescentRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /** The regressor saved under {@code path}. */
    public static DescentRegressor load(String path) {
        return read().load(path);
    }
}
