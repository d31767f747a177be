package dev.descent.bench;

import dev.descent.ml.model.Activation;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.Precision;
import dev.descent.ml.model.Task;
import java.util.List;
import java.util.SplittableRandom;
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
 * One W4 batch through the MLP's fused pass, value and gradient ({@link Mlp#lossAndGradient}): 128
 * rows through 784 -> 256 -> ReLU -> 10 and softmax cross-entropy, in float64 and float32. W4's
 * epoch is 469 of these plus the Adam steps.
 *
 * <pre>
 * java -jar descent-bench/target/benchmarks.jar MlpPassBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MlpPassBenchmark {
    private static final int ROWS = 128;

    @Param({"FLOAT64", "FLOAT32"})
    public Precision precision;

    Mlp mlp;
    Batch batch;
    double[] theta;
    double[] gradient;

    @Setup
    public void setUp() {
        mlp = new Mlp(784, List.of(256), Activation.RELU, Task.MULTICLASS, 10, precision);
        batch = new Batch(Data.uniform(ROWS * 784, 1), ROWS, 784, null, new SplittableRandom(2).ints(ROWS, 0, 10).toArray());
        theta = mlp.initialParameters(3);
        gradient = new double[theta.length];
    }

    @Benchmark
    public double lossAndGradient() {
        return mlp.lossAndGradient(theta, batch, gradient);
    }
}
