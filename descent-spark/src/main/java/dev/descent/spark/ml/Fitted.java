package dev.descent.spark.ml;

import dev.descent.autodiff.Tape;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.model.Task;
import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * A trained descent model as a Spark stage holds it: the model's spec, its inputs and classes, the
 * parameters trained on standardized features, the standardization ({@code x_j -> (x_j - m_j) / s_j}),
 * and for a network's numeric target its standardization ({@code y -> (y - m_y) / s_y}; 0 and 1 otherwise).
 * A linear model (one affine layer) predicts from its coefficients on the features' own scale,
 * {@code c_kj = s_y w_jk / s_j} and {@code m_y + s_y (b_k - sum_j w_jk m_j / s_j)}, so a sparse row is read by its
 * nonzeros only; a network standardizes the row and runs its layers.
 *
 * <p>Serializable to travel to Spark's executors with the stage; its saved form is the model
 * writer's Parquet row, not this object.
 */
final class Fitted implements Serializable {
    private static final long serialVersionUID = 1L;

    final String spec;
    final int inputs;
    final int classes;
    final double[] parameters;
    final double[] means;
    final double[] deviations;
    final double targetMean;
    final double targetDeviation;
    /** {@code [output][feature]} on the features' own scale; null for a network. */
    private final double[][] coefficients;
    /** One per output; null for a network. */
    private final double[] intercepts;
    private transient Model model;

    Fitted(String spec, int inputs, int classes, double[] parameters, double[] means, double[] deviations,
           double targetMean, double targetDeviation) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.inputs = inputs;
        this.classes = classes;
        this.parameters = parameters.clone();
        this.means = means.clone();
        this.deviations = deviations.clone();
        this.targetMean = targetMean;
        this.targetDeviation = targetDeviation;
        Model built = model();
        if (built.parameterCount() != parameters.length || means.length != inputs || deviations.length != inputs) {
            throw new IllegalArgumentException(spec + " on " + inputs + " features has " + built.parameterCount()
                    + " parameters, not " + parameters.length);
        }
        if (built.layerSizes().size() == 2) {
            int k = built.outputs();
            coefficients = new double[k][inputs];
            intercepts = new double[k];
            for (int c = 0; c < k; c++) {
                double shift = 0;
                for (int j = 0; j < inputs; j++) {
                    double w = parameters[j * k + c];
                    coefficients[c][j] = targetDeviation * w / deviations[j];
                    shift += means[j] * w / deviations[j];
                }
                intercepts[c] = targetMean + targetDeviation * (parameters[inputs * k + c] - shift);
            }
        } else {
            coefficients = null;
            intercepts = null;
        }
    }

    /** The model, built once per JVM. */
    Model model() {
        if (model == null) {
            model = ModelSpec.parse(spec).build(inputs, classes);
        }
        return model;
    }

    /** The number of outputs: 1 for regression and two classes, k for k classes. */
    int outputs() {
        return model().outputs();
    }

    /** Whether the model is one affine layer with coefficients ({@link #coefficients}). */
    boolean linear() {
        return coefficients != null;
    }

    /** Output {@code k}'s coefficients on the features' own scale, a copy. */
    double[] coefficients(int output) {
        return coefficients[output].clone();
    }

    /** Output {@code k}'s intercept. */
    double intercept(int output) {
        return intercepts[output];
    }

    /**
     * The model's raw outputs for one row: the linear predictor of each output (a network's last layer
     * before its link).
     *
     * @throws IllegalArgumentException when the row has another number of features than the model reads
     */
    double[] outputs(Vector features) {
        if (features.size() != inputs) {
            throw new IllegalArgumentException("a row of " + features.size() + " features; the model reads " + inputs);
        }
        int k = outputs();
        double[] out = new double[k];
        if (coefficients != null) {
            for (int c = 0; c < k; c++) {
                double[] row = coefficients[c];
                double z = 0;
                if (features instanceof SparseVector sparse) {
                    int[] indices = sparse.indices();
                    double[] values = sparse.values();
                    for (int a = 0; a < indices.length; a++) {
                        z += row[indices[a]] * values[a];
                    }
                } else {
                    double[] values = features.toArray();
                    for (int j = 0; j < inputs; j++) {
                        z += row[j] * values[j];
                    }
                }
                out[c] = z + intercepts[c];
            }
            return out;
        }
        double[] x = features instanceof DenseVector dense ? dense.values() : features.toArray();
        double[] scaled = new double[inputs];
        for (int j = 0; j < inputs; j++) {
            scaled[j] = (x[j] - means[j]) / deviations[j];
        }
        Tape tape = new Tape();
        double[] raw = model().forward(tape.constant(parameters), tape.constantView(scaled, 1, inputs)).values();
        if (!classifies()) {
            raw[0] = targetMean + targetDeviation * raw[0];
        }
        return raw;
    }

    /** A regression model's prediction for one row: its output through the inverse link ({@link Model#prediction}). */
    double prediction(Vector features) {
        return model().prediction(outputs(features)[0]);
    }

    /** Whether the model predicts classes. */
    boolean classifies() {
        return model().task() != Task.REGRESSION;
    }
}
