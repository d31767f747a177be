package dev.descent.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.Result;
import dev.descent.TraceStep;
import dev.descent.io.Printable;
import dev.descent.loop.Minimizer;
import dev.descent.rangetest.LearningRateRegimes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * What {@code plot} prints about its runs: the lesson of the step size (each regime's rate and what
 * its run did) as text or JSON, and the runs of paths and panels as JSON, so a program can check the
 * picture's claims.
 */
final class LessonReport {
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private LessonReport() {}

    /**
     * One line per regime found and one per regime missing, under a line naming the optimizer, the
     * start and the panels' budget (the lesson's, within the loop's own {@code maxIterations}).
     */
    static String text(double[] start, String settings, LearningRateRegimes lesson, long maxIterations) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "the learning rates of %s from %s, searched from %s to %s; every panel runs at most %d steps:%n",
                settings, Printable.point(start), LearningRateRegimes.compact(LearningRateRegimes.LOWEST_RATE),
                LearningRateRegimes.compact(LearningRateRegimes.HIGHEST_RATE), Math.min(lesson.budget(), maxIterations)));
        for (LearningRateRegimes.Panel panel : lesson.panels()) {
            text.append(String.format(Locale.ROOT, "  %-10s lr = %-10s %s%n", panel.regime().words(),
                    LearningRateRegimes.compact(panel.rate()), panel.story()));
        }
        for (String absent : lesson.absent()) {
            text.append("  ").append(absent).append(System.lineSeparator());
        }
        return text.toString();
    }

    /**
     * The lesson as one JSON object: the function, start, optimizer settings, budget and lowest value
     * found, each panel (regime, the spec that runs it again, rate, iterations, final value, stop
     * reason, outcome and story) and each missing regime's reason.
     */
    static String json(Problem problem, double[] start, String settings, LearningRateRegimes lesson,
                       DoubleFunction<Minimizer> loop, long maxIterations, Path output) {
        ObjectNode root = JSON.createObjectNode();
        root.put("function", problem.description());
        numbers(root.putArray("start"), start);
        root.put("optimizer", settings);
        root.put("lowestRate", LearningRateRegimes.LOWEST_RATE);
        root.put("highestRate", LearningRateRegimes.HIGHEST_RATE);
        root.put("budget", Math.min(lesson.budget(), maxIterations));
        root.put("lowestF", lesson.lowestValue());
        ArrayNode panels = root.putArray("panels");
        for (LearningRateRegimes.Panel panel : lesson.panels()) {
            ObjectNode entry = panels.addObject();
            entry.put("regime", panel.regime().words());
            run(entry, new Run(loop.apply(panel.rate()).optimizer(), start, panel.run()));
            entry.put("outcome", panel.outcome().name().toLowerCase(Locale.ROOT));
            entry.put("story", panel.story());
        }
        ArrayNode absent = root.putArray("absent");
        lesson.absent().forEach(absent::add);
        root.put("output", output.toString());
        return root.toString();
    }

    /** The runs of paths or panels as one JSON object. */
    static String json(List<Run> runs, Path output) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode entries = root.putArray("runs");
        for (Run run : runs) {
            run(entries.addObject(), run);
        }
        root.put("output", output.toString());
        return root.toString();
    }

    /** A run's spec, rate, start, iterations, final value and point, best value and stop reason. */
    private static void run(ObjectNode entry, Run run) {
        Result result = run.result();
        List<TraceStep> trace = result.trace();
        entry.put("optimizer", run.name());
        entry.put("lr", run.optimizer().learningRate());
        numbers(entry.putArray("start"), run.start());
        entry.put("iterations", result.iterations());
        entry.put("f", trace.isEmpty() ? result.value() : trace.get(trace.size() - 1).value());
        numbers(entry.putArray("x"), trace.isEmpty() ? result.point() : trace.get(trace.size() - 1).point());
        entry.put("bestF", result.value());
        entry.put("stop", result.stopReason().name());
    }

    private static void numbers(ArrayNode array, double[] values) {
        for (double value : values) {
            array.add(value);
        }
    }
}
