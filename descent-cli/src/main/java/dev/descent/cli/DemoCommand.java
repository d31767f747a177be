package dev.descent.cli;

import dev.descent.loop.Minimizer;
import dev.descent.functions.TestFunctions;
import dev.descent.io.AtomicFile;
import dev.descent.multistart.MultiStart;
import dev.descent.optim.Adam;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.plot.ContourPlot;
import dev.descent.plot.LossCurves;
import dev.descent.plot.Pictures;
import dev.descent.plot.Range;
import dev.descent.rangetest.LearningRateRegimes;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code descent demo}: the lesson in pictures. Learning rates too small, too large and good on a
 * quadratic bowl and on Rosenbrock; local versus global minima on the six-hump camel, and several
 * global minima on Himmelblau's function; an optimizer race on Rosenbrock with its loss curves, one
 * colour per optimizer in both; and an index.html that explains each picture.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Draw the lesson: learning rates, local versus global minima, an optimizer race; writes index.html.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "descent-demo", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Seed of the random starts (default ${DEFAULT-VALUE}).")
    long seed;

    /** One picture of the demo with what it teaches. */
    record Section(String file, String title, String text) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        List<Section> sections = new ArrayList<>();
        List<String> table = new ArrayList<>();

        StoppingRule stop = StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(5000));
        Problem bowl = problem("quadratic", "f(x, y) = 0.5 (x^2 + 10 y^2)");
        LearningRateRegimes bowlRates = rates(bowl, table, "quadratic", stop, "lr-quadratic.png");
        sections.add(new Section("lr-quadratic.png", "Step size on a quadratic bowl",
                "The same gradient descent from the same start at three learning rates, found by running it at rates "
                        + "from 1e-7 to 1e3. The curvature along y is 10, so any rate above 2/10 = 0.2 makes every "
                        + "step overshoot further than the last: " + stories(bowlRates)));

        Problem rosenbrock = problem("rosenbrock", null);
        LearningRateRegimes rosenbrockRates = rates(rosenbrock, table, "rosenbrock", StoppingRules.tolerances()
                .or(StoppingRules.maxIterations(20_000)), "lr-rosenbrock.png");
        sections.add(new Section("lr-rosenbrock.png", "Step size on Rosenbrock's valley",
                "A curved, narrow valley: the walls are steep (large curvature) while the floor is almost flat. A "
                        + "rate small enough for the walls is tiny for the floor, so even the best one takes thousands "
                        + "of steps along it, which is why momentum and L-BFGS exist; a little more and the steps "
                        + "zig-zag between the walls without settling: " + stories(rosenbrockRates)));

        StoppingRule descent = StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(5000));
        Problem camel = problem("six-hump-camel", null);
        MultiStart.Outcome valleys = Pictures.localVersusGlobal(camel.landscape(), Minimizer.using(GradientDescent.fixed(0.01))
                .stoppingWhen(descent), new Range(-2.0, 2.0, -1.1, 1.1), 40, seed, out.resolve("minima.png"), 900, 700);
        long global = 0;
        long found = 0;
        int locals = 0;
        double best = valleys.best().value();
        for (MultiStart.LocalMinimum minimum : valleys.minima()) {
            found += minimum.hits();
            if (valleys.isGlobal(minimum)) {
                global += minimum.hits();
            } else {
                locals++;
            }
            table.add(String.format(Locale.ROOT, "six-hump-camel  gd lr=0.01 -> (%.5f, %.5f) f = %.6g %s from %d starts",
                    minimum.point()[0], minimum.point()[1], minimum.value(), valleys.isGlobal(minimum) ? "global"
                            : "local", minimum.hits()));
        }
        sections.add(new Section("minima.png", "Where you start decides where you end", String.format(Locale.ROOT,
                "Gradient descent from %d random starts (seed %d) on the six-hump camel function. Each path is "
                        + "coloured by the minimum it reached, and each minimum is labelled by its value: %d distinct "
                        + "minima, %d of them local (higher than the lowest). Gradient descent finds the minimum "
                        + "downhill from where it starts: only %d of the %d converged starts lie in the basins of the "
                        + "two global minima (f = %.4f); the others end in a local valley and stay there.",
                valleys.runs().size(), seed, valleys.minima().size(), locals, global, found, best)));

        Problem himmelblau = problem("himmelblau", null);
        Range box = new Range(himmelblau.box()[0], himmelblau.box()[1], himmelblau.box()[2], himmelblau.box()[3]);
        MultiStart.Outcome outcome = Pictures.localVersusGlobal(himmelblau.landscape(), Minimizer.using(GradientDescent.fixed(0.01))
                .stoppingWhen(descent), box, 24, seed, out.resolve("minima-himmelblau.png"), 900, 860);
        sections.add(new Section("minima-himmelblau.png", "Several global minima", String.format(Locale.ROOT,
                "Himmelblau's function from %d random starts (seed %d): %d distinct minima, all with the value 0, "
                        + "so every start finds a global minimum, but which one depends on the start.",
                outcome.runs().size(), seed, outcome.minima().size())));
        for (MultiStart.LocalMinimum minimum : outcome.minima()) {
            table.add(String.format(Locale.ROOT, "himmelblau  gd lr=0.01 -> (%.5f, %.5f) f = %.3g from %d starts",
                    minimum.point()[0], minimum.point()[1], minimum.value(), minimum.hits()));
        }

        List<Run> race = race(rosenbrock);
        ContourPlot plot = Pictures.base(rosenbrock.landscape(), new Range(-2, 2, -1, 3), null).title("The optimizer race on Rosenbrock from (-1.2, 1)");
        List<LossCurves.Series> series = new ArrayList<>();
        for (Run run : race) {
            plot = plot.path(run.trajectory());
            series.add(run.series());
            table.add("rosenbrock  " + run.row());
        }
        plot.write(out.resolve("race.png"), 900, 900);
        new LossCurves(series, "The race: value and gradient norm per iteration").write(out.resolve("race-loss.png"), 1100, 560);
        sections.add(new Section("race.png", "Six optimizers, one valley", "Gradient descent with a line search, "
                + "momentum, Nesterov momentum, RMSprop, Adam and L-BFGS from the same start. Momentum carries speed "
                + "along the valley floor; the adaptive methods rescale each coordinate; L-BFGS builds a model of the "
                + "curvature and needs a few dozen steps where plain gradient descent needs thousands."));
        sections.add(new Section("race-loss.png", "How fast each one converges", "The same runs as loss curves. "
                + "Both axes are logarithmic because the runs differ a thousandfold in length. L-BFGS drops almost "
                + "vertically after a few dozen steps (superlinear convergence); momentum, Nesterov and Adam fall "
                + "steadily once they reach the valley floor; plain gradient descent takes thousands of steps; "
                + "RMSprop with a constant learning rate stalls at a small, noisy plateau instead of converging."));

        writeIndex(sections);
        console.printf("wrote %s (open %s)%n", out.toAbsolutePath(), out.resolve("index.html").toAbsolutePath());
        console.println();
        for (String row : table) {
            console.println(row);
        }
        console.flush();
        return 0;
    }

    private static Problem problem(String name, String description) {
        var function = TestFunctions.byName(name, 2);
        double[] lower = function.lowerBounds();
        double[] upper = function.upperBounds();
        return new Problem(description != null ? description : function.name(), function, List.of("x", "y"),
                function.standardStart(), function.globalMinima(),
                new double[] {lower[0], upper[0], lower[1], upper[1]});
    }

    private LearningRateRegimes rates(Problem problem, List<String> table, String name, StoppingRule stop, String file)
            throws IOException {
        java.util.function.DoubleFunction<Minimizer> loop = rate -> Minimizer.using(GradientDescent.fixed(rate)).stoppingWhen(stop);
        LearningRateRegimes lesson = LearningRateRegimes.search(problem.objective(), problem.standardStart(), loop);
        Pictures.learningRateLesson(problem.landscape(), problem.standardStart(), lesson, null,
                problem.description() + ": gd, learning rate too small, too large and good", out.resolve(file), 1500, 620);
        table.add(name + "  " + Run.header());
        for (LearningRateRegimes.Panel panel : lesson.panels()) {
            table.add(name + "  " + new Run(loop.apply(panel.rate()).optimizer(), problem.standardStart(), panel.run()).row());
        }
        return lesson;
    }

    /** "too small (0.00178) f = 2.15 after 93 steps, still descending; too large (0.316) diverged at step 6; ..." */
    private static String stories(LearningRateRegimes lesson) {
        List<String> parts = new ArrayList<>();
        for (LearningRateRegimes.Panel panel : lesson.panels()) {
            parts.add(panel.regime().words() + " (" + LearningRateRegimes.compact(panel.rate()) + ") " + panel.story());
        }
        parts.addAll(lesson.absent());
        return String.join("; ", parts) + ".";
    }

    private static List<Run> race(Problem rosenbrock) {
        StoppingRule stop = StoppingRules.gradientNorm(1e-6).or(StoppingRules.maxIterations(20_000));
        List<Optimizer> optimizers = List.of(
                GradientDescent.armijo(1.0),
                new Sgd(1e-3).withMomentum(0.9),
                new Sgd(1e-3).withMomentum(0.9).withNesterov(true),
                new RmsProp(1e-3),
                new Adam(2e-2),
                Lbfgs.defaults());
        List<Run> runs = new ArrayList<>();
        for (Optimizer optimizer : optimizers) {
            runs.add(Run.of(Minimizer.using(optimizer).stoppingWhen(stop), rosenbrock, rosenbrock.standardStart()));
        }
        return runs;
    }

    private void writeIndex(List<Section> sections) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>descent demo</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("img{max-width:100%;border:1px solid #ddd}h2{margin-top:2em}</style></head><body>\n")
                .append("<h1>Gradient descent, seen</h1>\n")
                .append("<p>Made by <code>descent demo</code>. Every picture is a real run: the dots are the steps.</p>\n");
        for (Section section : sections) {
            html.append("<h2>").append(escape(section.title())).append("</h2>\n<p>").append(escape(section.text()))
                    .append("</p>\n<img src=\"").append(section.file()).append("\" alt=\"").append(escape(section.title()))
                    .append("\">\n");
        }
        html.append("</body></html>\n");
        AtomicFile.write(out.resolve("index.html"), stream -> stream.write(html.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
