package dev.descent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void badWorkloadsAndRepetitionsAreRefusedWithExitCodeTwo() {
        String[] bad = run("W9");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("unknown workload 'W9' (W1 to W8, W7cv)");
        String[] reps = run("W5", "--reps", "2");
        assertThat(reps[0]).isEqualTo("2");
        assertThat(reps[2]).contains("--reps must be at least 5: 2");
        String[] help = run("--help");
        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1]).contains("Usage: descent bench").doesNotContain("../shared");
    }
}
