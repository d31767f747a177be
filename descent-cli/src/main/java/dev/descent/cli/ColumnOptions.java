package dev.descent.cli;

import dev.descent.ml.data.TableOptions;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code train} reads the table's columns: which to leave out or keep, which integer codes are
 * categories, which cells are missing and what to do with them ({@link TableOptions}).
 */
final class ColumnOptions {

    @Option(names = "--drop", split = ",", paramLabel = "COL", description = "Leave these columns out (an id, a name, a "
            + "note); repeat or separate with commas.")
    List<String> drop;

    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Read only these columns besides the "
            + "target.")
    List<String> features;

    @Option(names = "--categorical", split = ",", paramLabel = "COL", description = "Read these columns as categories even "
            + "where every cell is a number (integer codes); a column with text is one anyway.")
    List<String> categorical;

    @Option(names = "--na-values", split = ",", paramLabel = "TEXT", description = "More cells that mean missing, besides "
            + "the empty cell, NA, N/A, NaN, null, None and ?.")
    List<String> naValues;

    @Option(names = "--missing", paramLabel = "impute|error", defaultValue = "impute", description = "What a missing feature "
            + "cell gets: impute (a numeric column's training mean plus an indicator column, a category of its own) or "
            + "error (every column with gaps reported) (default ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--weight-col", paramLabel = "COL", description = "Each row's weight (not a feature): the loss, its "
            + "gradient, the early-stopping score and the standardization are weighted means, as scikit-learn's "
            + "sample_weight.")
    String weightColumn;

    @Option(names = "--positive", paramLabel = "LABEL", description = "A two-class target's positive class: the one ROC AUC, "
            + "average precision and --threshold score (default: the second in sorted order, 1 of 0/1, yes of no/yes).")
    String positive;

    @Option(names = "--max-categories", paramLabel = "N", defaultValue = "" + TableOptions.DEFAULT_MAX_CATEGORIES,
            description = "The most distinct values a text column may have to be one-hot encoded (default ${DEFAULT-VALUE}).")
    int maxCategories;

    /** The flags given that choose or read named columns (not --positive, which names a class): none for a LIBSVM file. */
    List<String> given() {
        List<String> given = new java.util.ArrayList<>();
        if (drop != null) {
            given.add("--drop");
        }
        if (features != null) {
            given.add("--features");
        }
        if (categorical != null) {
            given.add("--categorical");
        }
        if (naValues != null) {
            given.add("--na-values");
        }
        if (!missing.equals("impute")) {
            given.add("--missing");
        }
        if (weightColumn != null) {
            given.add("--weight-col");
        }
        if (maxCategories != TableOptions.DEFAULT_MAX_CATEGORIES) {
            given.add("--max-categories");
        }
        return given;
    }

    /** The options, checked: one of --drop and --features, a known --missing, a positive --max-categories. */
    TableOptions apply(TableOptions options) {
        if (drop != null && features != null) {
            throw new UsageError("--drop and --features both choose the columns: give one");
        }
        if (!missing.equals("impute") && !missing.equals("error")) {
            throw new UsageError("--missing must be impute or error: " + missing);
        }
        if (maxCategories < 1) {
            throw new UsageError("--max-categories must be at least 1: " + maxCategories);
        }
        TableOptions columns = options.maxCategories(maxCategories).refuseMissing(missing.equals("error"));
        if (drop != null) {
            columns = columns.drop(drop);
        }
        if (features != null) {
            columns = columns.features(features);
        }
        if (categorical != null) {
            columns = columns.categorical(categorical);
        }
        if (naValues != null) {
            columns = columns.missing(naValues);
        }
        if (weightColumn != null) {
            columns = columns.weight(weightColumn);
        }
        if (positive != null) {
            columns = columns.positive(positive);
        }
        return columns;
    }
}
