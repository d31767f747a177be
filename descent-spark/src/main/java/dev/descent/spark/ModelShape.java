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
 * @serial exclude
 */
public record ModelShape(String spec, int inputs, int classes) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The shape of {@code model}. */
    public static ModelShape of(Model model) {
        int classes = switch (model.task()) {
            case REGRESSION -> 0;
            case BINARY -> 2;
            case MULTICLASS -> model.outputs();
        };
        return new ModelShape(model.describe(), model.inputs(), classes);
    }

    /** The model, built afresh. */
    public Model build() {
        return ModelSpec.parse(spec).build(inputs, classes);
    }
}
