package dev.descent.expression;

import dev.descent.Objective;
import dev.descent.autodiff.Autodiff;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.io.Printable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A formula typed by a person, parsed into the autodiff graph so it is differentiable:
 * {@code (1-x)^2 + 100*(y-x^2)^2}.
 *
 * <ul>
 *   <li>Numbers ({@code 1}, {@code 2.5}, {@code 1e-3}), variables (identifiers), constants
 *       {@code pi} and {@code e}. A number beyond a double's range ({@code 1e400}) is refused; one
 *       below it ({@code 1e-400}) is the nearest double, 0, as in Python and NumPy.
 *   <li>{@code + - * /} and {@code ^} (power, right-associative, binding tighter than unary minus:
 *       {@code -x^2} is {@code -(x^2)}; {@code 2^3^2} is {@code 2^9}), parentheses.
 *   <li>Functions {@code sin cos tan asin acos atan exp log sqrt abs tanh sigmoid softplus} of one
 *       argument and {@code min max} of two.
 * </ul>
 *
 * <p>Variables are ordered as given, else in natural order of their names ({@code x2} before
 * {@code x10}). A formula can only compute: it cannot run code, read files or loop. Parsing is one
 * linear pass; nesting deeper than 256 levels is refused with a message. Every refusal is an
 * {@link ExpressionException} with the column; the user's text it quotes has its control characters
 * escaped ({@link dev.descent.io.Printable#quote}).
 */
public final class Expression {
    private final String text;
    private final List<String> variables;
    private final Code code;

    private Expression(String text, List<String> variables, Code code) {
        this.text = text;
        this.variables = List.copyOf(variables);
        this.code = code;
    }

    /** Parses a formula; its variables are ordered naturally by name. */
    public static Expression parse(String text) {
        Objects.requireNonNull(text, "text");
        Parser parser = Parser.parse(text);
        List<String> names = new ArrayList<>(parser.variables.keySet());
        names.sort(NATURAL_ORDER);
        return build(text, parser, names);
    }

    /**
     * Parses a formula with its variables in the given order. Every variable the formula uses must be
     * listed; listed variables it does not use are allowed (their gradient is zero).
     *
     * @throws ExpressionException naming an unknown variable and the listed ones
     */
    public static Expression parse(String text, List<String> variables) {
        Objects.requireNonNull(text, "text");
        for (String name : variables) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.equals("pi") || name.equals("e")
                    || Function.named(name).isPresent()) {
                throw new ExpressionException(Printable.quote(name) + " cannot be a variable name (a variable is a letter or '_' "
                        + "followed by letters, digits or '_', and not pi, e or a function name)", 0);
            }
        }
        if (new HashSet<>(variables).size() != variables.size()) {
            throw new ExpressionException("variables are listed twice: " + shown(variables), 0);
        }
        Parser parser = Parser.parse(text);
        Set<String> listed = new HashSet<>(variables);
        for (Map.Entry<String, Integer> used : parser.variables.entrySet()) {
            if (!listed.contains(used.getKey())) {
                throw new ExpressionException("unknown variable " + Printable.quote(used.getKey()) + " (variables: "
                        + shown(variables) + ")", used.getValue());
            }
        }
        return build(text, parser, variables);
    }

    /** Names as a message lists them, each escaped: they come from the user. */
    private static String shown(List<String> names) {
        List<String> shown = new ArrayList<>(names.size());
        for (String name : names) {
            shown.add(Printable.escape(name));
        }
        return String.join(", ", shown);
    }

    private static Expression build(String text, Parser parser, List<String> order) {
        Map<String, Integer> position = new HashMap<>();
        for (int k = 0; k < order.size(); k++) {
            position.put(order.get(k), k);
        }
        int[] mapping = new int[parser.variables.size()];
        int index = 0;
        for (String name : parser.variables.keySet()) {
            mapping[index++] = position.get(name);
        }
        parser.code().renumber(mapping);
        return new Expression(text, order, parser.code());
    }

    /** Natural order: digit runs compare as numbers, so {@code x2 < x10}. */
    public static final Comparator<String> NATURAL_ORDER = Expression::compareNaturally;

    private static int compareNaturally(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int endA = i;
                while (endA < a.length() && Character.isDigit(a.charAt(endA))) {
                    endA++;
                }
                int endB = j;
                while (endB < b.length() && Character.isDigit(b.charAt(endB))) {
                    endB++;
                }
                String runA = a.substring(i, endA).replaceFirst("^0+(?=.)", "");
                String runB = b.substring(j, endB).replaceFirst("^0+(?=.)", "");
                int byLength = Integer.compare(runA.length(), runB.length());
                if (byLength != 0) {
                    return byLength;
                }
                int byDigits = runA.compareTo(runB);
                if (byDigits != 0) {
                    return byDigits;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The formula as typed. */
    public String text() {
        return text;
    }

    /** The variables, in the order of the point's coordinates. */
    public List<String> variables() {
        return variables;
    }

    /** The number of variables. */
    public int dimension() {
        return variables.size();
    }

    /** Evaluates on a vector whose entries are the variables in order; records on its tape. */
    public Tensor apply(Tensor point) {
        if (point.size() != variables.size()) {
            throw new IllegalArgumentException("the formula has " + variables.size() + " variables (" + String.join(", ", variables)
                    + "), the point " + point.size() + " entries");
        }
        Tensor[] scalars = new Tensor[variables.size()];
        for (int i = 0; i < scalars.length; i++) {
            scalars[i] = point.index(i);
        }
        return code.run(scalars, point.tape());
    }

    /** The value at {@code point}. */
    public double value(double[] point) {
        return Autodiff.value(this::apply, point);
    }

    /**
     * This formula as a core objective with the gradient by backpropagation. A formula without
     * variables has no dimension to minimize over and is refused.
     */
    public Objective objective() {
        if (variables.isEmpty()) {
            throw new ExpressionException("the expression has no variables to minimize over", 0);
        }
        return Autodiff.objective(variables.size(), this::apply);
    }

    /** A fresh tape's evaluation at {@code point}, for callers that want the tensor. */
    public Tensor evaluate(Tape tape, double[] point) {
        return apply(tape.variable(point));
    }

    @Override
    public String toString() {
        return text;
    }
}
