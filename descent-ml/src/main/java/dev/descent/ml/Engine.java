package dev.descent.ml;

import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Encoding;
import dev.descent.ml.data.Split;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.Model;
import dev.descent.ml.train.TrainingData;
import dev.descent.ml.train.TrainingPlan;
import java.io.IOException;
import java.util.List;

/**
 * Where the rows live and are summed: here ({@link #LOCAL}), or an engine such as descent-spark's,
 * which reads, splits and standardizes the data where it is and sums the gradient there.
 */
public interface Engine {
    /** Local training: the rows read into memory, the trainer's own objective over them. */
    Engine LOCAL = new Engine() {
        @Override
        public Data load(DataRequest request) throws IOException {
            return LocalData.load(request);
        }

        @Override
        public String describe() {
            return "local";
        }
    };

    /**
     * Reads the data, splits it (seeded, stratified, the rows {@link Split#parts} picks) and fits
     * the standardizer on the training rows.
     *
     * @throws DataException for unreadable data, with the file, line and column where they are known
     */
    Data load(DataRequest request) throws IOException;

    /** A short description for the output, such as {@code local} or {@code spark local[2], 4 partitions}. */
    String describe();

    /**
     * The data an engine holds, split and standardized: its columns, and training and scoring where
     * the rows are. Closing it frees what the engine keeps (cached rows, a Spark context).
     */
    interface Data extends AutoCloseable {
        /** The dataset, described: name, rows, features, target, classes. */
        String describe();

        /** The feature columns, in the order the model reads them: the encoded columns. */
        List<String> featureNames();

        /** How the table's columns become {@link #featureNames()}, learned from the training rows. */
        Encoding encoding();

        /**
         * What the user should know about the data, in words: rows skipped, cells filled in, columns
         * left out or likely identifiers; empty when there is nothing to say.
         */
        List<String> notes();

        /** The target column. */
        String targetName();

        /** The classes, by index; empty for a numeric target. */
        List<String> classNames();

        /** The training rows of each class, in the order of {@link #classNames()}; empty for a numeric target. */
        long[] classCounts();

        /** The number of training rows. */
        long trainingRows();

        /**
         * The training rows' total weight in the loss (a weight column's times the class weights):
         * the {@code n} of scikit-learn's {@code C = 1}, {@code l2 = 1 / n}; the row count when
         * unweighted.
         */
        default double trainingWeight() {
            return trainingRows();
        }

        /** The standardizer fitted on the training rows. */
        Standardizer standardizer();

        /**
         * The one-column standardizer of the regression target fitted on the training rows when the
         * request asked for it ({@link DataRequest#standardizeTarget()}), else null; training and
         * validation then see the standardized target.
         */
        Standardizer targetStandardizer();

        /**
         * The standardized training rows as {@code model} trained by {@code plan} reads them: the
         * objective (the plan's penalty, batch size and row order) and the scorers of the training and
         * validation rows (the figures in standardized units: {@link Pipeline#run} maps them back).
         */
        TrainingData training(Model model, TrainingPlan plan);

        /** Scores {@code model} on the train, validation and test rows (the test file's), non-empty ones only, in that order. */
        List<Evaluation> evaluate(SavedModel model);

        @Override
        void close();
    }
}
