package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A step allocates nothing, on the calling thread or on the pool's threads, also for vectors long
 * enough to be split over the cores (W5's requirement, checked here on every run of the tests).
 */
class StepAllocationTest {

    static java.util.stream.Stream<Optimizer> rules() {
        return EquivalenceTest.firstOrderRules();
    }

    /**
     * Every rule's float32 form (fixed-step gradient descent's too) and float32 parameter groups, stepping
     * {@code float[]} parameters.
     */
    static java.util.stream.Stream<Optimizer> float32Rules() {
        int half = 2 * Ranges.PARALLEL_LENGTH;
        int[] biases = java.util.stream.IntStream.range(0, half).map(i -> 2 * i).toArray();
        return java.util.stream.Stream.concat(rules(), java.util.stream.Stream.of(GradientDescent.fixed(1e-2),
                        ParameterGroups.of(new AdamW(1e-2)).group(biases, new AdamW(1e-2).withWeightDecay(0))))
                .map(rule -> rule.inFloat32().orElseThrow());
    }

    /** Bytes allocated so far by every live Java thread (the allocation tests of every rule count with it). */
    static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void fiftyStepsOnALongVectorAllocateNothing(Optimizer rule) {
        int n = 4 * Ranges.PARALLEL_LENGTH;
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        double[] p = random.doubles(n, -1, 1).toArray();
        double[] g = random.doubles(n, -1, 1).toArray();
        OptimizerState state = rule.init(n);
        long bytes = allocatedByFiftySteps(() -> state.update(p, g, 1e-9));
        // a few hundred bytes of slack for what other threads of the test JVM allocate meanwhile; a step that
        // allocated a task tree (32 KB) or a copy of a vector would exceed it many times over
        assertThat(bytes).as("%s: bytes allocated by 50 steps of %d parameters", rule.describe(), n)
                .isLessThan(4096);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("float32Rules")
    void fiftyFloat32StepsOnALongVectorAllocateNothing(Optimizer rule) {
        int n = 4 * Ranges.PARALLEL_LENGTH;
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        float[] p = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) random.nextDouble(-1, 1);
            g[i] = (float) random.nextDouble(-1, 1);
        }
        OptimizerState state = rule.init(n);
        long bytes = allocatedByFiftySteps(() -> state.update(p, g, 1e-9));
        assertThat(bytes).as("%s in float32: bytes allocated by 50 steps of %d parameters", rule.describe(), n)
                .isLessThan(4096);
    }

    /**
     * The proximal step of an L1 term ({@link OptimizerState#proximalSteps}) after each update allocates
     * nothing either, in float64 and in float32 (from the float buffers), parameter groups included.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("proximalRules")
    void fiftyProximalStepsOnALongVectorAllocateNothing(Optimizer rule) {
        int n = 4 * Ranges.PARALLEL_LENGTH;
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        double[] p = random.doubles(n, -1, 1).toArray();
        double[] g = random.doubles(n, -1, 1).toArray();
        double[] steps = new double[n];
        OptimizerState state = rule.init(n);
        long bytes = allocatedByFiftySteps(() -> {
            state.update(p, g, 1e-9);
            state.proximalSteps(steps);
        });
        assertThat(bytes).as("%s: bytes allocated by 50 updates and proximal steps of %d parameters", rule.describe(), n)
                .isLessThan(4096);
    }

    /** The rules whose steps scale with the gradient (not Rprop's and Lion's), in float64 and float32. */
    static java.util.stream.Stream<Optimizer> proximalRules() {
        int half = 2 * Ranges.PARALLEL_LENGTH;
        int[] evens = java.util.stream.IntStream.range(0, half).map(i -> 2 * i).toArray();
        Optimizer groups = ParameterGroups.of(new Adam(1e-2)).group(evens, new Adam(2e-2));
        return java.util.stream.Stream.concat(rules(), java.util.stream.Stream.of(groups))
                .filter(rule -> !(rule instanceof Rprop || rule instanceof Lion))
                .flatMap(rule -> java.util.stream.Stream.of(rule, rule.inFloat32().orElseThrow()));
    }

    /** Bytes allocated by 50 calls of {@code step}, after 200 that make the buffers and compile the loops. */
    private static long allocatedByFiftySteps(Runnable step) {
        for (int warm = 0; warm < 200; warm++) {
            step.run();
        }
        long before = allocated();
        for (int k = 0; k < 50; k++) {
            step.run();
        }
        return allocated() - before;
    }
}
