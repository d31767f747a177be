package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference.md} is the text {@link Reference} makes from the commands' own help, so a
 * changed option shows up in the page or fails here. Run with {@code -Ddescent.updateReference=true}
 * to write the page instead of checking it.
 */
class ReferenceTest {
    static final Path PAGE = Path.of("..", "docs", "reference.md");
    static final String UPDATE = "descent.updateReference";
    static final String REGENERATE = "mvn -B -ntp -pl descent-cli -am verify -Dtest=ReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE + "=true";

    @Test
    void theReferencePageIsTheCommandsOwnHelp() throws IOException {
        String generated = Reference.markdown(DescentCommand.commandLine());
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        if (!Files.exists(PAGE)) {
            fail(PAGE.toAbsolutePath().normalize() + " is missing; write it with: " + REGENERATE);
        }
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as("docs/reference.md differs from the commands' help; after changing an option or command, "
                        + "regenerate it with: " + REGENERATE + " (and commit it)")
                .isEqualTo(generated);
    }

    @Test
    void everyCommandAndOptionIsInThePage() {
        String generated = Reference.markdown(DescentCommand.commandLine());
        for (picocli.CommandLine command : DescentCommand.commandLine().getSubcommands().values()) {
            assertThat(generated).contains("\n## descent " + command.getCommandName() + "\n");
            for (picocli.CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                assertThat(generated).as(command.getCommandName() + " " + option.longestName())
                        .contains(option.longestName().replaceFirst("^--", ""));
            }
        }
    }
}
