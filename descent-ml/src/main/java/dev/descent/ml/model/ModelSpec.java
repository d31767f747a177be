package dev.descent.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What model to train, as a value: {@code linear}, {@code logistic}, {@code softmax}, {@code svm},
 * {@code huber[:epsilon=1.35]}, {@code quantile[:q=0.5]}, {@code poisson}, or
 * {@code mlp:64,32[:relu|tanh|sigmoid][:f32]} (an MLP computing in float32, {@link Precision}). Parsed once from text ({@link #parse}), printed back as it
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
        MLP,
        /** A linear support vector machine: two classes, hinge loss ({@link SvmModel}). */
        SVM,
        /** Robust regression: a numeric target, Huber's loss with the scale fitted jointly ({@link HuberModel}). */
        HUBER,
        /** Quantile regression: a numeric target, the pinball loss ({@link QuantileModel}). */
        QUANTILE,
        /** Poisson regression: counts, the log link ({@link PoissonModel}). */
        POISSON
    }

    /** The forms accepted, for messages. */
    public static final String FORMS = "linear, logistic, softmax, svm, huber[:epsilon=1.35], quantile[:q=0.5], poisson, "
            + "or mlp:64,32[:relu|tanh|sigmoid][:f32]";

    private final Kind kind;
    private final List<Integer> hidden;
    private final Activation activation;
    private final boolean activationGiven;
    private final Precision precision;
    /** Huber's epsilon or the quantile q; NaN for the other kinds. */
    private final double parameter;
    /** Whether the spec's text gave {@link #parameter} (so it prints back). */
    private final boolean parameterGiven;

    private ModelSpec(Kind kind, List<Integer> hidden, Activation activation, boolean activationGiven,
                      Precision precision) {
        this(kind, hidden, activation, activationGiven, precision, Double.NaN, false);
    }

    private ModelSpec(Kind kind, List<Integer> hidden, Activation activation, boolean activationGiven,
                      Precision precision, double parameter, boolean parameterGiven) {
        this.kind = kind;
        this.hidden = List.copyOf(hidden);
        this.activation = activation;
        this.activationGiven = activationGiven;
        this.precision = precision;
        this.parameter = parameter;
        this.parameterGiven = parameterGiven;
    }

    private static ModelSpec linearFamily(Kind kind, double parameter, boolean given) {
        return new ModelSpec(kind, List.of(), null, false, Precision.FLOAT64, parameter, given);
    }

    private ModelSpec(Kind kind, List<Integer> hidden, Activation activation, boolean activationGiven) {
        this(kind, hidden, activation, activationGiven, Precision.FLOAT64);
    }

    /**
     * This spec computing in {@code precision}.
     *
     * @throws IllegalArgumentException for float32 on a model other than an MLP: the convex models'
     *     fused kernels and their reference tests are float64
     */
    public ModelSpec withPrecision(Precision precision) {
        java.util.Objects.requireNonNull(precision, "precision");
        if (precision != Precision.FLOAT64 && kind != Kind.MLP) {
            throw new IllegalArgumentException(precision.shortName() + " applies to mlp models; " + this
                    + " trains in f64");
        }
        return new ModelSpec(kind, hidden, activation, activationGiven, precision, parameter, parameterGiven);
    }

    /** The precision the model computes in (float64 unless asked). */
    public Precision precision() {
        return precision;
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

    /** A linear SVM (hinge loss). */
    public static ModelSpec svm() {
        return linearFamily(Kind.SVM, Double.NaN, false);
    }

    /** Huber regression with this epsilon (above 1). */
    public static ModelSpec huber(double epsilon) {
        return linearFamily(Kind.HUBER, epsilon, epsilon != HuberModel.DEFAULT_EPSILON);
    }

    /** Quantile regression of quantile q in (0, 1). */
    public static ModelSpec quantile(double q) {
        return linearFamily(Kind.QUANTILE, q, q != 0.5);
    }

    /** Poisson regression (log link). */
    public static ModelSpec poisson() {
        return linearFamily(Kind.POISSON, Double.NaN, false);
    }

    /** Huber's epsilon, or the quantile q; NaN for the other kinds. */
    public double parameter() {
        return parameter;
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
            case "svm":
                return svm();
            case "poisson":
                return poisson();
            default:
                break;
        }
        String[] parts = spec.split(":", -1);
        if (parts[0].equals("huber") || parts[0].equals("quantile")) {
            boolean huber = parts[0].equals("huber");
            String key = huber ? "epsilon" : "q";
            double value = huber ? HuberModel.DEFAULT_EPSILON : 0.5;
            if (parts.length > 2 || parts.length == 2 && !parts[1].startsWith(key + "=")) {
                throw new IllegalArgumentException("'" + text + "': " + parts[0] + " takes one setting, as in " + parts[0]
                        + ":" + key + "=" + (huber ? "1.35" : "0.9") + " (forms: " + FORMS + ")");
            }
            if (parts.length == 2) {
                String number = parts[1].substring(key.length() + 1);
                try {
                    value = Double.parseDouble(number);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " '" + number + "' is not a number in '" + text + "'");
                }
                boolean inRange = huber ? value > 1 && Double.isFinite(value) : value > 0 && value < 1;
                if (!inRange) {
                    throw new IllegalArgumentException(key + " must be " + (huber ? "above 1" : "in (0, 1)") + ": " + number
                            + " in '" + text + "'");
                }
            }
            return huber ? huber(value) : quantile(value);
        }
        if (!parts[0].equals("mlp")) {
            throw new IllegalArgumentException("unknown model '" + text + "' (forms: " + FORMS + ")");
        }
        if (parts.length < 2 || parts.length > 4 || parts[1].isEmpty()) {
            throw new IllegalArgumentException("an mlp needs its hidden widths, as in mlp:64,32[:relu][:f32]: got '" + text + "'");
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
        Activation activation = Activation.RELU;
        boolean activationGiven = false;
        Precision precision = Precision.FLOAT64;
        for (int p = 2; p < parts.length; p++) {
            Precision named = Precision.named(parts[p]);
            if (named != null && p == parts.length - 1) {
                precision = named;
            } else if (p == 2) {
                activation = Activation.named(parts[p]);
                activationGiven = true;
            } else {
                throw new IllegalArgumentException("'" + parts[p] + "' is not a precision (f32 or f64) in '" + text
                        + "' (forms: " + FORMS + ")");
            }
        }
        return new ModelSpec(Kind.MLP, widths, activation, activationGiven, precision);
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

    /** Whether the model predicts classes whatever the target looks like (logistic, softmax, svm). */
    public boolean predictsClasses() {
        return kind == Kind.LOGISTIC || kind == Kind.SOFTMAX || kind == Kind.SVM;
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
                yield new Mlp(inputs, hidden, activation, task, task == Task.MULTICLASS ? classes : 1, precision);
            }
            case SVM -> {
                if (classes != 2) {
                    throw new IllegalArgumentException("an svm needs exactly 2 classes; this target has "
                            + (classes == 0 ? "numeric values" : classes + " classes")
                            + " (use softmax for more, linear, huber, quantile or poisson for numbers)");
                }
                yield new SvmModel(inputs);
            }
            case HUBER, QUANTILE, POISSON -> {
                if (classes > 0) {
                    throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + " model needs a "
                            + "numeric target; this target has " + classes + " classes (use logistic, softmax or svm)");
                }
                yield kind == Kind.HUBER ? new HuberModel(inputs, parameter)
                        : kind == Kind.QUANTILE ? new QuantileModel(inputs, parameter) : new PoissonModel(inputs);
            }
        };
    }

    /** The spec as it was written: {@code mlp:64} stays {@code mlp:64}, {@code mlp:64:relu} stays so. */
    @Override
    public String toString() {
        if (kind != Kind.MLP) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            if (!parameterGiven) {
                return name;
            }
            return name + ":" + (kind == Kind.HUBER ? "epsilon=" : "q=") + shortNumber(parameter);
        }
        StringBuilder text = new StringBuilder("mlp:");
        for (int l = 0; l < hidden.size(); l++) {
            text.append(l > 0 ? "," : "").append(hidden.get(l));
        }
        if (activationGiven) {
            text.append(':').append(activation.lowerName());
        }
        return precision == Precision.FLOAT64 ? text.toString() : text.append(':').append(precision.shortName()).toString();
    }

    /** A number as short as it prints back exactly: {@code 0.9}, {@code 1.35}. */
    private static String shortNumber(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelSpec that && kind == that.kind && hidden.equals(that.hidden)
                && activation == that.activation && precision == that.precision
                && Double.compare(parameter, that.parameter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, hidden, activation, precision, parameter);
    }
}
