package dev.descent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.AtomicFile;
import dev.descent.io.Printable;
import dev.descent.ml.SavedModel;
import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent predict}: apply a saved model to the rows of a CSV file, each row written back with
 * every column it came with and the prediction beside them, so the output joins back by any id.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a model saved by train --save.",
                "The CSV needs the model's input columns (by name, in any order); the rows are read as the training "
                        + "rows were (categories, gaps). Writes every input column, then the prediction and, for "
                        + "classes, one probability per class (a linear SVM: its decision value).",
                "A LIBSVM file (for a model trained on one) is read with the training file's base and width; its rows "
                        + "are written as their number and label, then the prediction."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.json", description = "A model saved by train --save.")
    Path model;

    @Option(names = "--threshold", paramLabel = "T", description = "A two-class model predicts its second class where "
            + "that class's probability is at least T, in (0, 1) (default: the model's, else the most probable class).")
    Double threshold;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to predict: a CSV file, or a "
            + "LIBSVM file (.libsvm, .svm, .svmlight) for a model trained on one.")
    Path data;

    @Option(names = "--data-format", paramLabel = "csv|libsvm", description = "How --data is written (default: by the "
            + "extension, libsvm for .libsvm, .svm and .svmlight, else csv). A LIBSVM file's rows are written as its row "
            + "number and label, then the prediction.")
    String dataFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.csv", description = "Where to write (default: standard output).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv", description = "csv or json: one object per row "
            + "(default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("csv") && !format.equals("json")) {
            throw new UsageError("--format must be csv or json: " + format);
        }
        SavedModel saved;
        Dataset rows;
        List<String> notes = new ArrayList<>();
        try {
            saved = Thresholds.apply(SavedModel.read(model), threshold);
            rows = libsvm() ? saved.svmLightRows(data, false) : saved.inputs(data, notes);
        } catch (DataException e) {
            throw new UsageError(e.getMessage());
        }
        double[] predictions = saved.predict(rows);
        boolean classes = saved.model().task() != Task.REGRESSION;
        int k = classes ? saved.classNames().size() : 1;
        int[] predicted = classes ? saved.predictedClasses(predictions) : null;
        List<String> added = new ArrayList<>();
        added.add("predicted");
        boolean probabilities = saved.model().probabilistic();
        if (classes && probabilities) {
            saved.classNames().forEach(name -> added.add("p_" + name));
        } else if (classes) {
            added.add("decision");
        }
        String text = format.equals("json") ? json(added, predictions, predicted, saved, k, rows)
                : csv(added, predictions, predicted, saved, k, rows);
        for (String note : notes) {
            Messages.error(spec.commandLine(), "note: " + Printable.escape(note));
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            AtomicFile.write(output, stream -> stream.write(text.getBytes(StandardCharsets.UTF_8)));
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %d predictions to %s%n", rows.rows(), output);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The prediction of row {@code i}: the class name, or the number. */
    private static String prediction(int i, double[] predictions, int[] predicted, SavedModel saved) {
        return predicted != null ? saved.classNames().get(predicted[i]) : Double.toString(predictions[i]);
    }

    /** Each input row's cells, then the prediction and the probabilities; an added name the input already has gets a "_". */
    private String csv(List<String> added, double[] predictions, int[] predicted, SavedModel saved, int k, Dataset rows)
            throws IOException {
        StringWriter text = new StringWriter();
        CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build());
        int[] row = {0};
        eachRow(rows, new CsvDatasets.RowVisitor() {
            @Override
            public void header(List<String> names) throws IOException {
                List<String> header = new ArrayList<>(names);
                header.addAll(unique(added, names));
                printer.printRecord(header);
            }

            @Override
            public void row(List<String> cells) throws IOException {
                int i = row[0]++;
                List<String> out = new ArrayList<>(cells);
                out.add(prediction(i, predictions, predicted, saved));
                if (predicted != null && saved.model().probabilistic()) {
                    for (int c = 0; c < k; c++) {
                        out.add(Double.toString(predictions[i * k + c]));
                    }
                } else if (predicted != null) {
                    out.add(Double.toString(predictions[i * k + 1])); // the decision value z, of scores -z, z
                }
                printer.printRecord(out);
            }
        });
        printer.flush();
        return text.toString();
    }

    private String json(List<String> added, double[] predictions, int[] predicted, SavedModel saved, int k, Dataset rows)
            throws IOException {
        JsonMapper mapper = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", saved.model().describe());
        root.put("target", saved.targetName());
        ArrayNode out = root.putArray("rows");
        List<List<String>> names = new ArrayList<>();
        int[] row = {0};
        eachRow(rows, new CsvDatasets.RowVisitor() {
            @Override
            public void header(List<String> header) {
                names.add(header);
                names.add(unique(added, header));
            }

            @Override
            public void row(List<String> cells) {
                int i = row[0]++;
                ObjectNode entry = out.addObject();
                for (int c = 0; c < cells.size(); c++) {
                    entry.put(names.get(0).get(c), cells.get(c));
                }
                List<String> extra = names.get(1);
                if (predicted != null) {
                    entry.put(extra.get(0), saved.classNames().get(predicted[i]));
                    if (saved.model().probabilistic()) {
                        for (int c = 0; c < k; c++) {
                            entry.put(extra.get(1 + c), predictions[i * k + c]);
                        }
                    } else {
                        entry.put(extra.get(1), predictions[i * k + 1]);
                    }
                } else {
                    entry.put(extra.get(0), predictions[i]);
                }
            }
        });
        return root + "\n";
    }

    /** Whether --data is a LIBSVM file: by --data-format, else by its extension. */
    private boolean libsvm() {
        return DataFormats.of(dataFormat, data) == dev.descent.ml.data.DataFormat.LIBSVM;
    }

    /**
     * The input rows as cells, a header first: a CSV file's own, or a LIBSVM file's row number (from 1, the
     * lines that hold a row) and label, since its features are too many and too sparse to repeat.
     */
    private void eachRow(Dataset rows, CsvDatasets.RowVisitor visitor) throws IOException {
        if (!libsvm()) {
            CsvDatasets.eachRow(data, visitor);
            return;
        }
        visitor.header(List.of("row", dev.descent.ml.data.SvmLight.TARGET));
        double[] labels = rows.targets();
        for (int i = 0; i < labels.length; i++) {
            visitor.row(List.of(Integer.toString(i + 1), dev.descent.ml.data.SvmLight.className(labels[i])));
        }
    }

    /** {@code names}, each followed by "_" until it is not one of {@code taken}. */
    private static List<String> unique(List<String> names, List<String> taken) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            String unique = name;
            while (taken.contains(unique)) {
                unique = unique + "_";
            }
            out.add(unique);
        }
        return out;
    }
}
