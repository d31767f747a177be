package dev.descent.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.optim.Lbfgs;
import dev.descent.stop.StoppingRules;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {

    private static double eval(String text, double... point) {
        return Expression.parse(text).value(point);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
            "1 + 2 * 3; 7", "(1 + 2) * 3; 9", "1 - 2 - 3; -4", "8 / 4 / 2; 1", "2 ^ 3 ^ 2; 512", "-2 ^ 2; -4",
            "(-2) ^ 2; 4", "(-2) ^ 3; -8", "2 ^ -1; 0.5", "--3; 3", "+3; 3", "1e-3 * 1000; 1", "2.5E+1; 25", ".5 + .5; 1",
            "min(3, 4) + max(3, 4); 7", "sqrt(16) + abs(-2) + exp(0) + log(1); 7", "sin(0) + cos(0) + tan(0); 1",
            "atan(1) * 4; 3.141592653589793", "asin(1) * 2; 3.141592653589793", "acos(1); 0", "tanh(0) + sigmoid(0); 0.5",
            "softplus(0); 0.6931471805599453", "pi; 3.141592653589793", "e; 2.718281828459045", "2*-3; -6"})
    void constantsEvaluateWithTheRightPrecedence(String text, double expected) {
        assertThat(Expression.parse(text + " + 0 * x").value(new double[] {0})).isCloseTo(expected, offset(1e-15));
    }

    @Test
    void unaryMinusBindsLooserThanPower() {
        assertThat(eval("-x^2", 3)).isEqualTo(-9);
        assertThat(eval("x^-2", 2)).isEqualTo(0.25);
        assertThat(eval("-x^-x", 2)).isEqualTo(-0.25);
    }

    @Test
    void variablesAreInNaturalOrderUnlessGiven() {
        assertThat(Expression.parse("x10 + x2 * y + x1").variables()).containsExactly("x1", "x2", "x10", "y");
        Expression ordered = Expression.parse("x - 2*y", List.of("y", "x"));
        assertThat(ordered.variables()).containsExactly("y", "x");
        assertThat(ordered.value(new double[] {1, 5})).isEqualTo(3);
        assertThat(Expression.parse("x", List.of("x", "unused")).dimension()).isEqualTo(2);
    }

    @Test
    void rosenbrockTypedAsTextReachesItsMinimum() {
        Objective rosenbrock = Expression.parse("(1-x)^2 + 100*(y-x^2)^2").objective();
        double[] g = new double[2];
        assertThat(rosenbrock.valueAndGradient(new double[] {-1.2, 1}, g)).isCloseTo(24.2, offset(1e-12));
        assertThat(g[0]).isCloseTo(-215.6, offset(1e-12));
        assertThat(g[1]).isCloseTo(-88.0, offset(1e-12));
        Result result = Minimizer.using(Lbfgs.defaults()).stoppingWhen(StoppingRules.gradientNorm(1e-10))
                .minimize(rosenbrock, new double[] {-1.2, 1});
        assertThat(result.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        assertThat(result.point()[0]).isCloseTo(1, offset(1e-9));
        assertThat(result.point()[1]).isCloseTo(1, offset(1e-9));
    }

    @Test
    void errorsNameTheColumnAndTheFix() {
        assertError("(1-x)^2 + 3*y)", "unexpected ')' at column 14 (no matching '(')", 14);
        assertError("2*sinn(x)", "unknown function 'sinn' at column 3 (did you mean 'sin'?)", 3);
        assertError("frobnicate(x)", "unknown function 'frobnicate' at column 1 (functions: sin, cos, tan, asin, acos, "
                + "atan, exp, log, sqrt, abs, tanh, sigmoid, softplus, min, max)", 1);
        assertError("x + ", "unexpected end of expression at column 5 (expected a number, a variable, a function or '(')", 5);
        assertError("x * * y", "unexpected '*' at column 5 (expected a number, a variable, a function or '(')", 5);
        assertError("(x + y", "missing ')' to close the '(' at column 1", 1);
        assertError("min(x)", "function 'min' at column 1 takes 2 arguments, got 1", 1);
        assertError("sin(x, y)", "function 'sin' at column 1 takes 1 argument, got 2", 1);
        assertError("x $ y", "unexpected character '$' at column 3", 3);
        assertError("x y", "unexpected 'y' at column 3 (expected an operator)", 3);
        assertError("sqrt + 1", "function 'sqrt' at column 1 needs arguments: sqrt(...)", 1);
        assertError("   ", "empty expression", 0);
        assertThatThrownBy(() -> Expression.parse("x + z", List.of("x", "y")))
                .isInstanceOf(ExpressionException.class).hasMessage("unknown variable 'z' (variables: x, y)");
        assertThatThrownBy(() -> Expression.parse("x", List.of("x", "x"))).hasMessage("variables are listed twice: x, x");
        assertThatThrownBy(() -> Expression.parse("x", List.of("pi"))).hasMessageStartingWith("'pi' cannot be a variable name");
        assertThatThrownBy(() -> Expression.parse("1 + 2").objective()).hasMessage("the expression has no variables to minimize over");
    }

    @Test
    void numbersBeyondADoublesRangeAreRefusedAndTinyOnesRoundToZero() {
        assertError("2 * 1e400", "number '1e400' at column 5 is out of range for a double (whose magnitude is at most "
                + "1.8e308)", 5);
        assertError("-1e400", "number '1e400' at column 2 is out of range for a double (whose magnitude is at most "
                + "1.8e308)", 2);
        assertError("x^1.8e308", "number '1.8e308' at column 3 is out of range for a double (whose magnitude is at most "
                + "1.8e308)", 3);
        assertThat(Expression.parse("1.7976931348623157e308 + 0*x").value(new double[] {1})).isEqualTo(Double.MAX_VALUE);
        assertThat(Expression.parse("1e-400 + x").value(new double[] {2})).isEqualTo(2);
        assertThat(Expression.parse("1e-400 * 1").value(new double[0])).isEqualTo(0);
        assertThat(Expression.parse("4.9e-324").value(new double[0])).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void quotedUserTextHasItsControlCharactersEscaped() {
        assertError("x \u0007 y", "unexpected character '\\u0007' at column 3", 3);
        assertError("x +\u00a0y", "unexpected character '\\u00A0' at column 4", 4);
        assertError("x + \u200b", "unexpected character '\\u200B' at column 5", 5);
        assertError("x + \ud83d", "unexpected character '\\uD83D' at column 5", 5);
        assertError("x + \ud83d\ude00", "unexpected character '\ud83d\ude00' at column 5", 5);
        assertThatThrownBy(() -> Expression.parse("x", List.of("a\tb"))).hasMessage("'a\\tb' cannot be a variable name (a "
                + "variable is a letter or '_' followed by letters, digits or '_', and not pi, e or a function name)");
    }

    @Test
    void otherLanguagesSpellingsAreSuggestedByMeaningBeforeByLetters() {
        assertError("2*ln(x)", "unknown function 'ln' at column 3 (did you mean 'log'? log is the natural logarithm)", 3);
        assertError("arctan(x) + y", "unknown function 'arctan' at column 1 (did you mean 'atan'?)", 1);
        assertError("x + pow(y, 3)", "unknown function 'pow' at column 5 (write pow(a, b) as a^b)", 5);
        assertError("x**2", "unexpected '**' at column 2 (use '^' for a power: x^2, not x**2)", 2);
        assertError("(x - 1) ** 2", "unexpected '**' at column 9 (use '^' for a power: x^2, not x**2)", 9);
        assertError("sinn(x)", "unknown function 'sinn' at column 1 (did you mean 'sin'?)", 1);
    }

    private static void assertError(String text, String message, int column) {
        assertThatThrownBy(() -> Expression.parse(text))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.column()).isEqualTo(column))
                .hasMessage(message);
    }

    @Test
    void deepNestingFailsWithAMessageNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "x" + ")".repeat(100_000);
        assertThatThrownBy(() -> Expression.parse(deep)).isInstanceOf(ExpressionException.class)
                .hasMessage("expression nested more than 256 levels deep at column 257");
        String negations = "-".repeat(100_000) + "x";
        assertThatThrownBy(() -> Expression.parse(negations)).hasMessageStartingWith("expression nested more than 256 levels deep");
        String powers = "x" + "^x".repeat(100_000);
        assertThatThrownBy(() -> Expression.parse(powers)).hasMessageStartingWith("expression nested more than 256 levels deep");
        String calls = "sin(".repeat(10_000) + "x" + ")".repeat(10_000);
        assertThatThrownBy(() -> Expression.parse(calls)).isInstanceOf(ExpressionException.class)
                .hasMessage("expression nested more than 256 levels deep at column 1028");
        assertThat(Expression.parse("(".repeat(200) + "x" + ")".repeat(200)).value(new double[] {2})).isEqualTo(2);
    }

    @Test
    void aOneMegabyteExpressionParsesAndDifferentiates() {
        StringBuilder text = new StringBuilder("0");
        int terms = 0;
        while (text.length() < 1_000_000) {
            text.append(" + x").append(terms % 7).append("*y");
            terms++;
        }
        Expression expression = Expression.parse(text.toString());
        assertThat(expression.variables()).containsExactly("x0", "x1", "x2", "x3", "x4", "x5", "x6", "y");
        double[] point = {1, 2, 3, 4, 5, 6, 7, 0.5};
        double[] gradient = new double[8];
        expression.objective().valueAndGradient(point, gradient);
        int perVariable = terms / 7;
        assertThat(gradient[0]).isEqualTo(0.5 * (perVariable + (terms % 7 > 0 ? 1 : 0)));
        double sumX = 0;
        for (int k = 0; k < terms; k++) {
            sumX += point[k % 7];
        }
        assertThat(gradient[7]).isCloseTo(sumX, offset(1e-6));
    }
}
