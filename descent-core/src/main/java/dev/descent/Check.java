package dev.descent;

/**
 * The range checks of descent's hyper-parameters, settings and options, with one message for each
 * kind of range, naming the parameter (or the option that set it), its allowed range and the value:
 *
 * <pre>
 * learningRate must be in (0, inf): -0.1
 * history must be at least 1: 0
 * </pre>
 *
 * <p>NaN is in no range. Each check returns the value it checked, so that a constructor checks and
 * assigns in one expression, and throws {@link IllegalArgumentException} otherwise; a command line
 * turns that into its own usage error with the same message.
 */
public final class Check {
    private Check() {}

    /**
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value} is in [0, inf)
     */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw outside(name, "[0, inf)", value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value} is in (0, inf)
     */
    public static double positive(String name, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw outside(name, "(0, inf)", value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value} is in [0, 1)
     */
    public static double unitOpen(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw outside(name, "[0, 1)", value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value} is in [0, 1]
     */
    public static double unitClosed(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw outside(name, "[0, 1]", value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value} is in (0, 1]
     */
    public static double unitOpenClosed(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw outside(name, "(0, 1]", value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException unless {@code value} is in ({@code low}, {@code high})
     */
    public static double openInterval(String name, double value, double low, double high) {
        if (!(value > low && value < high)) {
            throw outside(name, "(" + low + ", " + high + ")", value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException when {@code value} is below {@code minimum}
     */
    public static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw below(name, minimum, value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException when {@code value} is below {@code minimum}
     */
    public static long atLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw below(name, minimum, value);
        }
        return value;
    }

    private static IllegalArgumentException outside(String name, String range, double value) {
        return new IllegalArgumentException(name + " must be in " + range + ": " + value);
    }

    private static IllegalArgumentException below(String name, long minimum, long value) {
        return new IllegalArgumentException(name + " must be at least " + minimum + ": " + value);
    }
}
