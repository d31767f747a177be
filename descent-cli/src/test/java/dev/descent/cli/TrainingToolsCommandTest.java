package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code train --accumulate K}, {@code --no-decay-bias} and {@code --time-limit}: what they report, and what they refuse. */
class TrainingToolsCommandTest {

    @Test
    void accumulationIsReportedAndRefusedWhereItCannotApply() {
        Cli run = Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "sgd", "--lr", "0.1",
                "--batch-size", "10", "--accumulate", "3", "--epochs", "2", "--quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("with sgd lr=0.1, batches of 10 (3 per update), on iris");

        Cli lbfgs = Cli.run("train", "--data", "iris", "--model", "softmax", "--accumulate", "2");
        assertThat(lbfgs.exitCode()).isEqualTo(2);
        assertThat(lbfgs.err()).contains("--accumulate: accumulating batches needs mini-batches, and lbfgs takes full "
                + "batches");
        Cli zero = Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "sgd", "--batch-size", "10",
                "--accumulate", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--accumulate must be at least 1: 0");
    }

    @Test
    void theBiasesLeaveWeightDecayInTwoParameterGroups() {
        String[] common = {"train", "--data", "iris", "--model", "mlp:6", "--optimizer", "adamw", "--lr", "0.01",
            "--weight-decay", "0.5", "--epochs", "5", "--quiet", "--format", "json"};
        Cli grouped = Cli.run(concat(common, "--no-decay-bias"));
        assertThat(grouped.exitCode()).as(grouped.err()).isZero();
        assertThat(grouped.out()).contains("(2 parameter groups)");
        Cli plain = Cli.run(common);
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).doesNotContain("parameter groups");
        assertThat(trainLoss(grouped.out())).isNotEqualTo(trainLoss(plain.out()));

        Cli none = Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "adam", "--no-decay-bias");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--no-decay-bias: leaving the biases out of weight decay needs a weight decay");
        Cli rprop = Cli.run("train", "--data", "iris", "--model", "softmax", "--optimizer", "rprop", "--batch-size", "8",
                "--no-decay-bias");
        assertThat(rprop.exitCode()).isEqualTo(2);
        assertThat(rprop.err()).contains("--no-decay-bias: rprop has no weight decay to leave the biases out of");
    }

    @Test
    void aTimeLimitEndsTheRunWithTheEpochUnderWayAndSaysSo() {
        // a microsecond is spent before the first epoch ends: the run stops there, exit 0, evaluated as usual
        Cli run = Cli.run("train", "--data", "iris", "--model", "mlp:8", "--epochs", "1000", "--time-limit", "1e-6",
                "--quiet", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"stop\":\"TIME_LIMIT\"").contains("\"epochs\":1,");
        Cli text = Cli.run("train", "--data", "iris", "--model", "mlp:8", "--epochs", "1000", "--time-limit", "1e-6",
                "--quiet");
        assertThat(text.out()).contains("stopped after 1 epoch: TIME_LIMIT");
        for (String bad : new String[] {"0", "-1"}) {
            Cli refused = Cli.run("train", "--data", "iris", "--model", "mlp:8", "--time-limit", bad);
            assertThat(refused.exitCode()).as(bad).isEqualTo(2);
            assertThat(refused.err()).contains("--time-limit must be a positive number of seconds: " + Double.parseDouble(bad));
        }
        Cli infinite = Cli.run("train", "--data", "iris", "--model", "mlp:8", "--time-limit", "Infinity");
        assertThat(infinite.exitCode()).isEqualTo(2);
        assertThat(infinite.err()).contains("--time-limit must be a finite number");
    }

    private static String trainLoss(String json) {
        int at = json.indexOf("\"loss\":");
        return json.substring(at, json.indexOf(',', at));
    }

    private static String[] concat(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
