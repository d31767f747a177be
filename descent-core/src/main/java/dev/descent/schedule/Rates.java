package dev.descent.schedule;

/** Parameter checks for schedules, with messages that name the parameter and its range. */
final class Rates {
    private Rates() {}

    static void nonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be in [0, inf): " + value);
        }
    }

    static void positive(String name, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be in (0, inf): " + value);
        }
    }

    static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    static void unitOpenClosed(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1]: " + value);
        }
    }

    static void step(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be at least 0: " + step);
        }
    }
}
