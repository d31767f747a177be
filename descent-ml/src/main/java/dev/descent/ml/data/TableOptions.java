package dev.descent.ml.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a table's columns are read ({@link Table#read}): which cells are missing, which columns are
 * left out or kept, which are categories whatever their cells, and how many categories a column may
 * have. The defaults take a CSV export as it comes.
 *
 * <p>Serializable only to travel to Spark's executors, which run the same build.
 *
 * @param missingMarkers the cells that mean "missing", besides the empty cell
 * @param categorical columns read as categories even when every cell is a number (integer codes)
 * @param numeric columns that must hold numbers (a trained model's numeric inputs), or empty
 * @param drop columns left out
 * @param features the only columns read besides the target, or null for every column
 * @param maxCategories the most distinct values a categorical feature may have
 * @param target the target column, which is never dropped nor counted against {@code maxCategories},
 *     or null for the last column
 * @param refuseMissing whether a feature cell that is missing is refused (every column with gaps
 *     reported at once) instead of filled in ({@link Encoding})
 * @param weight the column of per-row weights, which is not a feature, or null
 * @param positive a two-class target's positive class, scored as class 1 (ROC AUC, average
 *     precision, the decision threshold), or null for the second in sorted order
 * @param forModel whether a trained model reads the rows ({@link #forModel(Encoding, String, Set)}):
 *     its inputs are named by {@code features}, and the target may be absent (rows to predict)
 * @serial exclude
 */
public record TableOptions(Set<String> missingMarkers, Set<String> categorical, Set<String> numeric, Set<String> drop,
                           List<String> features, int maxCategories, String target, boolean refuseMissing,
                           String weight, String positive, boolean forModel) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The cells read as missing by default: pandas' {@code read_csv} markers that a spreadsheet or an
     * R or Python export writes, and {@code ?} (the UCI repository's).
     */
    public static final Set<String> DEFAULT_MISSING = Set.of("NA", "N/A", "n/a", "NaN", "nan", "-NaN", "NULL", "null",
            "None", "<NA>", "#N/A", "?");

    /** The default limit on a categorical feature's distinct values. */
    public static final int DEFAULT_MAX_CATEGORIES = 100;

    /** Copies; a column both dropped and chosen is refused by {@link Table#read} with the file named. */
    public TableOptions {
        missingMarkers = Set.copyOf(missingMarkers);
        categorical = Set.copyOf(categorical);
        numeric = Set.copyOf(numeric);
        drop = Set.copyOf(drop);
        features = features == null ? null : List.copyOf(features);
        if (maxCategories < 1) {
            throw new IllegalArgumentException("at least one category must be allowed: " + maxCategories);
        }
    }

    /** The defaults: every column, the default missing markers and limit, the last column the target. */
    public static TableOptions defaults() {
        return new TableOptions(DEFAULT_MISSING, Set.of(), Set.of(), Set.of(), null,
                DEFAULT_MAX_CATEGORIES, null, false, null, null, false);
    }

    /** With {@code target} as the target column (null: the last). */
    public TableOptions target(String column) {
        return new TableOptions(missingMarkers, categorical, numeric, drop, features,
                maxCategories, column, refuseMissing, weight, positive, forModel);
    }

    /** With these extra missing markers. */
    public TableOptions missing(List<String> markers) {
        Set<String> all = new LinkedHashSet<>(missingMarkers);
        all.addAll(markers);
        return new TableOptions(all, categorical, numeric, drop, features,
                maxCategories, target, refuseMissing, weight, positive, forModel);
    }

    /** With these columns read as categories. */
    public TableOptions categorical(List<String> columns) {
        return new TableOptions(missingMarkers, Set.copyOf(columns), numeric, drop, features,
                maxCategories, target, refuseMissing, weight, positive, forModel);
    }

    /** With these columns left out. */
    public TableOptions drop(List<String> columns) {
        return new TableOptions(missingMarkers, categorical, numeric, Set.copyOf(columns), features,
                maxCategories, target, refuseMissing, weight, positive, forModel);
    }

    /** Reading only these columns besides the target (null: every column). */
    public TableOptions features(List<String> columns) {
        return new TableOptions(missingMarkers, categorical, numeric, drop, columns == null ? null :
                new ArrayList<>(columns),
                maxCategories, target, refuseMissing, weight, positive, forModel);
    }

    /** Refusing missing feature cells (true) or filling them in (false, the default). */
    public TableOptions refuseMissing(boolean refuse) {
        return new TableOptions(missingMarkers, categorical, numeric, drop, features,
                maxCategories, target, refuse, weight, positive, forModel);
    }

    /** With {@code column} (not a feature) holding each row's weight; null for none. */
    public TableOptions weight(String column) {
        return new TableOptions(missingMarkers, categorical, numeric, drop, features,
                maxCategories, target, refuseMissing,
                column, positive, forModel);
    }

    /** With {@code label} as a two-class target's positive class (null: the second in sorted order). */
    public TableOptions positive(String label) {
        return new TableOptions(missingMarkers, categorical, numeric, drop, features,
                maxCategories, target, refuseMissing,
                weight, label, forModel);
    }

    /** With at most {@code max} categories per categorical feature. */
    public TableOptions maxCategories(int max) {
        return new TableOptions(missingMarkers, categorical, numeric, drop, features,
                max, target, refuseMissing, weight, positive, forModel);
    }

    /**
     * The options that read new rows for a trained model: only its inputs and target, each as the
     * model reads it (a category column as text, a numeric one as numbers), with the model's missing
     * markers.
     */
    public static TableOptions forModel(Encoding encoding, String target, Set<String> missingMarkers) {
        Objects.requireNonNull(encoding, "encoding");
        return new TableOptions(missingMarkers, encoding.categoricalNames(), encoding.numericNames(), Set.of(),
                encoding.inputNames(), Integer.MAX_VALUE, target, false, null, null, true);
    }

    /** Whether {@code cell} is missing: empty, or one of the markers. */
    public boolean isMissing(String cell) {
        return cell.isEmpty() || missingMarkers.contains(cell);
    }
}
