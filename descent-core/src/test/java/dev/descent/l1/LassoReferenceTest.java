package dev.descent.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.L1Penalty;
import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.Result;
import dev.descent.StopReason;
import dev.descent.loop.Minimizer;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Optimizer;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * The optimum of {@code (1 / 2n) ||y - X w||^2 + alpha ||w||_1} reached by OWL-QN and by proximal
 * gradient descent (fixed step and backtracking), against scikit-learn 1.2.1's {@code Lasso}
 * (tools/reference/lasso_core_reference.py): the coefficients, the objective, and the zeros exactly.
 */
class LassoReferenceTest {
    private static final int N = 30;
    private static final int D = 10;
    private static final double[][] X = new double[N][D];
    private static final double[] Y = new double[N];

    static {
        double[] beta = {3, -2, 0, 0, 1.5, 0, 0, 0, 0.5, 0};
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                X[i][j] = Math.sin(0.7 * (i + 1) * (j + 1)) + 0.1 * Math.cos(i - j);
            }
            double y = 0;
            for (int j = 0; j < D; j++) {
                y += X[i][j] * beta[j];
            }
            Y[i] = y + 0.3 * Math.sin(3 * i);
        }
    }

    /** The smooth part, {@code (1 / 2n) ||y - X w||^2}. */
    static final Objective LEAST_SQUARES = Objectives.of(D, (w, g) -> {
        Arrays.fill(g, 0);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double r = -Y[i];
            for (int j = 0; j < D; j++) {
                r += X[i][j] * w[j];
            }
            sum += r * r;
            for (int j = 0; j < D; j++) {
                g[j] += r * X[i][j] / N;
            }
        }
        return sum / (2 * N);
    });

    static Stream<Arguments> cases() {
        return Stream.of("0.05", "0.3").flatMap(alpha -> Stream.of(
                Arguments.of(alpha, Lbfgs.defaults()),
                Arguments.of(alpha, GradientDescent.fixed(0.2)),
                Arguments.of(alpha, GradientDescent.armijo(1.0))));
    }

    @ParameterizedTest(name = "alpha {0}, {1}")
    @MethodSource("cases")
    void reachesScikitLearnsLassoWithItsZeros(String alpha, Optimizer optimizer) throws IOException {
        Properties reference = new Properties();
        try (InputStream in = LassoReferenceTest.class.getResourceAsStream("/l1/lasso.properties")) {
            reference.load(in);
        }
        String key = "alpha" + alpha;
        double strength = Double.parseDouble(reference.getProperty(key + ".alpha"));
        double[] expected = Arrays.stream(reference.getProperty(key + ".coefficients").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        double objective = Double.parseDouble(reference.getProperty(key + ".objective"));

        Result result = Minimizer.using(optimizer).l1(L1Penalty.uniform(D, strength))
                .stoppingWhen(StoppingRules.gradientNorm(1e-10).or(StoppingRules.maxIterations(100_000)))
                .minimize(LEAST_SQUARES, new double[D]);

        assertThat(result.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        double[] w = result.point();
        for (int j = 0; j < D; j++) {
            assertThat(w[j]).as("coefficient %d", j).isCloseTo(expected[j], within(1e-8));
            assertThat(w[j] == 0).as("coefficient %d is zero", j).isEqualTo(expected[j] == 0);
        }
        // the value the run reports is f + L1, at least as low as scikit-learn's
        assertThat(result.value()).isLessThanOrEqualTo(objective + 1e-12 * Math.abs(objective));
        double[] g = new double[D];
        double smooth = LEAST_SQUARES.valueAndGradient(w, g);
        assertThat(result.value()).isEqualTo(smooth + L1Penalty.uniform(D, strength).value(w));
        assertThat(L1Penalty.uniform(D, strength).pseudoGradientNorm(w, g)).isEqualTo(result.gradientNorm());
    }
}
