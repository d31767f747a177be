package dev.descent.expression;

import dev.descent.io.Printable;

/** A lexical token with its 1-based column. */
record Token(Kind kind, String text, double number, int column) {

    enum Kind {
        NUMBER, IDENTIFIER, PLUS, MINUS, STAR, SLASH, CARET, LEFT, RIGHT, COMMA, END
    }

    /** How the token reads in a message: {@code ')'}, {@code 'sin'}, or {@code end of expression}. */
    String describe() {
        return kind == Kind.END ? "end of expression" : Printable.quote(text);
    }
}
