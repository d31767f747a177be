package dev.descent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place the command writes its messages to stderr: {@code descent <command>: <message>},
 * with every character that is not printable shown as an escape ({@code \t}, {@code \n},
 * {@code \r}, else {@code \}{@code uXXXX}). Messages quote what the user typed and what files
 * hold; written raw, a control character in them would reach the terminal as a command (colours,
 * cursor moves, a bell, a rewritten title) or hide part of the message.
 */
final class Messages {
    private Messages() {}

    /** Prints {@code message} on the command's stderr, prefixed by the command's name and escaped. */
    static void error(CommandLine command, String message) {
        PrintWriter err = command.getErr();
        err.println(printable(command.getCommandSpec().qualifiedName() + ": " + message));
        err.flush();
    }

    /**
     * {@code text} with each control, format (such as bidirectional overrides), separator other than
     * the space, unassigned or lone surrogate character escaped; letters, digits, symbols and
     * spaces of every script stay as they are.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (printable(c)) {
                        out.appendCodePoint(c);
                    } else {
                        for (char unit : Character.toChars(c)) {
                            out.append(String.format("\\u%04x", (int) unit));
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.UNASSIGNED, Character.SURROGATE, Character.PRIVATE_USE -> false;
            case Character.SPACE_SEPARATOR -> c == ' ';
            default -> true;
        };
    }
}
