package dev.descent.cli;

import dev.descent.Bounds;
import dev.descent.loop.Minimizer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --bounds LO:HI} (every variable) or {@code --bounds LO1:HI1,LO2:HI2,...} (one pair per variable). */
final class BoundsOptions {
    private static final Pattern INDEX = Pattern.compile(" at index (\\d+)");

    @Option(names = "--bounds", paramLabel = "LO:HI[,LO:HI...]", description = "Keep every variable in [LO, HI] (one pair "
            + "for all, or one per variable; inf, -inf or nothing for an open side): lbfgs runs L-BFGS-B, the other "
            + "optimizers project each step onto the box.")
    String bounds;

    /** The box asked for over {@code variables}, or null for none. */
    Bounds box(List<String> variables) {
        return bounds == null ? null : parse(bounds, variables);
    }

    /**
     * The box of {@code text} ({@link Bounds#parse}) for a problem in {@code variables}.
     *
     * @throws UsageError naming the option, and the variable at fault, when the text is not a box or
     *     has neither one pair nor one per variable
     */
    static Bounds parse(String text, List<String> variables) {
        Bounds box;
        try {
            box = Bounds.parse(text);
        } catch (IllegalArgumentException e) {
            Matcher index = INDEX.matcher(e.getMessage());
            String message = index.find() && Integer.parseInt(index.group(1)) < variables.size()
                    ? index.replaceFirst(" at index $1 (" + variables.get(Integer.parseInt(index.group(1))) + ")")
                    : e.getMessage();
            throw new UsageError("--bounds: " + message);
        }
        if (!box.isUniform() && box.dimension() != variables.size()) {
            throw new UsageError("--bounds has " + box.dimension() + " pairs and the problem " + variables.size()
                    + " variables: give one LO:HI for every variable, or one pair per variable");
        }
        return box;
    }

    /** The optimizer's short description, L-BFGS's as {@code lbfgs-b} when it runs in a box. */
    static String describe(dev.descent.optim.Optimizer optimizer, Bounds box) {
        String text = optimizer.describe();
        return box != null && optimizer instanceof dev.descent.optim.Lbfgs ? text.replaceFirst("^lbfgs", "lbfgs-b") : text;
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
}
