package dev.descent.cli;

import dev.descent.check.GradientCheck;
import dev.descent.check.GradientChecker;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent check-grad}: the gradient (autodiff or analytic) against central finite differences. */
@Command(name = "check-grad", mixinStandardHelpOptions = true,
        description = {"Compare the gradient with central finite differences at a point, per variable.",
                "Exit codes: 0 agrees to the tolerance; 1 does not; 2 bad usage or input."})
final class CheckGradCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--at", paramLabel = "a,b,...", required = true, description = "The point.")
    String at;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-6",
            description = "Largest relative error accepted (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() {
        Problem problem = problemOptions.problem();
        double[] point = ProblemOptions.numbers("--at", at, problem.dimension());
        GradientCheck check = GradientChecker.check(problem.objective(), point);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "gradient of %s at %s%n", problem.description(), ProblemOptions.format(point));
        out.printf(Locale.ROOT, "%-10s %24s %24s %12s %12s%n", "variable", "gradient", "finite difference", "abs error",
                "rel error");
        for (int i = 0; i < point.length; i++) {
            out.printf(Locale.ROOT, "%-10s %24.16e %24.16e %12.3e %12.3e%s%n", problem.variables().get(i),
                    check.analytic()[i], check.numeric()[i], check.absoluteError()[i], check.relativeError()[i],
                    i == check.worstCoordinate() ? "  <- worst" : "");
        }
        boolean passes = check.passes(tolerance);
        out.printf(Locale.ROOT, "%s: largest relative error %.3e (tolerance %.1e)%n", passes ? "OK" : "MISMATCH",
                check.maxRelativeError(), tolerance);
        out.flush();
        return passes ? 0 : 1;
    }
}
