package dev.descent.cli;

import dev.descent.Check;
import dev.descent.stop.StoppingRule;
import dev.descent.stop.StoppingRules;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Stopping flags. The defaults are SciPy's L-BFGS-B tolerances: the largest gradient component
 * at most 1e-5, the relative value change at most 2.2e-9, at most 15,000 iterations. A tolerance of
 * 0 turns that test off, so {@code --tol-grad 0 --tol-f 0 --tol-x 0 --max-iter N} runs exactly N
 * updates.
 */
final class StopOptions {

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "15000", description = "Iteration budget (default ${DEFAULT-VALUE}).")
    long maxIterations;

    @Option(names = "--max-evals", paramLabel = "N", description = "Evaluation budget (default none).")
    Long maxEvaluations;

    @Option(names = "--time-limit", paramLabel = "S", description = "Wall-clock budget in seconds (default none).")
    Double timeLimit;

    @Option(names = "--tol-grad", paramLabel = "G", defaultValue = "" + StoppingRules.GRADIENT_TOLERANCE,
            description = "Stop when the largest absolute gradient component is at most G; 0 turns it off (default ${DEFAULT-VALUE}).")
    double gradientTolerance;

    @Option(names = "--tol-f", paramLabel = "F", defaultValue = "" + StoppingRules.VALUE_TOLERANCE,
            description = "Stop when |delta f| <= F * max(1, |f|); 0 turns it off (default ${DEFAULT-VALUE}).")
    double valueTolerance;

    @Option(names = "--tol-x", paramLabel = "X", defaultValue = "0",
            description = "Stop when ||delta x|| <= X * max(1, ||x||); 0 turns it off (default ${DEFAULT-VALUE}).")
    double stepTolerance;

    StoppingRule rule() {
        try {
            Check.atLeast("--max-iter", maxIterations, 0);
            Check.nonNegative("--tol-grad", gradientTolerance);
            Check.nonNegative("--tol-f", valueTolerance);
            Check.nonNegative("--tol-x", stepTolerance);
            if (maxEvaluations != null) {
                Check.atLeast("--max-evals", maxEvaluations, 1);
            }
            if (timeLimit != null) {
                Check.positive("--time-limit", timeLimit);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        StoppingRule rule = StoppingRules.maxIterations(maxIterations);
        if (gradientTolerance > 0) {
            rule = StoppingRules.gradientMaxNorm(gradientTolerance).or(rule);
        }
        if (valueTolerance > 0) {
            rule = rule.or(StoppingRules.valueChange(valueTolerance));
        }
        if (stepTolerance > 0) {
            rule = rule.or(StoppingRules.stepSize(stepTolerance));
        }
        if (maxEvaluations != null) {
            rule = rule.or(StoppingRules.maxEvaluations(maxEvaluations));
        }
        if (timeLimit != null) {
            rule = rule.or(StoppingRules.timeLimit(Duration.ofNanos((long) (timeLimit * 1e9))));
        }
        return rule;
    }

    /**
     * The largest absolute gradient component above which a run stopped by {@code --tol-f} is
     * reported as stopped with a large gradient: 1000 times {@code --tol-grad}, or, with the
     * gradient test off, {@code sqrt(--tol-f)}, the gradient at which a quadratic of unit curvature
     * still changes its value by {@code --tol-f} per step.
     */
    double largeGradient() {
        return gradientTolerance > 0 ? 1e3 * gradientTolerance : Math.sqrt(valueTolerance);
    }
}
