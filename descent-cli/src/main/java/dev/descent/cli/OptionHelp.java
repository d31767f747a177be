package dev.descent.cli;

import dev.descent.optim.Optimizers;
import dev.descent.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;

/**
 * The descriptions of the optimizer and schedule options, made from the libraries' tables
 * ({@link Optimizers}, {@link Schedules}) so that the help states the defaults the libraries use:
 * a resource bundle, picocli's way of giving an option a description that is not a constant.
 * {@link DescentCommand#commandLine()} hands it to every command; each option finds its text by its
 * {@code descriptionKey}.
 */
final class OptionHelp extends ListResourceBundle {

    @Override
    protected Object[][] getContents() {
        List<Object[]> entries = new ArrayList<>();
        entries.add(new Object[] {"optimizer", "The optimizer, NAME or NAME:key=value,... with the keys the flags below "
                + "set (weight_decay for --weight-decay; a flag alone, as sgd:momentum=0.9,nesterov; a pair as "
                + "etas=0.4/1.3). NAME is one of " + String.join(", ", Optimizers.names()) + " (default lbfgs; train: "
                + "lbfgs for linear, logistic and softmax, adam for mlp; plot takes several, one path each)."});
        entries.add(new Object[] {"lr", "Learning rate, the initial step size of rprop, the first trial step of a line "
                + "search (" + OptimizerOptions.defaults("lr") + "); plot takes several."});
        for (String key : OptimizerOptions.keys()) {
            entries.add(new Object[] {key, OptimizerOptions.description(key)});
        }
        entries.add(new Object[] {"schedule", "Learning-rate schedule: " + Schedules.forms() + "."});
        return entries.toArray(Object[][]::new);
    }
}
