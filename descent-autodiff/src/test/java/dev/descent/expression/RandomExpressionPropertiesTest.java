package dev.descent.expression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Objective;
import java.util.SplittableRandom;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random formulas over x and y: the autodiff gradient matches central finite differences. */
class RandomExpressionPropertiesTest {

    private static final String[] UNARY = {"sin", "cos", "atan", "exp", "tanh", "sigmoid", "softplus", "sqrt", "log", "abs"};

    /** A random formula of bounded depth, with smooth-ish pieces and guarded domains. */
    static String formula(SplittableRandom random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return switch (random.nextInt(4)) {
                case 0 -> "x";
                case 1 -> "y";
                case 2 -> String.valueOf(Math.round(random.nextDouble(-3, 3) * 100) / 100.0);
                default -> random.nextBoolean() ? "x" : "y";
            };
        }
        String a = formula(random, depth - 1);
        String b = formula(random, depth - 1);
        return switch (random.nextInt(9)) {
            case 0 -> "(" + a + " + " + b + ")";
            case 1 -> "(" + a + " - " + b + ")";
            case 2 -> "(" + a + " * " + b + ")";
            case 3 -> "(" + a + ") / (1.5 + sin(" + b + "))";
            case 4 -> "(" + a + ")^" + (random.nextInt(4) + 1);
            case 5 -> "-" + "(" + a + ")";
            case 6 -> {
                String f = UNARY[random.nextInt(UNARY.length)];
                String argument = switch (f) {
                    case "sqrt", "log" -> "(1 + (" + a + ")^2)";
                    case "abs" -> "(2 + sigmoid(" + a + "))";
                    default -> "(" + a + ")";
                };
                yield f + argument;
            }
            case 7 -> "exp(-(" + a + ")^2) ^ (1 + sigmoid(" + b + "))";
            default -> "atan(" + a + ") * " + b;
        };
    }

    @Property(tries = 500)
    void autodiffMatchesFiniteDifferences(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String text = formula(random, 4);
        Expression expression = Expression.parse(text, java.util.List.of("x", "y"));
        Objective objective = expression.objective();
        double[] point = {random.nextDouble(-1.5, 1.5), random.nextDouble(-1.5, 1.5)};
        double[] analytic = new double[2];
        double value = objective.valueAndGradient(point, analytic);
        Assume.that(Double.isFinite(value) && Math.abs(value) < 1e6);
        double[] numeric = new double[2];
        for (int i = 0; i < 2; i++) {
            // Richardson's extrapolation of central differences (error O(h^4)): random formulas such as
            // sin(x^16) have third derivatives large enough to put a plain central difference off by 1e-5
            double h = 1e-5 * Math.max(1, Math.abs(point[i]));
            double coarse = central(objective, point, i, h);
            double fine = central(objective, point, i, h / 2);
            numeric[i] = (4 * fine - coarse) / 3;
        }
        for (int i = 0; i < 2; i++) {
            double scale = Math.max(1, Math.max(Math.abs(analytic[i]), Math.abs(value)));
            assertThat(Math.abs(analytic[i] - numeric[i]) / scale)
                    .as("%s at %s: d/d%s analytic %s numeric %s", text, java.util.Arrays.toString(point), i == 0 ? "x" : "y",
                            analytic[i], numeric[i])
                    .isLessThan(1e-5);
        }
        assertThat(expression.value(point)).isEqualTo(value);
    }

    private static double central(Objective objective, double[] point, int i, double h) {
        double[] at = point.clone();
        at[i] = point[i] + h;
        double up = objective.value(at);
        at[i] = point[i] - h;
        return (up - objective.value(at)) / (2 * h);
    }
}
