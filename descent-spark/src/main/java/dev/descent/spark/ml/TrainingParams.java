package dev.descent.spark.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The training parameters {@link DescentClassifier} and {@link DescentRegressor} share, as Spark
 * {@code Param}s owned by the stage ({@link DescentParams} exposes each one). The names and meanings
 * of {@code regParam}, {@code elasticNetParam}, {@code maxIter}, {@code tol}, {@code standardization},
 * {@code fitIntercept} and {@code weightCol} are MLlib's.
 */
public final class TrainingParams implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> model;
    final Param<String> optimizer;
    final Param<String> schedule;
    final DoubleParam regParam;
    final DoubleParam elasticNetParam;
    final IntParam maxIter;
    final DoubleParam tol;
    final BooleanParam standardization;
    final BooleanParam fitIntercept;
    final IntParam batchSize;
    final LongParam seed;
    final Param<String> weightCol;
    final IntParam partitions;

    TrainingParams(Params owner, String defaultModel) {
        model = new Param<>(owner, "model", "the model, as descent's --model reads it: " + defaultModel
                + " (the default), logistic, softmax, mlp:64,32, linear, poisson, huber[:epsilon=1.35], ...");
        optimizer = new Param<>(owner, "optimizer", "the optimizer spec (lbfgs, adam:lr=0.01, sgd:lr=0.1,momentum=0.9, ...);"
                + " empty for the model's default: L-BFGS (OWL-QN with an L1 part) for the linear models, Adam 1e-3 for a network");
        schedule = new Param<>(owner, "schedule", "a learning-rate schedule spec (cosine, step:size=10, ...); empty for none");
        regParam = new DoubleParam(owner, "regParam", "the penalty's strength lambda (>= 0), as MLlib's",
                ParamValidators.gtEq(0));
        elasticNetParam = new DoubleParam(owner, "elasticNetParam", "the penalty's L1 share alpha in [0, 1]: "
                + "lambda (alpha ||w||_1 + (1 - alpha) / 2 ||w||^2), as MLlib's", ParamValidators.inRange(0, 1));
        maxIter = new IntParam(owner, "maxIter", "the most iterations (epochs for mini-batches), >= 0",
                ParamValidators.gtEq(0));
        tol = new DoubleParam(owner, "tol", "stop when the objective fell by at most tol times the initial objective "
                + "over the last 20 iterations, as MLlib's optimizers test it (>= 0)", ParamValidators.gtEq(0));
        standardization = new BooleanParam(owner, "standardization", "whether the penalty applies to the coefficients "
                + "of the standardized features (true) or of the features as given (false); training always runs on "
                + "standardized features, as MLlib's");
        fitIntercept = new BooleanParam(owner, "fitIntercept", "whether to fit an intercept");
        batchSize = new IntParam(owner, "batchSize", "rows per mini-batch; 0 for the optimizer's default (the full batch "
                + "for L-BFGS and line searches)", ParamValidators.gtEq(0));
        seed = new LongParam(owner, "seed", "the seed of every random choice (initial weights, batch order)");
        weightCol = new Param<>(owner, "weightCol", "the column of row weights (>= 0); unset or empty for none");
        partitions = new IntParam(owner, "partitions", "partitions of the cached row blocks; 0 for the frame's or "
                + "Spark's default parallelism, whichever is more (the model is the same bits for any)",
                ParamValidators.gtEq(0));
    }

    /** Sets each parameter's default on {@code owner}. */
    void setDefaults(Params owner, String defaultModel) {
        owner.setDefault(model, defaultModel);
        owner.setDefault(optimizer, "");
        owner.setDefault(schedule, "");
        owner.setDefault(regParam, 0.0);
        owner.setDefault(elasticNetParam, 0.0);
        owner.setDefault(maxIter, 100);
        owner.setDefault(tol, 1e-6);
        owner.setDefault(standardization, true);
        owner.setDefault(fitIntercept, true);
        owner.setDefault(batchSize, 0);
        owner.setDefault(seed, 0L);
        owner.setDefault(weightCol, "");
        owner.setDefault(partitions, 0);
    }
}
