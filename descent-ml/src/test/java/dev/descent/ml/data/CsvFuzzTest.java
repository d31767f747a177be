package dev.descent.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.descent.io.Printable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Bad CSV of every kind is read or refused with a {@link DataException} whose message starts with
 * the source, is printable and is free of Java's vocabulary; nothing hangs.
 */
class CsvFuzzTest {

    /** What CSV is made of, and what spreadsheets, terminals and pastes slip in. */
    private static final String[] PIECES = {
        "a", "b", "label", "1", "2.5", "-3", "0", "x", ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"\"", " ", "\t",
        "1e400", "-1e400", "1e-400", "NaN", "Infinity", "9e99999999999", "0x1p3", "1e", "", "\uFEFF", "\u0000", "\u0007",
        "\u001b", "\u00a0", "\u200b", "\ud83d", "\ud83d\ude00", "é", ";", "'", "\\", "#",
    };

    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final Duration LONG = Duration.ofSeconds(20);

    @Property(tries = 1000)
    void randomTextIsReadOrRefusedWithALocatedMessage(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(60);
        for (int k = 0; k < pieces; k++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        readsOrRefuses(text.toString(), random, SHORT);
    }

    @Property(tries = 1000)
    void mutatedTablesAreReadOrRefusedWithALocatedMessage(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(table(random));
        int mutations = 1 + random.nextInt(4);
        for (int k = 0; k < mutations; k++) {
            mutate(text, random);
        }
        readsOrRefuses(text.toString(), random, SHORT);
    }

    @Property(tries = 30)
    void longInputsEndQuickly(@ForAll @IntRange(min = 0, max = 6) int shape, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 100_000;
        String text = switch (shape) {
            case 0 -> "a,label\n1,\"" + "x".repeat(n) + "\n";
            case 1 -> "a,label\n" + "1" + "0".repeat(n) + "e" + "9".repeat(random.nextInt(1000)) + ",1\n";
            case 2 -> "c,".repeat(n / 2) + "label\n1,2\n";
            case 3 -> "\"".repeat(n);
            case 4 -> "a,label\n" + "1,2\n".repeat(n / 4) + "3\n";
            case 5 -> "\uFEFF" + "\n".repeat(n) + "a,b\n" + "\r\n".repeat(n / 2) + "1,2";
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
        readsOrRefuses(mutated.toString(), random, LONG);
    }

    @Property(tries = 150)
    void filesWithBrokenBytesAreReadOrRefusedWithALocatedMessage(@ForAll long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(table(random));
        mutate(text, random);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextBoolean() && bytes.length > 0) {
            // a byte UTF-8 cannot start or continue with: Latin-1 text, a cut file
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
        }
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(file, bytes);
            String source = file.toString();
            assertTimeoutPreemptively(SHORT, () -> {
                refusedCleanly(source, () -> CsvDatasets.read(file, null, random.nextBoolean()));
                refusedCleanly(source, () -> TableReads.features(file, List.of("a", "b")));
            });
        } finally {
            Files.delete(file);
        }
    }

    /** A valid table: a header of a, b and label, numeric cells, some quoted, LF or CRLF line ends. */
    private static String table(SplittableRandom random) {
        String end = random.nextBoolean() ? "\n" : "\r\n";
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "").append("a,\"b\",label").append(end);
        int rows = 1 + random.nextInt(6);
        for (int i = 0; i < rows; i++) {
            text.append(random.nextInt(100)).append(',').append(random.nextBoolean() ? "\"" + i + ".5\"" : "-" + i)
                    .append(',').append(random.nextBoolean() ? "cat" : "\"dog, big\"").append(end);
        }
        return text.toString();
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
                int end = Math.min(text.length(), at + 1 + random.nextInt(12));
                text.insert(at, text.substring(at, end));
            }
            case 3 -> text.insert(at, (char) random.nextInt(0x20));
            default -> text.insert(at, PIECES[random.nextInt(PIECES.length)]);
        }
    }

    /** Reads the text as {@link Table#read} does, every row encoded, and typed only, with a random target. */
    private static void readsOrRefuses(String text, SplittableRandom random, Duration bound) {
        String target = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> "label";
            default -> "a";
        };
        boolean asClasses = random.nextBoolean();
        assertTimeoutPreemptively(bound, () -> {
            refusedCleanly("fuzz.csv", () -> TableReads.everyRow(text, "fuzz.csv", target, asClasses));
            refusedCleanly("fuzz.csv", () -> {
                TableReads.check((text), "fuzz.csv", target);
                return null;
            });
        }, () -> "no answer within " + bound + " for " + Printable.quote(text.length() > 80 ? text.substring(0, 80)
                + "..." : text));
    }

    /** What a read does: a dataset, or a refusal of the documented kind and shape. */
    private interface Read {
        Object run() throws IOException;
    }

    private static void refusedCleanly(String source, Read read) {
        try {
            read.run();
        } catch (DataException e) {
            String message = e.getMessage();
            assertThat(message).startsWith(source + ":").doesNotContain("java.", "Exception", "Error", "org.apache");
            assertThat(Printable.escape(message)).as("printable message").isEqualTo(message);
        } catch (IOException e) {
            fail("an IOException escaped from text that is all in memory or on local disk", e);
        }
    }
}
