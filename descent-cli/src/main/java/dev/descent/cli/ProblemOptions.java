package dev.descent.cli;

import dev.descent.expression.Expression;
import dev.descent.expression.ExpressionException;
import dev.descent.functions.TestFunction;
import dev.descent.functions.TestFunctions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --expr EXPR [--vars x,y] | --function NAME [--dim N]}. */
final class ProblemOptions {

    /** The command these options are mixed into, whose purpose the messages name. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--expr", paramLabel = "EXPR", description = "The function as a formula of its variables, e.g. \"(1-x)^2 + 100*(y-x^2)^2\".")
        String expression;

        @Option(names = "--function", paramLabel = "NAME", description = "A built-in test function: ${COMPLETION-CANDIDATES}.",
                completionCandidates = FunctionNames.class)
        String function;
    }

    @Option(names = "--vars", paramLabel = "x,y", split = ",", description = "Variable order for --expr (default: natural order of names).")
    List<String> variables;

    @Option(names = "--dim", paramLabel = "N", description = "Dimension for n-dimensional test functions (default 2).")
    Integer dimension;

    /** Whether --expr or --function was given. */
    boolean given() {
        return source != null;
    }

    /** Builds the problem; bad input becomes a {@link UsageError} naming the option. */
    Problem problem() {
        if (!given()) {
            String purpose = switch (mixee.name()) {
                case "check-grad" -> "to check";
                case "plot" -> "to draw";
                default -> "to minimize";
            };
            throw new UsageError("give the function " + purpose + ": --expr EXPR or --function NAME");
        }
        if (source.expression != null) {
            if (dimension != null) {
                throw new UsageError("--dim applies to --function, not --expr (an expression's variables set its dimension)");
            }
            try {
                Expression expression = variables == null ? Expression.parse(source.expression)
                        : Expression.parse(source.expression, variables);
                return new Problem("f(" + String.join(", ", expression.variables()) + ") = " + expression.text(),
                        expression.objective(), expression.variables(), new double[expression.dimension()], List.of(), null);
            } catch (ExpressionException e) {
                throw new UsageError("--expr: " + e.getMessage());
            }
        }
        if (variables != null) {
            throw new UsageError("--vars applies to --expr, not --function");
        }
        int n = dimension == null ? 2 : dimension;
        if (n < 1) {
            throw new UsageError("--dim must be at least 1: " + n);
        }
        TestFunction function;
        try {
            function = TestFunctions.byName(source.function, n);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--function: " + e.getMessage());
        }
        List<String> names = new ArrayList<>();
        if (function.dimension() == 2) {
            names.addAll(List.of("x", "y"));
        } else {
            for (int i = 1; i <= function.dimension(); i++) {
                names.add("x" + i);
            }
        }
        double[] lower = function.lowerBounds();
        double[] upper = function.upperBounds();
        double[] box = new double[2 * lower.length];
        for (int i = 0; i < lower.length; i++) {
            box[2 * i] = lower[i];
            box[2 * i + 1] = upper[i];
        }
        return new Problem(function.name() + " (" + function.dimension() + " variables)", function, names,
                function.standardStart(), function.globalMinima(), box);
    }

    /** Picocli completion candidates: the test function names. */
    static final class FunctionNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FunctionNames() {
            super(TestFunctions.names());
        }
    }

    /** Parses {@code a,b,...} for an option, naming the option and the entry on failure. */
    static double[] numbers(String option, String text, int expected) {
        String[] parts = text.split(",", -1);
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Numbers.parse(option + ": entry " + (i + 1), parts[i]);
        }
        if (expected > 0 && values.length != expected) {
            throw new UsageError(option + " has " + values.length + " entries, the problem has " + expected
                    + " variables");
        }
        return values;
    }

    static String format(double[] point) {
        return Arrays.toString(point);
    }
}
