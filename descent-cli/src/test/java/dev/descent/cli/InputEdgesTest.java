package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Input at the edges: numbers a double cannot hold, and characters a terminal must not receive raw. */
class InputEdgesTest {

    private static final String NL = System.lineSeparator();
    private static final String RANGE = "[-1.7976931348623157E308, 1.7976931348623157E308]";

    private static String firstLine(String text) {
        return text.split("\\R", 2)[0];
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "minimize --expr x^2 --lr 1e400|descent minimize: --lr must be a finite number, in " + RANGE + ": 1e400",
            "minimize --expr x^2 --optimizer sgd --momentum -1e309|descent minimize: --momentum must be a finite number, in "
                    + RANGE + ": -1e309",
            "minimize --expr x^2 --tol-grad 1e400|descent minimize: --tol-grad must be a finite number, in " + RANGE + ": 1e400",
            "minimize --expr x^2 --tol-f Infinity|descent minimize: --tol-f must be a finite number, in " + RANGE + ": Infinity",
            "minimize --expr x^2 --time-limit NaN|descent minimize: --time-limit must be a finite number, in " + RANGE + ": NaN",
            "minimize --expr x^2 --lr 1e-400|descent minimize: --lr must be 0 or at least 4.9E-324 in magnitude: 1e-400",
            "minimize --expr x^2 --lr abc|descent minimize: --lr: 'abc' is not a number",
            "plot --function booth -o p.png --lr 0.1 --lr 1e400|descent plot: --lr must be a finite number, in " + RANGE + ": 1e400",
            "train --data iris --model logistic --l2 1e400|descent train: --l2 must be a finite number, in " + RANGE + ": 1e400",
            "tour --tol-grad 1e400|descent tour: --tol-grad must be a finite number, in " + RANGE + ": 1e400",
    })
    void overflowingOptionsAreRefusedNamingTheOptionAndTheRange(String args, String message) {
        Cli cli = Cli.run(args.split(" "));
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(firstLine(cli.err())).isEqualTo(message);
        assertThat(cli.err()).contains("Usage: descent " + args.split(" ")[0]);
        assertThat(cli.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "minimize --expr x^2 --start 1e400|descent minimize: --start: entry 1 must be a finite number, in " + RANGE + ": 1e400",
            "minimize --expr x^2+y^2 --start 1,-1e309|descent minimize: --start: entry 2 must be a finite number, in " + RANGE
                    + ": -1e309",
            "check-grad --expr x^2 --at 1e400|descent check-grad: --at: entry 1 must be a finite number, in " + RANGE + ": 1e400",
            "plot --function booth -o p.png --start 1e400,0|descent plot: --start: entry 1 must be a finite number, in " + RANGE
                    + ": 1e400",
            "minimize --expr x^2 --optimizer adam --schedule exponential:gamma=1e400|descent minimize: --schedule: gamma must be "
                    + "a finite number, in " + RANGE + ": 1e400",
    })
    void overflowingEntriesAreRefusedNamingTheOptionAndTheRange(String args, String message) {
        Cli cli = Cli.run(args.split(" "));
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo(message + NL);
        assertThat(cli.out()).isEmpty();
    }

    /** Every optimizer the CLI offers refuses a learning rate of 0 alike, before anything runs. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"gd", "sgd", "adam", "adamw", "rmsprop", "adagrad", "lbfgs", "nadam", "radam", "adamax", "adadelta", "rprop",
            "asgd", "lion"})
    void aLearningRateOfZeroIsRefusedByEveryOptimizer(String optimizer) {
        for (String command : new String[] {"minimize", "plot"}) {
            String args = command + " --function booth --optimizer " + optimizer + " --lr 0"
                    + (command.equals("plot") ? " -o never-written.png" : "");
            Cli cli = Cli.run(args.split(" "));
            assertThat(cli.exitCode()).as(args).isEqualTo(2);
            assertThat(cli.err()).as(args).isEqualTo("descent " + command + ": --lr must be in (0, inf): 0.0" + NL);
            assertThat(cli.out()).as(args).isEmpty();
        }
        Cli train = Cli.run("train", "--data", "iris", "--model", "logistic", "--optimizer", optimizer, "--lr", "0");
        assertThat(train.exitCode()).isEqualTo(2);
        assertThat(train.err()).isEqualTo("descent train: --lr must be in (0, inf): 0.0" + NL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--optimizer sgd --momentum 1|--momentum must be in [0, 1): 1.0",
            "--optimizer sgd --dampening 1.5|--dampening must be in [0, 1]: 1.5",
            "--optimizer sgd --weight-decay -1|--weight-decay must be in [0, inf): -1.0",
            "--optimizer adam --beta1 1|--beta1 must be in [0, 1): 1.0",
            "--optimizer adamw --beta2 -0.5|--beta2 must be in [0, 1): -0.5",
            "--optimizer adam --eps 0|--eps must be in (0, inf): 0.0",
            "--optimizer adamw --weight-decay -0.1|--weight-decay must be in [0, inf): -0.1",
            "--optimizer rmsprop --alpha 1|--alpha must be in [0, 1): 1.0",
            "--optimizer rmsprop --momentum 1|--momentum must be in [0, 1): 1.0",
            "--optimizer rmsprop --eps 0|--eps must be in (0, inf): 0.0",
            "--optimizer adagrad --eps 0|--eps must be in (0, inf): 0.0",
            "--optimizer adagrad --lr-decay -1|--lr-decay must be in [0, inf): -1.0",
            "--optimizer adagrad --initial-accumulator-value -1|--initial-accumulator-value must be in [0, inf): -1.0",
            "--optimizer lbfgs --history 0|--history must be at least 1: 0",
    })
    void degenerateHyperParametersAreRefusedNamingTheOption(String options, String message) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("minimize", "--function", "booth"));
        args.addAll(java.util.List.of(options.split(" ")));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("descent minimize: " + message + NL);
    }

    /** Every option that writes names itself and says why its path cannot be written; nothing is written. */
    @Test
    void unwritableOutputsSayWhyNamingTheOption(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("out"), "a file");
        Path folder = Files.createDirectory(dir.resolve("folder.json"));
        String under = file + "/x";
        String why = ": cannot write: " + file + " is a file, not a folder";
        String[][] cases = {
                {"train --data iris --model logistic --save " + under + ".json", "descent train: --save " + under + ".json" + why},
                {"train --data iris --model logistic --save " + folder,
                        "descent train: --save " + folder + ": cannot write: " + folder + " is a folder, not a file"},
                {"train --data iris --model logistic --checkpoint " + under + ".bin",
                        "descent train: --checkpoint " + under + ".bin" + why},
                {"train --data iris --model logistic --plot " + under + ".png", "descent train: --plot " + under + ".png" + why},
                {"minimize --expr x^2 --trace " + under + ".csv", "descent minimize: --trace " + under + ".csv" + why},
                {"plot --function booth -o " + under + ".svg", "descent plot: --output " + under + ".svg" + why},
                {"demo --out " + file, "descent demo: --out " + file + ": cannot write " + file + "/lr-quadratic.png: " + file
                        + " is a file, not a folder"},
        };
        for (String[] c : cases) {
            Cli cli = Cli.run(c[0].split(" "));
            assertThat(cli.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(cli.err()).as(c[0]).isEqualTo(c[1] + NL);
        }
        assertThat(file).hasContent("a file");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void controlCharactersInMessagesAreShownEscaped() {
        String red = "\u001b[31mred\u0007";
        Cli format = Cli.run("minimize", "--expr", "x^2", "--format", red);
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).isEqualTo("descent minimize: --format must be text or json: \\u001B[31mred\\u0007" + NL);

        Cli number = Cli.run("minimize", "--expr", "x^2", "--lr", red + "\t");
        assertThat(number.exitCode()).isEqualTo(2);
        assertThat(firstLine(number.err())).isEqualTo("descent minimize: --lr: '\\u001B[31mred\\u0007' is not a number");

        Cli unknown = Cli.run("minimize", "--expr", "x^2", "--colour=" + red, "a\tb\r\nc");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(firstLine(unknown.err())).isEqualTo(
                "descent minimize: Unknown options: '--colour=\\u001B[31mred\\u0007', 'a\\tb\\r\\nc'");

        Cli data = Cli.run("train", "--data", "no" + red + ".csv", "--model", "linear");
        assertThat(data.exitCode()).isEqualTo(2);
        assertThat(data.err()).startsWith("descent train: ").contains("no\\u001B[31mred\\u0007.csv").doesNotContain("\u001b")
                .doesNotContain("\u0007");

        Cli bidi = Cli.run("minimize", "--expr", "x^2", "--format", "\u202eoz\u00e9\u4e2d");
        assertThat(bidi.err()).isEqualTo("descent minimize: --format must be text or json: \\u202Eoz\u00e9\u4e2d" + NL);
    }
}
