package dev.descent.spark.ml;

import java.util.List;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained model's saved form, as MLlib saves its models: the stage's parameters in
 * {@code PATH/metadata} (MLlib's own JSON, {@code DefaultParamsWriter}) and the model in one Parquet
 * row in {@code PATH/data}: {@code spec}, {@code inputs}, {@code classes}, {@code parameters} (trained
 * on standardized features), the standardization's {@code means} and {@code deviations}, and the
 * target's {@code targetMean} and {@code targetDeviation}. Doubles are stored as their 8 bytes, so a
 * loaded model predicts the same bits.
 */
final class FittedIO {
    private static final StructType SCHEMA = new StructType()
            .add("spec", DataTypes.StringType, false)
            .add("inputs", DataTypes.IntegerType, false)
            .add("classes", DataTypes.IntegerType, false)
            .add("parameters", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("means", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("deviations", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("targetMean", DataTypes.DoubleType, false)
            .add("targetDeviation", DataTypes.DoubleType, false);

    private FittedIO() {}

    /** Writes {@code stage}'s parameters and {@code fitted} under {@code path}. */
    static void save(MLWriter writer, Params stage, Fitted fitted, String path) {
        DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, writer.sc(), scala.Option.empty(), scala.Option.empty());
        SparkSession session = writer.sparkSession();
        Row row = RowFactory.create(fitted.spec, fitted.inputs, fitted.classes, fitted.parameters, fitted.means,
                fitted.deviations, fitted.targetMean, fitted.targetDeviation);
        session.createDataFrame(List.of(row), SCHEMA).repartition(1).write().parquet(path + "/data");
    }

    /** The writer of a trained stage: its parameters and its model ({@link #save}). */
    static MLWriter writer(Params stage, Fitted fitted) {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                FittedIO.save(this, stage, fitted, path);
            }
        };
    }

    /**
     * The reader of a trained stage of {@code type}: the model under {@code path} given to {@code make} with
     * the saved uid, then the saved parameters set on it.
     */
    static <M extends Params> org.apache.spark.ml.util.MLReader<M> reader(Class<M> type,
                                                                        java.util.function.BiFunction<String, Fitted, M> make) {
        return new org.apache.spark.ml.util.MLReader<>() {
            @Override
            public M load(String path) {
                DefaultParamsReader.Metadata metadata = org.apache.spark.ml.util.DefaultParamsReader$.MODULE$
                        .loadMetadata(path, sc(), type.getName());
                M model = make.apply(metadata.uid(), FittedIO.load(sparkSession(), path));
                metadata.getAndSetParams(model, scala.Option.empty());
                return model;
            }
        };
    }

    /** The model saved under {@code path}. */
    static Fitted load(SparkSession session, String path) {
        Row row = session.read().parquet(path + "/data").head();
        return new Fitted(row.getString(0), row.getInt(1), row.getInt(2), doubles(row.getList(3)), doubles(row.getList(4)),
                doubles(row.getList(5)), row.getDouble(6), row.getDouble(7));
    }

    private static double[] doubles(List<Object> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) values.get(i);
        }
        return out;
    }
}
