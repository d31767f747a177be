package dev.descent.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command reference, {@code docs/reference.md}, written from the commands' own picocli model:
 * for every command its description, its synopsis as {@code --help} prints it, and one table row
 * per option and parameter with the description {@code --help} shows (defaults and completion
 * candidates filled in). Nothing in the page is written by hand, so the page cannot say what the
 * command does not do; {@code ReferenceTest} holds the committed page to this text.
 */
public final class Reference {

    /** Synopses wrap at this width whatever the terminal, so the page is the same on every machine. */
    static final int WIDTH = 100;

    private Reference() {
    }

    /** The reference of {@code root} and its subcommands, depth first in the order the help lists them, as markdown. */
    public static String markdown(CommandLine root) {
        List<CommandLine> commands = new ArrayList<>();
        collect(root, commands);
        StringBuilder page = new StringBuilder();
        page.append("# Command reference\n\n")
                .append("Every command and option of `").append(root.getCommandName()).append("`, generated from the commands' ")
                .append("own help by `dev.descent.cli.Reference`; `ReferenceTest` fails when this page and the help differ. ")
                .append("Every command also takes `-h, --help` (its help) and `-V, --version`. ")
                .append("`./descent bench`, the benchmark runner, lives in descent-bench: see [Performance](performance.md).\n\n");
        for (CommandLine command : commands.subList(1, commands.size())) {
            String name = qualifiedName(command);
            page.append("- [").append(name).append("](#").append(name.replace(' ', '-')).append("): ")
                    .append(summary(command.getCommandSpec())).append('\n');
        }
        for (CommandLine command : commands) {
            section(command, page);
        }
        return page.toString();
    }

    private static void collect(CommandLine command, List<CommandLine> commands) {
        commands.add(command);
        for (Map.Entry<String, CommandLine> entry : command.getSubcommands().entrySet()) {
            // picocli lists a command once per alias; the reference shows it once, under its own name
            if (entry.getKey().equals(entry.getValue().getCommandName())) {
                collect(entry.getValue(), commands);
            }
        }
    }

    private static String qualifiedName(CommandLine command) {
        return command.getCommandSpec().qualifiedName(" ");
    }

    /** The line the parent's command list shows: the header where there is one (picocli's own help command), else the description's first. */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] description = spec.usageMessage().description();
        return header.length > 0 ? paragraph(header[0]) : description.length == 0 ? "" : paragraph(description[0]);
    }

    private static void section(CommandLine command, StringBuilder page) {
        CommandSpec spec = command.getCommandSpec();
        spec.usageMessage().autoWidth(false).width(WIDTH);
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        page.append("\n## ").append(qualifiedName(command)).append("\n\n");
        for (String header : spec.usageMessage().header()) {
            page.append(paragraph(header)).append("\n\n");
        }
        for (String description : spec.usageMessage().description()) {
            page.append(paragraph(description)).append("\n\n");
        }
        page.append("```text\n").append(help.synopsis(0).stripTrailing()).append("\n```\n");

        List<ArgSpec> arguments = new ArrayList<>();
        List<OptionSpec> options = new ArrayList<>(spec.options());
        Comparator<OptionSpec> order = help.createDefaultOptionSort();
        if (order != null) {
            options.sort(order);
        }
        for (OptionSpec option : options) {
            if (!option.hidden() && !option.usageHelp() && !option.versionHelp()) {
                arguments.add(option);
            }
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (!parameter.hidden()) {
                arguments.add(parameter);
            }
        }
        if (!arguments.isEmpty()) {
            page.append("\n| option | what it does |\n|---|---|\n");
            for (ArgSpec argument : arguments) {
                page.append("| ").append(cell(label(argument, help))).append(" | ")
                        .append(cell(paragraph(String.join(" ", argument.renderedDescription()))))
                        // an option of an exclusive group is required only within it, and the synopsis shows the group
                        .append(argument.required() && argument.group() == null ? " Required." : "").append(" |\n");
            }
        }
        if (!command.getSubcommands().isEmpty()) {
            page.append("\n| command | what it does |\n|---|---|\n");
            for (Map.Entry<String, CommandLine> entry : command.getSubcommands().entrySet()) {
                if (entry.getKey().equals(entry.getValue().getCommandName())) {
                    String name = qualifiedName(entry.getValue());
                    page.append("| [").append(entry.getKey()).append("](#").append(name.replace(' ', '-')).append(") | ")
                            .append(cell(summary(entry.getValue().getCommandSpec()))).append(" |\n");
                }
            }
        }
    }

    /** {@code `-o`, `--output=FILE.csv`}, {@code `--[no-]standardize-target`}, or a parameter's {@code `WORKLOAD`}, as the help shows it. */
    private static String label(ArgSpec argument, Help help) {
        String parameter = help.parameterLabelRenderer().renderParameterLabel(argument, Help.Ansi.OFF, List.of()).toString();
        if (argument instanceof OptionSpec option) {
            List<String> names = new ArrayList<>();
            for (String name : option.names()) {
                names.add(option.negatable() && name.startsWith("--") ? "--[no-]" + name.substring(2) : name);
            }
            names.sort(Help.shortestFirst());
            StringBuilder label = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                label.append(i == 0 ? "" : ", ").append('`').append(names.get(i))
                        .append(i == names.size() - 1 ? parameter : "").append('`');
            }
            return label.toString();
        }
        return "`" + parameter.strip() + "`";
    }

    /**
     * A description as markdown prose: picocli's {@code %n} line breaks become spaces, and a
     * {@code <} is escaped, since {@code <variables>} would read as an HTML tag and vanish.
     */
    private static String paragraph(String text) {
        return text.replace("%n", " ").replaceAll("\\s+", " ").strip().replace("<", "&lt;");
    }

    /** A table cell: a pipe would end the cell, so it is escaped (GitHub shows {@code \|} as a pipe, in code too). */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
