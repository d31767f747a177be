package dev.descent.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.descent.check.GradientCheck;
import dev.descent.check.GradientChecker;
import dev.descent.vector.Vectors;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestFunctionsTest {

    static Stream<TestFunction> functions() {
        return Stream.of(
                TestFunctions.byName("quadratic", 2), TestFunctions.byName("quadratic", 5),
                TestFunctions.byName("rosenbrock", 2), TestFunctions.byName("rosenbrock", 6),
                TestFunctions.byName("beale", 2), TestFunctions.byName("booth", 2), TestFunctions.byName("himmelblau", 2),
                TestFunctions.byName("rastrigin", 2), TestFunctions.byName("rastrigin", 4),
                TestFunctions.byName("ackley", 2), TestFunctions.byName("ackley", 3),
                TestFunctions.byName("styblinski-tang", 2), TestFunctions.byName("styblinski-tang", 5),
                TestFunctions.byName("six-hump-camel", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void gradientMatchesFiniteDifferencesAcrossTheBox(TestFunction function) {
        SplittableRandom random = new SplittableRandom(function.name().hashCode());
        double[] lower = function.lowerBounds();
        double[] upper = function.upperBounds();
        for (int trial = 0; trial < 200; trial++) {
            double[] x = new double[function.dimension()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble(lower[i], upper[i]);
            }
            GradientCheck check = GradientChecker.check(function, x);
            assertThat(check.maxRelativeError()).as("%s at %s%n%s", function.name(), java.util.Arrays.toString(x), check)
                    .isLessThan(1e-7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyGlobalMinimumHasTheMinimumValueAndZeroGradient(TestFunction function) {
        for (double[] minimum : function.globalMinima()) {
            double[] gradient = new double[function.dimension()];
            double value = function.valueAndGradient(minimum, gradient);
            assertThat(value).isCloseTo(function.minimumValue(), offset(1e-12 * Math.max(1, Math.abs(function.minimumValue()))));
            assertThat(function.value(minimum)).isEqualTo(value);
            assertThat(Vectors.norm(gradient)).as(function.name()).isLessThan(1e-12);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void noSampledPointIsBelowTheMinimum(TestFunction function) {
        SplittableRandom random = new SplittableRandom(3);
        double[] lower = function.lowerBounds();
        double[] upper = function.upperBounds();
        for (int trial = 0; trial < 5000; trial++) {
            double[] x = new double[function.dimension()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble(lower[i], upper[i]);
            }
            assertThat(function.value(x)).isGreaterThanOrEqualTo(function.minimumValue() - 1e-12);
        }
    }

    @Test
    void valuesComputedByHand() {
        assertThat(TestFunctions.byName("rosenbrock", 2).value(new double[] {-1.2, 1})).isCloseTo(24.2, offset(1e-12));
        assertThat(TestFunctions.byName("rosenbrock", 4).value(new double[] {-1.2, 1, -1.2, 1})).isCloseTo(48.4, offset(1e-12));
        assertThat(TestFunctions.byName("beale", 2).value(new double[] {0, 0})).isEqualTo(1.5 * 1.5 + 2.25 * 2.25 + 2.625 * 2.625);
        assertThat(TestFunctions.byName("booth", 2).value(new double[] {0, 0})).isEqualTo(74);
        assertThat(TestFunctions.byName("himmelblau", 2).value(new double[] {0, 0})).isEqualTo(170);
        assertThat(TestFunctions.byName("rastrigin", 2).value(new double[] {1, 0})).isCloseTo(1, offset(1e-12));
        assertThat(TestFunctions.byName("ackley", 2).value(new double[] {0, 0})).isCloseTo(0, offset(1e-15));
        assertThat(TestFunctions.byName("six-hump-camel", 2).value(new double[] {1, 1})).isCloseTo(4 - 2.1 + 1.0 / 3 + 1, offset(1e-12));
        assertThat(TestFunctions.byName("styblinski-tang", 1).value(new double[] {1})).isCloseTo(0.5 * (1 - 16 + 5), offset(1e-15));
        Quadratic quadratic = new Quadratic(3, 100);
        assertThat(quadratic.curvature(0)).isEqualTo(1);
        assertThat(quadratic.curvature(1)).isCloseTo(10, offset(1e-12));
        assertThat(quadratic.curvature(2)).isCloseTo(100, offset(1e-12));
        double[] gradient = new double[2];
        TestFunctions.byName("ackley", 2).valueAndGradient(new double[] {0, 0}, gradient);
        assertThat(gradient).containsExactly(0, 0);
    }

    @Test
    void himmelblauHasFourDistinctMinima() {
        assertThat(TestFunctions.byName("himmelblau", 2).globalMinima()).hasSize(4);
        assertThat(TestFunctions.byName("six-hump-camel", 2).globalMinima()).hasSize(2);
    }

    @Test
    void everyNameResolvesAndBadOnesAreRefused() {
        for (String name : TestFunctions.names()) {
            assertThat(TestFunctions.byName(name, 2).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> TestFunctions.byName("rosenbruck", 2)).hasMessage("unknown test function 'rosenbruck' "
                + "(functions: quadratic, rosenbrock, beale, booth, himmelblau, rastrigin, ackley, styblinski-tang, six-hump-camel)");
        assertThatThrownBy(() -> TestFunctions.byName("himmelblau", 3)).hasMessage("himmelblau has 2 variables, not 3");
        assertThatThrownBy(() -> TestFunctions.byName("rosenbrock", 3))
                .hasMessage("extended rosenbrock needs an even dimension of at least 2: 3");
        assertThatThrownBy(() -> new Quadratic(2, 0.5)).hasMessage("condition number must be in [1, inf): 0.5");
        assertThatThrownBy(() -> new Rastrigin(0)).hasMessage("rastrigin needs dimension at least 1: 0");
    }

    @Test
    void accessorsReturnCopies() {
        TestFunction function = TestFunctions.byName("himmelblau", 2);
        function.standardStart()[0] = 99;
        function.globalMinima().get(0)[0] = 99;
        function.lowerBounds()[0] = 99;
        assertThat(function.standardStart()[0]).isZero();
        assertThat(function.globalMinima().get(0)[0]).isEqualTo(3);
        assertThat(function.lowerBounds()[0]).isEqualTo(-5);
    }
}
