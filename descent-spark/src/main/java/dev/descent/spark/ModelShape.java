package dev.descent.spark;

import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import java.io.Serializable;

/**
 * What an executor needs to rebuild the driver's model: its spec as text, its inputs and its
 * classes. Models are rebuilt from it on each executor, so the executors run exactly descent-ml's
 * model and loss code, never a second implementation.
 *
 * <p>Serializable only to travel to Spark's executors, which run the same build: its serialized
 * form is no stored format, so it is not documented.
 *
 * @param spec the model's spec, as {@link ModelSpec#parse} reads it
 * @param inputs the features it reads
 * @param classes its classes, 0 for a numeric target
 * @param smoothing the scale the model is smoothed by ({@link Model#smoothed}), or NaN for the model as
 *     its spec builds it: a spec names no smoothing, so the executors smooth a kinked loss themselves
 * @serial exclude
 */
public record ModelShape(String spec, int inputs, int classes, double smoothing) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The shape of the model {@code spec} builds, unsmoothed. */
    public ModelShape(String spec, int inputs, int classes) {
        this(spec, inputs, classes, Double.NaN);
    }

    /** The shape of {@code model}. */
    public static ModelShape of(Model model) {
        int classes = switch (model.task()) {
            case REGRESSION -> 0;
            case BINARY -> 2;
            case MULTICLASS -> model.outputs();
        };
        return new ModelShape(model.describe(), model.inputs(), classes);
    }

    /** This shape's model smoothed by {@code scale} ({@link Model#smoothed}) when it is built. */
    public ModelShape smoothed(double scale) {
        return new ModelShape(spec, inputs, classes, scale);
    }

    /** The model, built afresh (and smoothed, when the shape says so). */
    public Model build() {
        Model model = ModelSpec.parse(spec).build(inputs, classes);
        return Double.isNaN(smoothing) ? model : model.smoothed(smoothing);
    }
}
