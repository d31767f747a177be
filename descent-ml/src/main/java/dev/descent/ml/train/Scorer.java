package dev.descent.ml.train;

import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;

/**
 * Scores a model's parameters on a set of rows wherever the rows are: in memory here
 * ({@link #of}), or cached by an engine such as descent-spark's, which tallies its blocks where
 * they live and merges the tallies by the fixed tree over the block indices
 * ({@link dev.descent.ml.model.BlockTree}). The trainer's epoch metrics and early stopping
 * read validation rows through it.
 */
@FunctionalInterface
public interface Scorer {
    /** The tally of {@code parameters} on the rows (not modified). */
    Tally score(double[] parameters);

    /** Scores {@code model} on {@code rows} in memory. */
    static Scorer of(Model model, Batch rows) {
        return parameters -> Tally.over(model, parameters, rows);
    }
}
