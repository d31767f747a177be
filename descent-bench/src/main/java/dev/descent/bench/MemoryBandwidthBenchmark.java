package dev.descent.bench;

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
 * The memory floor, measured on this machine, one thread, over arrays of 128 MiB (far beyond every
 * cache):
 *
 * <ul>
 *   <li>{@code read}: every element of a {@code double[]} added into an 8 KB block that stays in
 *       the L1 cache ({@code block[j] += data[i + j]}), the block summed once at the end. The inner
 *       loop is element-wise, so the JIT vectorizes it and memory is the limit. (A plain running sum
 *       is not a bandwidth test in Java: a {@code double} sum may not be reordered, and JDK 17's
 *       vectorized integer reductions reduce horizontally on every iteration; both are bound by
 *       arithmetic, at about half the bandwidth.)
 *   <li>{@code readStreams}: the same bytes read as eight interleaved vector streams, the floor
 *       {@link Report} uses (one stream leaves much of the bandwidth unused here).
 *   <li>{@code triad}: STREAM's {@code a[i] = b[i] + s * c[i]} over doubles: two reads and a write.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch", "--add-modules", "jdk.incubator.vector"})
public class MemoryBandwidthBenchmark {
    /** 16 Mi elements of 8 bytes = 128 MiB per array. */
    public static final int LENGTH = 16 * 1024 * 1024;
    /** 1024 doubles = 8 KiB, resident in L1. */
    static final int BLOCK = 1024;

    double[] block = new double[BLOCK];
    double[] a;
    double[] b;
    double[] c;

    @Setup
    public void setUp() {
        a = new double[LENGTH];
        b = Data.uniform(LENGTH, 2);
        c = Data.uniform(LENGTH, 3);
    }

    @Benchmark
    public double read() {
        double[] acc = block;
        java.util.Arrays.fill(acc, 0);
        double[] data = b;
        for (int start = 0; start < LENGTH; start += BLOCK) {
            for (int j = 0; j < BLOCK; j++) {
                acc[j] += data[start + j];
            }
        }
        double sum = 0;
        for (double v : acc) {
            sum += v;
        }
        return sum;
    }

    /**
     * The same read as eight interleaved vector streams ({@link VectorProbes#sum}): several streams
     * keep more reads in flight, and on these VMs read about twice as fast as one. Needs the Vector
     * API module; {@link Report} runs its forks with it.
     */
    @Benchmark
    public double readStreams() {
        return VectorProbes.sum(b, 0, LENGTH);
    }

    @Benchmark
    public double triad() {
        double s = 1.0000001;
        for (int i = 0; i < LENGTH; i++) {
            a[i] = b[i] + s * c[i];
        }
        return a[LENGTH - 1];
    }

    /** Bytes read by one {@link #read()}. */
    public static long readBytes() {
        return 8L * LENGTH;
    }

    /** Bytes moved by one {@link #triad()}: two arrays read, one written. */
    public static long triadBytes() {
        return 3 * 8L * LENGTH;
    }
}
