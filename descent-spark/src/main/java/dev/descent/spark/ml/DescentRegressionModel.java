package dev.descent.spark.ml;

import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * The model a {@link DescentRegressor} trains: it transforms on the executors into a
 * {@code prediction} column (a Poisson model's mean count {@code exp(z)}, the others' {@code z}, a
 * network's output in the label's units). A linear model reads a sparse row by its nonzeros, with
 * its coefficients on the features' own scale. It saves with {@code write().save(path)} (alone or in
 * a {@code PipelineModel}) and loads with {@link #load}, predicting the same bits.
 */
public final class DescentRegressionModel
        extends RegressionModel<Vector, DescentRegressionModel> implements DescentParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private TrainingParams training;
    private final Fitted fitted;
    private final transient DescentTrainingSummary summary;

    DescentRegressionModel(String uid, Fitted fitted, DescentTrainingSummary summary) {
        this(Uids.handOver(uid), fitted, summary);
    }

    private DescentRegressionModel(Uids.Handover handover, Fitted fitted, DescentTrainingSummary summary) {
        super();
        uid();
        trainingParams().setDefaults(this, "linear");
        this.fitted = fitted;
        this.summary = summary;
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take();
        }
        return uid;
    }

    /** The settings it was trained with (the estimator's, copied to it), as MLlib's models carry theirs. */
    @Override
    public TrainingParams trainingParams() {
        if (training == null) {
            training = new TrainingParams(this, "linear");
        }
        return training;
    }

    @Override
    public int numFeatures() {
        return fitted.inputs;
    }

    /** The model's spec, as descent's {@code --model} reads it. */
    public String modelSpec() {
        return fitted.spec;
    }

    /** The trained parameters (on standardized features), a copy. */
    public double[] parameters() {
        return fitted.parameters.clone();
    }

    /**
     * The coefficients on the features' own scale.
     *
     * @throws UnsupportedOperationException for a network
     */
    public Vector coefficients() {
        requireLinear();
        return Vectors.dense(fitted.coefficients(0));
    }

    /** The intercept (0 without one). */
    public double intercept() {
        requireLinear();
        return fitted.intercept(0);
    }

    private void requireLinear() {
        if (!fitted.linear()) {
            throw new UnsupportedOperationException(fitted.spec + " is a network: it has no coefficients");
        }
    }

    /** Whether the model carries the summary of its training (a loaded one does not). */
    public boolean hasSummary() {
        return summary != null;
    }

    /**
     * What training did.
     *
     * @throws IllegalStateException for a loaded model
     */
    public DescentTrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("a loaded model has no training summary");
        }
        return summary;
    }

    @Override
    public double predict(Vector features) {
        return fitted.prediction(features);
    }

    @Override
    public DescentRegressionModel copy(ParamMap extra) {
        return copyValues(new DescentRegressionModel(uid(), fitted, summary), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return FittedIO.writer(this, fitted);
    }

    /** Spark's reader of a saved model. */
    public static MLReader<DescentRegressionModel> read() {
        return FittedIO.reader(DescentRegressionModel.class, (uid, fitted) -> new DescentRegressionModel(uid, fitted, null));
    }

    /** The model saved under {@code path}. */
    public static DescentRegressionModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DescentRegressionModel: uid=" + uid() + ", model=" + fitted.spec + ", numFeatures=" + numFeatures();
    }
}
