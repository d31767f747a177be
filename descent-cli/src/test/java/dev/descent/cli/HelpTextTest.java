package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's help: each option once, true defaults, whole sentences, nothing outside the repository. */
class HelpTextTest {

    /** An option line of the usage help: "  -o, --output=FILE  ..." or "      --lr=X  ...". */
    private static final Pattern OPTION_LINE = Pattern.compile("^  (?:(-\\w), |    )(--[\\w-]+)");

    private static Map<String, CommandLine> subcommands() {
        return DescentCommand.commandLine().getSubcommands();
    }

    @Test
    void bareDescentPrintsTheHelpAndExitsZero() {
        Cli bare = Cli.run();
        assertThat(bare.exitCode()).isZero();
        assertThat(bare.err()).isEmpty();
        assertThat(bare.out()).startsWith("Usage: descent [-hV] [COMMAND]").contains("  tour  ").contains("  minimize  ");
        Cli tour = Cli.run("tour", "--max-iter", "5");
        assertThat(tour.exitCode()).isZero();
        assertThat(tour.out()).startsWith("Rosenbrock f(x, y)");
    }

    @Test
    void aMissingRequiredOptionIsNamedOnOneLineWithWhereTheHelpIs() {
        String nl = System.lineSeparator();
        Cli noData = Cli.run("train", "--model", "linear");
        assertThat(noData.exitCode()).isEqualTo(2);
        assertThat(noData.err()).isEqualTo("descent train: missing required option --data NAME|PATH" + nl
                + "see descent train --help" + nl);
        assertThat(noData.out()).isEmpty();
        Cli bare = Cli.run("train");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).isEqualTo("descent train: missing required options --data NAME|PATH and --model SPEC" + nl
                + "see descent train --help" + nl);
        Cli noOutput = Cli.run("plot", "--function", "booth");
        assertThat(noOutput.exitCode()).isEqualTo(2);
        assertThat(noOutput.err()).isEqualTo("descent plot: missing required option --output FILE" + nl
                + "see descent plot --help" + nl);
        // the function is one of two options, so the line names both and is the whole message
        Cli noFunction = Cli.run("minimize");
        assertThat(noFunction.exitCode()).isEqualTo(2);
        assertThat(noFunction.err()).isEqualTo("descent minimize: give the function to minimize: --expr EXPR or --function NAME"
                + nl);
        assertThat(noFunction.out()).isEmpty();
    }

    @Test
    void noOptionIsListedTwice() {
        for (String name : subcommands().keySet()) {
            Cli help = Cli.run(name, "--help");
            assertThat(help.exitCode()).as(name).isZero();
            List<String> listed = new ArrayList<>();
            for (String line : help.out().split("\\R")) {
                Matcher matcher = OPTION_LINE.matcher(line);
                if (matcher.find()) {
                    if (matcher.group(1) != null) {
                        listed.add(matcher.group(1));
                    }
                    listed.add(matcher.group(2));
                }
            }
            assertThat(listed).as("options of " + name).isNotEmpty().doesNotHaveDuplicates();
        }
    }

    @Test
    void nothingRefersOutsideTheRepositoryAndCheckGradDoesNotMinimize() {
        assertThat(Cli.run("--help").out()).doesNotContain("../");
        for (String name : subcommands().keySet()) {
            assertThat(Cli.run(name, "--help").out()).as(name).doesNotContain("../shared").doesNotContain("../");
        }
        assertThat(Cli.run("check-grad", "--help").out()).doesNotContain("to minimize");
        assertThat(Cli.run("check-grad", "--at", "1").err()).isEqualTo(
                "descent check-grad: give the function to check: --expr EXPR or --function NAME" + System.lineSeparator());
    }

    @Test
    void descriptionsAreWholeSentencesAndDefaultsAreTheRealOnes() {
        List<CommandLine> commands = new ArrayList<>(subcommands().values());
        commands.add(DescentCommand.commandLine());
        for (CommandLine command : commands) {
            String name = command.getCommandName();
            for (String paragraph : command.getCommandSpec().usageMessage().description()) {
                assertThat(paragraph.replaceAll("%n$", "")).as(name + ": each description line is whole sentences").endsWith(".");
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                String text = String.join(" ", option.description());
                assertThat(text).as(name + " " + option.longestName()).endsWith(".");
                if (option.defaultValue() != null && text.contains("(default ")) {
                    assertThat(text).as(name + " " + option.longestName() + " states its real default")
                            .contains("(default " + option.defaultValue() + ")");
                }
            }
        }
    }
}
