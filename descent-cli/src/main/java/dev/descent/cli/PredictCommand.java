package dev.descent.cli;

import dev.descent.io.AtomicFile;
import dev.descent.ml.SavedModel;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent predict}: apply a saved model to the rows of a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a model saved by train --save.",
                "The CSV needs the model's feature columns (by name); other columns are ignored. Writes the "
                        + "prediction and, for classes, one probability per class."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.json", description = "A model saved by train --save.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Rows to predict.")
    Path data;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.csv", description = "Where to write (default: standard output).")
    Path output;

    @Override
    public Integer call() throws IOException {
        SavedModel saved;
        Dataset rows;
        try {
            saved = SavedModel.read(model);
            rows = CsvDatasets.readFeatures(data, saved.featureNames());
        } catch (DataException e) {
            throw new UsageError(e.getMessage());
        }
        double[] predictions = saved.predict(rows);
        StringBuilder csv = new StringBuilder("predicted");
        boolean classes = saved.model().task() != Task.REGRESSION;
        int k = classes ? saved.classNames().size() : 1;
        if (classes) {
            for (String name : saved.classNames()) {
                csv.append(",p_").append(name);
            }
        }
        csv.append('\n');
        int[] predicted = classes ? saved.predictedClasses(predictions) : null;
        for (int i = 0; i < rows.rows(); i++) {
            if (classes) {
                csv.append(saved.classNames().get(predicted[i]));
                for (int c = 0; c < k; c++) {
                    csv.append(',').append(predictions[i * k + c]);
                }
            } else {
                csv.append(predictions[i]);
            }
            csv.append('\n');
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(csv);
            out.flush();
        } else {
            AtomicFile.write(output, stream -> stream.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d predictions to %s%n", rows.rows(), output);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
