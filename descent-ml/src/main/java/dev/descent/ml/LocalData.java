package dev.descent.ml;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Model;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link Engine#LOCAL}'s data: a CSV file or a built-in table read into memory, split and standardized. */
final class LocalData implements Engine.Data {
    private final Dataset all;
    private final Split split;
    private final Dataset heldOut;
    private final Standardizer standardizer;
    private final Standardizer target;

    private LocalData(Dataset all, Split split, Dataset heldOut, boolean standardizeTarget) {
        this.all = all;
        this.split = split;
        this.heldOut = heldOut;
        this.standardizer = Standardizer.fit(split.train());
        this.target = standardizeTarget && !all.hasClasses() ? Standardizer.fitTarget(split.train()) : null;
    }

    static LocalData load(DataRequest request) throws IOException {
        Dataset all = request.builtIn();
        if (all == null) {
            Path file = Path.of(request.data());
            if (!Files.exists(file)) {
                throw new DataException(request.data() + ": no such file, and not a built-in dataset (built in: "
                        + String.join(", ", CsvDatasets.BUILT_IN) + ")");
            }
            all = CsvDatasets.read(oneFile(file), request.target(), request.classes());
        }
        Dataset heldOut = null;
        if (request.testData() != null) {
            heldOut = CsvDatasets.read(oneFile(Path.of(request.testData())), all.targetName(), all.hasClasses())
                    .alignedTo(all.featureNames(), all.classNames());
        }
        Split split = Split.of(all, request.validation(), request.test(), request.seed());
        return new LocalData(all, split, heldOut, request.standardizeTarget());
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

    /** The rows as training sees them: features standardized, and the target where it is. */
    private Dataset standardized(Dataset rows) {
        Dataset features = standardizer.apply(rows);
        return target == null ? features : target.applyToTarget(features);
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
