package dev.descent.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks back to back in one session and prints each figure as the median of the
 * measured iterations, with min and max, and W5 as a multiple of its memory floor (bytes moved per
 * step over the read bandwidth measured in the same run).
 *
 * <pre>java -cp descent-bench/target/benchmarks.jar dev.descent.bench.Report [W5] [W6]</pre>
 */
public final class Report {
    private Report() {}

    /** Median, min and max of per-iteration scores in ms. */
    record Figure(String name, double median, double min, double max) {
        String row() {
            return String.format(Locale.ROOT, "%-50s %10.3f %10.3f %10.3f", name, median, min, max);
        }
    }

    public static void main(String[] args) throws RunnerException {
        List<String> workloads = args.length == 0 ? List.of("W5", "W6") : List.of(args);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-50s %10s %10s %10s", "benchmark (one thread; Adam, AdamW: both)", "median ms", "min",
                "max"));
        if (workloads.contains("W5")) {
            List<Figure> memory = run(MemoryBandwidthBenchmark.class.getSimpleName());
            Figure read = memory.stream().filter(f -> f.name().endsWith(".read")).findFirst().orElseThrow();
            Figure streams = memory.stream().filter(f -> f.name().endsWith(".readStreams")).findFirst().orElseThrow();
            Figure triad = memory.stream().filter(f -> f.name().endsWith(".triad")).findFirst().orElseThrow();
            // the floor is the faster read: eight streams where the Vector API runs
            double bytesPerMs = MemoryBandwidthBenchmark.readBytes() / Math.min(read.median(), streams.median());
            lines.add(read.row());
            lines.add(streams.row());
            lines.add(triad.row());
            lines.add(String.format(Locale.ROOT, "read bandwidth %.1f GB/s (one stream %.1f), triad %.1f GB/s (medians)",
                    bytesPerMs / 1e6, MemoryBandwidthBenchmark.readBytes() / read.median() / 1e6,
                    MemoryBandwidthBenchmark.triadBytes() / triad.median() / 1e6));
            for (Figure step : run(OptimizerStepBenchmark.class.getSimpleName())) {
                String optimizer = step.name().substring(step.name().indexOf('=') + 1);
                double floor = OptimizerStepBenchmark.bytes(optimizer) / bytesPerMs;
                lines.add(step.row() + String.format(Locale.ROOT, "   floor %.2f ms, %.2fx the floor", floor,
                        step.median() / floor));
            }
        }
        if (workloads.contains("W6")) {
            List<Figure> autodiff = run(AutodiffBenchmark.class.getSimpleName());
            Figure value = autodiff.stream().filter(f -> f.name().endsWith(".value")).findFirst().orElseThrow();
            Figure both = autodiff.stream().filter(f -> f.name().endsWith("valueAndGradient")).findFirst().orElseThrow();
            lines.add(value.row());
            lines.add(both.row());
            lines.add(String.format(Locale.ROOT, "W6 ratio (value+gradient)/value: %.2f", both.median() / value.median()));
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    static List<Figure> run(String benchmark) throws RunnerException {
        Options options = new OptionsBuilder().include(benchmark).build();
        Collection<RunResult> results = new Runner(options).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult run : results) {
            for (BenchmarkResult result : run.getBenchmarkResults()) {
                List<Double> scores = new ArrayList<>();
                for (IterationResult iteration : result.getIterationResults()) {
                    scores.add(iteration.getPrimaryResult().getScore());
                }
                scores.sort(Double::compare);
                double median = scores.size() % 2 == 1 ? scores.get(scores.size() / 2)
                        : (scores.get(scores.size() / 2 - 1) + scores.get(scores.size() / 2)) / 2;
                String name = run.getParams().getBenchmark().replace("dev.descent.bench.", "");
                for (String key : run.getParams().getParamsKeys()) {
                    name += " " + key + "=" + run.getParams().getParam(key);
                }
                figures.add(new Figure(name, median, scores.get(0), scores.get(scores.size() - 1)));
            }
        }
        return figures;
    }
}
