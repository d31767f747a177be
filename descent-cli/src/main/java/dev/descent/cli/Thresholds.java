package dev.descent.cli;

import dev.descent.ml.SavedModel;

/** The {@code --threshold} of {@code evaluate} and {@code predict}: the model's own unless given. */
final class Thresholds {
    private Thresholds() {}

    /** {@code model} deciding by {@code threshold} when one is given; a threshold that does not fit is a usage error. */
    static SavedModel apply(SavedModel model, Double threshold) {
        if (threshold == null) {
            return model;
        }
        try {
            return model.withThreshold(threshold);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--threshold: " + e.getMessage());
        }
    }
}
