package dev.descent.cli;

import dev.descent.io.Printable;
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

    /** {@code text} with every character that is not printable escaped ({@link Printable#escape}). */
    static String printable(String text) {
        return Printable.escape(text);
    }
}
