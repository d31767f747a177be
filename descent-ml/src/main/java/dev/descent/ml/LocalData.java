package dev.descent.ml;

import dev.descent.ml.data.ClassWeights;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataFormat;
import dev.descent.ml.data.SvmLight;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Encoding;
import dev.descent.ml.data.PreparedData;
import dev.descent.ml.data.Table;
import dev.descent.ml.data.TableOptions;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Model;
import dev.descent.ml.train.InvalidSetting;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Engine#LOCAL}'s data: a CSV file or a built-in table read into memory as it comes
 * ({@link Table}), split, encoded as the training rows teach ({@link PreparedData}) and
 * standardized.
 */
final class LocalData implements Engine.Data {
    private final Dataset all;
    private final Split split;
    private final Dataset heldOut;
    private final Encoding encoding;
    private final List<String> notes;
    private final Standardizer standardizer;
    private final Standardizer target;
    /** Each class's weight, multiplying the loss of its rows; null without class weights. */
    private final double[] classWeights;

    private LocalData(PreparedData prepared, Dataset heldOut, List<String> notes, boolean standardizeTarget,
                      ClassWeights classWeights, boolean intercept) {
        this.all = prepared.all();
        this.split = prepared.split();
        this.heldOut = heldOut;
        this.encoding = prepared.encoding();
        this.notes = List.copyOf(notes);
        Standardizer fitted = Standardizer.fit(split.train());
        this.standardizer = intercept ? fitted : fitted.uncentered();
        this.target = standardizeTarget && !all.hasClasses() ? Standardizer.fitTarget(split.train()) : null;
        if (classWeights != null && !all.hasClasses()) {
            throw new InvalidSetting("classWeights", "class weights need a classifier; the target '" + all.targetName()
                    + "' is numeric");
        }
        try {
            this.classWeights = classWeights == null ? null : classWeights.of(all.classNames(), classCounts());
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("classWeights", e.getMessage());
        }
    }

    static LocalData load(DataRequest request) throws IOException {
        if (request.format() == DataFormat.LIBSVM) {
            return loadSvmLight(request);
        }
        Table table = request.builtIn();
        if (table == null) {
            Path file = Path.of(request.data());
            if (!Files.exists(file)) {
                throw new DataException(request.data() + ": no such file, and not a built-in dataset (built in: "
                        + String.join(", ", CsvDatasets.BUILT_IN) + ")");
            }
            table = Table.read(oneFile(file), request.columns().target(request.target()));
        }
        countsOnly(table, request);
        PreparedData prepared = PreparedData.of(table, request.targetAsClasses(), request.validation(), request.test(),
                request.seed());
        List<String> notes = new ArrayList<>(prepared.notes());
        Dataset heldOut = null;
        if (request.testData() != null) {
            // the test file's rows weigh in its scores as the training rows weigh in the loss: with the same column
            TableOptions testOptions = prepared.encoding().readOptions(prepared.all().targetName());
            if (request.columns().weight() != null) {
                testOptions = testOptions.weight(request.columns().weight());
            }
            Table test = Table.read(oneFile(Path.of(request.testData())), testOptions);
            heldOut = PreparedData.encode(test, prepared.encoding(), prepared.all().hasClasses(), notes)
                    .alignedTo(prepared.all().featureNames(), prepared.all().classNames());
        }
        return new LocalData(prepared, heldOut, notes, request.standardizeTarget(), request.classWeights(),
                request.intercept());
    }

    /**
     * A LIBSVM file's rows, held sparse ({@link SvmLight#dataset}): split as a table's rows are, the features
     * named by their index, scaled without centering by {@link Standardizer#fit}. A test file is read with the
     * training file's base and width, as scikit-learn's {@code load_svmlight_files} reads files together; an
     * index beyond the width is refused at its line and column.
     *
     * @throws DataException for a file that is not LIBSVM (file:line:column), or column options, which need named
     *     columns
     */
    private static LocalData loadSvmLight(DataRequest request) throws IOException {
        Path file = oneFile(Path.of(request.data()));
        if (!Files.exists(file)) {
            throw new DataException(request.data() + ": no such file");
        }
        if (request.target() != null || !request.columns().positive(null).equals(TableOptions.defaults())) {
            throw new DataException(request.data() + ": a LIBSVM file has no named columns: its first field is the "
                    + "target and the rest are features by index, so the options that choose or read columns (target, "
                    + "drop, features, categorical, missing, weight) do not apply");
        }
        SvmLight read = SvmLight.read(file);
        String positive = request.columns().positive();
        Dataset all = read.dataset(file.getFileName().toString(), request.targetAsClasses(), positive);
        List<String> notes = new ArrayList<>();
        if (read.queryIds() != null) {
            notes.add(all.name() + ": the query ids (qid:) are read and not used");
        }
        if (request.spec().kind() == dev.descent.ml.model.ModelSpec.Kind.POISSON && !all.hasClasses()) {
            double[] counts = all.targets();
            for (int row = 0; row < counts.length; row++) {
                if (counts[row] < 0) {
                    throw new DataException(all.name() + ": the label of row " + (row + 1) + " is " + counts[row]
                            + "; a poisson model fits counts, which are at least 0");
                }
            }
        }
        if (!all.hasClasses()) {
            PreparedData.fewValues(SvmLight.TARGET, java.util.Arrays.stream(all.targets()).boxed().toList(), all.rows())
                    .ifPresent(notes::add);
        }
        Split split;
        try {
            split = Split.of(all, request.validation(), request.test(), request.seed());
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("split", e.getMessage());
        }
        PreparedData prepared = new PreparedData(all, split, Encoding.numeric(all.featureNames()), notes);
        Dataset heldOut = null;
        if (request.testData() != null) {
            Path testFile = oneFile(Path.of(request.testData()));
            Dataset test = SvmLight.read(testFile, read.zeroBased(), read.columns())
                    .dataset(testFile.getFileName().toString(), all.hasClasses(), positive);
            heldOut = test.alignedTo(all.featureNames(), all.classNames());
        }
        return new LocalData(prepared, heldOut, notes, request.standardizeTarget(), request.classWeights(),
                request.intercept());
    }

