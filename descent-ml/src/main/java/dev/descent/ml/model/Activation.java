package dev.descent.ml.model;

import dev.descent.autodiff.Tensor;
import java.util.Locale;

/** Hidden-layer activations. */
public enum Activation {
    /** {@code max(x, 0)}; He initialization. */
    RELU,
    /** {@code tanh(x)}; Glorot initialization. */
    TANH,
    /** {@code 1 / (1 + e^-x)}; Glorot initialization. */
    SIGMOID;

    Tensor apply(Tensor x) {
        return switch (this) {
            case RELU -> x.relu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
        };
    }

    /** By name: relu, tanh or sigmoid. */
    public static Activation named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("activation must be relu, tanh or sigmoid: " + name);
        }
    }

    /** The lower-case name. */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
