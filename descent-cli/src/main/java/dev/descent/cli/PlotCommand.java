package dev.descent.cli;

import dev.descent.Result;
import dev.descent.loop.Minimizer;
import dev.descent.io.Printable;
import dev.descent.multistart.MultiStart;
import dev.descent.optim.Optimizer;
import dev.descent.plot.ContourPlot;
import dev.descent.plot.LossCurves;
import dev.descent.plot.Pictures;
import dev.descent.plot.Range;
import dev.descent.rangetest.LearningRateRegimes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent plot}: contour plots with paths, learning-rate panels, local-versus-global minima,
 * or loss curves from trace files.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw the descent on a function of two variables, or loss curves from --trace files.",
                "Several --lr values give one panel each (--compare-lr picks too small, too large and good), several "
                        + "--optimizer or --start values give one path each, and --starts K draws K seeded starts "
                        + "coloured by the minimum each reached."})
final class PlotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--trace", paramLabel = "FILE.csv",
            description = "A trace written by minimize --trace: draws loss curves; repeat for several runs.")
    List<Path> traces;

    @Option(names = "--range", paramLabel = "xmin:xmax,ymin:ymax", description = "The region shown (default: around the paths and minima).")
    String range;

    @Option(names = "--start", paramLabel = "a,b", description = "A start; repeat for several paths (default: the standard start, or 0,0).")
    List<String> starts;

    @Option(names = "--compare-lr", description = "Panels for a too small, a too large and a good learning rate of the "
            + "optimizer drawn, found by running it at rates from 1e-7 to 1e3.")
    boolean compareRates;

    @Option(names = "--starts", paramLabel = "K", description = "K seeded random starts in the box, each path coloured by its minimum.")
    Integer randomStarts;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of --starts (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OptimizerOptions optimizerOptions;

    @Mixin
    LoopOptions loopOptions;

    @Mixin
    StopOptions stopOptions;

    @Mixin
    BoundsOptions boundsOptions;

    /** The variables of the problem drawn, for --bounds. */
    private List<String> variables = List.of("x", "y");

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "FILE.png or FILE.svg.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json: the runs drawn (each panel of --compare-lr with its regime) (default ${DEFAULT-VALUE}).")
    String format;

    /** True for --format json. */
    private boolean json;

    @Option(names = "--width", paramLabel = "W", description = "Width in pixels (default 900, panels 1500, loss curves 1100).")
    Integer width;

    @Option(names = "--height", paramLabel = "H", description = "Height in pixels (default 780, panels 620, --starts 820, loss curves 520).")
    Integer height;

    @Override
    public Integer call() throws IOException {
        try {
            dev.descent.plot.Figure.Format.of(output);
        } catch (IllegalArgumentException e) {
            throw new UsageError("-o: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageError("--format must be text or json: " + format);
        }
        json = format.equals("json");
        if (json && (traces != null || randomStarts != null)) {
            throw new UsageError("--format json prints the runs of paths and learning-rate panels; --trace and --starts "
                    + "print text only");
        }
        if (traces != null) {
            if (problemOptions.given()) {
                throw new UsageError("--trace draws loss curves from files; it does not combine with --expr or --function");
            }
            lossCurves(out);
            return 0;
        }
        Problem problem = problemOptions.problem();
        if (problem.dimension() != 2) {
            throw new UsageError("plot draws functions of two variables; " + problem.description() + " has "
                    + problem.dimension());
        }
        variables = problem.variables();
        Range shown = parseRange();
        if (randomStarts != null) {
            return localVersusGlobal(problem, shown, out);
        }
        List<double[]> startPoints = startPoints(problem, shown);
        List<Double> rates = optimizerOptions.learningRates;
        if (compareRates || (rates != null && rates.size() > 1)) {
            if (optimizerOptions.kinds != null && optimizerOptions.kinds.size() > 1) {
                throw new UsageError("several --lr values give one panel each for one optimizer; several --optimizer "
                        + "values give one path each: choose one of the two");
            }
            return compareRates(problem, startPoints.get(0), shown, out);
        }
        List<Run> runs = new ArrayList<>();
        for (OptimizerOptions.Kind kind : optimizerOptions.allKinds()) {
            Minimizer minimizer = minimizer(optimizerOptions.optimizer(kind, optimizerOptions.learningRate(), spec));
            for (double[] start : startPoints) {
                runs.add(Run.of(minimizer, problem, start));
            }
        }
        Range range = shown != null ? shown : Pictures.rangeAround(problem.landscape(),
                runs.stream().map(Run::start).toList(), runs.stream().map(Run::result).toList());
        ContourPlot plot = Pictures.base(problem.landscape(), range, runs.get(0).bounds()).title(problem.description());
        for (Run run : runs) {
            plot = plot.path(run.trajectory());
        }
        plot.write(output, size(width, 900), size(height, 780));
        report(out, problem, runs);
        return 0;
    }

    private int compareRates(Problem problem, double[] start, Range shown, PrintWriter out) throws IOException {
        OptimizerOptions.Kind kind = optimizerOptions.kinds == null ? OptimizerOptions.Kind.gd : optimizerOptions.kind();
        if (kind.spec().has("lr")) {
            throw new UsageError("learning-rate panels choose the rates (--compare-lr, or several --lr values): drop lr= "
                    + "from --optimizer " + kind);
        }
        DoubleFunction<Minimizer> loop = rate -> minimizer(optimizerOptions.optimizer(kind, rate, spec));
        List<Double> rates = optimizerOptions.learningRates;
        if (compareRates && rates != null && !rates.isEmpty()) {
            throw new UsageError("--compare-lr searches the rates itself: drop --lr, or give several --lr values instead");
        }
        if (!compareRates) {
            double[] values = rates.stream().mapToDouble(Double::doubleValue).toArray();
            if (loop.apply(values[0]).optimizer().searchesLine()) {
                throw new UsageError("learning-rate panels need a rule with a fixed rate; " + kind
                        + " chooses its own step by a line search");
            }
            List<Result> results = Pictures.learningRateComparison(problem.landscape(), start, values, loop, shown,
                    problem.description() + ": " + kind + " with " + values.length + " learning rates", output,
                    size(width, 1500), size(height, 620));
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                runs.add(new Run(loop.apply(values[i]).optimizer(), start, results.get(i)));
            }
            report(out, problem, runs);
            return 0;
        }
        LearningRateRegimes lesson;
        try {
            lesson = LearningRateRegimes.search(problem.objective(), start, loop);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--compare-lr: " + e.getMessage());
        }
        String settings = Run.withoutRate(loop.apply(1).optimizer());
        Pictures.learningRateLesson(problem.landscape(), start, lesson, shown, problem.description() + ": " + settings
                + ", learning rate too small, too large and good", output, size(width, 1500), size(height, 620));
        if (json) {
            out.println(LessonReport.json(problem, start, settings, lesson, loop, stopOptions.maxIterations, output));
        } else {
            out.printf("wrote %s%n", output);
            movedStart(out, problem, start);
            out.print(LessonReport.text(start, settings, lesson, stopOptions.maxIterations));
        }
        out.flush();
        return 0;
    }

    private int localVersusGlobal(Problem problem, Range shown, PrintWriter out) throws IOException {
        if (randomStarts < 1 || randomStarts > 10_000) {
            throw new UsageError("--starts must be in [1, 10000]: " + randomStarts);
        }
        Range box = shown;
        if (box == null) {
            if (problem.box() == null) {
                throw new UsageError("--starts needs --range for an expression (the box the starts are drawn from)");
            }
            box = new Range(problem.box()[0], problem.box()[1], problem.box()[2], problem.box()[3]);
        }
        Minimizer minimizer = minimizer(optimizerOptions.optimizer(spec));
        MultiStart.Outcome outcome = Pictures.localVersusGlobal(problem.landscape(), minimizer, box, randomStarts, seed,
                output, size(width, 900), size(height, 820));
        out.printf("wrote %s%n%d starts reached %d distinct minima:%n", output, randomStarts, outcome.minima().size());
        for (MultiStart.LocalMinimum minimum : outcome.minima()) {
            out.printf(java.util.Locale.ROOT, "  %s (%.6g, %.6g)  f = %.10g  from %d starts%n",
                    outcome.isGlobal(minimum) ? "global" : "local ", minimum.point()[0], minimum.point()[1],
                    minimum.value(), minimum.hits());
        }
        if (outcome.unconvergedRuns() > 0) {
            out.printf("  %d starts did not converge%n", outcome.unconvergedRuns());
        }
        out.flush();
        return 0;
    }

    private Minimizer minimizer(Optimizer optimizer) {
        return boundsOptions.apply(loopOptions.minimizer(optimizer, stopOptions.rule()), variables);
    }

    private List<double[]> startPoints(Problem problem, Range shown) {
        List<double[]> points = new ArrayList<>();
        if (starts == null) {
            points.add(awayFromStationary(problem, shown));
        } else {
            for (String start : starts) {
                points.add(ProblemOptions.numbers("--start", start, 2));
            }
        }
        return points;
    }

    /**
     * The standard start, unless it is already a stationary point (the origin of {@code x^2 + y^2}),
     * where every run would stop at once and the picture would teach nothing: then the upper corner
     * of the function's box (or of --range), a tenth of the way in so the start shows, or (2, 1.5)
     * for a formula without either, off both axes so that a coupled quadratic shows its tilt.
     */
    private double[] awayFromStationary(Problem problem, Range shown) {
        double[] start = problem.standardStart();
        double[] gradient = new double[start.length];
        double value = problem.objective().valueAndGradient(start.clone(), gradient);
        if (!Double.isFinite(value) || dev.descent.vector.Vectors.maxAbs(gradient) > stopOptions.gradientTolerance) {
            return start;
        }
        double[] box = shown != null ? new double[] {shown.xMin(), shown.xMax(), shown.yMin(), shown.yMax()} : problem.box();
        return box == null ? new double[] {2, 1.5}
                : new double[] {box[1] - 0.1 * (box[1] - box[0]), box[3] - 0.1 * (box[3] - box[2])};
    }

    private Range parseRange() {
        if (range == null) {
            return null;
        }
        try {
            return Range.parse(range);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--range: " + e.getMessage());
        }
    }

    private void report(PrintWriter out, Problem problem, List<Run> runs) {
        if (json) {
            out.println(LessonReport.json(runs, output));
            out.flush();
            return;
        }
        out.printf("wrote %s%n", output);
        movedStart(out, problem, runs.get(0).start());
        out.println(Run.header());
        for (Run run : runs) {
            out.println(run.row());
        }
        out.flush();
    }

    private void movedStart(PrintWriter out, Problem problem, double[] start) {
        if (starts == null && !java.util.Arrays.equals(start, problem.standardStart())) {
            // the standard start was stationary and the paths moved off it (awayFromStationary)
            out.printf("the standard start %s is already a stationary point of f, where every run stops at once: the "
                    + "paths start at %s instead (give --start to choose)%n", Printable.point(problem.standardStart()),
                    Printable.point(start));
        }
    }

    private static int size(Integer given, int fallback) {
        int value = given == null ? fallback : given;
        if (value < 64 || value > 10_000) {
            throw new UsageError("--width and --height must be in [64, 10000]: " + value);
        }
        return value;
    }

    private void lossCurves(PrintWriter out) throws IOException {
        List<LossCurves.Series> series = new ArrayList<>();
        for (Path trace : traces) {
            series.add(readTrace(trace));
        }
        new LossCurves(series, "loss curves").write(output, size(width, 1100), size(height, 520));
        out.printf("wrote %s%n", output);
        out.flush();
    }

    /** Reads iter, f and grad_norm from a trace CSV; errors name the file, line and column. */
    static LossCurves.Series readTrace(Path trace) throws IOException {
        List<Double> iterations = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> gradients = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader reader = Files.newBufferedReader(trace, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> columns = parser.getHeaderMap();
            for (String required : List.of("iter", "f", "grad_norm")) {
                if (!columns.containsKey(required)) {
                    throw new UsageError(trace + ":1: the trace has no '" + required + "' column (columns: "
                            + String.join(", ", parser.getHeaderNames()) + ")");
                }
            }
            for (CSVRecord record : parser) {
                iterations.add(number(trace, record, columns, "iter"));
                values.add(number(trace, record, columns, "f"));
                gradients.add(number(trace, record, columns, "grad_norm"));
            }
        } catch (NoSuchFileException e) {
            throw new UsageError("--trace: no such file: " + trace);
        } catch (java.io.UncheckedIOException e) {
            throw new UsageError(trace + ": " + e.getCause().getMessage());
        }
        if (iterations.isEmpty()) {
            throw new UsageError(trace + ": the trace has no rows");
        }
        return new LossCurves.Series(trace.getFileName().toString(), unbox(iterations), unbox(values), unbox(gradients));
    }

    private static double number(Path trace, CSVRecord record, Map<String, Integer> columns, String name) {
        int column = columns.get(name);
        if (!record.isConsistent()) {
            throw new UsageError(trace + ":" + (record.getRecordNumber() + 1) + ": the row has " + record.size()
                    + " fields, the header " + columns.size());
        }
        String text = record.get(column);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UsageError(trace + ":" + (record.getRecordNumber() + 1) + ":" + (column + 1) + ": '" + text
                    + "' is not a number");
        }
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
