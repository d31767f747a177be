package dev.descent.spark.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * The model a {@link DescentClassifier} trains: it transforms on the executors into MLlib's three
 * columns, {@code rawPrediction} (a binary model's {@code [-z, z]}, {@code z} the log-odds of class 1;
 * softmax's and a network's logits), {@code probability} ({@code [1 - sigma(z), sigma(z)]}, or the
 * softmax of the logits) and {@code prediction}, as MLlib's {@code LogisticRegressionModel} does. A
 * linear model reads a sparse row by its nonzeros, with its coefficients on the features' own scale.
 * It saves with {@code write().save(path)} (alone or in a {@code PipelineModel}) and loads with
 * {@link #load}, predicting the same bits.
 */
public final class DescentClassificationModel
        extends ProbabilisticClassificationModel<Vector, DescentClassificationModel> implements DescentParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private TrainingParams training;
    private final Fitted fitted;
    private final transient DescentTrainingSummary summary;

    DescentClassificationModel(String uid, Fitted fitted, DescentTrainingSummary summary) {
        this(Uids.handOver(uid), fitted, summary);
    }

    private DescentClassificationModel(Uids.Handover handover, Fitted fitted, DescentTrainingSummary summary) {
        super();
        uid();
        trainingParams().setDefaults(this, "auto");
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

    @Override
    public int numClasses() {
        return fitted.classes;
    }

    /** The settings it was trained with (the estimator's, copied to it), as MLlib's models carry theirs. */
    @Override
    public TrainingParams trainingParams() {
        if (training == null) {
            training = new TrainingParams(this, "auto");
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
     * A binary logistic model's coefficients on the features' own scale.
     *
     * @throws UnsupportedOperationException for softmax ({@link #coefficientMatrix}) or a network
     */
    public Vector coefficients() {
        requireLinear();
        if (fitted.outputs() != 1) {
            throw new UnsupportedOperationException("a softmax model has a coefficient per class and feature: "
                    + "coefficientMatrix()");
        }
        return Vectors.dense(fitted.coefficients(0));
    }

    /** A binary logistic model's intercept (0 without one). */
    public double intercept() {
        requireLinear();
        if (fitted.outputs() != 1) {
            throw new UnsupportedOperationException("a softmax model has an intercept per class: interceptVector()");
        }
        return fitted.intercept(0);
    }

    /**
     * The coefficients, one row per output (one row for a binary model, one per class for softmax), on
     * the features' own scale.
     */
    public Matrix coefficientMatrix() {
        requireLinear();
        int k = fitted.outputs();
        int d = fitted.inputs;
        double[] columnMajor = new double[k * d];
        for (int c = 0; c < k; c++) {
            double[] row = fitted.coefficients(c);
            for (int j = 0; j < d; j++) {
                columnMajor[j * k + c] = row[j];
            }
        }
        return Matrices.dense(k, d, columnMajor);
    }

    /** The intercepts, one per output. */
    public Vector interceptVector() {
        requireLinear();
        double[] out = new double[fitted.outputs()];
        for (int c = 0; c < out.length; c++) {
            out[c] = fitted.intercept(c);
        }
        return Vectors.dense(out);
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
    public Vector predictRaw(Vector features) {
        double[] z = fitted.outputs(features);
        return z.length == 1 ? Vectors.dense(-z[0], z[0]) : Vectors.dense(z);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] v = ((DenseVector) rawPrediction).values();
        if (fitted.outputs() == 1) {
            double p = 1 / (1 + Math.exp(-v[1]));
            v[0] = 1 - p;
            v[1] = p;
            return rawPrediction;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double z : v) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < v.length; c++) {
            v[c] = Math.exp(v[c] - max);
            sum += v[c];
        }
        for (int c = 0; c < v.length; c++) {
            v[c] /= sum;
        }
        return rawPrediction;
    }

    /**
     * Spark's summary hook, declared by two of its superclasses (so Java must choose): this model and
     * its probability and prediction columns. descent's summary is {@link #summary()}.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return new scala.Tuple3(this, getProbabilityCol(), getPredictionCol());
    }

    @Override
    public DescentClassificationModel copy(ParamMap extra) {
        return copyValues(new DescentClassificationModel(uid(), fitted, summary), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return FittedIO.writer(this, fitted);
    }

    /** Spark's reader of a saved model. */
    public static MLReader<DescentClassificationModel> read() {
        return FittedIO.reader(DescentClassificationModel.class, (uid, fitted) -> new DescentClassificationModel(uid, fitted, null));
    }

    /** The model saved under {@code path}. */
    public static DescentClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DescentClassificationModel: uid=" + uid() + ", model=" + fitted.spec + ", numClasses=" + numClasses()
                + ", numFeatures=" + numFeatures();
    }
}
