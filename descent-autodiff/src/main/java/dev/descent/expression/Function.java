package dev.descent.expression;

import dev.descent.autodiff.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The functions a formula may call, each mapped to its autodiff operation. */
enum Function {
    SIN(1), COS(1), TAN(1), ASIN(1), ACOS(1), ATAN(1), EXP(1), LOG(1), SQRT(1), ABS(1), TANH(1), SIGMOID(1),
    SOFTPLUS(1), MIN(2), MAX(2);

    final int arity;

    Function(int arity) {
        this.arity = arity;
    }

    String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Tensor apply(Tensor a, Tensor b) {
        return switch (this) {
            case SIN -> a.sin();
            case COS -> a.cos();
            case TAN -> a.tan();
            case ASIN -> a.asin();
            case ACOS -> a.acos();
            case ATAN -> a.atan();
            case EXP -> a.exp();
            case LOG -> a.log();
            case SQRT -> a.sqrt();
            case ABS -> a.abs();
            case TANH -> a.tanh();
            case SIGMOID -> a.sigmoid();
            case SOFTPLUS -> a.softplus();
            case MIN -> a.min(b);
            case MAX -> a.max(b);
        };
    }

    static Optional<Function> named(String name) {
        return Arrays.stream(values()).filter(f -> f.lowerName().equals(name)).findFirst();
    }

    /**
     * Other languages' spellings of the functions here, keyed by meaning rather than by letters: by
     * edit distance {@code ln} is closest to {@code sin}, but it means {@code log}.
     */
    private static final Map<String, String> OTHER_SPELLINGS = Map.of(
            "ln", "did you mean 'log'? log is the natural logarithm",
            "arcsin", "did you mean 'asin'?",
            "arccos", "did you mean 'acos'?",
            "arctan", "did you mean 'atan'?",
            "fabs", "did you mean 'abs'?",
            "logistic", "did you mean 'sigmoid'?",
            "expit", "did you mean 'sigmoid'?",
            "pow", "write pow(a, b) as a^b");

    /**
     * The fix for an unknown function name, without parentheses: another language's spelling first,
     * then the closest name within edit distance 2.
     */
    static Optional<String> suggestion(String name) {
        String meant = OTHER_SPELLINGS.get(name.toLowerCase(Locale.ROOT));
        if (meant != null) {
            return Optional.of(meant);
        }
        return closest(name).map(s -> "did you mean '" + s + "'?");
    }

    /** The closest function name within edit distance 2, for "did you mean". */
    static Optional<String> closest(String name) {
        String best = null;
        int bestDistance = 3;
        for (Function f : values()) {
            int distance = editDistance(name.toLowerCase(Locale.ROOT), f.lowerName());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = f.lowerName();
            }
        }
        return Optional.ofNullable(best);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
