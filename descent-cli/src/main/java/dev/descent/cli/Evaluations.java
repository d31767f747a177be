package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.ml.metrics.ClassificationReport;
import dev.descent.ml.Evaluation;
import dev.descent.ml.metrics.RegressionReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How {@code train} and {@code evaluate} print evaluations: one table of the splits, the test's report, JSON. */
final class Evaluations {
    private Evaluations() {}

    /** One row per evaluation: loss and accuracy, or loss, RMSE, MAE and R^2. */
    static void table(PrintWriter out, List<Evaluation> evaluations) {
        boolean regression = evaluations.get(0).isRegression();
        out.printf(Locale.ROOT, regression ? "%-12s %8s %12s %12s %12s %12s%n" : "%-12s %8s %12s %12s%n", "", "rows", "loss",
                regression ? "rmse" : "accuracy", "mae", "r2");
        for (Evaluation e : evaluations) {
            if (regression) {
                RegressionReport r = e.regression();
                out.printf(Locale.ROOT, "%-12s %8d %12.6g %12.6g %12.6g %12.6g%n", e.name(), e.rows(), e.loss(), r.rmse(),
                        r.mae(), r.r2());
            } else {
                out.printf(Locale.ROOT, "%-12s %8d %12.6g %12.6g%n", e.name(), e.rows(), e.loss(),
                        e.classification().accuracy());
            }
        }
    }

    /** A classifier's full report on one evaluation: per class, averages, confusion matrix. */
    static void report(PrintWriter out, Evaluation evaluation) {
        if (evaluation.isRegression()) {
            return;
        }
        out.printf(Locale.ROOT, "%n%s rows, per class:%n", evaluation.name());
        out.print(evaluation.classification().format(4));
        out.printf(Locale.ROOT, "%nconfusion matrix (rows: true class, columns: predicted):%n");
        out.print(evaluation.classification().formatConfusionMatrix());
    }

    /** The evaluation as JSON fields of {@code node}. */
    static void json(ObjectNode node, Evaluation evaluation) {
        node.put("rows", evaluation.rows());
        node.put("loss", evaluation.loss());
        if (evaluation.isRegression()) {
            RegressionReport r = evaluation.regression();
            node.put("rmse", r.rmse());
            node.put("mae", r.mae());
            node.put("r2", r.r2());
            return;
        }
        ClassificationReport c = evaluation.classification();
        node.put("accuracy", c.accuracy());
        ArrayNode classes = node.putArray("classes");
        for (ClassificationReport.Scores scores : c.perClass()) {
            scores(classes.addObject(), scores);
        }
        scores(node.putObject("macroAverage"), c.macroAverage());
        scores(node.putObject("weightedAverage"), c.weightedAverage());
        ArrayNode confusion = node.putArray("confusionMatrix");
        for (long[] row : c.confusionMatrix()) {
            ArrayNode values = confusion.addArray();
            for (long count : row) {
                values.add(count);
            }
        }
    }

    private static void scores(ObjectNode node, ClassificationReport.Scores scores) {
        node.put("label", scores.label());
        node.put("precision", scores.precision());
        node.put("recall", scores.recall());
        node.put("f1", scores.f1());
        node.put("support", scores.support());
    }
}
