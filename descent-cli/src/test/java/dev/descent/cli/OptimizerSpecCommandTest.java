package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --optimizer} takes a spec string, so one command can race one optimizer configured several ways. */
class OptimizerSpecCommandTest {

    @Test
    void aRaceOfDifferentlyConfiguredOptimizersIsDrawnWithEachNamedInTheLegend(@TempDir Path dir) throws Exception {
        String[] race = {"plot", "--function", "rosenbrock", "--optimizer", "gd", "--optimizer", "sgd:momentum=0.9",
            "--optimizer", "adam:lr=0.02"};
        Path png = dir.resolve("race.png");
        Cli drawn = Cli.run(concat(race, "-o", png.toString()));
        assertThat(drawn.exitCode()).as(drawn.err()).isZero();
        assertThat(PlotCommandTest.png(png).getWidth()).isEqualTo(900);
        assertThat(drawn.out()).contains("gd lr=0.001").contains("momentum lr=0.001").contains("adam lr=0.02");

        Path svg = dir.resolve("race.svg");
        Cli vector = Cli.run(concat(race, "-o", svg.toString()));
        assertThat(vector.exitCode()).as(vector.err()).isZero();
        assertThat(PlotCommandTest.runPaths(svg)).isEqualTo(3);
        String legend = Files.readString(svg);
        assertThat(legend).contains("gd:lr=1e-3: ").contains("sgd:lr=1e-3,momentum=0.9: ").contains("adam:lr=0.02: ");
    }

    @Test
    void flagsBesideSpecsApplyToEveryOptimizerThatHasTheirKey(@TempDir Path dir) throws Exception {
        // --lr applies to both; adam's beta2 comes from its spec, sgd's momentum from its own
        Path svg = dir.resolve("rates.svg");
        Cli cli = Cli.run("plot", "--function", "rosenbrock", "--optimizer", "sgd:momentum=0.5",
                "--optimizer", "adam:beta2=0.99", "--lr", "0.002", "--max-iter", "300", "-o", svg.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(Files.readString(svg)).contains("sgd:lr=2e-3,momentum=0.5: ").contains("adam:lr=2e-3,beta2=0.99: ");
    }

    @Test
    void aSpecRunsAsItsFlagsDo() {
        String[] common = {"minimize", "--function", "rosenbrock", "--max-iter", "400", "--format", "json"};
        Cli flags = Cli.run(concat(common, "--optimizer", "sgd", "--lr", "1e-3", "--momentum", "0.9", "--nesterov"));
        Cli spec = Cli.run(concat(common, "--optimizer", "sgd:lr=1e-3,momentum=0.9,nesterov"));
        Cli mixed = Cli.run(concat(common, "--optimizer", "sgd:momentum=0.9,nesterov", "--lr", "1e-3"));
        assertThat(flags.exitCode()).as(flags.err()).isZero();
        assertThat(withoutTimes(spec.out())).isEqualTo(withoutTimes(flags.out()));
        assertThat(withoutTimes(mixed.out())).isEqualTo(withoutTimes(flags.out()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "minimize --function booth --optimizer sgd:momentum=0.9 --momentum 0.5"
                    + "#descent minimize: --momentum conflicts with momentum=0.9 in --optimizer sgd:momentum=0.9: give one",
            "plot --function booth -o p.png --optimizer adam:lr=0.02 --lr 0.01"
                    + "#descent plot: --lr conflicts with lr=0.02 in --optimizer adam:lr=0.02: give one",
            "plot --function booth -o p.png --optimizer gd --optimizer sgd --momentum 0.9"
                    + "#descent plot: --momentum does not apply to gd (it applies to sgd, rmsprop)",
            "minimize --function booth --optimizer adam:momentum=0.9"
                    + "#descent minimize: --optimizer adam has no key 'momentum'; its keys: lr, beta1, beta2, eps, weight_decay, "
                    + "amsgrad, maximize",
            "minimize --function booth --optimizer adam:beta2=1.5#descent minimize: --optimizer adam: beta2 must be in [0, 1): 1.5",
            "minimize --function booth --optimizer adam:lr=fast#descent minimize: --optimizer adam:lr=fast: lr: 'fast' is not a number",
            "minimize --function booth --optimizer adm#descent minimize: --optimizer: unknown optimizer 'adm' (kinds: gd, sgd, adam, "
                    + "adamw, rmsprop, adagrad, lbfgs, nadam, radam, adamax, adadelta, rprop, asgd, lion)",
            "minimize --function booth --optimizer sgd:nesterov#descent minimize: --optimizer sgd: nesterov requires momentum > 0 "
                    + "and dampening = 0: momentum 0.0, dampening 0.0",
            "plot --function booth -o p.png --optimizer gd:lr=0.1 --compare-lr#descent plot: learning-rate panels choose the rates "
                    + "(--compare-lr, or several --lr values): drop lr= from --optimizer gd:lr=0.1",
    })
    void conflictsAndBadSpecsAreRefusedNamingBoth(String args, String message) {
        Cli cli = Cli.run(args.split(" "));
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(message + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void trainTakesASpecToo() {
        Cli spec = Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "adam:lr=0.05,beta2=0.99",
                "--epochs", "3", "--format", "json");
        Cli flags = Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "adam", "--lr", "0.05",
                "--beta2", "0.99", "--epochs", "3", "--format", "json");
        assertThat(spec.exitCode()).as(spec.err()).isZero();
        assertThat(withoutTimes(spec.out())).contains("\"optimizer\":\"adam lr=0.05\"").isEqualTo(withoutTimes(flags.out()));
    }

    /** A JSON report without its wall-clock times, which differ from run to run. */
    static String withoutTimes(String json) {
        return json.replaceAll("\"(ms|elapsedMs|seconds)\":[0-9.eE+-]+", "");
    }

    static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
