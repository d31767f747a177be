package dev.descent.cli;

import dev.descent.loop.Minimizer;
import dev.descent.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One request of the explorer's page, read as the command line {@code descent minimize} would read
 * the same settings: each query parameter {@code name=value} is the option {@code --name value}
 * (a flag for {@code true}), parsed by the same option classes into the same problem, start and
 * minimizer, so a path drawn in the page has the iterates of {@code descent minimize --trace}. The
 * options are this command's own, and none of them names a file, so a page reaches none.
 */
@Command(name = "minimize")
final class ExplorerRequest {

    @Spec
    CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions;

    @Option(names = "--start", paramLabel = "a,b")
    String start;

    @Mixin
    OptimizerOptions optimizerOptions;

    @Mixin
    LoopOptions loopOptions;

    @Mixin
    StopOptions stopOptions;

    @Mixin
    BoundsOptions boundsOptions;

    private Problem problem;

    /**
     * The settings of {@code query}: each parameter is the option of its name, a flag for
     * {@code true} and left out for {@code false}. A name that is no option of this command, or a
     * bad value, is a {@link UsageError} naming it.
     */
    static ExplorerRequest of(Map<String, String> query, Set<String> ignored) {
        ExplorerRequest request = new ExplorerRequest();
        CommandLine line = DescentCommand.withConverters(new CommandLine(request));
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> entry : query.entrySet()) {
            String name = entry.getKey();
            if (ignored.contains(name)) {
                continue;
            }
            CommandLine.Model.OptionSpec option = line.getCommandSpec().findOption("--" + name);
            if (option == null) {
                throw new UsageError("unknown setting '" + name + "'");
            }
            if (option.typeInfo().isBoolean()) {
                if (!entry.getValue().equals("true") && !entry.getValue().equals("false")) {
                    throw new UsageError(name + " must be true or false: " + entry.getValue());
                }
                if (entry.getValue().equals("true")) {
                    args.add("--" + name);
                }
            } else {
                args.add("--" + name + "=" + entry.getValue());
            }
        }
        try {
            line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageError(DescentCommand.message(e));
        }
        request.problem = request.problemOptions.problem();
        return request;
    }

    /** The function: a formula or a built-in. */
    Problem problem() {
        return problem;
    }

    /** The start given, or the function's standard one. */
    double[] start() {
        return start == null ? problem.standardStart() : ProblemOptions.numbers("--start", start, problem.dimension());
    }

    /** Whether the page chose an optimizer. */
    boolean choseOptimizer() {
        return optimizerOptions.kinds != null;
    }

    /** The update rule, as {@code minimize} builds it. */
    Optimizer optimizer() {
        return optimizerOptions.optimizer(spec);
    }

    /** The rule {@code kind} at {@code rate}, with the other settings given. */
    Optimizer optimizer(OptimizerOptions.Kind kind, double rate) {
        return optimizerOptions.optimizer(kind, rate, spec);
    }

    /** The loop around {@code optimizer}, as {@code minimize} builds it: schedule, clipping, stop, box. */
    Minimizer minimizer(Optimizer optimizer) {
        return boundsOptions.apply(loopOptions.minimizer(optimizer, stopOptions.rule()), problem.variables());
    }

    /** The box asked for, or null. */
    dev.descent.Bounds box() {
        return boundsOptions.box(problem.variables());
    }

    /** The iteration budget. */
    long maxIterations() {
        return stopOptions.maxIterations;
    }
}
