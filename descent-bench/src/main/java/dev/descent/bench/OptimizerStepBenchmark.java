package dev.descent.bench;

import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.FirstOrderState;
import dev.descent.optim.Sgd;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5: one optimizer step on 10,000,000 float64 parameters, one thread. The learning rate is tiny so
 * the parameters stay finite over any number of steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class OptimizerStepBenchmark {
    /** W5's parameter count. */
    public static final int PARAMETERS = 10_000_000;

    @Param({"sgd-momentum", "adam", "adagrad"})
    public String optimizer;

    double[] parameters;
    double[] gradient;
    FirstOrderState state;

    @Setup
    public void setUp() {
        parameters = Data.uniform(PARAMETERS, 1);
        gradient = Data.uniform(PARAMETERS, 2);
        state = switch (optimizer) {
            case "sgd-momentum" -> new Sgd(1e-9).withMomentum(0.9).init(PARAMETERS);
            case "adam" -> new Adam(1e-9).init(PARAMETERS);
            case "adagrad" -> new AdaGrad(1e-9).init(PARAMETERS);
            default -> throw new IllegalArgumentException(optimizer);
        };
        state.update(parameters, gradient, 1e-9); // past the first-step special case of momentum
    }

    @Benchmark
    public double step() {
        state.update(parameters, gradient, 1e-9);
        return parameters[0];
    }

    /**
     * Bytes an update must move at least: every array read once and every written array written
     * once (sgd-momentum reads p, g, b and writes p, b; adam reads p, g, m, v and writes p, m, v;
     * adagrad reads p, g, s and writes p, s).
     */
    public static long bytes(String optimizer) {
        int arrays = switch (optimizer) {
            case "sgd-momentum", "adagrad" -> 5;
            case "adam" -> 7;
            default -> throw new IllegalArgumentException(optimizer);
        };
        return 8L * PARAMETERS * arrays;
    }
}
