package dev.descent.cli;

import dev.descent.loop.Minimizer;
import dev.descent.Result;
import dev.descent.functions.TestFunction;
import dev.descent.functions.TestFunctions;
import dev.descent.optim.Adam;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Every optimizer on Rosenbrock's valley from the standard start: iterations, evaluations, value, why it stopped. */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "Run every optimizer on the 2-D Rosenbrock function from (-1.2, 1) and compare.")
final class TourCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--max-iter", defaultValue = "20000", description = "Iteration budget per run (default ${DEFAULT-VALUE}).")
    long maxIterations;

    @Option(names = "--tol-grad", defaultValue = "1e-6", description = "Gradient-norm tolerance (default ${DEFAULT-VALUE}).")
    double gradientTolerance;

    @Override
    public Integer call() {
        if (maxIterations < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-iter must be at least 1: " + maxIterations);
        }
        TestFunction rosenbrock = TestFunctions.byName("rosenbrock", 2);
        double[] start = rosenbrock.standardStart();
        List<Optimizer> optimizers = List.of(
                GradientDescent.armijo(1.0),
                new Sgd(1e-3).withMomentum(0.9),
                new Sgd(1e-3).withMomentum(0.9).withNesterov(true),
                new RmsProp(1e-3),
                new Adam(2e-2),
                new AdaGrad(0.5),
                Lbfgs.defaults());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Rosenbrock f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from %s; minimum 0 at (1, 1)%n%n",
                Arrays.toString(start));
        out.printf("%-22s %10s %10s %12s %14s  %s%n", "optimizer", "iterations", "evals", "f", "|x - x*|", "stop");
        for (Optimizer optimizer : optimizers) {
            Result result = Minimizer.using(optimizer)
                    .stoppingWhen(StoppingRules.gradientNorm(gradientTolerance).or(StoppingRules.maxIterations(maxIterations)))
                    .minimize(rosenbrock, start);
            double[] x = result.point();
            out.printf("%-22s %10d %10d %12.3e %14.3e  %s%n", optimizer.describe(), result.iterations(),
                    result.valueEvaluations(), result.value(), Math.hypot(x[0] - 1, x[1] - 1), result.stopReason());
        }
        out.flush();
        return 0;
    }
}
