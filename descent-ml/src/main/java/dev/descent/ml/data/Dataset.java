package dev.descent.ml.data;

import dev.descent.ml.model.SparseRows;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A table of numeric features and one target: row-major {@code double[]} features, the target as
 * numbers, and for a categorical target the class names with each row's class index. Immutable;
 * the arrays are never handed out for writing.
 *
 * <p>Rows may carry weights ({@link #weights()}), as scikit-learn's {@code sample_weight}, glmnet's
 * {@code weights} and Spark MLlib's {@code weightCol}: training then minimizes the weighted mean loss
 * {@code sum_i w_i loss_i / sum_i w_i}, and the standardizer fits weighted moments. Without weights
 * every row counts once, and nothing is computed differently from a dataset that never had them.
 *
 * <p>The features may instead be sparse ({@link #sparse}, {@link SparseRows}, as a LIBSVM file holds
 * them): memory proportional to the nonzeros. Splits ({@link #subset}), weights, targets, alignment to a
 * model's columns and scale-only standardization keep them sparse; what would need the rows as one dense
 * array ({@link #features()}, {@link #featuresView()}, {@link #withFeatures}) refuses, saying so, rather
 * than allocate rows x columns values.
 */
public final class Dataset {
    private final String name;
    private final List<String> featureNames;
    private final String targetName;
    private final int rows;
    private final int columns;
    /** Row-major, or null when the features are sparse. */
    private final double[] features;
    /** The features as compressed rows, or null when they are dense. */
    private final SparseRows sparse;
    private final double[] targets;
    private final List<String> classNames;
    private final int[] labels;
    /** One weight per row, or null when every row counts once. */
    private final double[] weights;

    /**
     * @param features row-major, {@code rows x featureNames.size()}; copied
     * @param targets one per row; copied
     * @param classNames the classes in index order, or an empty list when the target is not categorical
     * @param labels one class index per row, or null when there are no classes; copied
     */
    public Dataset(String name, List<String> featureNames, String targetName, double[] features, double[] targets,
                   List<String> classNames, int[] labels) {
        this(name, featureNames, targetName, features, targets, classNames, labels, null);
    }

    /**
     * A dataset whose rows carry weights.
     *
     * @param features row-major, {@code rows x featureNames.size()}; copied
     * @param targets one per row; copied
     * @param classNames the classes in index order, or an empty list when the target is not categorical
     * @param labels one class index per row, or null when there are no classes; copied
     * @param weights one per row, each finite and at least 0 and not all 0; or null for every row weighing 1; copied
     * @throws IllegalArgumentException naming the first row whose weight is negative or not finite, or when every weight is 0
     */
    public Dataset(String name, List<String> featureNames, String targetName, double[] features, double[] targets,
                   List<String> classNames, int[] labels, double[] weights) {
        this(name, featureNames, targetName, features, targets, classNames, labels, weights, true);
    }

    /**
     * A dataset whose features are sparse: memory proportional to their nonzeros.
     *
     * @param rows the features, {@code targets.length} rows of {@code featureNames.size()} columns; used as they
     *     are (compressed rows are never modified)
     * @param targets one per row; copied
     * @param classNames the classes in index order, or an empty list when the target is not categorical
     * @param labels one class index per row, or null when there are no classes; copied
     * @param weights one per row, each finite and at least 0 and not all 0; or null for every row weighing 1; copied
     * @throws IllegalArgumentException when the sizes disagree, or for a weight {@link #Dataset(String, List, String,
     *     double[], double[], List, int[], double[])} refuses
     */
    public static Dataset sparse(String name, List<String> featureNames, String targetName, SparseRows rows,
                                 double[] targets, List<String> classNames, int[] labels, double[] weights) {
        return new Dataset(name, featureNames, targetName, null, rows, targets, classNames, labels, weights, true);
    }

    private Dataset(String name, List<String> featureNames, String targetName, double[] features, double[] targets,
                    List<String> classNames, int[] labels, double[] weights, boolean somePositive) {
        this(name, featureNames, targetName, features.clone(), null, targets, classNames, labels, weights, somePositive);
    }

    /** Exactly one of {@code features} (taken as it is) and {@code sparse}. */
    private Dataset(String name, List<String> featureNames, String targetName, double[] features, SparseRows sparse,
                    double[] targets, List<String> classNames, int[] labels, double[] weights, boolean somePositive) {
        this.name = Objects.requireNonNull(name, "name");
        this.featureNames = List.copyOf(featureNames);
        this.targetName = Objects.requireNonNull(targetName, "targetName");
        this.columns = featureNames.size();
        if (columns == 0) {
            throw new IllegalArgumentException(name + ": a dataset needs at least one feature");
        }
        if (sparse != null) {
            if (sparse.columns() != columns || sparse.rows() != targets.length) {
                throw new IllegalArgumentException(name + ": " + sparse.rows() + " sparse rows of " + sparse.columns()
                        + " columns and " + targets.length + " targets do not make rows of " + columns + " features");
            }
        } else if (features.length % columns != 0 || features.length / columns != targets.length) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values and " + targets.length
                    + " targets do not make rows of " + columns + " features");
        }
        this.rows = targets.length;
        this.features = features;
        this.sparse = sparse;
        this.targets = targets.clone();
        this.classNames = List.copyOf(classNames);
        this.labels = labels == null ? null : labels.clone();
        if (this.labels != null && this.labels.length != rows) {
            throw new IllegalArgumentException(name + ": " + this.labels.length + " labels for " + rows + " rows");
        }
        this.weights = weights == null ? null : checkedWeights(name, weights.clone(), rows, somePositive);
    }

    private static double[] checkedWeights(String name, double[] weights, int rows, boolean somePositive) {
        if (weights.length != rows) {
            throw new IllegalArgumentException(name + ": " + weights.length + " weights for " + rows + " rows");
        }
        boolean positive = false;
        for (int i = 0; i < rows; i++) {
            double w = weights[i];
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException(name + ": the weight of row " + (i + 1) + " is " + w
                        + "; a weight is finite and at least 0");
            }
            positive |= w > 0;
        }
        if (somePositive && !positive && rows > 0) {
            throw new IllegalArgumentException(name + ": every row has weight 0; at least one row needs a positive weight");
        }
        return weights;
    }

    /** Where it came from: a file name or a built-in name. */
    public String name() {
        return name;
    }

    /** The feature columns' names, in order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The target column's name. */
    public String targetName() {
        return targetName;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The number of features. */
    public int columns() {
        return columns;
    }

    /** The class names in index order; empty for a numeric target that was never read as classes. */
    public List<String> classNames() {
        return classNames;
    }

    /** Whether the rows have class labels. */
    public boolean hasClasses() {
        return labels != null;
    }

    /** Feature {@code column} of row {@code row} (0 where sparse rows store nothing). */
    public double feature(int row, int column) {
        if (sparse == null) {
            return features[row * columns + column];
        }
        double value = 0;
        for (int k = sparse.starts()[row]; k < sparse.starts()[row + 1]; k++) {
            value += sparse.indices()[k] == column ? sparse.values()[k] : 0;
        }
        return value;
    }

    /** Whether the features are sparse ({@link #sparseRows()}). */
    public boolean isSparse() {
        return sparse != null;
    }

    /**
     * The sparse features, without a copy (compressed rows are never modified).
     *
     * @throws IllegalStateException when the features are dense
     */
    public SparseRows sparseRows() {
        if (sparse == null) {
            throw new IllegalStateException(name + ": the features are dense");
        }
        return sparse;
    }

    /** The number of stored feature values: the nonzeros of sparse rows, rows x columns of dense ones. */
    public long storedValues() {
        return sparse != null ? sparse.nonzeros() : (long) rows * columns;
    }

    /**
     * The features, row-major; a copy.
     *
     * @throws IllegalStateException when they are sparse: a dense copy would hold rows x columns values
     */
    public double[] features() {
        return dense().clone();
    }

    /** The dense features, or the refusal of a sparse dataset's. */
    private double[] dense() {
        if (sparse != null) {
            throw new IllegalStateException(name + ": the features are sparse (" + rows + " rows x " + columns
                    + " columns, " + sparse.nonzeros() + " stored); a dense array would hold " + (long) rows * columns
                    + " values: read them as compressed rows (sparseRows())");
        }
        return features;
    }

    /** The targets; a copy. */
    public double[] targets() {
        return targets.clone();
    }

    /** The class index of every row; a copy. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException(name + ": the target '" + targetName + "' has no classes");
        }
        return labels.clone();
    }

    /** Whether the rows carry weights. */
    public boolean hasWeights() {
        return weights != null;
    }

    /** The weight of every row, a copy; null when the rows carry none (every row weighs 1). */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    /**
     * The rows' weights, a copy, or null when there are none or every one is 1: the weighted mean is then
     * the plain mean, so the unweighted code paths (the fused kernels, the plain moments) serve, to the
     * same bits as rows without weights.
     */
    public double[] weightsUnlessAllOnes() {
        if (weights != null) {
            for (double w : weights) {
                if (w != 1) {
                    return weights.clone();
                }
            }
        }
        return null;
    }

    /**
     * Row-major features without a copy, for kernels over large data. The array is the dataset's
     * own: never modify it.
     */
    public double[] featuresView() {
        return dense();
    }

    double[] featureArray() {
        return dense();
    }

    /** The rows at {@code indices}, in that order, with their weights (a part whose rows all weigh 0 is allowed). */
    public Dataset subset(int[] indices, String suffix) {
        double[] x = sparse != null ? null : new double[indices.length * columns];
        double[] y = new double[indices.length];
        int[] l = labels == null ? null : new int[indices.length];
        double[] w = weights == null ? null : new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            if (x != null) {
                System.arraycopy(features, indices[k] * columns, x, k * columns, columns);
            }
            y[k] = targets[indices[k]];
            if (l != null) {
                l[k] = labels[indices[k]];
            }
            if (w != null) {
                w[k] = weights[indices[k]];
            }
        }
        // a split may leave a part whose rows all weigh 0 (say a few validation rows): it is still rows
        return new Dataset(name + suffix, featureNames, targetName, x, sparse == null ? null : sparse.gather(indices), y,
                classNames, l, w, false);
    }

    /**
     * The same rows (and weights) with other features (for example standardized ones); {@code features} copied.
     *
     * @throws IllegalStateException for sparse rows, whose features change with {@link #withSparseFeatures}
     */
    public Dataset withFeatures(double[] newFeatures) {
        dense();
        return new Dataset(name, featureNames, targetName, newFeatures, targets, classNames, labels, weights, false);
    }

    /** The same rows (and weights) with other sparse features (for example scaled ones), of the same shape. */
    public Dataset withSparseFeatures(SparseRows newFeatures) {
        return new Dataset(name, featureNames, targetName, null, newFeatures, targets, classNames, labels, weights, false);
    }

    /**
     * The same rows with other weights (a weight column's times each row's class weight, say);
     * {@code newWeights} copied, null for every row weighing 1.
     */
    public Dataset withWeights(double[] newWeights) {
        return new Dataset(name, featureNames, targetName, features, sparse, targets, classNames, labels,
                newWeights, false);
    }

    /** The same rows (and weights) with other targets (for example standardized ones); {@code newTargets} copied. */
    public Dataset withTargets(double[] newTargets) {
        return new Dataset(name, featureNames, targetName, features, sparse, newTargets, classNames, labels, weights, false);
    }

    /**
     * These rows laid out as a model trained elsewhere reads them: the features in the order of
     * {@code wanted} (other columns dropped) and the class labels re-indexed to {@code classes}
     * by name (a class the model does not know is refused). The rows keep their weights.
     *
     * @throws DataException naming the missing column or the unknown class
     */
    public Dataset alignedTo(List<String> wanted, List<String> classes) {
        int[] columnsOf = new int[wanted.size()];
        java.util.Map<String, Integer> position = new java.util.HashMap<>();
        for (int j = 0; j < columns; j++) {
            position.putIfAbsent(featureNames.get(j), j);
        }
        for (int k = 0; k < columnsOf.length; k++) {
            columnsOf[k] = position.getOrDefault(wanted.get(k), -1);
            if (columnsOf[k] < 0) {
                throw new DataException(name + ": no column '" + wanted.get(k) + "', which the model reads (columns: "
                        + String.join(", ", featureNames) + ", " + targetName + ")");
            }
        }
        double[] x = null;
        SparseRows xs = null;
        if (sparse != null) {
            xs = featureNames.equals(wanted) ? sparse : sparseColumns(columnsOf);
        } else {
            x = new double[rows * columnsOf.length];
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < columnsOf.length; k++) {
                    x[i * columnsOf.length + k] = features[i * columns + columnsOf[k]];
                }
            }
        }
        if (classes.isEmpty()) {
            if (labels != null) {
                throw new DataException(name + ": the target '" + targetName + "' holds classes " + classNames
                        + ", the model predicts numbers");
            }
            return new Dataset(name, wanted, targetName, x, xs, targets, List.of(), null, weights, false);
        }
        if (labels == null) {
            throw new DataException(name + ": the target '" + targetName + "' is numeric, the model predicts the classes "
                    + classes);
        }
        int[] mapped = new int[rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            String label = classNames.get(labels[i]);
            mapped[i] = classIndex(classes, label);
            if (mapped[i] < 0) {
                throw new DataException(name + ": class '" + label + "' of the target '" + targetName
                        + "' is not one the model knows (" + String.join(", ", classes) + ")");
            }
            y[i] = mapped[i];
        }
        return new Dataset(name, wanted, targetName, x, xs, y, classes, mapped, weights, false);
    }

    /** The sparse rows with column {@code columnsOf[k]} as column {@code k}, the others dropped; memory the nonzeros'. */
    private SparseRows sparseColumns(int[] columnsOf) {
        int[] to = new int[columns];
        Arrays.fill(to, -1);
        for (int k = 0; k < columnsOf.length; k++) {
            to[columnsOf[k]] = k;
        }
        int[] starts = new int[rows + 1];
        int[] indices = new int[sparse.nonzeros()];
        double[] values = new double[sparse.nonzeros()];
        int stored = 0;
        for (int i = 0; i < rows; i++) {
            for (int e = sparse.starts()[i]; e < sparse.starts()[i + 1]; e++) {
                int k = to[sparse.indices()[e]];
                if (k >= 0) {
                    indices[stored] = k;
                    values[stored++] = sparse.values()[e];
                }
            }
            starts[i + 1] = stored;
        }
        return new SparseRows(rows, columnsOf.length, starts, Arrays.copyOf(indices, stored), Arrays.copyOf(values, stored));
    }

    /**
     * The index of {@code label} among {@code classes}: by name, else by value when both are numbers,
     * so that a file whose target reads as numbers ({@code 1}) finds the class a model learned as
     * text ({@code 01}, {@code 1.0}); -1 when none or more than one class has that value.
     */
    private static int classIndex(List<String> classes, String label) {
        int index = classes.indexOf(label);
        if (index >= 0 || !CsvDatasets.isNumber(label)) {
            return index;
        }
        double value = Double.parseDouble(label);
        int found = -1;
        for (int c = 0; c < classes.size(); c++) {
            if (CsvDatasets.isNumber(classes.get(c)) && Double.parseDouble(classes.get(c)) == value) {
                if (found >= 0) {
                    return -1;
                }
                found = c;
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return name + " (" + rows + " rows, " + columns + " features" + (sparse == null ? ""
                : ", sparse: " + sparse.nonzeros() + " stored") + ", target '" + targetName + "'"
                + (labels == null ? "" : ", classes " + classNames) + (weights == null ? "" : ", weighted") + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dataset that && name.equals(that.name) && featureNames.equals(that.featureNames)
                && targetName.equals(that.targetName) && Arrays.equals(features, that.features)
                && (sparse == null ? that.sparse == null : that.sparse != null
                        && Arrays.equals(sparse.starts(), that.sparse.starts())
                        && Arrays.equals(sparse.indices(), that.sparse.indices())
                        && Arrays.equals(sparse.values(), that.sparse.values()))
                && Arrays.equals(targets, that.targets) && classNames.equals(that.classNames)
                && Arrays.equals(labels, that.labels) && Arrays.equals(weights, that.weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, featureNames, targetName, Arrays.hashCode(features),
                sparse == null ? 0 : Arrays.hashCode(sparse.values()), Arrays.hashCode(targets));
    }
}
