package dev.descent.spark.ml;

import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.InvalidSetting;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * A Spark ML classifier trained by descent: logistic regression (the default for two classes),
 * softmax regression (the default for more) or a network ({@code mlp:64,32}), on a vector column of
 * features (dense or sparse) with labels {@code 0, ..., k - 1} as {@code StringIndexer} makes them, and
 * optional row weights. It is a stage of {@code Pipeline}s, tunes with {@code CrossValidator} and
 * {@code TrainValidationSplit}, and saves and loads like MLlib's estimators.
 *
 * <pre>{@code
 * DescentClassifier descent = new DescentClassifier().setRegParam(0.01).setElasticNetParam(0.5);
 * PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {indexer, encoder, assembler, descent})
 *         .fit(training);
 * }</pre>
 *
 * <p>With {@code regParam}, {@code elasticNetParam}, {@code standardization}, {@code fitIntercept} and
 * {@code weightCol} set as for MLlib's {@code LogisticRegression}, it minimizes the same objective
 * ({@link DescentParams}) and reaches the same optimum, exact zeros included (OWL-QN, Andrew and Gao
 * 2007, as MLlib's). The rows are summed in fixed blocks, so the model is the same bits for any number
 * of partitions ({@link FrameTraining}).
 */
public final class DescentClassifier extends ProbabilisticClassifier<Vector, DescentClassifier, DescentClassificationModel>
        implements DescentParams, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    /** The most classes a label may have (its largest value plus one). */
    static final int MAX_CLASSES = 10_000;

    private String uid;
    private TrainingParams training;

    /** A classifier with the defaults. */
    public DescentClassifier() {
        this(Identifiable.randomUID("descentClassifier"));
    }

    /** A classifier with the defaults and this uid (Spark's reader and copies use it). */
    public DescentClassifier(String uid) {
        this(Uids.handOver(uid));
    }

    private DescentClassifier(Uids.Handover handover) {
        super();
        uid();
        trainingParams().setDefaults(this, "auto");
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
            training = new TrainingParams(this, "auto");
        }
        return training;
    }

    /** @param value {@code auto}, {@code logistic}, {@code softmax} or {@code mlp:...} */
    public DescentClassifier setModel(String value) {
        if (!value.equals("auto")) {
            ModelSpec spec = Specs.model(value);
            if (!spec.predictsClasses() && spec.kind() != ModelSpec.Kind.MLP || spec.kind() == ModelSpec.Kind.SVM) {
                throw new InvalidSetting("model", "a classifier's model is auto, logistic, softmax or mlp:...; " + value
                        + (spec.kind() == ModelSpec.Kind.SVM ? " gives decision values, not the probabilities a "
                        + "probabilistic classifier reports" : " predicts numbers (use DescentRegressor)"));
            }
        }
        set(model(), value);
        return this;
    }

    /** @param value an optimizer spec, empty for the model's default */
    public DescentClassifier setOptimizer(String value) {
        set(optimizer(), Specs.optimizer(value));
        return this;
    }

    /** @param value a schedule spec, empty for none */
    public DescentClassifier setSchedule(String value) {
        set(schedule(), Specs.schedule(value));
        return this;
    }

    /** @param value the penalty's strength, at least 0 */
    public DescentClassifier setRegParam(double value) {
        set(regParam(), value);
        return this;
    }

    /** @param value the penalty's L1 share, in [0, 1] */
    public DescentClassifier setElasticNetParam(double value) {
        set(elasticNetParam(), value);
        return this;
    }

    /** @param value the most iterations, at least 0 */
    public DescentClassifier setMaxIter(int value) {
        set(maxIter(), value);
        return this;
    }

    /** @param value the relative change of the objective that stops training, at least 0 */
    public DescentClassifier setTol(double value) {
        set(tol(), value);
        return this;
    }

    /** @param value whether the penalty applies to the standardized features' coefficients */
    public DescentClassifier setStandardization(boolean value) {
        set(standardization(), value);
        return this;
    }

    /** @param value whether to fit an intercept */
    public DescentClassifier setFitIntercept(boolean value) {
        set(fitIntercept(), value);
        return this;
    }

    /** @param value rows per mini-batch, 0 for the optimizer's default */
    public DescentClassifier setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    /** @param value the seed */
    public DescentClassifier setSeed(long value) {
        set(seed(), value);
        return this;
    }

    /** @param value the weight column, empty for none */
    public DescentClassifier setWeightCol(String value) {
        set(weightCol(), value);
        return this;
    }

    /** @param value partitions of the cached row blocks, 0 for the default */
    public DescentClassifier setPartitions(int value) {
        set(partitions(), value);
        return this;
    }

    @Override
    public DescentClassificationModel train(org.apache.spark.sql.Dataset<?> dataset) {
        int classes = getNumClasses(dataset, MAX_CLASSES);
        if (classes < 2) {
            throw new IllegalArgumentException("the label column '" + getLabelCol() + "' holds one class; a classifier "
                    + "needs at least 2");
        }
        FrameTraining.Outcome outcome = FrameTraining.fit(dataset, this, getFeaturesCol(), getLabelCol(), classes);
        return new DescentClassificationModel(uid(), outcome.fitted(), outcome.summary());
    }

    @Override
    public DescentClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Spark's reader of a saved classifier (its parameters). */
    public static MLReader<DescentClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /** The classifier saved under {@code path}. */
    public static DescentClassifier load(String path) {
        return read().load(path);
    }
}
