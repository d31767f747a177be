package dev.descent.ml;

import dev.descent.ml.data.ClassWeights;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Table;
import dev.descent.ml.data.TableOptions;
import dev.descent.ml.model.ModelSpec;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the pipeline asks an engine to load.
 *
 * @param data a built-in dataset's name or a path (a CSV file; an engine may read more)
 * @param target the target column, or null for the last
 * @param classes whether a numeric target holds class labels
 * @param spec the model to be trained (a linear model reads a built-in classification target as numbers)
 * @param validation the fraction of rows for validation
 * @param test the fraction for test (0 with a test file)
 * @param testData the user's test rows, or null
 * @param seed the split's seed
 * @param standardizeTarget whether a numeric regression target is standardized on the training rows
 *     ({@link Engine.Data#targetStandardizer()}); ignored for classes
 * @param columns how the table's columns are read: missing markers, columns dropped or chosen,
 *     categories, a weight column; its target is {@code target}
 * @param classWeights weights per class multiplying each row's loss, or null
 * @param intercept whether the model fits an intercept (without one, features are scaled, not centred)
 * @param format how {@code data} and {@code testData} are written: CSV, or LIBSVM (sparse; local only)
 */
public record DataRequest(String data, String target, boolean classes, ModelSpec spec, double validation,
                          double test, String testData, long seed, boolean standardizeTarget, TableOptions columns,
                          ClassWeights classWeights, boolean intercept, dev.descent.ml.data.DataFormat format) {
    /** A request for CSV data (or a built-in table). */
    public DataRequest(String data, String target, boolean classes, ModelSpec spec, double validation, double test,
                       String testData, long seed, boolean standardizeTarget, TableOptions columns,
                       ClassWeights classWeights, boolean intercept) {
        this(data, target, classes, spec, validation, test, testData, seed, standardizeTarget, columns, classWeights,
                intercept, dev.descent.ml.data.DataFormat.CSV);
    }

    /**
     * The built-in dataset {@link #data} names when no file of that name exists, else null. A
     * built-in classification target is read as classes, except by a linear model.
     */
    public Table builtIn() throws java.io.IOException {
        if (format == dev.descent.ml.data.DataFormat.LIBSVM) {
            return null;
        }
        String key = data.toLowerCase(Locale.ROOT);
        if (!CsvDatasets.BUILT_IN.contains(key) || java.nio.file.Files.exists(Path.of(data))) {
            return null;
        }
        return CsvDatasets.builtInTable(key, columns.target(target));
    }

    /** Whether the target is read as classes: asked for, or a built-in classification target (except by a linear model). */
    public boolean targetAsClasses() {
        String key = data.toLowerCase(Locale.ROOT);
        boolean builtInClasses = CsvDatasets.BUILT_IN.contains(key) && !java.nio.file.Files.exists(Path.of(data))
                && CsvDatasets.isClassification(key) && spec.kind() != ModelSpec.Kind.LINEAR;
        return classes || builtInClasses;
    }
}
