package dev.descent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.ml.SavedModel;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.Evaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent evaluate}: score a saved model on the user's own rows. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a model saved by train --save on rows of a CSV file with its feature columns (by name) "
                + "and its target column, or of a LIBSVM file (label first) for a model trained on one.",
            "Classifiers: accuracy, per-class precision, recall and F1, macro and weighted averages, the confusion "
                + "matrix. Regression: RMSE, MAE and R^2. Exit codes: 0 scored; 2 bad usage or input."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.json", description = "A model saved by train --save.")
    Path model;

    @Option(names = "--threshold", paramLabel = "T", description = "A two-class model predicts its second class where "
            + "that class's probability is at least T, in (0, 1) (default: the model's, else the most probable class).")
    Double threshold;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to score, with the target column: "
            + "a CSV file, or a LIBSVM file (.libsvm, .svm, .svmlight) for a model trained on one.")
    Path data;

    @Option(names = "--data-format", paramLabel = "csv|libsvm", description = "How --data is written (default: by the "
            + "extension, libsvm for .libsvm, .svm and .svmlight, else csv).")
    String dataFormat;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageError("--format must be text or json: " + format);
        }
        SavedModel saved = Thresholds.apply(SavedModel.read(model), threshold);
        List<String> notes = new java.util.ArrayList<>();
        Dataset rows = DataFormats.of(dataFormat, data) == dev.descent.ml.data.DataFormat.LIBSVM
                ? saved.svmLightRows(data, !saved.classNames().isEmpty()) : saved.rows(data, notes);
        Evaluation evaluation = Evaluation.of(data.getFileName().toString(), saved, rows);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            ObjectNode root = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build().createObjectNode();
            root.put("model", saved.model().describe());
            root.put("data", data.toString());
            root.put("target", saved.targetName());
            Evaluations.json(root, evaluation);
            ArrayNode notesNode = root.putArray("notes");
            notes.forEach(notesNode::add);
            out.println(root);
        } else {
            out.printf(Locale.ROOT, "%s (%s, target '%s') on %s%n", model, saved.model().describe(), saved.targetName(), data);
            notes.forEach(note -> out.println("  data: " + dev.descent.io.Printable.escape(note)));
            out.println();
            Evaluations.table(out, List.of(evaluation));
            Evaluations.report(out, evaluation);
        }
        out.flush();
        return 0;
    }
}
