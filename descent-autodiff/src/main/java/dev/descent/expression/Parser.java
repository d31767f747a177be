package dev.descent.expression;

import dev.descent.io.Printable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive descent over the grammar
 *
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/') unary)*
 * unary      := ('-' | '+') unary | power
 * power      := primary ('^' unary)?            right-associative, tighter than unary minus
 * primary    := number | constant | variable | function '(' expression (',' expression)* ')' | '(' expression ')'
 * </pre>
 *
 * <p>It emits postfix code as it parses, so neither the parse of a long sum nor its evaluation
 * recurses along the sum; only nesting recurses, and nesting deeper than {@link #MAX_DEPTH} levels
 * is refused with a message.
 */
final class Parser {
    static final int MAX_DEPTH = 256;

    private final List<Token> tokens;
    private final Code code = new Code();
    /** Variable names in order of first appearance, with the column of that appearance. */
    final Map<String, Integer> variables = new LinkedHashMap<>();
    /** Each variable's index in {@link #variables}, so a formula with many variables parses in linear time. */
    private final Map<String, Integer> indices = new HashMap<>();
    private int position;
    private int depth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a whole formula; variable operands hold indices in order of first appearance. */
    static Parser parse(String text) {
        if (text.isBlank()) {
            throw new ExpressionException("empty expression", 0);
        }
        Parser parser = new Parser(Lexer.tokens(text));
        parser.expression();
        Token last = parser.peek();
        if (last.kind() != Token.Kind.END) {
            throw new ExpressionException("unexpected " + last.describe() + " at column " + last.column()
                    + (last.kind() == Token.Kind.RIGHT ? " (no matching '(')" : " (expected an operator)"), last.column());
        }
        return parser;
    }

    Code code() {
        return code;
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        return tokens.get(position++);
    }

    private void expression() {
        term();
        while (peek().kind() == Token.Kind.PLUS || peek().kind() == Token.Kind.MINUS) {
            boolean plus = next().kind() == Token.Kind.PLUS;
            term();
            code.emit(plus ? Code.ADD : Code.SUB);
        }
    }

    private void term() {
        unary();
        while (peek().kind() == Token.Kind.STAR || peek().kind() == Token.Kind.SLASH) {
            Token operator = next();
            boolean times = operator.kind() == Token.Kind.STAR;
            Token following = peek();
            // Python's and Fortran's power operator; written together it can only mean a power.
            if (times && following.kind() == Token.Kind.STAR && following.column() == operator.column() + 1) {
                throw new ExpressionException("unexpected '**' at column " + operator.column()
                        + " (use '^' for a power: x^2, not x**2)", operator.column());
            }
            unary();
            code.emit(times ? Code.MUL : Code.DIV);
        }
    }

    private void unary() {
        Token token = peek();
        if (token.kind() == Token.Kind.MINUS || token.kind() == Token.Kind.PLUS) {
            next();
            enter(token);
            unary();
            depth--;
            if (token.kind() == Token.Kind.MINUS) {
                code.emit(Code.NEG);
            }
            return;
        }
        power();
    }

    private void power() {
        primary();
        if (peek().kind() == Token.Kind.CARET) {
            Token caret = next();
            enter(caret);
            unary(); // right-associative: the exponent may itself be a power or a negation
            depth--;
            code.emit(Code.POW);
        }
    }

    private void primary() {
        Token token = next();
        switch (token.kind()) {
            case NUMBER -> code.constant(token.number());
            case IDENTIFIER -> identifier(token);
            case LEFT -> {
                enter(token);
                expression();
                expect(Token.Kind.RIGHT, token);
                depth--;
            }
            default -> throw new ExpressionException("unexpected " + token.describe() + " at column " + token.column()
                    + " (expected a number, a variable, a function or '(')", token.column());
        }
    }

    private void identifier(Token token) {
        String name = token.text();
        if (peek().kind() == Token.Kind.LEFT) {
            call(token);
            return;
        }
        if (name.equals("pi")) {
            code.constant(Math.PI);
        } else if (name.equals("e")) {
            code.constant(Math.E);
        } else if (Function.named(name).isPresent()) {
            throw new ExpressionException("function " + Printable.quote(name) + " at column " + token.column() + " needs arguments: "
                    + Printable.escape(name) + "(...)", token.column());
        } else {
            variables.putIfAbsent(name, token.column());
            code.variable(indices.computeIfAbsent(name, unused -> indices.size()));
        }
    }

    private void call(Token name) {
        Function function = Function.named(name.text()).orElseThrow(() -> new ExpressionException(
                "unknown function " + Printable.quote(name.text()) + " at column " + name.column()
                        + Function.suggestion(name.text()).map(s -> " (" + s + ")").orElse(
                                " (functions: " + functionNames() + ")"), name.column()));
        Token open = next();
        enter(open);
        int arguments = 0;
        if (peek().kind() != Token.Kind.RIGHT) {
            expression();
            arguments++;
            while (peek().kind() == Token.Kind.COMMA) {
                next();
                expression();
                arguments++;
            }
        }
        expect(Token.Kind.RIGHT, open);
        depth--;
        if (arguments != function.arity) {
            throw new ExpressionException("function '" + function.lowerName() + "' at column " + name.column() + " takes "
                    + function.arity + " argument" + (function.arity == 1 ? "" : "s") + ", got " + arguments, name.column());
        }
        code.call(function);
    }

    private void expect(Token.Kind kind, Token open) {
        Token token = peek();
        if (token.kind() == kind) {
            next();
            return;
        }
        if (token.kind() == Token.Kind.END) {
            throw new ExpressionException("missing ')' to close the '(' at column " + open.column(), open.column());
        }
        throw new ExpressionException("unexpected " + token.describe() + " at column " + token.column()
                + " (expected ')' to close the '(' at column " + open.column() + ")", token.column());
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException("expression nested more than " + MAX_DEPTH + " levels deep at column "
                    + token.column(), token.column());
        }
    }

    static String functionNames() {
        List<String> names = new ArrayList<>();
        for (Function f : Function.values()) {
            names.add(f.lowerName());
        }
        return String.join(", ", names);
    }
}
