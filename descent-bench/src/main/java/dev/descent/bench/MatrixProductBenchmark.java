package dev.descent.bench;

import dev.descent.autodiff.MatrixProduct;
import java.util.Arrays;
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
 * The matrix product at W4's shapes, in float64 and float32, on the common pool (both cores): the
 * forward product of a batch and the first layer ({@code 128 x 784} times {@code 784 x 256}) and
 * its weight gradient ({@code X^T dZ}, {@code 784 x 128} read in place times {@code 128 x 256}).
 * Each is {@code 2 * 128 * 784 * 256 = 51.4 MFLOP}, so GFLOP/s is 51.4 divided by the time in ms.
 *
 * <pre>
 * java -jar descent-bench/target/benchmarks.jar MatrixProductBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MatrixProductBenchmark {
    private static final int ROWS = 128;
    private static final int INPUTS = 784;
    private static final int HIDDEN = 256;

    @Param({"f64", "f32"})
    public String precision;

    double[] x;
    double[] w;
    double[] delta;
    double[] z;
    double[] dw;
    float[] xf;
    float[] wf;
    float[] deltaf;
    float[] zf;
    float[] dwf;

    @Setup
    public void setUp() {
        x = Data.uniform(ROWS * INPUTS, 1);
        w = Data.uniform(INPUTS * HIDDEN, 2);
        delta = Data.uniform(ROWS * HIDDEN, 3);
        z = new double[ROWS * HIDDEN];
        dw = new double[INPUTS * HIDDEN];
        xf = toFloat(x);
        wf = toFloat(w);
        deltaf = toFloat(delta);
        zf = new float[z.length];
        dwf = new float[dw.length];
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** {@code Z = X W}: the forward product of one batch. */
    @Benchmark
    public double forward() {
        if (precision.equals("f32")) {
            Arrays.fill(zf, 0);
            MatrixProduct.multiplyAdd(xf, 0, INPUTS, 1, wf, 0, zf, 0, ROWS, INPUTS, HIDDEN);
            return zf[7];
        }
        Arrays.fill(z, 0);
        MatrixProduct.multiplyAdd(x, 0, INPUTS, 1, w, 0, z, 0, ROWS, INPUTS, HIDDEN);
        return z[7];
    }

    /** {@code dW = X^T dZ}, X read in place as its transpose. */
    @Benchmark
    public double weightGradient() {
        if (precision.equals("f32")) {
            Arrays.fill(dwf, 0);
            MatrixProduct.multiplyAdd(xf, 0, 1, INPUTS, deltaf, 0, dwf, 0, INPUTS, ROWS, HIDDEN);
            return dwf[7];
        }
        Arrays.fill(dw, 0);
        MatrixProduct.multiplyAdd(x, 0, 1, INPUTS, delta, 0, dw, 0, INPUTS, ROWS, HIDDEN);
        return dw[7];
    }
}
