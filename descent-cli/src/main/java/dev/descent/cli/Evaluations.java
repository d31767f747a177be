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

    /**
     * One row per evaluation: loss, RMSE, MAE and R^2; or loss, accuracy beside the baseline (the
     * training majority's accuracy), balanced accuracy and log-loss, and for two classes ROC AUC and
     * average precision.
     */
    static void table(PrintWriter out, List<Evaluation> evaluations) {
        Evaluation first = evaluations.get(0);
        if (first.isRegression()) {
            out.printf(Locale.ROOT, "%-12s %8s %12s %12s %12s %12s%n", "", "rows", "loss", "rmse", "mae", "r2");
            for (Evaluation e : evaluations) {
                RegressionReport r = e.regression();
                out.printf(Locale.ROOT, "%-12s %8d %12.6g %12.6g %12.6g %12.6g%n", e.name(), e.rows(), e.loss(), r.rmse(),
                        r.mae(), r.r2());
            }
            return;
        }
        boolean binary = first.classification().classCount() == 2;
        out.printf(Locale.ROOT, "%-12s %8s %12s %12s %12s %12s %12s" + (binary ? " %12s %12s" : "") + "%n", "", "rows",
                "loss", "accuracy", "baseline", "balanced", "log-loss", "roc-auc", "avg-prec");
        for (Evaluation e : evaluations) {
            ClassificationReport c = e.classification();
            out.printf(Locale.ROOT, "%-12s %8d %12.6g %12.6g %12s %12.6g %12s", e.name(), e.rows(), e.loss(), c.accuracy(),
                    number(e.baselineAccuracy()), c.balancedAccuracy(), number(e.logLoss()));
            if (binary) {
                out.printf(Locale.ROOT, " %12s %12s", e.ranking() == null ? "-" : number(e.ranking().rocAuc()),
                        e.ranking() == null ? "-" : number(e.ranking().averagePrecision()));
            }
            out.println();
        }
        if (!Double.isNaN(first.threshold())) {
            out.printf(Locale.ROOT, "class '%s' predicted where its probability is at least %s%n",
                    c1(first), number(first.threshold()));
        }
    }

    private static String c1(Evaluation e) {
        return e.classification().classNames().get(1);
    }

    /** A figure, or "-" where it is not known. */
    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.6g", value);
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
        put(node, "baselineAccuracy", evaluation.baselineAccuracy());
        node.put("balancedAccuracy", c.balancedAccuracy());
        put(node, "logLoss", evaluation.logLoss());
        if (evaluation.ranking() != null) {
            put(node, "rocAuc", evaluation.ranking().rocAuc());
            node.put("averagePrecision", evaluation.ranking().averagePrecision());
        }
        if (c.classCount() == 2) {
            put(node, "threshold", evaluation.threshold());
        }
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

    /** A figure, or null where it is not known (NaN). */
    private static void put(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
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
