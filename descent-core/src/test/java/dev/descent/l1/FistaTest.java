package dev.descent.l1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.BatchedObjective;
import dev.descent.Bounds;
import dev.descent.GradientClipping;
import dev.descent.L1Penalty;
import dev.descent.Listener;
import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.Progress;
import dev.descent.Result;
import dev.descent.RunSnapshot;
import dev.descent.StopReason;
import dev.descent.TraceStep;
import dev.descent.loop.Minimizer;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FISTA (Beck &amp; Teboulle, SIAM J. Imaging Sciences 2(1) (2009)), gradient descent's accelerated form:
 * scikit-learn's lasso optimum with its zeros in fewer iterations than ISTA, the first iterates of the
 * recurrence computed by hand, a resumed run's bits, its spec, and its refusals.
 */
class FistaTest {
    private static final int D = 10;

    /** scikit-learn 1.2.1's lasso of {@link LassoReferenceTest}: strength, coefficients, objective. */
    private record Reference(double strength, double[] coefficients, double objective) {
        static Reference of(String alpha) throws IOException {
            Properties reference = new Properties();
            try (InputStream in = FistaTest.class.getResourceAsStream("/l1/lasso.properties")) {
                reference.load(in);
            }
            String key = "alpha" + alpha;
            return new Reference(Double.parseDouble(reference.getProperty(key + ".alpha")),
                    Arrays.stream(reference.getProperty(key + ".coefficients").split(","))
                            .mapToDouble(Double::parseDouble).toArray(),
                    Double.parseDouble(reference.getProperty(key + ".objective")));
        }
    }

    static Stream<Arguments> lassoCases() {
        return Stream.of("0.05", "0.3").flatMap(alpha -> Stream.of(
                Arguments.of(alpha, GradientDescent.fixed(0.2)),
                Arguments.of(alpha, GradientDescent.armijo(1.0))));
    }

