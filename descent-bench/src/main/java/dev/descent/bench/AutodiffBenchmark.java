package dev.descent.bench;

import dev.descent.autodiff.Autodiff;
import dev.descent.autodiff.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W6: extended Rosenbrock at n = 1,000,000 written with vector slicing; the value alone (the same
 * operations on constants, nothing recorded) against value and gradient by reverse-mode autodiff.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class AutodiffBenchmark {
    /** W6's dimension. */
    public static final int DIMENSION = 1_000_000;

    double[] point;
    double[] gradient;

    @Setup
    public void setUp() {
        point = Data.uniform(DIMENSION, 1);
        gradient = new double[DIMENSION];
    }

    /** sum over pairs of 100 (x_2i^2 - x_2i+1)^2 + (x_2i - 1)^2, with slices. */
    static Tensor extendedRosenbrock(Tensor x) {
        int n = x.size();
        Tensor even = x.slice(0, n, 2);
        Tensor odd = x.slice(1, n, 2);
        return even.square().sub(odd).square().mul(100).add(even.sub(1).square()).sum();
    }

    @Benchmark
    public double value() {
        return Autodiff.value(AutodiffBenchmark::extendedRosenbrock, point);
    }

    @Benchmark
    public double valueAndGradient() {
        return Autodiff.valueAndGradient(AutodiffBenchmark::extendedRosenbrock, point, gradient);
    }
}
