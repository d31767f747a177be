package dev.descent.spark.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training parameters of descent's Spark ML estimators, with MLlib's names where MLlib has the
 * setting. The penalty is MLlib's:
 *
 * <pre>
 * objective = weighted mean loss + regParam (elasticNetParam ||w||_1 + (1 - elasticNetParam) / 2 ||w||^2)
 * </pre>
 *
 * <p>with {@code w} the coefficients of the features divided by their sample standard deviation
 * ({@code standardization = true}) or as given ({@code false}), intercepts unpenalized; for linear
 * regression the objective is MLlib's {@code LinearRegression}'s (half the mean squared error on the
 * label divided by its standard deviation, the penalty divided by it too), so the same settings give
 * the same optimum as MLlib's {@code LogisticRegression} and {@code LinearRegression}.
 */
public interface DescentParams extends Params {
    /** The holder of the parameters below, owned by this stage. */
    TrainingParams trainingParams();

    /** The model: {@code logistic}, {@code softmax}, {@code mlp:64,32}, {@code linear}, ... ({@code auto}: logistic or softmax by the classes). */
    default Param<String> model() {
        return trainingParams().model;
    }

    /** The optimizer spec, empty for the model's default. */
    default Param<String> optimizer() {
        return trainingParams().optimizer;
    }

    /** The learning-rate schedule spec, empty for none. */
    default Param<String> schedule() {
        return trainingParams().schedule;
    }

    /** The penalty's strength, MLlib's {@code regParam}. */
    default DoubleParam regParam() {
        return trainingParams().regParam;
    }

    /** The penalty's L1 share, MLlib's {@code elasticNetParam}. */
    default DoubleParam elasticNetParam() {
        return trainingParams().elasticNetParam;
    }

    /** The most iterations. */
    default IntParam maxIter() {
        return trainingParams().maxIter;
    }

    /** The relative change of the objective below which training stops. */
    default DoubleParam tol() {
        return trainingParams().tol;
    }

    /** Whether the penalty applies to the standardized features' coefficients. */
    default BooleanParam standardization() {
        return trainingParams().standardization;
    }

    /** Whether to fit an intercept. */
    default BooleanParam fitIntercept() {
        return trainingParams().fitIntercept;
    }

    /** Rows per mini-batch, 0 for the optimizer's default. */
    default IntParam batchSize() {
        return trainingParams().batchSize;
    }

    /** The seed. */
    default LongParam seed() {
        return trainingParams().seed;
    }

    /** The weight column, empty for none. */
    default Param<String> weightCol() {
        return trainingParams().weightCol;
    }

    /** Partitions of the cached row blocks, 0 for the default. */
    default IntParam partitions() {
        return trainingParams().partitions;
    }

    /** @return {@link #model()}'s value */
    default String getModel() {
        return getOrDefault(model());
    }

    /** @return {@link #optimizer()}'s value */
    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /** @return {@link #schedule()}'s value */
    default String getSchedule() {
        return getOrDefault(schedule());
    }

    /** @return {@link #regParam()}'s value */
    default double getRegParam() {
        return (Double) getOrDefault(regParam());
    }

    /** @return {@link #elasticNetParam()}'s value */
    default double getElasticNetParam() {
        return (Double) getOrDefault(elasticNetParam());
    }

    /** @return {@link #maxIter()}'s value */
    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    /** @return {@link #tol()}'s value */
    default double getTol() {
        return (Double) getOrDefault(tol());
    }

    /** @return {@link #standardization()}'s value */
    default boolean getStandardization() {
        return (Boolean) getOrDefault(standardization());
    }

    /** @return {@link #fitIntercept()}'s value */
    default boolean getFitIntercept() {
        return (Boolean) getOrDefault(fitIntercept());
    }

    /** @return {@link #batchSize()}'s value */
    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /** @return {@link #seed()}'s value */
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /** @return {@link #partitions()}'s value */
    default int getPartitions() {
        return (Integer) getOrDefault(partitions());
    }

    /** @return {@link #weightCol()}'s value, empty for none */
    default String getWeightCol() {
        return getOrDefault(weightCol());
    }
}
