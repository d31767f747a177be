package dev.descent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code descent} command: with no subcommand it prints this help; {@code descent tour} runs the tour. */
@Command(name = "descent", mixinStandardHelpOptions = true, versionProvider = DescentCommand.Version.class,
        description = {"Gradient descent, seen and measured. Start with descent tour, descent demo or descent minimize --help.",
            "Benchmarks: ./descent bench in the repository (the runner lives in descent-bench, with JMH)."},
        subcommands = {MinimizeCommand.class, CheckGradCommand.class, PlotCommand.class, DemoCommand.class, TrainCommand.class,
                EvaluateCommand.class,
                PredictCommand.class, TourCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class DescentCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand there is nothing to run: the help shows what there is, and asking for it is no error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Entry point; exits with the command's code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, for tests. Every command reads {@code double} options through
     * {@link Numbers.Converter}, describes its optimizer and schedule options from the libraries'
     * tables ({@link OptionHelp}), and both exception handlers print through {@link Messages#error}:
     * bad input of any kind exits with 2 and one escaped line naming what was wrong.
     */
    public static CommandLine commandLine() {
        // registered before any parsing, on the root: picocli hands the converters down to every subcommand
        CommandLine commandLine = withConverters(new CommandLine(new DescentCommand()));
        // the optimizer and schedule options describe themselves from the libraries' tables
        commandLine.setResourceBundle(new OptionHelp());
        commandLine.setParameterExceptionHandler(DescentCommand::parameterError);
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            dev.descent.io.CannotWriteException unwritable = cannotWrite(exception);
            if (unwritable != null) {
                Messages.error(command, unwritable(command, unwritable));
                return 2;
            }
            if (exception instanceof dev.descent.ml.data.DataException || exception instanceof UsageError
                    || exception instanceof java.io.IOException || exception instanceof java.io.UncheckedIOException) {
                Messages.error(command, exception.getMessage());
                return 2;
            }
            throw exception;
        });
        return commandLine;
    }

    /** {@code line} reading every {@code double} option through {@link Numbers.Converter}, as every command does. */
    static CommandLine withConverters(CommandLine line) {
        line.registerConverter(Double.class, new Numbers.Converter());
        line.registerConverter(double.class, new Numbers.Converter());
        return line;
    }

    /** A parse error's message, a refused number named by its option ({@code --lr must be in (0, inf): -1}). */
    static String message(CommandLine.ParameterException exception) {
        if (exception.getCause() instanceof Numbers.Refused refused
                && exception.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
            return refused.message(option.longestName());
        }
        return exception.getMessage();
    }

    /** The {@link dev.descent.io.CannotWriteException} behind {@code exception}, however wrapped, or null. */
    private static dev.descent.io.CannotWriteException cannotWrite(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.descent.io.CannotWriteException unwritable) {
                return unwritable;
            }
        }
        return null;
    }

    /**
     * An output that cannot be written, named by the option that chose it: {@code --save out/m.json:
     * cannot write: out is a file, not a folder}, or for a file inside an option's folder
     * ({@code demo --out}) {@code --out d: cannot write d/index.html: d is a file, not a folder}.
     * Every writing option goes through here, whatever command it belongs to and whoever wrapped the
     * exception on its way.
     */
    private static String unwritable(CommandLine command, dev.descent.io.CannotWriteException exception) {
        java.nio.file.Path written = exception.path().toAbsolutePath().normalize();
        String inside = null;
        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            Object value = option.getValue();
            for (Object each : value instanceof java.util.List<?> list ? list : java.util.List.of(value == null ? "" : value)) {
                if (each instanceof java.nio.file.Path path) {
                    java.nio.file.Path chosen = path.toAbsolutePath().normalize();
                    if (chosen.equals(written)) {
                        return option.longestName() + " " + path + ": cannot write: " + exception.reason();
                    }
                    if (inside == null && written.startsWith(chosen)) {
                        inside = option.longestName() + " " + path + ": cannot write " + exception.path() + ": "
                                + exception.reason();
                    }
                }
            }
        }
        return inside != null ? inside : exception.getMessage();
    }

    /**
     * Bad command-line syntax: the message (a refused number names its option), picocli's
     * suggestions for a mistyped option or command, then the command's usage; exit 2. A missing
     * required option is named on one line with where the help is, since the whole usage would bury
     * the one thing to add.
     */
    private static int parameterError(CommandLine.ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        if (exception instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            Messages.error(command, missing(missing.getMissing()));
            command.getErr().println(Messages.printable("see " + command.getCommandSpec().qualifiedName() + " --help"));
            command.getErr().flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        }
        Messages.error(command, message(exception));
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, command.getErr());
        command.usage(command.getErr());
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * {@code missing required option --data NAME|PATH}, or every missing one:
     * {@code missing required options --data NAME|PATH and --model SPEC}.
     */
    static String missing(java.util.List<CommandLine.Model.ArgSpec> arguments) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (CommandLine.Model.ArgSpec argument : arguments) {
            if (argument instanceof CommandLine.Model.OptionSpec option) {
                names.add(option.arity().max() == 0 ? option.longestName() : option.longestName() + " " + option.paramLabel());
            } else {
                names.add(argument.paramLabel());
            }
        }
        boolean options = arguments.stream().allMatch(CommandLine.Model.ArgSpec::isOption);
        String kind = options ? "option" : "argument";
        String last = names.remove(names.size() - 1);
        return "missing required " + kind + (names.isEmpty() ? " " + last : "s " + String.join(", ", names) + " and " + last);
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DescentCommand.class.getPackage().getImplementationVersion();
            return new String[] {"descent " + (version == null ? "dev" : version)};
        }
    }
}
