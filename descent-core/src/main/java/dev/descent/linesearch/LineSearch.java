package dev.descent.linesearch;

import dev.descent.Objective;

/**
 * A search along a descent direction {@code d} from {@code x} for a step {@code t > 0} that
 * decreases {@code phi(t) = f(x + t d)} enough. Implementations: {@link ArmijoBacktracking} and
 * {@link StrongWolfe}. A search that finds no acceptable step throws
 * {@link dev.descent.linesearch.LineSearchFailedException}.
 */
public interface LineSearch {

    /**
     * Searches along {@code direction}.
     *
     * @param objective the function
     * @param x the current point; not modified
     * @param value {@code f(x)}
     * @param gradient the gradient at {@code x}; not modified
     * @param direction a descent direction, {@code gradient . direction < 0}; not modified
     * @param initialStep the first trial step, &gt; 0
     * @param trialPoint receives {@code x + t d} for the accepted {@code t}; modified
     * @param trialGradient receives the gradient at the accepted point; modified
     * @return the accepted step, its value and the evaluations spent
     * @throws dev.descent.linesearch.LineSearchFailedException when no acceptable step is found
     */
    Step search(Objective objective, double[] x, double value, double[] gradient, double[] direction,
                double initialStep, double[] trialPoint, double[] trialGradient);

    /** A short name: {@code "armijo"} or {@code "strong-wolfe"}. */
    String name();

    /**
     * An accepted step.
     *
     * @param length the step {@code t}
     * @param value {@code f(x + t d)}
     * @param evaluations value-and-gradient evaluations spent
     */
    record Step(double length, double value, int evaluations) {}
}
