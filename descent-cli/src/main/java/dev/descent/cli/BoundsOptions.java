package dev.descent.cli;

import dev.descent.Bounds;
import dev.descent.Minimizer;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --bounds LO:HI} (every variable) or {@code --bounds LO1:HI1,LO2:HI2,...} (one pair per variable). */
final class BoundsOptions {

    @Option(names = "--bounds", paramLabel = "LO:HI[,LO:HI...]", description = "Keep every variable in [LO, HI] (one pair "
            + "for all, or one per variable; inf and -inf for none): lbfgs runs L-BFGS-B, the other optimizers project "
            + "each step onto the box.")
    String bounds;

    /** The box asked for over {@code variables}, or null for none. */
    Bounds box(List<String> variables) {
        if (bounds == null) {
            return null;
        }
        double[][] box = parse(bounds, variables);
        return bounds.contains(",") ? Bounds.of(box[0], box[1]) : Bounds.uniform(box[0][0], box[1][0]);
    }

    /** {@code minimizer} kept inside the box asked for, or as it is without one. */
    Minimizer apply(Minimizer minimizer, List<String> variables) {
        Bounds box = box(variables);
        if (box == null) {
            return minimizer;
        }
        try {
            return minimizer.bounds(box);
        } catch (UnsupportedOperationException e) {
            throw new UsageError("--bounds does not apply to " + minimizer.optimizer().describe() + ": " + e.getMessage());
        }
    }

    /**
     * The lower and upper bounds of {@code variables}, one entry each.
     *
     * @return {@code {lower, upper}}
     * @throws UsageError when the text is not pairs of numbers, has neither one pair nor one per variable,
     *     or a lower bound is above its upper one
     */
    static double[][] parse(String text, List<String> variables) {
        String[] pairs = text.split(",", -1);
        int n = variables.size();
        if (pairs.length != 1 && pairs.length != n) {
            throw new UsageError("--bounds has " + pairs.length + " pairs and the problem " + n + " variables: give one "
                    + "LO:HI for every variable, or one pair per variable");
        }
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int k = 0; k < pairs.length; k++) {
            String[] ends = pairs[k].split(":", -1);
            if (ends.length != 2) {
                throw new UsageError("--bounds: expected LO:HI, got '" + pairs[k].strip() + "' (use inf and -inf for no bound)");
            }
            double lo = bound(ends[0]);
            double hi = bound(ends[1]);
            String which = pairs.length == 1 ? "" : " of " + variables.get(k);
            if (lo == Double.POSITIVE_INFINITY || hi == Double.NEGATIVE_INFINITY) {
                throw new UsageError("--bounds" + which + ": the lower bound must be below +inf and the upper above -inf: "
                        + pairs[k].strip());
            }
            if (lo > hi) {
                throw new UsageError("--bounds" + which + ": the lower bound " + ends[0].strip() + " is above the upper "
                        + ends[1].strip());
            }
            for (int i = pairs.length == 1 ? 0 : k; i < (pairs.length == 1 ? n : k + 1); i++) {
                lower[i] = lo;
                upper[i] = hi;
            }
        }
        return new double[][] {lower, upper};
    }

    /** A finite number, or {@code inf} / {@code -inf} (also {@code infinity}, with an optional {@code +}). */
    private static double bound(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                return Numbers.parse("--bounds", text);
        }
    }
}
