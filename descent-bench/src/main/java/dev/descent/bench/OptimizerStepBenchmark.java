package dev.descent.bench;

import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Asgd;
import dev.descent.optim.FirstOrderState;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Lion;
import dev.descent.optim.NAdam;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import java.util.List;
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
 * W5: one optimizer step on 10,000,000 float64 parameters, for every first-order rule, each with
 * PyTorch's defaults but for a tiny learning rate, so the parameters stay finite over any number of
 * steps; W5f the same in float32, each rule's float32 form ({@code inFloat32()}) on {@code float[]}. A step runs on the threads its rule uses (Adam's and AdamW's on all cores, see
 * {@code Ranges}). {@code descent bench W5} ({@link Workloads}) times the same steps against a
 * memory floor measured in the same moments.
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
    /** The learning rate of every step: small enough that 10^6 steps move no parameter far. */
    public static final double LEARNING_RATE = 1e-9;
    /** The optimizers W5 times, as in the {@code @Param} list below (an annotation cannot name a constant array). */
    public static final List<String> OPTIMIZERS = List.of("sgd-momentum", "adam", "adamw", "rmsprop", "adagrad", "nadam",
            "radam", "adamax", "adadelta", "rprop", "asgd", "asgd-averaging", "lion");

    @Param({"sgd-momentum", "adam", "adamw", "rmsprop", "adagrad", "nadam", "radam", "adamax", "adadelta", "rprop", "asgd",
        "asgd-averaging", "lion"})
    public String optimizer;

    /**
     * {@code f64} (W5) or {@code f32} (W5f, the rule's float32 form on float[]). In float32 a step of
     * 1e-9 rounds away on most parameters in [0, 1); the step reads, computes and writes the same.
     */
    @Param({"f64", "f32"})
    public String precision;

    double[] parameters;
    double[] gradient;
    float[] parameters32;
    float[] gradient32;
    FirstOrderState state;

    @Setup
    public void setUp() {
        boolean single = precision.equals("f32");
        parameters = Data.uniform(single ? 1 : PARAMETERS, 1);
        gradient = Data.uniform(single ? 1 : PARAMETERS, 2);
        parameters32 = single ? narrow(Data.uniform(PARAMETERS, 1)) : new float[0];
        gradient32 = single ? narrow(Data.uniform(PARAMETERS, 2)) : new float[0];
        state = state(optimizer, PARAMETERS, single);
        if (single) {
            warm(state, parameters32, gradient32);
        } else {
            warm(state, parameters, gradient);
        }
    }

    @Benchmark
    public double step() {
        if (parameters32.length > 0) {
            state.update(parameters32, gradient32, LEARNING_RATE);
            return parameters32[0];
        }
        state.update(parameters, gradient, LEARNING_RATE);
        return parameters[0];
    }

    /** The values rounded to float32, a new array. */
    public static float[] narrow(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * A fresh state of the named optimizer (one of {@link #OPTIMIZERS}) with the learning rate
     * {@link #LEARNING_RATE}. Rprop's step sizes are capped at that rate (a constant gradient would
     * grow them by 1.2 a step up to 50); "asgd" is ASGD with PyTorch's t0 = 1e6, so it copies the
     * iterate into the average, "asgd-averaging" has t0 = 0, so it averages from the third step on.
     */
    public static FirstOrderState state(String optimizer, int dimension) {
        return state(optimizer, dimension, false);
    }

    /** {@link #state(String, int)}, or with {@code float32} its rule's float32 form's. */
    public static FirstOrderState state(String optimizer, int dimension, boolean float32) {
        Optimizer rule = switch (optimizer) {
            case "sgd-momentum" -> new Sgd(LEARNING_RATE).withMomentum(0.9);
            case "adam" -> new Adam(LEARNING_RATE);
            case "adamw" -> new AdamW(LEARNING_RATE);
            case "rmsprop" -> new RmsProp(LEARNING_RATE);
            case "adagrad" -> new AdaGrad(LEARNING_RATE);
            case "nadam" -> new NAdam(LEARNING_RATE);
            case "radam" -> new RAdam(LEARNING_RATE);
            case "adamax" -> new Adamax(LEARNING_RATE);
            case "adadelta" -> new Adadelta(LEARNING_RATE);
            case "rprop" -> new Rprop(LEARNING_RATE).withStepSizes(0, LEARNING_RATE);
            case "asgd" -> new Asgd(LEARNING_RATE);
            case "asgd-averaging" -> new Asgd(LEARNING_RATE).withT0(0);
            case "lion" -> new Lion(LEARNING_RATE);
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'");
        };
        return (FirstOrderState) (float32 ? rule.inFloat32().orElseThrow() : rule).init(dimension);
    }

    /**
     * Takes the steps that precede the timed ones, past every first-step special case: SGD's
     * momentum buffer set to the gradient, Rprop's and ASGD's step sizes filled from the rate, and
     * ASGD with t0 = 0 copying the iterate at steps 1 and 2 (its weight mu is 1 until then).
     *
     * @param parameters modified
     * @param gradient not modified
     */
    public static void warm(FirstOrderState state, double[] parameters, double[] gradient) {
        state.update(parameters, gradient, LEARNING_RATE);
        state.update(parameters, gradient, LEARNING_RATE);
    }

    /** {@link #warm(FirstOrderState, double[], double[])} for a float32 state on float32 arrays. */
    public static void warm(FirstOrderState state, float[] parameters, float[] gradient) {
        state.update(parameters, gradient, LEARNING_RATE);
        state.update(parameters, gradient, LEARNING_RATE);
    }

    /**
     * Bytes a step must move at least: every array it reads read once and every array it writes
     * written once, counted from each rule's update loop with its defaults (p parameters, g gradient):
     * <ul>
     * <li>sgd-momentum reads p, g, b and writes p, b: 5 arrays;
     * <li>adam and adamw read p, g, m, v and write p, m, v: 7;
     * <li>rmsprop reads p, g, s and writes p, s: 5;
     * <li>adagrad reads p, g, s and writes p, s: 5;
     * <li>nadam and radam read p, g, m, v and write p, m, v: 7;
     * <li>adamax reads p, g, m, u (the infinity norm) and writes p, m, u: 7;
     * <li>adadelta reads p, g, v, u (the squared-update average) and writes p, v, u: 7;
     * <li>rprop reads p, g, prev, stepsize and writes p, prev, stepsize: 7;
     * <li>asgd before averaging reads p, g and writes p and ax (a copy of p): 4;
     * <li>asgd-averaging reads p, g, ax and writes p, ax: 5;
     * <li>lion reads p, g, m and writes p, m: 5.
     * </ul>
     * An array written without being read (asgd's ax) costs the hardware a read for ownership as
     * well; the floor does not count it.
     */
    public static long bytes(String optimizer) {
        return bytes(optimizer, 8);
    }

    /** {@link #bytes(String)} for entries of {@code bytesPerEntry} bytes: 8, or 4 in float32. */
    public static long bytes(String optimizer, int bytesPerEntry) {
        int arrays = switch (optimizer) {
            case "asgd" -> 4;
            case "sgd-momentum", "rmsprop", "adagrad", "asgd-averaging", "lion" -> 5;
            case "adam", "adamw", "nadam", "radam", "adamax", "adadelta", "rprop" -> 7;
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'");
        };
        return (long) bytesPerEntry * PARAMETERS * arrays;
    }
}
