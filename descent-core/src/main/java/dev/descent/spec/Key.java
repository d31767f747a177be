package dev.descent.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One key of a {@link Kind}: its name, the type and form of its value, its allowed range, what it
 * means, its default, and how to read it off a value of the kind (a record of hyper-parameters).
 * Values are text in a {@link Spec}; a key parses its text, refusing it with a {@link SpecException}
 * that names the key, and prints a value back so that parsing the print gives the same value, bit
 * for bit.
 *
 * <p>The default is read off the kind's defaults (the record's own), so it is written in one place;
 * a key whose default depends on another key's value ({@link #defaultsTo}) says how, and a
 * {@link #required} key has none.
 *
 * @param <R> the type of the kind's values, such as {@code Adam}
 */
public final class Key<R> {

    /** The forms a value takes. */
    public enum Type {
        /** A finite number, as {@code 1e-3}. */
        NUMBER,
        /** A whole number, as {@code 200}. */
        WHOLE,
        /** On when the key is written alone or as {@code key=true}; off as {@code key=false}. */
        FLAG,
        /** One of the key's {@link #choices()}. */
        CHOICE,
        /** Two numbers separated by {@code /}, as {@code 0.5/1.2}. */
        PAIR,
        /** Whole numbers separated by {@code /}, as {@code 30/80}. */
        LIST
    }

    /** The range of finite doubles, as messages state it. */
    static final String FINITE = "[" + -Double.MAX_VALUE + ", " + Double.MAX_VALUE + "]";
    /** The largest whole number taken: beyond it a double no longer holds every whole number exactly. */
    private static final double LARGEST_WHOLE = 1e15;

    private final String name;
    private final Type type;
    private final String help;
    private final String range;
    private final List<String> choices;
    private final Function<? super R, ?> read;
    private final List<String> components;
    private final boolean required;
    private final Object constantDefault;
    private final Function<? super R, ?> dependentDefault;
    private final String defaultNote;
    private final String unit;
    private final boolean integer;

    private Key(String name, Type type, String help, String range, List<String> choices, Function<? super R, ?> read,
                List<String> components, boolean required, Object constantDefault, Function<? super R, ?> dependentDefault,
                String defaultNote, String unit, boolean integer) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.help = Objects.requireNonNull(help, "help");
        this.range = range;
        this.choices = List.copyOf(choices);
        this.read = Objects.requireNonNull(read, "read");
        this.components = List.copyOf(components);
        this.required = required;
        this.constantDefault = constantDefault;
        this.dependentDefault = dependentDefault;
        this.defaultNote = defaultNote;
        this.unit = unit;
        this.integer = integer;
    }

    private static <R> Key<R> of(String name, Type type, String help, String range, List<String> choices,
                                 Function<? super R, ?> read) {
        return new Key<>(name, type, help, range, choices, read, List.of(), false, null, null, null, null, false);
    }

    /**
     * A number.
     *
     * @param name the key, as {@code lr}
     * @param range the values the kind takes, as its records' messages state them, such as {@code in (0, inf)}
     * @param help what the number is, as {@code learning rate}
     * @param read the number of a value
     */
    public static <R> Key<R> number(String name, String range, String help, ToDoubleFunction<? super R> read) {
        return of(name, Type.NUMBER, help, range, List.of(), r -> read.applyAsDouble(r));
    }

    /** A whole number that fits a {@code long}; see {@link #number} for the parameters. */
    public static <R> Key<R> whole(String name, String range, String help, ToLongFunction<? super R> read) {
        return of(name, Type.WHOLE, help, range, List.of(), r -> read.applyAsLong(r));
    }

    /** A whole number that fits an {@code int}, as a count kept in one; see {@link #number} for the parameters. */
    public static <R> Key<R> integer(String name, String range, String help, ToLongFunction<? super R> read) {
        Key<R> key = whole(name, range, help, read);
        return key.copy(key.components, key.required, key.constantDefault, key.dependentDefault, key.defaultNote, key.unit,
                true);
    }

    /** A flag, off unless given. */
    public static <R> Key<R> flag(String name, String help, Predicate<? super R> read) {
        return of(name, Type.FLAG, help, null, List.of(), r -> read.test(r));
    }

    /** One of {@code choices}. */
    public static <R> Key<R> choice(String name, List<String> choices, String help, Function<? super R, String> read) {
        return of(name, Type.CHOICE, help, null, choices, read);
    }

    /** Two numbers, written {@code a/b}; {@code range} says what each may be. */
    public static <R> Key<R> pair(String name, String range, String help, Function<? super R, double[]> read) {
        return of(name, Type.PAIR, help, range, List.of(), r -> read.apply(r).clone());
    }

    /** Whole numbers, written {@code a/b/...}; {@code range} says what they may be. */
    public static <R> Key<R> list(String name, String range, String help, Function<? super R, long[]> read) {
        return of(name, Type.LIST, help, range, List.of(), r -> read.apply(r).clone());
    }

    private Key<R> copy(List<String> components, boolean required, Object constantDefault,
                        Function<? super R, ?> dependentDefault, String defaultNote, String unit, boolean integer) {
        return new Key<>(name, type, help, range, choices, read, components, required, constantDefault, dependentDefault,
                defaultNote, unit, integer);
    }

    /**
     * This key naming the record's components its messages start with: the record says
     * {@code learningRate must be in (0, inf): -1.0}, and a spec's refusal says {@code lr must be ...}.
     */
    public Key<R> components(String... names) {
        return copy(List.of(names), required, constantDefault, dependentDefault, defaultNote, unit, integer);
    }

    /** This key without a default: a spec of its kind must give it. */
    public Key<R> required() {
        return copy(components, true, null, null, null, unit, integer);
    }

    /**
     * This key with a default that depends on the other keys: {@code fallback} reads it off a value
     * (it is what the kind's maker chooses when the key is not given), {@code note} says it in words.
     */
    public Key<R> defaultsTo(Function<? super R, ?> fallback, String note) {
        return copy(components, false, null, Objects.requireNonNull(fallback), Objects.requireNonNull(note), unit, integer);
    }

    /** This whole-number key counting {@code unit}, as {@code steps}, for its messages. */
    public Key<R> counting(String unit) {
        return copy(components, required, constantDefault, dependentDefault, defaultNote, unit, integer);
    }

    /** This key with its default read off {@code defaults}, unless it is required or has a dependent one. */
    Key<R> withDefaultOf(R defaults) {
        if (required || dependentDefault != null || defaults == null) {
            return this;
        }
        return copy(components, false, read.apply(defaults), null, null, unit, integer);
    }

    /** The key, as written in a spec. */
    public String name() {
        return name;
    }

    /** The form of its value. */
    public Type type() {
        return type;
    }

    /** What the key sets, in a few words. */
    public String help() {
        return help;
    }

    /** The values taken, as the records' messages state them ({@code in [0, 1)}, {@code at least 1}); empty for a flag or choice. */
    public Optional<String> range() {
        return Optional.ofNullable(range);
    }

    /** The words a {@link Type#CHOICE} takes; empty for other types. */
    public List<String> choices() {
        return choices;
    }

    /** Whether a spec must give this key: it has no default. */
    public boolean isRequired() {
        return required;
    }

    /**
     * The default as a spec would write it ({@code 0.001}, {@code false}), or in words when it
     * depends on another key; empty for a required key.
     */
    public Optional<String> defaultText() {
        if (dependentDefault != null) {
            return Optional.of(defaultNote);
        }
        if (constantDefault == null) {
            return Optional.empty();
        }
        return Optional.of(type == Type.FLAG ? constantDefault.toString() : print(constantDefault));
    }

    /** Whether the default depends on the other keys ({@link #defaultsTo}). */
    public boolean hasDependentDefault() {
        return dependentDefault != null;
    }

    /** The placeholder of the value in a form, such as {@code X}, {@code N}, {@code A/B} or {@code cos|linear}. */
    public String label() {
        return switch (type) {
            case NUMBER -> "X";
            case WHOLE -> "N";
            case FLAG -> "";
            case CHOICE -> String.join("|", choices);
            case PAIR -> "A/B";
            case LIST -> "A/B/...";
        };
    }

    /** The constant default, or null when the key is required or its default depends on others. */
    Object constantDefault() {
        return constantDefault;
    }

    /** This key's value in {@code value}. */
    Object read(R value) {
        return read.apply(value);
    }

    /** The default this key has in {@code value}'s company: the constant one, or the dependent one read off it. */
    Object defaultIn(R value) {
        return dependentDefault != null ? dependentDefault.apply(value) : constantDefault;
    }

    /** Whether a record's message about this key starts with one of its components (or the key itself). */
    boolean names(String message) {
        for (String component : components) {
            if (message.startsWith(component + " ")) {
                return true;
            }
        }
        return message.startsWith(name + " ");
    }

    /** A record's message about this key, said with the key: {@code learningRate must ...} becomes {@code lr must ...}. */
    String rename(String message) {
        for (String component : components) {
            if (message.startsWith(component + " ")) {
                return name + message.substring(component.length());
            }
        }
        return message;
    }

    /**
     * The value {@code text} stands for in {@code kind}: a {@code Double}, {@code Long},
     * {@code Boolean}, {@code String}, {@code double[]} or {@code long[]} by the key's type.
     *
     * @throws SpecException naming the key, and the kind unless the problem is a number that is none
     */
    Object parse(String kind, String text) {
        if (text.isEmpty() && type != Type.FLAG) {
            throw refused(null, "expected key=value, got '" + name + "'");
        }
        return switch (type) {
            case NUMBER -> parseNumber(name, text);
            case WHOLE -> whole(kind, text);
            case FLAG -> {
                if (text.isEmpty() || text.equals("true")) {
                    yield true;
                }
                if (text.equals("false")) {
                    yield false;
                }
                throw refused(kind, name + " takes no value (or true|false): " + text);
            }
            case CHOICE -> {
                if (!choices.contains(text)) {
                    throw refused(kind, name + " must be " + alternatives(choices) + ": " + text);
                }
                yield text;
            }
            case PAIR -> {
                String[] parts = text.split("/", -1);
                if (parts.length != 2) {
                    throw refused(kind, name + " takes two numbers separated by '/', got " + parts.length + ": " + text);
                }
                yield new double[] {parseNumber(name, parts[0]), parseNumber(name, parts[1])};
            }
            case LIST -> {
                String[] parts = text.split("/", -1);
                long[] values = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        values[i] = Long.parseLong(parts[i].strip());
                    } catch (NumberFormatException e) {
                        throw refused(kind, name + " must be whole numbers separated by '/': " + text);
                    }
                }
                yield values;
            }
        };
    }

    private long whole(String kind, String text) {
        double value = parseNumber(name, text);
        String whole = name + " must be a whole number" + (unit == null ? "" : " of " + unit);
        if (value != Math.rint(value) || Math.abs(value) > LARGEST_WHOLE) {
            throw refused(kind, whole + ": " + text);
        }
        if (integer && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw refused(kind, whole + " in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]: " + text);
        }
        return (long) value;
    }

    private SpecException refused(String kind, String problem) {
        return new SpecException(kind == null ? problem : kind + ": " + problem, kind, name, problem);
    }

    /**
     * {@code text} as a finite double: refused when it is not a number, when it is NaN or infinite
     * (written so, or beyond the largest double, as {@code 1e400}), and when it is not zero but
     * closer to zero than the smallest double (as {@code 1e-400}), which would silently become 0.
     */
    static double parseNumber(String subject, String text) {
        String trimmed = text.strip();
        double value;
        try {
            value = Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            throw new SpecException(subject + ": '" + trimmed + "' is not a number", null, subject,
                    subject + ": '" + trimmed + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            String problem = subject + " must be a finite number, in " + FINITE + ": " + trimmed;
            throw new SpecException(problem, null, subject, problem);
        }
        if (roundedToZero(trimmed, value)) {
            String problem = subject + " must be 0 or at least " + Double.MIN_VALUE + " in magnitude: " + trimmed;
            throw new SpecException(problem, null, subject, problem);
        }
        return value;
    }

    /**
     * Whether {@code value}, parsed from {@code text}, is 0 only because the number written is closer
     * to zero than the smallest double (as {@code 1e-400}): every reader of numbers typed by people
     * refuses that rather than take it silently as 0.
     */
    public static boolean roundedToZero(String text, double value) {
        return value == 0 && hasNonZeroDigit(text);
    }

    /** Whether the significand (before any exponent) has a digit other than 0, so the number is not 0. */
    private static boolean hasNonZeroDigit(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean hex = lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x");
        int end = hex ? lower.indexOf('p') : lower.indexOf('e');
        String significand = end < 0 ? lower : lower.substring(0, end);
        if (hex) {
            significand = significand.substring(significand.indexOf('x') + 1);
        }
        for (int i = 0; i < significand.length(); i++) {
            char c = significand.charAt(i);
            if (c != '0' && (Character.isDigit(c) || (hex && c >= 'a' && c <= 'f'))) {
                return true;
            }
        }
        return false;
    }

    /** A value of this key as a spec writes it; reading it back gives the same bits. */
    String print(Object value) {
        return switch (type) {
            case NUMBER -> decimal((Double) value);
            case WHOLE -> Long.toString((Long) value);
            case FLAG -> (Boolean) value ? "" : "false";
            case CHOICE -> (String) value;
            case PAIR -> {
                double[] pair = (double[]) value;
                yield decimal(pair[0]) + "/" + decimal(pair[1]);
            }
            case LIST -> {
                List<String> parts = new ArrayList<>();
                for (long each : (long[]) value) {
                    parts.add(Long.toString(each));
                }
                yield String.join("/", parts);
            }
        };
    }

    /** Whether two values of this key are the same: the same bits for numbers. */
    boolean same(Object a, Object b) {
        return switch (type) {
            case PAIR -> Arrays.equals((double[]) a, (double[]) b);
            case LIST -> Arrays.equals((long[]) a, (long[]) b);
            default -> Objects.equals(a, b);
        };
    }

    /**
     * The shortest text that reads back as {@code value}: the digits of {@link Double#toString}, in
     * plain or exponent form, whichever is shorter (plain on a tie): {@code 0.02}, {@code 1e-3},
     * {@code 50}, {@code 1e4}, {@code 0.30000000000000004}.
     */
    public static String decimal(double value) {
        String text = Double.toString(value);
        int exponent = text.indexOf('E');
        String significand = exponent < 0 ? text : text.substring(0, exponent);
        if (significand.endsWith(".0")) {
            significand = significand.substring(0, significand.length() - 2);
        }
        String plain = exponent < 0 ? significand : significand + "e" + text.substring(exponent + 1);
        if (value == 0 || !Double.isFinite(value)) {
            return plain;
        }
        // the same digits, so the same double: only where the point goes changes
        java.math.BigDecimal digits = new java.math.BigDecimal(text).stripTrailingZeros();
        String unscaled = digits.unscaledValue().abs().toString();
        int power = unscaled.length() - 1 - digits.scale();
        String scientific = (value < 0 ? "-" : "") + unscaled.charAt(0)
                + (unscaled.length() > 1 ? "." + unscaled.substring(1) : "") + "e" + power;
        return scientific.length() < plain.length() ? scientific : plain;
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    static String alternatives(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    @Override
    public String toString() {
        return name;
    }
}
