package dev.descent.ml.model;

import java.util.Locale;

/**
 * The floating-point type an MLP computes in. {@link #FLOAT64} is the default and the one every
 * reference test holds to the last bit. {@link #FLOAT32} runs the layers' products, activations and
 * gradients in float32, twice the values per vector instruction and half the memory traffic, as
 * {@code torch.float32} does; the loss and its sums are accumulated in float64. With a first-order
 * rule the parameters and the optimizer's state are float32 too, stepped in float32 arithmetic with
 * torch.optim's float32 bits ({@link dev.descent.optim.Optimizer#inFloat32()}) on the {@code float[]}
 * the pass reads. L-BFGS has no float32 form: it updates float64 parameters from which each
 * evaluation's float32 weights are rounded (mixed precision with master weights, Micikevicius et
 * al., "Mixed Precision Training", ICLR 2018).
 */
public enum Precision {
    /** IEEE 754 binary64, {@code double}. */
    FLOAT64("f64"),
    /** IEEE 754 binary32, {@code float}. */
    FLOAT32("f32");

    private final String shortName;

    Precision(String shortName) {
        this.shortName = shortName;
    }

    /** {@code f64} or {@code f32}, as {@code --dtype} and the model spec write it. */
    public String shortName() {
        return shortName;
    }

    /** By name: {@code f64}/{@code float64}/{@code double} or {@code f32}/{@code float32}/{@code float}; null if neither. */
    public static Precision named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "f64", "float64", "double" -> FLOAT64;
            case "f32", "float32", "float" -> FLOAT32;
            default -> null;
        };
    }
}
