package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckGradCommandTest {

    @Test
    void autodiffAgreesWithFiniteDifferencesOnAnExpression() {
        Cli cli = Cli.run("check-grad", "--expr", "sin(x)*exp(y) + x^3", "--at", "0.5,-0.25");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("x ").contains("y ").contains("OK: largest relative error");
        double dx = Math.cos(0.5) * Math.exp(-0.25) + 3 * 0.25;
        assertThat(cli.out()).contains(String.format(java.util.Locale.ROOT, "%24.16e", dx));
    }

    @Test
    void builtInFunctionsAndBadPoints() {
        assertThat(Cli.run("check-grad", "--function", "rosenbrock", "--at", "-1.2,1").exitCode()).isZero();
        Cli bad = Cli.run("check-grad", "--function", "rosenbrock", "--at", "1,2,3");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("descent check-grad: --at has 3 entries, the problem has 2 variables" + System.lineSeparator());
    }
}