    /**
     * FISTA reaches scikit-learn's optimum, zeros exactly, and in fewer iterations than ISTA with the same
     * step: the method's rate, O(1/k^2) against O(1/k). With backtracking FISTA's step only shrinks, so
     * every step it took is at least its last one, and ISTA's fixed step is that last one.
     */
    @ParameterizedTest(name = "alpha {0}, {1}")
    @MethodSource("lassoCases")
    void reachesScikitLearnsLassoInFewerIterationsThanIsta(String alpha, GradientDescent plain) throws IOException {
        Reference reference = Reference.of(alpha);
        L1Penalty l1 = L1Penalty.uniform(D, reference.strength());
        Result fista = lasso(plain.withAcceleration(), l1);
        List<TraceStep> steps = fista.trace();
        double lastStep = steps.get(steps.size() - 1).learningRate();
        for (int k = 2; k < steps.size(); k++) {
            assertThat(steps.get(k).learningRate()).as("step %d", k).isLessThanOrEqualTo(steps.get(k - 1).learningRate());
        }
        if (!plain.searchesLine()) {
            assertThat(lastStep).isEqualTo(plain.learningRate());
        }
        Result ista = lasso(GradientDescent.fixed(lastStep), l1);

        assertThat(fista.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        double[] w = fista.point();
        for (int j = 0; j < D; j++) {
            assertThat(w[j]).as("coefficient %d", j).isCloseTo(reference.coefficients()[j], within(1e-8));
            assertThat(w[j] == 0).as("coefficient %d is zero", j).isEqualTo(reference.coefficients()[j] == 0);
        }
        assertThat(fista.value()).isLessThanOrEqualTo(reference.objective() + 1e-12 * Math.abs(reference.objective()));
        // the value and gradient norm reported are F's and the pseudo-gradient's at the point returned, x_k
        double[] g = new double[D];
        double smooth = LassoReferenceTest.LEAST_SQUARES.valueAndGradient(w, g);
        assertThat(fista.value()).isEqualTo(smooth + l1.value(w));
        assertThat(fista.gradientNorm()).isEqualTo(l1.pseudoGradientNorm(w, g));

        assertThat(ista.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        System.out.printf("lasso alpha %s, %s: ISTA at step %s %d iterations (%d evaluations), FISTA %d iterations "
                + "(%d evaluations); %s without acceleration %d iterations (%d evaluations)%n", alpha,
                plain.describe(), lastStep, ista.iterations(), ista.valueEvaluations(), fista.iterations(),
                fista.valueEvaluations(), plain.describe(), lasso(plain, l1).iterations(),
                lasso(plain, l1).valueEvaluations());
        assertThat(fista.iterations()).isLessThan(ista.iterations());
    }

    private static Result lasso(Optimizer optimizer, L1Penalty l1) {
        return Minimizer.using(optimizer).l1(l1).recordingTrace()
                .stoppingWhen(StoppingRules.gradientNorm(1e-10).or(StoppingRules.maxIterations(100_000)))
                .minimize(LassoReferenceTest.LEAST_SQUARES, new double[D]);
    }

    private static final double[][] A = {{2, 0.5}, {0.5, 1}};
    private static final double[] B = {1, 0.2};
    private static final double[] C = {0.3, 0.1};

    /** {@code f(x) = x.A x / 2 - b.x}, with {@code grad f(x) = A x - b}. */
    private static double quadratic(double[] x, double[] g) {
        double value = 0;
        for (int i = 0; i < 2; i++) {
            g[i] = A[i][0] * x[0] + A[i][1] * x[1] - B[i];
            value += x[i] * (0.5 * (A[i][0] * x[0] + A[i][1] * x[1]) - B[i]);
        }
        return value;
    }

    /** {@code S(v, t) = max(v - t, 0) - max(-v - t, 0)}. */
    private static double soft(double v, double t) {
        return Math.max(v - t, 0) - Math.max(-v - t, 0);
    }

    /** The first three iterates of FISTA with a fixed step are the recurrence of the paper, computed here. */
    @Test
    void theFirstIteratesAreTheRecurrenceComputedByHand() {
        double eta = 0.2;
        double[] x0 = {1.5, 0.12};
        // by hand: y_1 = x_0, t_1 = 1; x_k = S(y_k - eta g(y_k), eta c); t_{k+1}; y_{k+1}
        double[][] xs = new double[4][];
        xs[0] = x0.clone();
        double[] y = x0.clone();
        double t = 1;
        double[] g = new double[2];
        for (int k = 1; k <= 3; k++) {
            quadratic(y, g);
            double[] xk = new double[2];
            for (int i = 0; i < 2; i++) {
                xk[i] = soft(y[i] - eta * g[i], eta * C[i]);
            }
            xs[k] = xk;
            double next = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            for (int i = 0; i < 2; i++) {
                y[i] = xk[i] + ((t - 1) / next) * (xk[i] - xs[k - 1][i]);
            }
            t = next;
        }
        // the L1 term thresholds a variable to zero along the way, so the proximal step is exercised
        assertThat(xs[1][1] == 0 || xs[2][1] == 0 || xs[3][1] == 0).isTrue();

        Objective f = Objectives.of(2, FistaTest::quadratic);
        L1Penalty l1 = L1Penalty.of(C);
        Result result = Minimizer.using(GradientDescent.fista(eta)).l1(l1).recordingTrace()
                .stoppingWhen(StoppingRules.maxIterations(3)).minimize(f, x0);
        List<TraceStep> trace = result.trace();
        assertThat(trace).hasSize(4);
        for (int k = 1; k <= 3; k++) {
            assertThat(trace.get(k).point()).as("x_%d", k).containsExactly(xs[k]);
            assertThat(trace.get(k).value()).as("F(x_%d)", k).isEqualTo(quadratic(xs[k], g) + l1.value(xs[k]));
            assertThat(trace.get(k).gradientNorm()).as("pseudo-gradient at x_%d", k)
                    .isEqualTo(l1.pseudoGradientNorm(xs[k], g));
        }
        // an evaluation at y_k and one at x_k per iteration, besides the start's
        assertThat(result.valueEvaluations()).isEqualTo(1 + 2 * 3);
    }

    /** Without an L1 term FISTA is Nesterov's method: the same recurrence without the threshold. */
    @Test
    void withoutAnL1TermItIsNesterovsMethod() {
        double eta = 0.3;
        double[] x0 = {-1, 2};
        double[] previous = x0.clone();
        double[] y = x0.clone();
        double t = 1;
        double[] g = new double[2];
        double[] x = null;
        for (int k = 1; k <= 3; k++) {
            quadratic(y, g);
            x = new double[2];
            for (int i = 0; i < 2; i++) {
                x[i] = y[i] - eta * g[i];
            }
            double next = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            for (int i = 0; i < 2; i++) {
                y[i] = x[i] + ((t - 1) / next) * (x[i] - previous[i]);
            }
            previous = x;
            t = next;
        }
        Objective f = Objectives.of(2, FistaTest::quadratic);
        Result three = Minimizer.using(GradientDescent.fista(eta)).returningLastPoint()
                .stoppingWhen(StoppingRules.maxIterations(3)).minimize(f, x0);
        assertThat(three.point()).containsExactly(x);

        // and it reaches the minimizer A^{-1} b, solved here by Cramer's rule
        double det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
        double[] solution = {(B[0] * A[1][1] - A[0][1] * B[1]) / det, (A[0][0] * B[1] - A[1][0] * B[0]) / det};
        Result run = Minimizer.using(GradientDescent.fista(eta)).stoppingWhen(StoppingRules.gradientNorm(1e-12)
                .or(StoppingRules.maxIterations(10_000))).minimize(f, x0);
        assertThat(run.stopReason()).isEqualTo(StopReason.GRADIENT_TOLERANCE);
        assertThat(run.point()[0]).isCloseTo(solution[0], within(1e-11));
        assertThat(run.point()[1]).isCloseTo(solution[1], within(1e-11));
    }

    static Stream<Arguments> resumeCases() {
        return Stream.of(Arguments.of(GradientDescent.fista(0.2), true), Arguments.of(GradientDescent.fista(0.2), false),
                Arguments.of(GradientDescent.armijo(1.0).withAcceleration(), true),
                Arguments.of(GradientDescent.armijo(1.0).withAcceleration(), false));
    }

    /** A run resumed from a snapshot mid-run gives the uninterrupted run's bits. */
    @ParameterizedTest(name = "{0}, L1 {1}")
    @MethodSource("resumeCases")
    void aResumedRunEqualsTheUninterruptedOne(GradientDescent rule, boolean withL1) throws IOException {
        BatchedObjective f = BatchedObjective.of(LassoReferenceTest.LEAST_SQUARES);
        Minimizer loop = Minimizer.using(rule).returningLastPoint().stoppingWhen(StoppingRules.maxIterations(40));
        if (withL1) {
            loop = loop.l1(L1Penalty.uniform(D, 0.05));
        }
        Result whole = loop.minimize(f, new double[D]);
        RunSnapshot[] atSeventeen = new RunSnapshot[1];
        loop.stoppingWhen(StoppingRules.maxIterations(17)).listener(new Listener() {
            @Override
            public void onStep(Progress progress) {}

            @Override
            public void onEpoch(Progress progress) {
                atSeventeen[0] = progress.snapshot();
            }
        }).minimize(f, new double[D]);
        // through the bytes of a checkpoint
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        atSeventeen[0].write(new java.io.DataOutputStream(bytes));
        RunSnapshot read = RunSnapshot.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        Result resumed = loop.resume(f, read);
        for (int i = 0; i < D; i++) {
            assertThat(Double.doubleToRawLongBits(resumed.point()[i]))
                    .as("x[%d]", i).isEqualTo(Double.doubleToRawLongBits(whole.point()[i]));
        }
        assertThat(Double.doubleToRawLongBits(resumed.value())).isEqualTo(Double.doubleToRawLongBits(whole.value()));
        assertThat(resumed.iterations()).isEqualTo(whole.iterations());
        assertThat(resumed.valueEvaluations()).isEqualTo(whole.valueEvaluations());
        // and the interrupted run had not simply finished: the point moved after the snapshot
        assertThat(read.point()).isNotEqualTo(whole.point());
    }

    @Test
    void itsSpecParsesAndPrintsBack() {
        assertThat(Optimizers.parse("gd:accelerated")).isEqualTo(GradientDescent.fixed(1e-3).withAcceleration());
        assertThat(Optimizers.parse("gd:accelerated,line_search=armijo"))
                .isEqualTo(GradientDescent.armijo(1.0).withAcceleration());
        assertThat(Optimizers.parse("gd:lr=0.2,accelerated")).isEqualTo(GradientDescent.fista(0.2));
        for (String spec : List.of("gd:accelerated", "gd:accelerated,line_search=armijo", "gd:lr=0.2,accelerated",
                "gd:lr=0.5,accelerated,line_search=strong-wolfe")) {
            Optimizer parsed = Optimizers.parse(spec);
            assertThat(Optimizers.spec(parsed)).as(spec).isEqualTo(spec);
            assertThat(Optimizers.parse(Optimizers.spec(parsed))).as(spec).isEqualTo(parsed);
        }
        // the plain forms print as before
        assertThat(Optimizers.spec(GradientDescent.fixed(0.25))).isEqualTo("gd:lr=0.25");
        assertThat(Optimizers.spec(GradientDescent.armijo(1.0))).isEqualTo("gd:line_search=armijo");
        assertThat(GradientDescent.fista(0.2).describe()).isEqualTo("fista lr=0.2");
        assertThat(GradientDescent.armijo(1.0).withAcceleration().describe()).isEqualTo("fista+armijo");
        assertThat(GradientDescent.fixed(0.2).describe()).isEqualTo("gd lr=0.2");
    }

    /** Full batch, float64, unclipped and unbounded only, each refused with a reason. */
    @Test
    void itRefusesWhatItDoesNotTake() {
        GradientDescent fista = GradientDescent.fista(0.2);
        assertThat(fista.needsFullBatch()).isTrue();
        assertThat(fista.takesL1()).isTrue();
        assertThat(fista.takesBounds()).isFalse();
        assertThat(fista.inFloat32()).isEmpty();
        assertThatThrownBy(() -> Minimizer.using(fista).bounds(Bounds.of(new double[] {0, 0}, new double[] {1, 1})))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("bounded form");
        assertThatThrownBy(() -> fista.init(2, Bounds.of(new double[] {0, 0}, new double[] {1, 1})))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("fista");
        assertThatThrownBy(() -> Minimizer.using(fista).clipping(GradientClipping.byNorm(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GradientDescent(0.2, null, true, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32");
        assertThatThrownBy(() -> GradientDescent.fixed(0.2).inFloat32().map(r -> ((GradientDescent) r).withAcceleration()))
                .isInstanceOf(IllegalArgumentException.class);
        BatchedObjective twoBatches = new BatchedObjective() {
            @Override
            public int dimension() {
                return D;
            }

            @Override
            public int batches() {
                return 2;
            }

            @Override
            public Objective batch(long epoch, int index) {
                return LassoReferenceTest.LEAST_SQUARES;
            }
        };
        assertThatThrownBy(() -> Minimizer.using(fista).minimize(twoBatches, new double[D]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full batch");
    }
}
