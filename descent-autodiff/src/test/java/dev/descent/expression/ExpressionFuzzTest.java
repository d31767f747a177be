package dev.descent.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.descent.io.Printable;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Bad input of every kind either parses or is refused with an {@link ExpressionException} whose
 * message is located, printable and free of Java's vocabulary; nothing hangs or overflows the stack.
 */
class ExpressionFuzzTest {

    /** Characters a formula is made of, and the ones a paste or a terminal slips in. */
    private static final String[] PIECES = {
        "x", "y", "z", "_", "1", "0", "9", ".", "e", "E", "+", "-", "*", "/", "^", "(", ")", ",", " ", "\t", "\n",
        "sin", "max", "pi", "log(", "1e400", "1e-400", "9e99999999999999999999", "1e", "1.5e+", "\"", "'", "\\",
        "\u0000", "\u0007", "\u001b[31m", "\u007f", "\u00a0", "\u200b", "\ufeff", "\ud83d", "\ude00", "\ud83d\ude00",
        "[", "{", "$", "#", ";", "=", "é", "∑",
    };

    /** A short try must end within this, a long one (100k characters) within {@link #LONG}. */
    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final Duration LONG = Duration.ofSeconds(20);

    @Property(tries = 1000)
    void randomTextParsesOrIsRefusedWithALocatedMessage(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(40);
        for (int k = 0; k < pieces; k++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        parsesOrRefuses(text.toString(), SHORT);
    }

    @Property(tries = 1000)
    void mutatedFormulasParseOrAreRefusedWithALocatedMessage(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(RandomExpressionPropertiesTest.formula(random, 4));
        int mutations = 1 + random.nextInt(4);
        for (int k = 0; k < mutations; k++) {
            mutate(text, random);
        }
        parsesOrRefuses(text.toString(), SHORT);
    }

    @Property(tries = 24)
    void longAndDeepInputsEndQuicklyWithoutAStackOverflow(@ForAll @IntRange(min = 0, max = 7) int shape,
                                                          @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 100_000;
        String text = switch (shape) {
            case 0 -> "(".repeat(10_000) + "x" + ")".repeat(random.nextInt(10_001));
            case 1 -> "sin(".repeat(10_000) + "x";
            case 2 -> "-".repeat(n) + "x";
            case 3 -> "x" + "^(".repeat(n / 2);
            case 4 -> "1".repeat(n) + "e" + "9".repeat(random.nextInt(n));
            case 5 -> "x".repeat(n) + "(";
            case 6 -> {
                StringBuilder sum = new StringBuilder("0");
                while (sum.length() < n) {
                    sum.append('+').append('v').append(random.nextInt(1_000_000));
                }
                yield sum.toString();
            }
            default -> {
                StringBuilder noise = new StringBuilder();
                while (noise.length() < n) {
                    noise.append(PIECES[random.nextInt(PIECES.length)]);
                }
                yield noise.toString();
            }
        };
        StringBuilder mutated = new StringBuilder(text);
        if (random.nextBoolean()) {
            mutate(mutated, random);
        }
        parsesOrRefuses(mutated.toString(), LONG);
    }

    /** One random edit: a deletion, an insertion, a duplicated run, or an injected troublemaker. */
    private static void mutate(StringBuilder text, SplittableRandom random) {
        int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
        switch (random.nextInt(5)) {
            case 0 -> {
                if (at < text.length()) {
                    text.deleteCharAt(at);
                }
            }
            case 1 -> text.insert(at, (char) random.nextInt(0x20, 0x7f));
            case 2 -> {
                int end = Math.min(text.length(), at + 1 + random.nextInt(8));
                text.insert(at, text.substring(at, end));
            }
            case 3 -> text.insert(at, (char) random.nextInt(0x20));
            default -> text.insert(at, PIECES[random.nextInt(PIECES.length)]);
        }
    }

    /** Parses (and, when that works, evaluates) within the bound, else checks the refusal. */
    private static void parsesOrRefuses(String text, Duration bound) {
        assertTimeoutPreemptively(bound, () -> {
            try {
                Expression expression = Expression.parse(text);
                double[] point = new double[expression.dimension()];
                Arrays.fill(point, 0.5);
                expression.value(point);
            } catch (ExpressionException e) {
                String message = e.getMessage();
                String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
                assertThat(message).as("message for %s", Printable.quote(shown)).isNotBlank()
                        .doesNotContain("java.", "Exception", "Error");
                assertThat(Printable.escape(message)).as("printable message").isEqualTo(message);
                assertThat(e.column()).as("column of %s", message).isBetween(0, text.length() + 1);
                if (e.column() > 0) {
                    assertThat(message).contains("column " + e.column());
                }
            }
        }, () -> "no answer within " + bound + " for " + Printable.quote(text.length() > 80 ? text.substring(0, 80)
                + "..." : text));
    }
}
