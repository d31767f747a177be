package dev.descent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the descent command in-process and captures its exit code, stdout and stderr. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = DescentCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
