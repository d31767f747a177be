package dev.descent.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What model to train, as a value: {@code linear}, {@code logistic}, {@code softmax}, or
 * {@code mlp:64,32[:relu|tanh|sigmoid]}. Parsed once from text ({@link #parse}), printed back as it
 * was written ({@link #toString}), stored in saved models and checkpoints, and turned into a
 * {@link Model} for a dataset's shape by {@link #build}. Two specs are equal when they build the same
 * model ({@code mlp:64} and {@code mlp:64:relu} are equal).
 */
public final class ModelSpec {

    /** The kinds of model. */
    public enum Kind {
        /** Linear regression: a numeric target, mean squared error. */
        LINEAR,
        /** Logistic regression: two classes, binary cross-entropy. */
        LOGISTIC,
        /** Softmax regression: two or more classes, softmax cross-entropy. */
        SOFTMAX,
        /** A multilayer perceptron for any target. */
        MLP
    }

    /** The forms accepted, for messages. */
    public static final String FORMS = "linear, logistic, softmax, or mlp:64,32[:relu|tanh|sigmoid]";

    private final Kind kind;
    private final List<Integer> hidden;
    private final Activation activation;
    private final boolean activationGiven;

    private ModelSpec(Kind kind, List<Integer> hidden, Activation activation, boolean activationGiven) {
        this.kind = kind;
        this.hidden = List.copyOf(hidden);
        this.activation = activation;
        this.activationGiven = activationGiven;
    }

    /** Linear regression. */
    public static ModelSpec linear() {
        return new ModelSpec(Kind.LINEAR, List.of(), null, false);
    }

    /** Logistic regression. */
    public static ModelSpec logistic() {
        return new ModelSpec(Kind.LOGISTIC, List.of(), null, false);
    }

    /** Softmax regression. */
    public static ModelSpec softmax() {
        return new ModelSpec(Kind.SOFTMAX, List.of(), null, false);
    }

    /**
     * An MLP with these hidden widths (each at least 1) and activation.
     *
     * @throws IllegalArgumentException for no hidden layer or a width below 1
     */
    public static ModelSpec mlp(List<Integer> hidden, Activation activation) {
        checkWidths(hidden, null);
        return new ModelSpec(Kind.MLP, hidden, Objects.requireNonNull(activation, "activation"), true);
    }

    /**
     * Parses {@code linear}, {@code logistic}, {@code softmax} or {@code mlp:W1,W2,...[:activation]}
     * (case-insensitive).
     *
     * @throws IllegalArgumentException naming what is wrong and the forms accepted
     */
    public static ModelSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String spec = text.trim().toLowerCase(Locale.ROOT);
        switch (spec) {
            case "linear":
                return linear();
            case "logistic":
                return logistic();
            case "softmax":
                return softmax();
            default:
                break;
        }
        String[] parts = spec.split(":", -1);
        if (!parts[0].equals("mlp")) {
            throw new IllegalArgumentException("unknown model '" + text + "' (forms: " + FORMS + ")");
        }
        if (parts.length < 2 || parts.length > 3 || parts[1].isEmpty()) {
            throw new IllegalArgumentException("an mlp needs its hidden widths, as in mlp:64,32[:relu]: got '" + text + "'");
        }
        List<Integer> widths = new ArrayList<>();
        for (String width : parts[1].split(",", -1)) {
            try {
                widths.add(Integer.parseInt(width.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hidden width '" + width + "' is not a whole number in '" + text + "'");
            }
        }
        checkWidths(widths, text);
        if (parts.length == 3) {
            return new ModelSpec(Kind.MLP, widths, Activation.named(parts[2]), true);
        }
        return new ModelSpec(Kind.MLP, widths, Activation.RELU, false);
    }

    private static void checkWidths(List<Integer> widths, String text) {
        if (widths.isEmpty()) {
            throw new IllegalArgumentException("an mlp needs at least one hidden layer");
        }
        for (int width : widths) {
            if (width < 1) {
                throw new IllegalArgumentException("hidden widths must be at least 1: " + widths
                        + (text == null ? "" : " in '" + text + "'"));
            }
        }
    }

    /** The kind of model. */
    public Kind kind() {
        return kind;
    }

    /** The hidden widths (empty but for an MLP). */
    public List<Integer> hidden() {
        return hidden;
    }

    /** The hidden activation of an MLP (relu unless given), or null. */
    public Activation activation() {
        return activation;
    }

    /** Whether the model predicts classes whatever the target looks like (logistic, softmax). */
    public boolean predictsClasses() {
        return kind == Kind.LOGISTIC || kind == Kind.SOFTMAX;
    }

    /** Whether the model is convex in its parameters (all but the MLP): full-batch L-BFGS finds its optimum. */
    public boolean convex() {
        return kind != Kind.MLP;
    }

    /**
     * The model for data with {@code inputs} features and {@code classes} classes (0 for a numeric
     * target).
     *
     * @throws IllegalArgumentException when the target does not suit the model, saying which does
     */
    public Model build(int inputs, int classes) {
        return switch (kind) {
            case LINEAR -> {
                if (classes > 0) {
                    throw new IllegalArgumentException("a linear model needs a numeric target; this target has " + classes
                            + " classes (use logistic or softmax)");
                }
                yield new LinearModel(inputs);
            }
            case LOGISTIC -> {
                if (classes != 2) {
                    throw new IllegalArgumentException("a logistic model needs exactly 2 classes; this target has "
                            + (classes == 0 ? "numeric values" : classes + " classes") + " (use softmax for more, linear for numbers)");
                }
                yield new LogisticModel(inputs);
            }
            case SOFTMAX -> {
                if (classes < 2) {
                    throw new IllegalArgumentException("a softmax model needs at least 2 classes; this target has "
                            + (classes == 0 ? "numeric values (use linear)" : classes));
                }
                yield new SoftmaxModel(inputs, classes);
            }
            case MLP -> {
                Task task = classes == 0 ? Task.REGRESSION : classes == 2 ? Task.BINARY : Task.MULTICLASS;
                yield new Mlp(inputs, hidden, activation, task, task == Task.MULTICLASS ? classes : 1);
            }
        };
    }

    /** The spec as it was written: {@code mlp:64} stays {@code mlp:64}, {@code mlp:64:relu} stays so. */
    @Override
    public String toString() {
        if (kind != Kind.MLP) {
            return kind.name().toLowerCase(Locale.ROOT);
        }
        StringBuilder text = new StringBuilder("mlp:");
        for (int l = 0; l < hidden.size(); l++) {
            text.append(l > 0 ? "," : "").append(hidden.get(l));
        }
        return activationGiven ? text.append(':').append(activation.lowerName()).toString() : text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelSpec that && kind == that.kind && hidden.equals(that.hidden)
                && activation == that.activation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, hidden, activation);
    }
}
