package dev.descent.cli;

import picocli.CommandLine;

/**
 * The one reader of numbers typed on the command line: options of type {@code double} (through
 * {@link Converter}, registered for every command), the entries of {@code --start} and
 * {@code --at}, and the parameters of {@code --schedule}. A number is refused when it is not one,
 * when it is NaN or infinite (written so, or too large for a double, as {@code 1e400}), and when
 * it is not zero but too small for a double (as {@code 1e-400}), which would silently become 0.
 */
final class Numbers {

    /** The range of finite doubles, as messages state it. */
    static final String RANGE = "[" + -Double.MAX_VALUE + ", " + Double.MAX_VALUE + "]";

    private Numbers() {}

    /** What is wrong with a text that should be a number. */
    enum Problem {
        /** Not a number at all. */
        NOT_A_NUMBER,
        /** NaN, infinite, or beyond the largest double. */
        NOT_FINITE,
        /** Not zero, yet closer to zero than the smallest double. */
        UNDERFLOW;

        /** The message for {@code subject} (an option, or an option's entry) and the text typed. */
        String message(String subject, String text) {
            return switch (this) {
                case NOT_A_NUMBER -> subject + ": '" + text + "' is not a number";
                case NOT_FINITE -> subject + " must be a finite number, in " + RANGE + ": " + text;
                case UNDERFLOW -> subject + " must be 0 or at least " + Double.MIN_VALUE + " in magnitude: " + text;
            };
        }
    }

    /** A refused number, for picocli to pass to the parameter exception handler, which names the option. */
    static final class Refused extends CommandLine.TypeConversionException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;
        private final String text;

        Refused(Problem problem, String text) {
            super(problem.message("the value", text));
            this.problem = problem;
            this.text = text;
        }

        /** The message naming {@code option}. */
        String message(String option) {
            return problem.message(option, text);
        }
    }

    /** Converts option values of type {@code double} and {@code Double}. */
    static final class Converter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            return parseOrRefuse(text);
        }
    }

    /** Parses {@code text} as a finite double; the message of the {@link UsageError} starts with {@code subject}. */
    static double parse(String subject, String text) {
        try {
            return parseOrRefuse(text);
        } catch (Refused refused) {
            throw new UsageError(refused.message(subject));
        }
    }

    private static double parseOrRefuse(String text) {
        String trimmed = text.strip();
        double value;
        try {
            value = Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            throw new Refused(Problem.NOT_A_NUMBER, trimmed);
        }
        if (!Double.isFinite(value)) {
            throw new Refused(Problem.NOT_FINITE, trimmed);
        }
        if (dev.descent.spec.Key.roundedToZero(trimmed, value)) {
            throw new Refused(Problem.UNDERFLOW, trimmed);
        }
        return value;
    }
}
