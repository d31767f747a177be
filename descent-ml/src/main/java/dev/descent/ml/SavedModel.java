package dev.descent.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.AtomicFile;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.SvmLight;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Encoding;
import dev.descent.ml.data.PreparedData;
import dev.descent.ml.data.Table;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.model.Task;
import dev.descent.autodiff.Tape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model as JSON: its kind and layer sizes, the feature and target names, the classes, the
 * standardization of the features (and, for an MLP's regression target, of the target) fitted on
 * the training rows, and the parameters (written with full precision, so they read back to the same
 * bits). {@link #predict} applies it to new rows and gives predictions in the target's own units.
 * The input columns' encoding ({@link Encoding}: each numeric column's training mean and indicator,
 * each categorical column's levels) is kept too, so that new rows are read by column name, as they
 * come, and encoded as the training rows were. Format {@code descent-model/3};
 * {@code descent-model/2} (without an encoding: every feature a numeric column, missing cells
 * refused) and {@code descent-model/1} (without a target standardizer either) still read.
 *
 * @param model the model
 * @param encoding how the input columns become its features ({@link #featureNames()}), in order
 * @param targetName the target it predicts
 * @param classNames the classes in index order (empty for regression)
 * @param standardizer the standardization of the features, or null
 * @param targetStandardizer the one-column standardization of a regression target the model was
 *     trained on, or null when it fits the raw target
 * @param parameters the parameters
 * @param classCounts the training rows of each class, in the order of {@code classNames} (empty for
 *     regression or when not known): their majority is the baseline a classifier is scored against
 * @param threshold a two-class model's decision threshold on {@code P(class 1)}, or NaN for the most
 *     probable class (the first of equals)
 */
public record SavedModel(Model model, Encoding encoding, String targetName, List<String> classNames,
                         Standardizer standardizer, Standardizer targetStandardizer, double[] parameters,
                         long[] classCounts, double threshold) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The format written. */
    private static final String FORMAT = "descent-model/3";
    /** The format before encodings, still read. */
    private static final String FORMAT_2 = "descent-model/2";
    /** The format before target standardization, still read. */
    private static final String FORMAT_1 = "descent-model/1";

    /** Copies. */
    public SavedModel {
        Objects.requireNonNull(encoding, "encoding");
        classCounts = classCounts.clone();
        if (classCounts.length != 0 && classCounts.length != classNames.size()) {
            throw new IllegalArgumentException(classCounts.length + " class counts for " + classNames.size() + " classes");
        }
        if (!Double.isNaN(threshold) && !model.probabilistic()) {
            throw new IllegalArgumentException("a " + model.describe() + " model has no probabilities to set a threshold "
                    + "on: it predicts the second class where its decision value is above 0");
        }
        if (!Double.isNaN(threshold) && (classNames.size() != 2 || !(threshold > 0 && threshold < 1))) {
            throw new IllegalArgumentException("a decision threshold is for a two-class model, in (0, 1): " + threshold);
        }
        classNames = List.copyOf(classNames);
        parameters = parameters.clone();
        if (targetStandardizer != null && (model.task() != Task.REGRESSION || targetStandardizer.means().length != 1)) {
            throw new IllegalArgumentException("a target standardizer needs a regression model and one column");
        }
        if (parameters.length != model.parameterCount()) {
            throw new IllegalArgumentException("the " + model.describe() + " model needs " + model.parameterCount()
                    + " parameters, got " + parameters.length);
        }
    }

    /** A model without class counts or threshold (as saved before descent kept them). */
    public SavedModel(Model model, Encoding encoding, String targetName, List<String> classNames, Standardizer standardizer,
                      Standardizer targetStandardizer, double[] parameters) {
        this(model, encoding, targetName, classNames, standardizer, targetStandardizer, parameters, new long[0],
                Double.NaN);
    }

    /** The training rows of each class, a copy. */
    @Override
    public long[] classCounts() {
        return classCounts.clone();
    }

    /**
     * The same model deciding a two-class prediction by {@code P(class 1) >= threshold}.
     *
     * @throws IllegalArgumentException for a model of other than two classes, or a threshold outside (0, 1)
     */
    public SavedModel withThreshold(double threshold) {
        return new SavedModel(model, encoding, targetName, classNames, standardizer, targetStandardizer, parameters,
                classCounts, threshold);
    }

    /** The class most training rows have (the first of equals), or -1 when the counts are not known. */
    public int majorityClass() {
        int best = -1;
        for (int c = 0; c < classCounts.length; c++) {
            if (best < 0 || classCounts[c] > classCounts[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The features the model reads, in order: the encoded columns. */
    public List<String> featureNames() {
        return encoding.featureNames();
    }

    /**
     * The rows of a CSV file as this model reads them: its input columns found by name (others
     * ignored, in any order), read and encoded as the training rows were, with the target when the
     * file has it (its classes as the file names them: {@link Dataset#alignedTo} maps them).
     *
     * @param notes where cells filled in and categories unseen in training are said
     */
    public Dataset rows(Path file, List<String> notes) throws IOException {
        Table table = Table.read(file, encoding.readOptions(targetName));
        if (table.target() == null) {
            throw new DataException(file + ": no target column " + dev.descent.io.Printable.quote(targetName)
                    + ", which the model predicts (columns: " + String.join(", ", table.header()) + ")");
        }
        return PreparedData.encode(table, encoding, !classNames.isEmpty(), notes);
    }

    /**
     * The rows of a CSV file to predict: its input columns found by name and encoded as
     * {@link #rows} does, any target column ignored.
     *
     * @param notes where cells filled in and categories unseen in training are said
     */
    public Dataset inputs(Path file, List<String> notes) throws IOException {
        Table table = Table.read(file, encoding.readOptions(targetName));
        return PreparedData.encode(table, encoding, false, notes, false);
    }

    /**
     * Whether this model reads LIBSVM files, and how: its features are a LIBSVM file's columns by index
     * ({@link SvmLight#featureNames}), {@code "1"} to {@code "d"} (one-based: true is returned for zero-based
     * {@code "0"} to {@code "d-1"}). Null when they are a table's named columns.
     */
    public Boolean svmLightZeroBased() {
        return SvmLight.baseOf(featureNames());
    }

    /**
     * The rows of a LIBSVM file as this model reads them, sparse: read with the base of the file it was trained
     * on (a file without index 0 is not shifted) and its width, as scikit-learn's
     * {@code load_svmlight_file(f, zero_based=..., n_features=...)}; a narrower file is fine, an index beyond the
     * model's features is refused at its line and column. The label is the target: read as the file's classes
     * for a classifier ({@link Dataset#alignedTo} maps them to the model's by value), else as numbers.
     *
     * @param asClasses read the labels as classes (to score a classifier), else as numbers
     * @throws DataException for a model trained on named columns, or a file that is not LIBSVM (file:line:column)
     */
    public Dataset svmLightRows(Path file, boolean asClasses) throws IOException {
        Boolean zeroBased = svmLightZeroBased();
        if (zeroBased == null) {
            throw new DataException(file + ": a LIBSVM file, and the model reads the named columns of a table ("
                    + CsvDatasets.listed(featureNames().subList(0, Math.min(5, featureNames().size())))
                    + (featureNames().size() > 5 ? ", ..." : "") + "): give it the rows as a CSV file");
        }
        if (standardizer != null && !standardizer.scalesOnly()) {
            // a table's columns that happen to be named 1, 2, ...: their standardization centres them, which
            // sparse rows are never given (it would store every zero)
            throw new DataException(file + ": a LIBSVM file, and the model was trained on a table whose features it "
                    + "centres: give it the rows as a CSV file");
        }
        return SvmLight.read(file, zeroBased, featureNames().size()).dataset(file.getFileName().toString(), asClasses,
                null);
    }

    /**
     * Rows given in Java to predict, each a map from column name to cell text, read and encoded as
     * {@link #inputs(Path, List)} reads a file: its input columns by name, others ignored.
     *
     * <pre>{@code
     * SavedModel model = SavedModel.read(Path.of("rent.json"));
     * double[] rent = model.predict(model.inputs(List.of(Map.of("city", "Lyon", "rooms", "3", "area", "70")),
     *         new ArrayList<>()));
     * }</pre>
     *
     * @param notes where cells filled in and categories unseen in training are said
     */
    public Dataset inputs(List<Map<String, String>> rows, List<String> notes) {
        Table table = Table.of("rows", rows, encoding.readOptions(targetName));
        return PreparedData.encode(table, encoding, false, notes, false);
    }

    /**
     * A linear, logistic or softmax model on the original scale of its features (the encoded
     * columns before standardization) and of its target: each output's coefficients and intercept,
     * as scikit-learn's {@code coef_} and {@code intercept_} of a model fitted on unscaled columns.
     * With {@code z_j = (x_j - mean_j) / std_j} and outputs {@code z W + b} (a regression target
     * fitted as {@code (y - mean_y) / std_y}),
     *
     * <pre>
     * coefficient_jc = std_y W_jc / std_j,   intercept_c = mean_y + std_y (b_c - sum_j mean_j W_jc / std_j)
     * </pre>
     *
     * (std_y = 1, mean_y = 0 without a target standardizer).
     *
     * @param features the features, in order
     * @param outputs what each row of {@code coefficients} predicts: the target (regression), the
     *     positive class (two classes, its log-odds), or each class (softmax)
     * @param coefficients {@code [output][feature]}
     * @param intercepts one per output
     */
    public record Coefficients(List<String> features, List<String> outputs, double[][] coefficients,
                               double[] intercepts) {
        /** How many coefficients are exactly zero. */
        public long zeros() {
            long zeros = 0;
            for (double[] row : coefficients) {
                for (double c : row) {
                    zeros += c == 0 ? 1 : 0;
                }
            }
            return zeros;
        }

        /** How many coefficients there are. */
        public long count() {
            return (long) coefficients.length * features.size();
        }
    }

    /** The coefficients on the original scale ({@link Coefficients}), or empty for a network. */
    public java.util.Optional<Coefficients> coefficients() {
        List<Integer> layers = model.layerSizes();
        if (layers.size() != 2) {
            return java.util.Optional.empty();
        }
        int d = layers.get(0);
        int k = layers.get(1);
        double meanY = targetStandardizer == null ? 0 : targetStandardizer.means()[0];
        double stdY = targetStandardizer == null ? 1 : targetStandardizer.deviations()[0];
        double[][] coefficients = new double[k][d];
        double[] intercepts = new double[k];
        // read once: the record's accessors copy, and a wide model has hundreds of thousands of features
        double[] deviations = standardizer == null ? null : standardizer.deviations();
        double[] means = standardizer == null ? null : standardizer.means();
        for (int c = 0; c < k; c++) {
            double shift = 0;
            for (int j = 0; j < d; j++) {
                double w = parameters[j * k + c];
                double std = deviations == null ? 1 : deviations[j];
                double mean = means == null ? 0 : means[j];
                coefficients[c][j] = stdY * w / std;
                shift += mean * w / std;
            }
            intercepts[c] = meanY + stdY * (parameters[d * k + c] - shift);
        }
        List<String> outputs = k == 1 ? List.of(classNames.isEmpty() ? targetName : classNames.get(1)) : classNames;
        return java.util.Optional.of(new Coefficients(featureNames(), outputs, coefficients, intercepts));
    }

    /**
     * A Huber model's fitted scale sigma, in the target's units (the residual size beyond which
     * {@code epsilon} scales count linearly); empty for the other models.
     */
    public java.util.OptionalDouble scale() {
        if (!(model instanceof dev.descent.ml.model.HuberModel huber)) {
            return java.util.OptionalDouble.empty();
        }
        double stdY = targetStandardizer == null ? 1 : targetStandardizer.deviations()[0];
        return java.util.OptionalDouble.of(stdY * parameters[huber.scaleIndex()]);
    }

    /** The trained parameters, a copy. */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /** Writes the model as JSON, atomically. */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("model", model.describe());
        root.put("task", model.task().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode sizes = root.putArray("layers");
        model.layerSizes().forEach(sizes::add);
        root.put("target", targetName);
        ArrayNode features = root.putArray("features");
        featureNames().forEach(features::add);
        ArrayNode inputs = root.putArray("inputs");
        for (Encoding.Input input : encoding.inputs()) {
            ObjectNode entry = inputs.addObject();
            entry.put("column", input.name());
            if (input instanceof Encoding.Numeric numeric) {
                entry.put("type", "numeric");
                entry.put("mean", numeric.mean());
                entry.put("indicator", numeric.indicator());
            } else {
                Encoding.Categorical categorical = (Encoding.Categorical) input;
                entry.put("type", "categorical");
                ArrayNode levels = entry.putArray("levels");
                categorical.levels().forEach(levels::add);
                entry.put("missingLevel", categorical.missingLevel());
            }
        }
        ArrayNode markers = root.putArray("missingMarkers");
        encoding.missingMarkers().stream().sorted().forEach(markers::add);
        ArrayNode classes = root.putArray("classes");
        classNames.forEach(classes::add);
        if (standardizer != null) {
            put(root.putObject("standardizer"), standardizer);
        }
        if (targetStandardizer != null) {
            put(root.putObject("targetStandardizer"), targetStandardizer);
        }
        if (classCounts.length > 0) {
            ArrayNode counts = root.putArray("classCounts");
            for (long count : classCounts) {
                counts.add(count);
            }
        }
        if (!Double.isNaN(threshold)) {
            root.put("threshold", threshold);
        }
        coefficients().ifPresent(c -> putCoefficients(root, c));
        scale().ifPresent(s -> root.put("scale", s));
        ArrayNode values = root.putArray("parameters");
        for (double p : parameters) {
            values.add(p);
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /**
     * The coefficients on the original scale as JSON fields of {@code node}: {@code "coefficients":
     * {feature: value}} and {@code "intercept"} for one output; for softmax {@code "coefficients":
     * {class: {feature: value}}} and {@code "intercepts": {class: value}}. Written for people and
     * other tools; a model reads back from its parameters.
     */
    public static void putCoefficients(ObjectNode node, Coefficients c) {
        if (c.outputs().size() == 1 && c.coefficients().length == 1) {
            ObjectNode values = node.putObject("coefficients");
            for (int j = 0; j < c.features().size(); j++) {
                values.put(c.features().get(j), c.coefficients()[0][j]);
            }
            node.put("intercept", c.intercepts()[0]);
            return;
        }
        ObjectNode byClass = node.putObject("coefficients");
        ObjectNode intercepts = node.putObject("intercepts");
        for (int o = 0; o < c.outputs().size(); o++) {
            ObjectNode values = byClass.putObject(c.outputs().get(o));
            for (int j = 0; j < c.features().size(); j++) {
                values.put(c.features().get(j), c.coefficients()[o][j]);
            }
            intercepts.put(c.outputs().get(o), c.intercepts()[o]);
        }
    }

    private static void put(ObjectNode scaling, Standardizer standardizer) {
        ArrayNode means = scaling.putArray("mean");
        for (double m : standardizer.means()) {
            means.add(m);
        }
        ArrayNode deviations = scaling.putArray("std");
        for (double s : standardizer.deviations()) {
            deviations.add(s);
        }
    }

    private static Standardizer standardizer(JsonNode scaling, String field, Path file) {
        try {
            return new Standardizer(numbers(scaling.path("mean")), numbers(scaling.path("std")));
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": \"" + field + "\": " + e.getMessage());
        }
    }

    /** Reads a model written by {@link #write}; errors name the file and the field. */
    public static SavedModel read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such model file");
        } catch (JsonProcessingException e) {
            throw new DataException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        String format = root == null ? "" : root.path("format").asText();
        if (!FORMAT.equals(format) && !FORMAT_2.equals(format) && !FORMAT_1.equals(format)) {
            throw new DataException(file + ": not a descent model (no \"format\": \"" + FORMAT + "\")");
        }
        String kind = text(root, "model", file);
        List<Integer> layers = new ArrayList<>();
        root.path("layers").forEach(n -> layers.add(n.asInt()));
        if (layers.size() < 2) {
            throw new DataException(file + ": \"layers\" needs at least inputs and outputs");
        }
        List<String> features = strings(root.path("features"));
        List<String> classes = strings(root.path("classes"));
        Model model = model(kind, layers, classes.size(), file);
        Standardizer standardizer = root.has("standardizer")
                ? standardizer(root.path("standardizer"), "standardizer", file) : null;
        Standardizer target = root.has("targetStandardizer")
                ? standardizer(root.path("targetStandardizer"), "targetStandardizer", file) : null;
        if (target != null && (model.task() != Task.REGRESSION || target.means().length != 1)) {
            throw new DataException(file + ": \"targetStandardizer\" needs a regression model and one mean and std");
        }
        double[] parameters = numbers(root.path("parameters"));
        if (parameters.length != model.parameterCount()) {
            throw new DataException(file + ": \"parameters\" has " + parameters.length + " values, a " + kind + " with layers "
                    + layers + " needs " + model.parameterCount());
        }
        Encoding encoding = FORMAT.equals(format) ? encoding(root, file) : Encoding.numeric(features);
        if (!encoding.featureNames().equals(features)) {
            throw new DataException(file + ": \"inputs\" encode the features " + encoding.featureNames() + ", not the "
                    + "\"features\" " + features);
        }
        long[] counts = new long[root.path("classCounts").size()];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = root.path("classCounts").get(c).asLong();
        }
        double threshold = root.has("threshold") ? root.path("threshold").asDouble() : Double.NaN;
        try {
            return new SavedModel(model, encoding, text(root, "target", file), classes, standardizer, target, parameters,
                    counts, threshold);
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": " + e.getMessage());
        }
    }

    /** The encoding of the saved inputs; errors name the file and the field. */
    private static Encoding encoding(JsonNode root, Path file) {
        List<Encoding.Input> inputs = new ArrayList<>();
        for (JsonNode entry : root.path("inputs")) {
            String column = entry.path("column").asText();
            String type = entry.path("type").asText();
            switch (type) {
                case "numeric" -> {
                    JsonNode mean = entry.path("mean");
                    if (!mean.isNumber() && !"NaN".equals(mean.asText())) {
                        throw new DataException(file + ": \"inputs\": the numeric column '" + column + "' has no mean");
                    }
                    inputs.add(new Encoding.Numeric(column, mean.asDouble(), entry.path("indicator").asBoolean()));
                }
                case "categorical" -> inputs.add(new Encoding.Categorical(column, strings(entry.path("levels")),
                        entry.path("missingLevel").asBoolean()));
                default -> throw new DataException(file + ": \"inputs\": column '" + column + "' has type '" + type
                        + "', not numeric or categorical");
            }
        }
        return new Encoding(inputs, new java.util.LinkedHashSet<>(strings(root.path("missingMarkers"))));
    }

    /** The model of a saved spec, checked against the saved layer sizes. */
    private static Model model(String kind, List<Integer> layers, int classes, Path file) {
        Model model;
        try {
            model = ModelSpec.parse(kind).build(layers.get(0), classes);
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": \"model\": " + e.getMessage());
        }
        if (!model.layerSizes().equals(layers)) {
            throw new DataException(file + ": \"layers\" " + layers + " do not fit the " + kind + " model with "
                    + classes + " classes, whose layers are " + model.layerSizes());
        }
        return model;
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new DataException(file + ": missing text field \"" + field + "\"");
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /**
     * The model's outputs for every row of {@code data} (whose feature columns must match by name):
     * a predicted value for regression (in the target's units; a Poisson model's mean count), class probabilities
     * for classification, or a linear SVM's scores {@code -z, z} of its decision value {@code z} ({@code rows x k},
     * row-major; two columns for a binary model).
     */
    public double[] predict(Dataset data) {
        if (!data.featureNames().equals(featureNames())) {
            throw new DataException(data.name() + ": the features " + data.featureNames() + " do not match the model's "
                    + featureNames());
        }
        double[] raw;
        if (data.isSparse()) {
            raw = sparseOutputs(standardizer == null ? data : standardizer.apply(data));
        } else {
            double[] x = standardizer == null ? data.features() : standardizer.transform(data.features());
            Tape tape = new Tape();
            raw = model.forward(tape.constant(parameters), tape.constantView(x, data.rows(), data.columns())).values();
        }
        return switch (model.task()) {
            case REGRESSION -> {
                double[] values = targetStandardizer == null ? raw : targetStandardizer.restore(raw);
                for (int i = 0; i < values.length; i++) {
                    values[i] = model.prediction(values[i]);
                }
                yield values;
            }
            case BINARY -> {
                if (!model.probabilistic()) {
                    // a decision value z: the scores -z, z rank the rows and pick class 1 where z > 0
                    double[] scores = new double[2 * raw.length];
                    for (int i = 0; i < raw.length; i++) {
                        scores[2 * i] = -raw[i];
                        scores[2 * i + 1] = raw[i];
                    }
                    yield scores;
                }
                double[] probabilities = new double[2 * raw.length];
                for (int i = 0; i < raw.length; i++) {
                    double p = 1 / (1 + Math.exp(-raw[i]));
                    probabilities[2 * i] = 1 - p;
                    probabilities[2 * i + 1] = p;
                }
                yield probabilities;
            }
            case MULTICLASS -> {
                int k = model.outputs();
                double[] probabilities = new double[raw.length];
                for (int i = 0; i < raw.length / k; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        max = Math.max(max, raw[i * k + c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < k; c++) {
                        probabilities[i * k + c] = Math.exp(raw[i * k + c] - max);
                        sum += probabilities[i * k + c];
                    }
                    for (int c = 0; c < k; c++) {
                        probabilities[i * k + c] /= sum;
                    }
                }
                yield probabilities;
            }
        };
    }

    /** The most values a block of sparse rows is made dense with for a model that reads dense rows (a network). */
    private static final long DENSE_BLOCK_VALUES = 1 << 22;

    /**
     * The raw outputs of sparse (standardized) rows: a linear model reads their nonzeros
     * ({@link Model#outputs}); a model of dense rows reads them made dense a block of rows at a time, so memory
     * stays a block's, never rows x columns.
     */
    private double[] sparseOutputs(Dataset scaled) {
        dev.descent.ml.model.SparseRows x = scaled.sparseRows();
        int k = model.outputs();
        int block = (int) Math.max(1, Math.min(x.rows(), DENSE_BLOCK_VALUES / x.columns()));
        if (model.layerSizes().size() == 2 || block >= x.rows()) {
            return model.outputs(parameters, Batch.sparse(x, null, null, null, null));
        }
        double[] out = new double[x.rows() * k];
        for (int from = 0; from < x.rows(); from += block) {
            int to = Math.min(x.rows(), from + block);
            double[] part = model.outputs(parameters, Batch.sparse(x.slice(from, to), null, null, null, null));
            System.arraycopy(part, 0, out, from * k, part.length);
        }
        return out;
    }

    /**
     * The class each row of {@code probabilities} (as {@link #predict} gives them, {@code k} per row)
     * predicts: the most probable, the first of equals; with a {@link #threshold()}, class 1 where
     * {@code P(class 1) >= threshold}.
     */
    public int[] predictedClasses(double[] probabilities) {
        int k = classNames.size();
        if (k == 0 || probabilities.length % k != 0) {
            throw new IllegalArgumentException("a " + model.describe() + " model predicts no classes from "
                    + probabilities.length + " values");
        }
        if (!Double.isNaN(threshold)) {
            return dev.descent.ml.metrics.RankingReport.predictedClasses(probabilities, threshold);
        }
        int[] predicted = new int[probabilities.length / k];
        for (int i = 0; i < predicted.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probabilities[i * k + c] > probabilities[i * k + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    /** The batch of a dataset for this model: its features standardized, and its target where the model's is. */
    public Batch batch(Dataset data) {
        Dataset scaled = standardizer == null ? data : standardizer.apply(data);
        return dev.descent.ml.train.Trainer.batchOf(model, targetStandardizer == null ? scaled
                : targetStandardizer.applyToTarget(scaled));
    }
}
