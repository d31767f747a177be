package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void printableTextStaysAsWritten() {
        String text = "area_m2 = 2,5 € \"quoted\" C:\\data\\x.csv 平方メートル 😀";
        assertThat(Printable.escape(text)).isSameAs(text);
        assertThat(Printable.quote("area")).isEqualTo("'area'");
        assertThat(Printable.quote("")).isEqualTo("''");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(Printable.quote("a\tb")).isEqualTo("'a\\tb'");
        assertThat(Printable.quote("line\r\n")).isEqualTo("'line\\r\\n'");
        assertThat(Printable.quote("bell\u0007")).isEqualTo("'bell\\u0007'");
        assertThat(Printable.quote("\u0000\u001b[31m")).isEqualTo("'\\u0000\\u001B[31m'");
        assertThat(Printable.quote("del\u007f c1\u0085")).isEqualTo("'del\\u007F c1\\u0085'");
    }

    @Test
    void invisibleAndLookAlikeCharactersAreEscaped() {
        assertThat(Printable.quote("\uFEFFarea")).isEqualTo("'\\uFEFFarea'");
        assertThat(Printable.quote("1\u00a0234")).isEqualTo("'1\\u00A0234'");
        assertThat(Printable.quote("a\u200bb\u202ec")).isEqualTo("'a\\u200Bb\\u202Ec'");
        assertThat(Printable.quote("x\u2028y")).isEqualTo("'x\\u2028y'");
        assertThat(Printable.quote("\ue000")).isEqualTo("'\\uE000'");
        assertThat(Printable.quote("\u0378")).isEqualTo("'\\u0378'"); // unassigned
    }

    @Test
    void loneSurrogatesAndInvisibleSupplementaryCharactersAreEscaped() {
        assertThat(Printable.quote("x\ud83d")).isEqualTo("'x\\uD83D'");
        assertThat(Printable.quote("\ude00y")).isEqualTo("'\\uDE00y'");
        assertThat(Printable.quote("tag\udb40\udc01")).isEqualTo("'tag\\uDB40\\uDC01'"); // U+E0001, a format character
        assertThat(Printable.quote("ok\ud83d\ude00")).isEqualTo("'ok\ud83d\ude00'");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> Printable.escape(null)).isInstanceOf(NullPointerException.class).hasMessage("text");
    }

    @Property(tries = 300)
    void escapedTextHasNoControlOrFormatCharacters(@ForAll String text) {
        String escaped = Printable.escape(text);
        escaped.codePoints().forEach(c -> {
            int type = Character.getType(c);
            assertThat(type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR).as("U+%04X in %s", c, escaped).isFalse();
        });
        assertThat(escaped.length()).isGreaterThanOrEqualTo(text.length());
    }
}
