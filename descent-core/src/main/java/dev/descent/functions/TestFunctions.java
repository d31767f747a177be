package dev.descent.functions;

import java.util.List;
import java.util.Locale;

/** The standard test functions by name. */
public final class TestFunctions {
    private static final List<String> NAMES = List.of("quadratic", "rosenbrock", "beale", "booth", "himmelblau",
            "rastrigin", "ackley", "styblinski-tang", "six-hump-camel");

    private TestFunctions() {}

    /** The names {@link #byName} accepts. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The named function in {@code dimension} variables. Beale, Booth, Himmelblau and the six-hump
     * camel have two variables only; Rosenbrock takes any even dimension; the quadratic has
     * condition number 10.
     *
     * @throws IllegalArgumentException naming the allowed names or the required dimension
     */
    public static TestFunction byName(String name, int dimension) {
        String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (key) {
            case "quadratic" -> new Quadratic(dimension, 10);
            case "rosenbrock" -> dimension == 2 ? Rosenbrock.twoDimensional() : Rosenbrock.extended(dimension);
            case "beale" -> fixed(new Beale(), dimension);
            case "booth" -> fixed(new Booth(), dimension);
            case "himmelblau" -> fixed(new Himmelblau(), dimension);
            case "six-hump-camel", "camel" -> fixed(new SixHumpCamel(), dimension);
            case "rastrigin" -> new Rastrigin(dimension);
            case "ackley" -> new Ackley(dimension);
            case "styblinski-tang" -> new StyblinskiTang(dimension);
            default -> throw new IllegalArgumentException("unknown test function '" + name + "' (functions: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    private static TestFunction fixed(TestFunction function, int dimension) {
        if (dimension != 2) {
            throw new IllegalArgumentException(function.name() + " has 2 variables, not " + dimension);
        }
        return function;
    }
}