    /**
     * Refuses a Poisson model's negative target with its place: a count is at least 0.
     *
     * @throws DataException at the first negative target, file:line:column
     */
    static void countsOnly(Table table, DataRequest request) {
        if (request.spec().kind() != dev.descent.ml.model.ModelSpec.Kind.POISSON
                || !(table.target() instanceof Table.NumericColumn counts)) {
            return;
        }
        double[] values = counts.values();
        for (int row = 0; row < values.length; row++) {
            if (values[row] < 0) {
                throw new DataException(table.place(row, counts) + ": the target '" + table.targetName() + "' is "
                        + values[row] + "; a poisson model fits counts, which are at least 0");
            }
        }
    }

    /**
     * {@code path}, refused when it is a folder: Spark reads a folder of CSV files as one table, so a
     * folder here is most likely meant for that engine.
     */
    private static Path oneFile(Path path) {
        if (Files.isDirectory(path)) {
            throw new DataException(path + ": a folder, and local training reads one CSV file (a folder of CSV files "
                    + "trains with --engine spark)");
        }
        return path;
    }

    @Override
    public String describe() {
        return all.toString();
    }

    @Override
    public List<String> featureNames() {
        return all.featureNames();
    }

    @Override
    public long[] classCounts() {
        long[] counts = new long[all.classNames().size()];
        if (split.train().hasClasses()) {
            for (int label : split.train().labels()) {
                counts[label]++;
            }
        }
        return counts;
    }

    @Override
    public double trainingWeight() {
        double[] weights = lossWeights(split.train());
        if (weights == null) {
            return split.train().rows();
        }
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return sum;
    }

    @Override
    public Encoding encoding() {
        return encoding;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public String targetName() {
        return all.targetName();
    }

    @Override
    public List<String> classNames() {
        return all.classNames();
    }

    @Override
    public long trainingRows() {
        return split.train().rows();
    }

    @Override
    public Standardizer standardizer() {
        return standardizer;
    }

    @Override
    public Standardizer targetStandardizer() {
        return target;
    }

    @Override
    public TrainingData training(Model model, TrainingPlan plan) {
        return TrainingData.inMemory(model, plan, standardized(split.train()), standardized(split.validation()));
    }

    /**
     * The rows as training sees them: features standardized, the target where it is, and each row's
     * weight times its class's (class weights weigh the loss, not the standardizer's moments).
     */
    private Dataset standardized(Dataset rows) {
        Dataset features = standardizer.apply(rows);
        Dataset scaled = target == null ? features : target.applyToTarget(features);
        return classWeights == null ? scaled : scaled.withWeights(lossWeights(rows));
    }

    /** Each row's weight in the loss: its weight column's times its class's; null when every row weighs 1. */
    private double[] lossWeights(Dataset rows) {
        if (classWeights == null) {
            return rows.weights();
        }
        double[] weights = rows.hasWeights() ? rows.weights() : new double[rows.rows()];
        int[] labels = rows.labels();
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (rows.hasWeights() ? weights[i] : 1) * classWeights[labels[i]];
        }
        return weights;
    }

    @Override
    public List<Evaluation> evaluate(SavedModel model) {
        List<Evaluation> evaluations = new ArrayList<>();
        evaluations.add(Evaluation.of("train", model, split.train()));
        if (split.validation().rows() > 0) {
            evaluations.add(Evaluation.of("validation", model, split.validation()));
        }
        Dataset test = heldOut != null ? heldOut : split.test();
        if (test.rows() > 0) {
            evaluations.add(Evaluation.of("test", model, test));
        }
        return evaluations;
    }

    @Override
    public void close() {}
}
