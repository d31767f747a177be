package dev.descent.rangetest;

import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.TraceStep;
import dev.descent.loop.Minimizer;
import dev.descent.optim.Optimizer;
import dev.descent.stop.StoppingRules;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The lesson of the step size for one optimizer at one start: a learning rate too small, one too
 * large and a good one, each found by running the optimizer, so that the lesson holds for the rule
 * shown and not only for gradient descent.
 *
 * <p>The search ({@link #search}) runs the loop at every rate of a log grid, four to a decade from
 * {@value #LOWEST_RATE} to {@value #HIGHEST_RATE}, each rounded to three significant digits so that a
 * rate printed is the rate run:
 *
 * <pre>
 * good      = the smallest rate that meets the loop's tolerance within 1.25 times the fewest steps
 *             any rate needs, the fewest found on the grid and refined sixteen to a decade between
 *             the best grid rate's neighbours (adaptive rules such as Adam take nearly the same steps
 *             over two or three decades of rates: the gentlest of them is shown, not the wildest);
 *             a run counts as meeting the tolerance when it stops on a tolerance reason with its
 *             gradient norm below max(1e-5, 1e-3 |grad f(start)|), or its value within
 *             1e-3 (f(start) - f_low) of f_low, the lowest value any run reached (a tiny rate stops
 *             at once on the value tolerance, where it began, and that is not convergence)
 * budget B  = max(30, 3 n_good), every panel's iteration budget
 * too large = the smallest grid rate above good whose run of B steps diverges (DIVERGED or
 *             NON_FINITE) or, as rules whose steps are bounded by the rate do (Adam, RMSprop, Lion,
 *             ...), keeps oscillating: it does not meet the tolerance in B steps, its last value is
 *             not its lowest, and over its last half f stays above f_low + 0.01 (f(start) - f_low)
 * too small = the largest grid rate below good whose run of B steps does not meet the tolerance and
 *             is still descending (its last value is its lowest), preferring one still 10% of the
 *             way from the start's value to f_low, so that the crawl shows
 * </pre>
 *
 * <p>Where no rate of the grid fits a regime (Rprop halves its step at every overshoot, so no
 * initial step is too large), the regime is absent, with the reason in {@link #absent()}, rather than
 * shown by a run that does not do what its label says. Optimizers that choose their own step by a
 * line search (L-BFGS, gradient descent with a line search) have no learning rate to teach and are
 * refused. On a quadratic, gradient descent converges for rates below {@code 2 / L} and diverges
 * above, {@code L} the largest curvature (Nocedal &amp; Wright, Numerical Optimization (2006),
 * ch. 3); the search finds that edge by running, and finds the edges of rules without such a
 * formula the same way.
 *
 * @param panels the regimes found, in the order too small, too large, good; each with its run
 * @param absent why each missing regime is missing, one sentence each
 * @param budget {@code B}, every panel's iteration budget
 * @param lowestValue {@code f_low}, the lowest value any run of the search reached
 */
public record LearningRateRegimes(List<Panel> panels, List<String> absent, long budget, double lowestValue) {

    /** The lowest rate of the search's grid. */
    public static final double LOWEST_RATE = 1e-7;
    /** The highest rate of the search's grid. */
    public static final double HIGHEST_RATE = 1e3;
    /** Grid rates per decade. */
    private static final int PER_DECADE = 4;
    /** How many times the fewest steps a rate may take and still count as good. */
    private static final double NEAR_FEWEST = 1.25;
    /** Refined rates per decade around the best grid rate. */
    private static final int REFINED_PER_DECADE = 16;

    /** Copies the lists. */
    public LearningRateRegimes {
        panels = List.copyOf(panels);
        absent = List.copyOf(absent);
    }

    /** A regime of the lesson. */
    public enum Regime {
        /** A rate whose run crawls. */
        TOO_SMALL("too small"),
        /** A rate whose run diverges or keeps oscillating. */
        TOO_LARGE("too large"),
        /** The gentlest rate that meets the tolerance in nearly the fewest steps. */
        GOOD("good");

        private final String words;

        Regime(String words) {
            this.words = words;
        }

        /** The regime in words: too small, too large, good. */
        public String words() {
            return words;
        }
    }

    /** What a run did within its budget. */
    public enum Outcome {
        /** It met the tolerance. */
        CONVERGED,
        /** Its value grew without bound or overflowed. */
        DIVERGED,
        /** It did not meet the tolerance, and its value bounces, staying far above the lowest. */
        OSCILLATES,
        /** It did not meet the tolerance, and its last value is its lowest. */
        DESCENDING,
        /** None of these: it did not meet the tolerance, bounced near the lowest value, or failed otherwise. */
        UNFINISHED
    }

    /**
     * One panel of the lesson.
     *
     * @param regime what the panel shows
     * @param rate the learning rate, three significant digits
     * @param run the run at that rate, with its trace
     * @param outcome what the run did
     * @param story what the run did in words, for a panel's title: "converged in 145 steps",
     *     "diverged at step 27", "oscillates: f stays above 1.2 after 600 steps", "f = 1.40 after 435
     *     steps, still descending"
     */
    public record Panel(Regime regime, double rate, Result run, Outcome outcome, String story) {}

    /**
     * Searches the three regimes of the loop's optimizer from {@code start}.
     *
     * @param loop the loop at a rate: its optimizer, stopping rule (with the tolerance to meet and an
     *     iteration budget for the search) and options
     * @throws IllegalArgumentException when the optimizer chooses its own step by a line search, when
     *     the start is already a stationary point, or when no rate of the grid gives a run that moves
     *     without failing
     */
    public static LearningRateRegimes search(Objective objective, double[] start, DoubleFunction<Minimizer> loop) {
        Optimizer probe = loop.apply(1e-3).optimizer();
        if (probe.searchesLine()) {
            throw new IllegalArgumentException(probe.describe() + " chooses its own step by a line search, so it has no "
                    + "learning rate to be too small or too large; the lesson needs a rule with a fixed rate (gd, sgd, adam, ...)");
        }
        double startValue = objective.value(start.clone());
        if (!Double.isFinite(startValue)) {
            throw new IllegalArgumentException("f is " + startValue + " at the start: no run can descend from there");
        }
        double[] gradient = new double[start.length];
        objective.valueAndGradient(start.clone(), gradient);
        if (dev.descent.vector.Vectors.norm(gradient) <= StoppingRules.GRADIENT_TOLERANCE) {
            throw new IllegalArgumentException("the start is already a stationary point of f (|grad f| = "
                    + dev.descent.vector.Vectors.norm(gradient) + "), where every run stops at once: start elsewhere");
        }
        Search search = new Search(objective, start, loop, startValue);
        return search.run();
    }

    /** The rates of the panels, in their order. */
    public double[] rates() {
        return panels.stream().mapToDouble(Panel::rate).toArray();
    }

    /** The panel of a regime, or null when it is absent. */
    public Panel panel(Regime regime) {
        return panels.stream().filter(p -> p.regime() == regime).findFirst().orElse(null);
    }

    /** Three significant digits without trailing zeros, plain from 0.001 to 99999: 0.002, 0.22, 10, 3.16e-5, 1e-7. */
    public static String compact(double value) {
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
        double magnitude = Math.abs(rounded.doubleValue());
        if (magnitude >= 1e-3 && magnitude < 1e5 || magnitude == 0) {
            return rounded.toPlainString();
        }
        return scientific(rounded);
    }

    /** {@code 3.16e-5}: the mantissa plain, the exponent without a sign for positive powers. */
    private static String scientific(BigDecimal rounded) {
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }

    /** One search: its problem, the lowest value seen and the tolerance runs are judged against. */
    private static final class Search {
        private final Objective objective;
        private final double[] start;
        private final DoubleFunction<Minimizer> loop;
        private final double startValue;
        private final double gradientTolerance;
        private final double startGradientNorm;
        private double lowest;

        Search(Objective objective, double[] start, DoubleFunction<Minimizer> loop, double startValue) {
            this.objective = objective;
            this.start = start.clone();
            this.loop = loop;
            this.startValue = startValue;
            this.lowest = startValue;
            this.gradientTolerance = StoppingRules.GRADIENT_TOLERANCE;
            double[] gradient = new double[start.length];
            objective.valueAndGradient(start.clone(), gradient);
            this.startGradientNorm = dev.descent.vector.Vectors.norm(gradient);
        }

        LearningRateRegimes run() {
            List<Double> grid = grid(LOWEST_RATE, HIGHEST_RATE, PER_DECADE);
            List<Result> firstRuns = new ArrayList<>();
            for (double rate : grid) {
                firstRuns.add(note(loop.apply(rate).minimize(objective, start)));
            }
            int best = fastest(firstRuns);
            double good;
            Result goodRun;
            if (best < 0) {
                best = lowestEnd(firstRuns);
                if (best < 0) {
                    throw new IllegalArgumentException("no learning rate from " + compact(LOWEST_RATE) + " to "
                            + compact(HIGHEST_RATE) + " gives a run that does not fail from this start");
                }
                good = grid.get(best);
                goodRun = firstRuns.get(best);
            } else {
                // the fewest steps, on the grid and refined around its best rate
                List<Double> rates = new ArrayList<>(grid);
                List<Result> runs = new ArrayList<>(firstRuns);
                double lower = grid.get(Math.max(0, best - 1));
                double upper = grid.get(Math.min(grid.size() - 1, best + 1));
                for (double rate : grid(lower, upper, REFINED_PER_DECADE)) {
                    rates.add(rate);
                    runs.add(note(loop.apply(rate).minimize(objective, start)));
                }
                long fewest = runs.get(fastest(runs)).iterations();
                // many rates often tie within a few steps (adaptive rules have a wide plateau): the gentlest of them
                good = Double.POSITIVE_INFINITY;
                goodRun = null;
                for (int i = 0; i < rates.size(); i++) {
                    Result run = runs.get(i);
                    if (reached(run) && run.iterations() <= NEAR_FEWEST * fewest && rates.get(i) < good) {
                        good = rates.get(i);
                        goodRun = run;
                    }
                }
            }
            boolean goodConverged = reached(goodRun);
            long budget = goodConverged ? Math.max(30, 3 * goodRun.iterations()) : goodRun.iterations();
            Result goodPanelRun = budgeted(good, budget);
            List<Panel> panels = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            Panel small = tooSmall(grid, good, budget);
            if (small != null) {
                panels.add(small);
            } else {
                absent.add("no rate from " + compact(LOWEST_RATE) + " up to the good one fails to meet the tolerance "
                        + "within " + budget + " steps: none is too small");
            }
            Panel large = tooLarge(grid, good, budget);
            if (large != null) {
                panels.add(large);
            } else {
                absent.add("no rate from the good one up to " + compact(HIGHEST_RATE) + " makes the run diverge or keep "
                        + "oscillating within " + budget + " steps: none is too large");
            }
            panels.add(panel(Regime.GOOD, good, goodPanelRun));
            if (!goodConverged) {
                absent.add("no rate met the tolerance within the loop's budget: the good panel is the lowest value "
                        + "reached; raise the iteration budget");
            }
            return new LearningRateRegimes(panels, absent, budget, lowest);
        }

        /** The largest grid rate below good whose run crawls, preferring one still far from the lowest value. */
        private Panel tooSmall(List<Double> grid, double good, long budget) {
            Panel fallback = null;
            for (int i = grid.size() - 1; i >= 0; i--) {
                double rate = grid.get(i);
                if (rate >= good) {
                    continue;
                }
                Result result = budgeted(rate, budget);
                Outcome outcome = outcome(result);
                if (outcome != Outcome.DESCENDING) {
                    continue;
                }
                Panel panel = panel(Regime.TOO_SMALL, rate, result);
                if (last(result) - lowest >= 0.1 * (startValue - lowest)) {
                    return panel;
                }
                if (fallback == null) {
                    fallback = panel;
                }
            }
            return fallback;
        }

        /** The smallest grid rate above good whose run diverges or keeps oscillating. */
        private Panel tooLarge(List<Double> grid, double good, long budget) {
            for (double rate : grid) {
                if (rate <= good) {
                    continue;
                }
                Result result = budgeted(rate, budget);
                Outcome outcome = outcome(result);
                if (outcome == Outcome.DIVERGED || outcome == Outcome.OSCILLATES) {
                    return panel(Regime.TOO_LARGE, rate, result);
                }
            }
            return null;
        }

        private Result budgeted(double rate, long budget) {
            Minimizer minimizer = loop.apply(rate);
            return note(minimizer.stoppingWhen(minimizer.stoppingRule().or(StoppingRules.maxIterations(budget)))
                    .recordingTrace().minimize(objective, start));
        }

        /** Lowers {@link #lowest} to the run's best value. */
        private Result note(Result result) {
            if (Double.isFinite(result.value()) && result.value() < lowest) {
                lowest = result.value();
            }
            return result;
        }

        /** The index of the run that met the tolerance in the fewest steps (the first of ties: the smaller rate), or -1. */
        private int fastest(List<Result> runs) {
            int best = -1;
            for (int i = 0; i < runs.size(); i++) {
                if (reached(runs.get(i)) && (best < 0 || runs.get(i).iterations() < runs.get(best).iterations())) {
                    best = i;
                }
            }
            return best;
        }

        /** The index of the run that did not fail and ended lowest, or -1. */
        private static int lowestEnd(List<Result> runs) {
            int best = -1;
            for (int i = 0; i < runs.size(); i++) {
                Result run = runs.get(i);
                if (!run.stopReason().failed() && (best < 0 || run.value() < runs.get(best).value())) {
                    best = i;
                }
            }
            return best;
        }

        /**
         * Met the tolerance: a tolerance stop with the gradient below its tolerance or a thousandth of
         * the start's, or with the value within a thousandth of the way from the start's to the lowest.
         * A tiny rate stops at once on the value tolerance, its steps too short to change f, with the
         * gradient as steep as at the start and f where it began, and that is not convergence.
         */
        private boolean reached(Result result) {
            if (!result.converged()) {
                return false;
            }
            return result.gradientNorm() <= Math.max(gradientTolerance, 1e-3 * startGradientNorm)
                    || result.value() - lowest <= 1e-3 * (startValue - lowest);
        }

        private Outcome outcome(Result result) {
            if (result.stopReason() == StopReason.DIVERGED || result.stopReason() == StopReason.NON_FINITE) {
                return Outcome.DIVERGED;
            }
            if (reached(result)) {
                return Outcome.CONVERGED;
            }
            if (result.stopReason().failed() || result.converged() || result.trace().size() < 2) {
                return Outcome.UNFINISHED;
            }
            double last = last(result);
            double lowestOfRun = Double.POSITIVE_INFINITY;
            for (TraceStep step : result.trace()) {
                lowestOfRun = Math.min(lowestOfRun, step.value());
            }
            if (last <= lowestOfRun) {
                return Outcome.DESCENDING;
            }
            return tailFloor(result) - lowest >= 0.01 * (startValue - lowest) ? Outcome.OSCILLATES : Outcome.UNFINISHED;
        }

        private Panel panel(Regime regime, double rate, Result result) {
            Outcome outcome = outcome(result);
            long n = result.iterations();
            String story = switch (outcome) {
                case CONVERGED -> "converged in " + steps(n);
                case DIVERGED -> (result.stopReason() == StopReason.NON_FINITE ? "overflowed" : "diverged") + " at step " + n;
                case OSCILLATES -> "oscillates: f stays above " + sig(tailFloor(result)) + " after " + steps(n);
                case DESCENDING -> "f = " + sig(last(result)) + " after " + steps(n) + ", still descending";
                case UNFINISHED -> "f = " + sig(last(result)) + " after " + steps(n) + ", "
                        + result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            };
            return new Panel(regime, rate, result, outcome, story);
        }

        /** The lowest value over the last half of the run. */
        private static double tailFloor(Result result) {
            List<TraceStep> trace = result.trace();
            double floor = Double.POSITIVE_INFINITY;
            for (int i = trace.size() / 2; i < trace.size(); i++) {
                floor = Math.min(floor, trace.get(i).value());
            }
            return floor;
        }

        private static double last(Result result) {
            List<TraceStep> trace = result.trace();
            return trace.isEmpty() ? result.value() : trace.get(trace.size() - 1).value();
        }
    }

    /** The rates from {@code lower} to {@code upper}, {@code perDecade} to a decade, rounded to three digits. */
    private static List<Double> grid(double lower, double upper, int perDecade) {
        List<Double> rates = new ArrayList<>();
        long first = Math.round(Math.log10(lower) * perDecade);
        long end = Math.round(Math.log10(upper) * perDecade);
        for (long k = first; k <= end; k++) {
            double rate = new BigDecimal(Math.pow(10, (double) k / perDecade)).round(new MathContext(3)).doubleValue();
            if (rates.isEmpty() || rate > rates.get(rates.size() - 1)) {
                rates.add(rate);
            }
        }
        return rates;
    }

    private static String steps(long n) {
        return n + (n == 1 ? " step" : " steps");
    }

    private static String sig(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
