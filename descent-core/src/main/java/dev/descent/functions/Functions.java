package dev.descent.functions;

import java.util.Arrays;

/** Helpers shared by the test functions. */
final class Functions {
    private Functions() {}

    static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    static void requireDimension(String name, int dimension, int minimum) {
        if (dimension < minimum) {
            throw new IllegalArgumentException(name + " needs dimension at least " + minimum + ": " + dimension);
        }
    }
}
