package dev.descent.io;

import java.util.Objects;

/**
 * User text made safe to show in a message: printable characters stay as written, and the ones a
 * terminal would not show, or would show as something else, are spelled as Java escapes. A tab is
 * <code>\t</code>, a line feed <code>\n</code>, a carriage return <code>\r</code>; every other
 * control, format (the byte-order mark U+FEFF, zero-width and bidirectional marks), unassigned,
 * private-use or lone surrogate character, and every space other than the ASCII space (a no-break
 * space U+00A0 looks like one but is not), is <code>&#92;u</code> and four hex digits: a bell is
 * <code>&#92;u0007</code>. A character beyond the Basic Multilingual Plane that does not show is its
 * two UTF-16 units, as Java source writes it; one that shows (an emoji, a CJK extension) stays.
 *
 * <p>{@code Printable.quote("2,5\t€")} is {@code '2,5\t€'}, with the tab spelled out.
 *
 * <p>A backslash stays a single backslash, so a Windows path or a typed backslash-n reads as
 * written; the escapes are for the reader, not a format to parse back.
 */
public final class Printable {
    private Printable() {}

    /**
     * A point as people write it in a message, six significant digits a coordinate without trailing
     * zeros: {@code (0, 1.5)}, {@code (2.81441e-08, -0.332754)}.
     */
    public static String point(double[] x) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < x.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.6g", x[i])
                    .replaceAll("\\.?0+(e|$)", "$1"));
        }
        return text.append(')').toString();
    }

    /**
     * The text with its non-printable characters escaped.
     *
     * @throws NullPointerException if {@code text} is null
     */
    public static String escape(String text) {
        Objects.requireNonNull(text, "text");
        int n = text.length();
        int i = 0;
        // Most text is printable: hand it back without copying.
        while (i < n && shows(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        if (i == n) {
            return text;
        }
        StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
        while (i < n) {
            int c = text.codePointAt(i);
            int length = Character.charCount(c);
            if (shows(c)) {
                out.appendCodePoint(c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                // A supplementary character is its two UTF-16 units, as Java writes it.
                for (int k = i; k < i + length; k++) {
                    out.append(String.format("\\u%04X", (int) text.charAt(k)));
                }
            }
            i += length;
        }
        return out.toString();
    }

    /**
     * The text escaped and between single quotes, as messages quote a cell, a token or a name:
     * {@code 'a\tb'}.
     *
     * @throws NullPointerException if {@code text} is null
     */
    public static String quote(String text) {
        return "'" + escape(text) + "'";
    }

    /** Whether a code point shows as itself: not a control, format, separator other than ' ', or unassigned. */
    private static boolean shows(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
