package dev.descent.spark.ml;

import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.InvalidSetting;
import dev.descent.optim.Optimizers;
import dev.descent.schedule.Schedules;

/** The estimators' spec parameters checked when they are set, so a typo fails at the setter, named. */
final class Specs {
    private Specs() {}

    static ModelSpec model(String value) {
        try {
            return ModelSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("model", e.getMessage());
        }
    }

    static String optimizer(String value) {
        if (!value.isEmpty()) {
            try {
                Optimizers.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("optimizer", e.getMessage());
            }
        }
        return value;
    }

    static String schedule(String value) {
        if (!value.isEmpty()) {
            try {
                Schedules.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("schedule", e.getMessage());
            }
        }
        return value;
    }
}
