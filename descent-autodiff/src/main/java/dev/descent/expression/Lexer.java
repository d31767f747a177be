package dev.descent.expression;

import dev.descent.io.Printable;
import java.util.ArrayList;
import java.util.List;

/** Splits a formula into tokens in one linear pass. */
final class Lexer {
    private Lexer() {}

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int column = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
                int end = scanNumber(text, i);
                String literal = text.substring(i, end);
                double value;
                try {
                    value = Double.parseDouble(literal);
                } catch (NumberFormatException e) {
                    throw new ExpressionException("malformed number " + Printable.quote(literal) + " at column " + column,
                            column);
                }
                // Overflow would turn the number into infinity and every result into inf or NaN, so it
                // is refused. Underflow rounds to the nearest double (0 or a subnormal), as Python's
                // float() and NumPy do: the value changes by less than 4.9e-324.
                if (Double.isInfinite(value)) {
                    throw new ExpressionException("number " + Printable.quote(literal) + " at column " + column
                            + " is out of range for a double (whose magnitude is at most 1.8e308)", column);
                }
                tokens.add(new Token(Token.Kind.NUMBER, literal, value, column));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                tokens.add(new Token(Token.Kind.IDENTIFIER, text.substring(i, end), 0, column));
                i = end;
            } else {
                Token.Kind kind = switch (c) {
                    case '+' -> Token.Kind.PLUS;
                    case '-' -> Token.Kind.MINUS;
                    case '*' -> Token.Kind.STAR;
                    case '/' -> Token.Kind.SLASH;
                    case '^' -> Token.Kind.CARET;
                    case '(' -> Token.Kind.LEFT;
                    case ')' -> Token.Kind.RIGHT;
                    case ',' -> Token.Kind.COMMA;
                    // The whole code point, so an emoji or a lone surrogate is shown as one character.
                    default -> throw new ExpressionException("unexpected character "
                            + Printable.quote(new String(Character.toChars(text.codePointAt(i)))) + " at column " + column
                            + (c == '[' || c == '{' ? " (use '(' and ')' for grouping)" : ""), column);
                };
                tokens.add(new Token(kind, String.valueOf(c), 0, column));
                i++;
            }
        }
        tokens.add(new Token(Token.Kind.END, "", 0, n + 1));
        return tokens;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Digits, an optional fraction, an optional exponent ({@code 1e-3}, {@code 2.5E+4}). */
    private static int scanNumber(String text, int start) {
        int n = text.length();
        int i = start;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < n && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < n && isDigit(text.charAt(exponent))) {
                i = exponent;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}
