package dev.descent.bench;

import dev.descent.autodiff.Autodiff;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Activation;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.LinearModel;
import dev.descent.ml.model.LogisticModel;
import dev.descent.ml.model.Mlp;
import dev.descent.ml.model.Precision;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.Task;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.optim.Adam;
import dev.descent.optim.FirstOrderState;
import dev.descent.optim.Sgd;
import dev.descent.parallel.Team;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runner of the workloads W1-W6 ({@code descent bench}; W5 once per optimizer of
 * {@link OptimizerStepBenchmark}, in float64 and as W5f in float32): measures the floors on this
 * machine (read bandwidth on one and on all threads; the multiply-add peak of vector registers, or where
 * the Vector API is absent the matrix-multiply rate of descent's own kernel),
 * times each workload as the median of {@code reps} repetitions after a warm-up, with min and max
 * and the thread count, and prints each as a multiple of its floor. Where {@code /usr/bin/python3}
 * has NumPy (W1-W3), PyTorch (W4 in float64 and float32) or scikit-learn (W4 in float64), their
 * versions (tools/bench) run right before each workload, for ratios measured on the same machine
 * state. W4 runs twice, in float64 and as W4f in float32, each against the multiply-add peak of
 * its precision.
 * Run with {@code -Xms} equal to {@code -Xmx} and {@code -XX:+AlwaysPreTouch}: first touches of fresh
 * memory are slow on these machines.
 */
public final class Workloads {
    private static final int THREADS = Team.threads();
    /** Whether the probes of {@link VectorProbes} can run (the JVM was given jdk.incubator.vector). */
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final int reps;
    private final PrintWriter out;
    private final Map<String, double[]> floors = new LinkedHashMap<>();

    /** A workload's timings in ms. */
    record Timing(String id, String what, double[] ms, int threads, String floor, double floorMs) {
        double median() {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        double min() {
            return Arrays.stream(ms).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(ms).max().orElse(Double.NaN);
        }
    }

    public Workloads(int reps, PrintWriter out) {
        if (reps < 5) {
            throw new IllegalArgumentException("at least 5 timed repetitions: " + reps);
        }
        this.reps = reps;
        this.out = out;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        new Workloads(5, out).run(args.length == 0 ? List.of("W1", "W2", "W3", "W4", "W5", "W6") : List.of(args));
    }

    /** Runs the named workloads (W1..W6) and prints the table. */
    public void run(List<String> ids) {
        for (String id : ids) {
            if (!List.of("W1", "W2", "W3", "W4", "W5", "W6").contains(id)) {
                throw new IllegalArgumentException("unknown workload '" + id + "' (W1 to W6)");
            }
        }
        out.printf(Locale.ROOT, "descent bench: %d timed repetitions after warm-up, %d hardware threads, Java %s%n", reps,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        double bandwidth1 = readBandwidth(1);
        double bandwidthAll = readBandwidth(THREADS);
        out.printf(Locale.ROOT, "floors: read bandwidth %.1f GB/s on 1 thread, %.1f GB/s on %d at the start (each memory-bound"
                + " workload's floor is measured again between its repetitions)%n", bandwidth1 / 1e6, bandwidthAll / 1e6, THREADS);
        double flopRate = Double.NaN;
        double singleFlopRate = Double.NaN;
        if (ids.contains("W4")) {
            double multiplyRate = matmulRate();
            double peak = VECTOR_API ? fmaPeak(false) : Double.NaN;
            singleFlopRate = VECTOR_API ? fmaPeak(true) : multiplyRate;
            out.printf(Locale.ROOT, "        matrix multiply (descent's kernel, 1024^3, %d threads) %.1f GFLOP/s%n", THREADS,
                    multiplyRate / 1e6);
            if (Double.isNaN(peak)) {
                out.println("        (no jdk.incubator.vector: W4's and W4f's floor is descent's own float64 multiply rate)");
                flopRate = multiplyRate;
            } else {
                out.printf(Locale.ROOT, "        multiply-add peak (registers only, %d threads) %.1f GFLOP/s in float64, "
                        + "%.1f in float32%n", THREADS, peak / 1e6, singleFlopRate / 1e6);
                flopRate = peak;
            }
        }
        List<Timing> timings = new ArrayList<>();
        Map<String, double[]> references = new LinkedHashMap<>();
        if (ids.contains("W1") || ids.contains("W2") || ids.contains("W3")) {
            LinearData data = new LinearData();
            double bytes = 8.0 * data.n * data.d;
            if (ids.contains("W1")) {
                reference("W1", references);
                timings.add(memoryBound("W1", "least squares full-batch step, 500000 x 100", () -> data.step(false), THREADS,
                        "read X once", bytes));
            }
            if (ids.contains("W2")) {
                reference("W2", references);
                timings.add(memoryBound("W2", "logistic full-batch step, 500000 x 100", () -> data.step(true), THREADS,
                        "read X once", bytes));
            }
            if (ids.contains("W3")) {
                reference("W3", references);
                timings.add(memoryBound("W3", "logistic SGD epoch, batch 256, reshuffled", data::epoch, 1, "read X once",
                        bytes));
            }
        }
        if (ids.contains("W4")) {
            double flops = 6.0 * 60_000 * (784 * 256 + 256 * 10);
            MlpData data = new MlpData(Precision.FLOAT64);
            reference("W4", references);
            timings.add(new Timing("W4", "MLP 784-256-10 Adam epoch, batch 128, f64", time(data::epoch), THREADS,
                    "flops at the multiply rate", flops / flopRate));
            MlpData single = new MlpData(Precision.FLOAT32);
            reference("W4f", references);
            timings.add(new Timing("W4f", "MLP 784-256-10 Adam epoch, batch 128, f32", time(single::epoch), THREADS,
                    "flops at the float32 multiply rate", flops / singleFlopRate));
        }
        if (ids.contains("W5")) {
            int n = 10_000_000;
            double[] p = Data.uniform(n, 1);
            double[] g = Data.uniform(n, 2);
            FirstOrderState adam = new Adam(1e-9).init(n);
            timings.add(memoryBound("W5", "Adam step, 10M float64", () -> {
                adam.update(p, g, 1e-9);
                return p[0];
            }, THREADS, "move 7 arrays", 7.0 * 8 * n));
            for (String optimizer : OptimizerStepBenchmark.OPTIMIZERS) {
                if (!optimizer.equals("adam")) {
                    timings.add(optimizerStep(optimizer, p, g, null, null));
                }
            }
            float[] p32 = OptimizerStepBenchmark.narrow(p);
            float[] g32 = OptimizerStepBenchmark.narrow(g);
            for (String optimizer : OptimizerStepBenchmark.OPTIMIZERS) {
                timings.add(optimizerStep(optimizer, null, null, p32, g32));
            }
        }
        if (ids.contains("W6")) {
            double[] x = Data.uniform(1_000_000, 1);
            double[] gradient = new double[x.length];
            Timing value = new Timing("W6", "ext. Rosenbrock n=1e6, value", time(
                    () -> Autodiff.value(AutodiffBenchmark::extendedRosenbrock, x)), 1, "", Double.NaN);
            Timing both = new Timing("W6", "ext. Rosenbrock n=1e6, value+gradient", time(
                    () -> Autodiff.valueAndGradient(AutodiffBenchmark::extendedRosenbrock, x, gradient)), 1,
                    "ratio to value", Double.NaN);
            timings.add(value);
            timings.add(new Timing(both.id(), both.what(), both.ms(), 1, "value", value.median()));
        }
        print(timings, references);
    }

    private void print(List<Timing> timings, Map<String, double[]> references) {
        out.printf(Locale.ROOT, "%n%-4s %-44s %10s %19s %7s %10s %9s  %s%n", "id", "workload", "median ms", "min-max",
                "threads", "floor ms", "x floor", "same work elsewhere, timed just before");
        for (Timing t : timings) {
            List<String> peers = new ArrayList<>();
            for (Map.Entry<String, double[]> entry : references.entrySet()) {
                String key = entry.getKey();
                if (t.id().equals("W6") || key.endsWith(".threads") || !(key.equals(t.id()) || key.startsWith(t.id() + ":"))) {
                    continue;
                }
                double[] sorted = entry.getValue().clone();
                Arrays.sort(sorted);
                double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
                double[] threads = references.get(key + ".threads");
                String who = key.endsWith(":sklearn") ? "scikit-learn" : t.id().startsWith("W4") ? "PyTorch" : "NumPy";
                String kernel = kernels.getOrDefault(key, "BLAS kernel unknown");
                who += threads == null ? " (" + kernel + ")" : String.format(Locale.ROOT, " (%s, %d thread%s)", kernel,
                        (int) threads[0], threads[0] == 1 ? "" : "s");
                peers.add(String.format(Locale.ROOT, "%s %.1f ms: descent %.2fx faster", who, median, median / t.median()));
            }
            String reference = String.join("; ", peers);
            out.printf(Locale.ROOT, "%-4s %-44s %10.2f %9.2f-%-9.2f %7d %10.2f %9.2f  %s%n", t.id(), t.what(), t.median(),
                    t.min(), t.max(), t.threads(), t.floorMs(), t.median() / t.floorMs(), reference);
        }
        out.flush();
    }

    private double[] time(DoubleSupplier work) {
        return time(() -> 0, work);
    }

    /** Like {@link #time(DoubleSupplier)}, running {@code before} (untimed) before each run of {@code work}. */
    private double[] time(DoubleSupplier before, DoubleSupplier work) {
        // warm-up: at least three runs and two seconds, so the JIT has finished compiling the hot
        // code (on two cores a compilation in the background takes one of them from the timing)
        double sink = 0;
        long warmStart = System.nanoTime();
        for (int k = 0; k < 3 || (System.nanoTime() - warmStart < 2_000_000_000L && k < 30); k++) {
            sink += before.getAsDouble();
            sink += work.getAsDouble();
        }
        double[] ms = new double[reps];
        for (int k = 0; k < reps; k++) {
            sink += before.getAsDouble();
            long start = System.nanoTime();
            sink += work.getAsDouble();
            ms[k] = (System.nanoTime() - start) / 1e6;
        }
        if (sink == 42.4242) {
            out.print(""); // keeps the results alive
        }
        return ms;
    }

    private double[] probe;

    /** The bandwidth probe's 256 MiB, made once. */
    private double[] probe() {
        if (probe == null) {
            probe = Data.uniform(32 * 1024 * 1024, 9);
            double warm = 0;
            for (int k = 0; k < 2000; k++) {
                warm += VECTOR_API ? VectorProbes.sum(probe, 0, 1 << 14) : blockedSum(probe, 0, 1 << 14);
            }
            if (warm == 42.4242) {
                out.print("");
            }
        }
        return probe;
    }

    /** One read of the probe split over {@code threads} threads; returns the sum. */
    private double readOnce(int threads) {
        double[] data = probe();
        int part = data.length / threads;
        return onThreads(threads, index -> VECTOR_API ? VectorProbes.sum(data, index * part, (index + 1) * part)
                : blockedSum(data, index * part, (index + 1) * part));
    }

    /** Runs {@code task(0..threads-1)} on that many fresh threads at once; returns the sum of the results. */
    private static double onThreads(int threads, java.util.function.IntToDoubleFunction task) {
        double[] results = new double[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> results[index] = task.applyAsDouble(index));
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Arrays.stream(results).sum();
    }

    /**
     * Bytes per millisecond reading 256 MiB split over {@code threads} threads, the best of the
     * repetitions: the Vector API sum of {@link VectorProbes} where present (a scalar loop reads at
     * about half the speed the memory can deliver), else a blocked loop the JIT vectorizes.
     */
    private double readBandwidth(int threads) {
        double[] ms = time(() -> readOnce(threads));
        Arrays.sort(ms);
        return 8.0 * probe().length / ms[0];
    }

    static double blockedSum(double[] data, int from, int to) {
        double[] block = new double[1024];
        int start = from;
        for (; start + 1024 <= to; start += 1024) {
            for (int j = 0; j < 1024; j++) {
                block[j] += data[start + j];
            }
        }
        double sum = 0;
        for (; start < to; start++) {
            sum += data[start];
        }
        for (double v : block) {
            sum += v;
        }
        return sum;
    }

    /**
     * Times a memory-bound workload with its floor measured in the same moments: each repetition is
     * preceded by one read of the bandwidth probe on the same number of threads, and the floor is
     * {@code bytes} at the median probe bandwidth. (These shared machines slow down and speed up by 2x
     * over tens of seconds; a floor measured minutes earlier would mix two machines in one ratio.)
     */
    private Timing memoryBound(String id, String what, DoubleSupplier work, int threads, String floor, double bytes) {
        List<Double> probeMs = new ArrayList<>();
        double[] ms = time(() -> {
            long start = System.nanoTime();
            double sink = readOnce(threads);
            probeMs.add((System.nanoTime() - start) / 1e6);
            return sink;
        }, work);
        // the probes that preceded the timed repetitions: the last reps of them
        double[] sorted = probeMs.subList(probeMs.size() - reps, probeMs.size()).stream().mapToDouble(Double::doubleValue)
                .sorted().toArray();
        double bandwidth = 8.0 * probe().length / sorted[sorted.length / 2];
        return new Timing(id, what, ms, threads, floor, bytes / bandwidth);
    }

    /**
     * W5 for one optimizer of {@link OptimizerStepBenchmark}: its step on {@code parameters} after the
     * untimed steps past its first-step special cases, against the floor of its own byte count at the
     * bandwidth of all threads, as Adam's: one core cannot saturate memory, so on a quiet machine a step
     * that runs on one thread cannot come much below 2x. The threads column is the number of threads
     * the step runs on, measured. With {@code parameters32} (W5f) the rule's float32 form steps float32
     * arrays, and its floor counts four bytes an entry.
     *
     * @param parameters32 null for W5, else the float32 parameters, modified (and {@code parameters} null)
     * @param parameters modified
     * @param gradient not modified
     */
    private Timing optimizerStep(String optimizer, double[] parameters, double[] gradient, float[] parameters32,
                                 float[] gradient32) {
        boolean single = parameters32 != null;
        int n = single ? parameters32.length : parameters.length;
        FirstOrderState state = OptimizerStepBenchmark.state(optimizer, n, single);
        DoubleSupplier step;
        if (single) {
            OptimizerStepBenchmark.warm(state, parameters32, gradient32);
            step = () -> {
                state.update(parameters32, gradient32, OptimizerStepBenchmark.LEARNING_RATE);
                return parameters32[0];
            };
        } else {
            OptimizerStepBenchmark.warm(state, parameters, gradient);
            step = () -> {
                state.update(parameters, gradient, OptimizerStepBenchmark.LEARNING_RATE);
                return parameters[0];
            };
        }
        int entry = single ? 4 : 8;
        long bytes = OptimizerStepBenchmark.bytes(optimizer, entry);
        Timing timing = memoryBound(single ? "W5f" : "W5", STEP_NAMES.get(optimizer) + " step, 10M "
                + (single ? "float32" : "float64"), step, THREADS, "move " + bytes / ((long) entry * n) + " arrays", bytes);
        return new Timing(timing.id(), timing.what(), timing.ms(), busyThreads(step), timing.floor(), timing.floorMs());
    }

    /** How the W5 lines name the optimizers of {@link OptimizerStepBenchmark#OPTIMIZERS}. */
    private static final Map<String, String> STEP_NAMES = Map.ofEntries(Map.entry("sgd-momentum", "SGD momentum"),
            Map.entry("adam", "Adam"), Map.entry("adamw", "AdamW"), Map.entry("rmsprop", "RMSprop"),
            Map.entry("adagrad", "AdaGrad"), Map.entry("nadam", "NAdam"), Map.entry("radam", "RAdam"),
            Map.entry("adamax", "Adamax"), Map.entry("adadelta", "Adadelta"), Map.entry("rprop", "Rprop"),
            Map.entry("asgd", "ASGD (t0 1e6, copies ax)"), Map.entry("asgd-averaging", "ASGD (t0 0, averaging)"),
            Map.entry("lion", "Lion"));

    /**
     * The threads a warmed-up step runs on: those that took at least a fifth of the busiest thread's
     * CPU time over five untimed steps (CPU time, not wall time, which other work on a shared machine
     * stretches), at most {@link #THREADS}; 1 where the JVM cannot tell.
     */
    private int busyThreads(DoubleSupplier step) {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean threads) || !threads.isThreadCpuTimeEnabled()) {
            return 1;
        }
        long[] ids = threads.getAllThreadIds();
        long[] before = threads.getThreadCpuTime(ids);
        double sink = 0;
        for (int k = 0; k < 5; k++) {
            sink += step.getAsDouble();
        }
        long[] after = threads.getThreadCpuTime(ids);
        if (sink == 42.4242) {
            out.print(""); // keeps the results alive
        }
        long most = 0;
        for (int t = 0; t < ids.length; t++) {
            most = Math.max(most, after[t] - before[t]);
        }
        int busy = 0;
        for (int t = 0; t < ids.length; t++) {
            if (before[t] >= 0 && after[t] - before[t] >= most / 5) {
                busy++;
            }
        }
        return Math.max(1, Math.min(THREADS, busy));
    }

    /** Floating-point operations per millisecond of independent vector multiply-adds on all threads. */
    private double fmaPeak(boolean single) {
        long iterations = 20_000_000;
        double[] ms = time(() -> onThreads(THREADS, index -> single ? VectorProbes.floatMultiplyAdds(iterations)
                : VectorProbes.multiplyAdds(iterations)));
        Arrays.sort(ms);
        return THREADS * VectorProbes.flops(iterations, single) / ms[0];
    }

    /** Floating-point operations per millisecond of descent's matrix product, 1024^3. */
    private double matmulRate() {
        int n = 1024;
        double[] a = Data.uniform(n * n, 3);
        double[] b = Data.uniform(n * n, 4);
        double[] ms = time(() -> {
            Tape tape = new Tape();
            return tape.constantView(a, n, n).matmul(tape.constantView(b, n, n)).get(0);
        });
        Arrays.sort(ms);
        return 2.0 * n * n * n / ms[ms.length / 2];
    }

    /** W1-W3's data: X uniform in [-1, 1], 500,000 x 100, targets from a fixed w*. */
    private static final class LinearData {
        final int n = 500_000;
        final int d = 100;
        final double[] x = Data.uniform(n * d, 11);
        final double[] linearTargets = new double[n];
        final double[] labels = new double[n];
        final double[] theta = new double[d + 1];
        final Dataset dataset;
        final Model linearModel = new LinearModel(d);
        final Model logisticModel = new LogisticModel(d);
        final Batch linearBatch = new Batch(x, n, d, linearTargets, null);
        final Batch logisticBatch = new Batch(x, n, d, labels, null);

        LinearData() {
            double[] wStar = Data.uniform(d, 12);
            for (int i = 0; i < n; i++) {
                double z = 0;
                for (int j = 0; j < d; j++) {
                    z += x[i * d + j] * wStar[j];
                }
                linearTargets[i] = z;
                labels[i] = 1 / (1 + Math.exp(-z)) > 0.5 ? 1 : 0;
            }
            List<String> names = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                names.add("x" + j);
            }
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                classes[i] = (int) labels[i];
            }
            dataset = new Dataset("W3", names, "y", x, labels, List.of("0", "1"), classes);
        }

        /** One full-batch gradient step: loss and gradient in one pass, then theta -= 0.1 g. */
        double step(boolean logistic) {
            Tape tape = new Tape();
            Tensor parameters = tape.variable(theta);
            Model model = logistic ? logisticModel : linearModel;
            Tensor loss = model.trainingLoss(parameters, tape, logistic ? logisticBatch : linearBatch);
            tape.backward(loss);
            double[] g = parameters.gradient();
            for (int j = 0; j <= d; j++) {
                theta[j] -= 0.1 * g[j];
            }
            return loss.item();
        }

        double epoch() {
            return Trainer.of(new LogisticModel(d), TrainingPlan.of(new Sgd(0.1)).batchSize(256).epochs(1).withoutEpochMetrics())
                    .fit(dataset, null).parameters()[0];
        }
    }

    /** W4's data: 60,000 x 784 uniform, ten random classes. */
    private static final class MlpData {
        final Dataset dataset;
        final Mlp mlp;

        MlpData(Precision precision) {
            mlp = new Mlp(784, List.of(256), Activation.RELU, Task.MULTICLASS, 10, precision);
            int n = 60_000;
            double[] x = Data.uniform(n * 784, 21);
            SplittableRandom random = new SplittableRandom(22);
            int[] classes = new int[n];
            double[] targets = new double[n];
            for (int i = 0; i < n; i++) {
                classes[i] = random.nextInt(10);
                targets[i] = classes[i];
            }
            List<String> names = new ArrayList<>();
            for (int j = 0; j < 784; j++) {
                names.add("p" + j);
            }
            dataset = new Dataset("W4", names, "digit", x, targets, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                    classes);
        }

        double epoch() {
            return Trainer.of(mlp, TrainingPlan.of(new Adam(1e-3)).batchSize(128).epochs(1).withoutEpochMetrics()).fit(dataset, null)
                    .parameters()[0];
        }
    }

    /**
     * Runs NumPy's (W1-W3) or PyTorch's (W4) version of workload {@code id} from tools/bench, where
     * /usr/bin/python3 has them, right before descent's own: these machines change speed over tens of
     * seconds, so the two are timed back to back. Adds the timings to {@code found}.
     */
    private void reference(String id, Map<String, double[]> found) {
        if (!Boolean.parseBoolean(System.getProperty("descent.bench.references", "true"))) {
            sayOnce("(-Ddescent.bench.references=false: no NumPy or PyTorch comparison)");
            return;
        }
        Path tools = locateTools();
        if (tools == null || !Files.isExecutable(Path.of("/usr/bin/python3"))) {
            sayOnce("(no tools/bench or /usr/bin/python3 here: no NumPy or PyTorch comparison)");
            return;
        }
        if (id.equals("W4")) {
            found.putAll(python(tools.resolve("torch_w4.py"), "PyTorch", "float64"));
            found.putAll(python(tools.resolve("sklearn_w4.py"), "scikit-learn"));
        } else if (id.equals("W4f")) {
            found.putAll(python(tools.resolve("torch_w4.py"), "PyTorch", "float32"));
        } else {
            found.putAll(python(tools.resolve("numpy_workloads.py"), "NumPy", id));
        }
    }

    private final java.util.Set<String> said = new java.util.HashSet<>();

    private void sayOnce(String message) {
        if (said.add(message)) {
            out.println(message);
        }
    }

    private static Path locateTools() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("tools/bench"))) {
                return dir.resolve("tools/bench");
            }
        }
        return null;
    }

    /** The BLAS kernel each peer's timing ran on, as the peer reported it (threadpoolctl). */
    private final Map<String, String> kernels = new LinkedHashMap<>();

    /**
     * The OpenBLAS kernel for this CPU, or null to leave OpenBLAS its own choice. Debian's OpenBLAS
     * does not recognise some recent processors and falls back to its generic (Prescott) kernels,
     * which leave the CPU's wide vector units unused; the peers are timed on the kernel the CPU's
     * instructions allow (AVX-512 with BF16: Cooperlake; AVX-512: SkylakeX; AVX2 and FMA: Haswell),
     * when OpenBLAS itself picks the generic one and {@code OPENBLAS_CORETYPE} is not set.
     */
    private String peerCore() {
        if (!peerCoreChosen) {
            peerCoreChosen = true;
            String best = bestOpenBlasCore();
            if (best != null && System.getenv("OPENBLAS_CORETYPE") == null) {
                String own = openBlasChoice();
                // OpenBLAS's own choice stands unless it fell back to the generic kernel
                chosenPeerCore = own != null && own.equalsIgnoreCase("Prescott") ? best : null;
            }
        }
        return chosenPeerCore;
    }

    private boolean peerCoreChosen;
    private String chosenPeerCore;

    /** The kernel OpenBLAS picks by itself for /usr/bin/python3's NumPy (threadpoolctl), or null if that cannot tell. */
    private static String openBlasChoice() {
        try {
            Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy, threadpoolctl\n"
                    + "print(next((p.get('architecture', '') for p in threadpoolctl.threadpool_info()"
                    + " if p.get('internal_api') == 'openblas'), ''))").redirectErrorStream(true).start();
            String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return probe.waitFor() == 0 && !answer.isEmpty() ? answer : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String bestOpenBlasCore() {
        try {
            String flags = "";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    flags = " " + line.substring(line.indexOf(':') + 1) + " ";
                    break;
                }
            }
            return coreFor(flags);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The OpenBLAS kernel for a CPU with these {@code /proc/cpuinfo} flags (space-separated), or null. */
    static String coreFor(String flags) {
        String padded = " " + flags.trim() + " ";
        if (padded.contains(" avx512f ") && padded.contains(" avx512vl ")) {
            return padded.contains(" avx512_bf16 ") ? "COOPERLAKE" : "SKYLAKEX";
        }
        return padded.contains(" avx2 ") && padded.contains(" fma ") ? "HASWELL" : null;
    }

    private Map<String, double[]> python(Path script, String library, String... workloads) {
        Map<String, double[]> found = new LinkedHashMap<>();
        try {
            List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), Integer.toString(reps)));
            command.addAll(List.of(workloads));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
            String core = peerCore();
            if (core != null) {
                builder.environment().put("OPENBLAS_CORETYPE", core);
            }
            Process process = builder.start();
            String line;
            StringBuilder all = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                while ((line = reader.readLine()) != null) {
                    all.append(line);
                }
            }
            if (process.waitFor() != 0) {
                out.printf("(%s not available to /usr/bin/python3: no %s comparison)%n", library, library);
                return found;
            }
            Matcher entries = Pattern.compile("\"(W\\d[a-z]?(?::[a-z-]+)?)\": \\[([^\\]]*)\\]").matcher(all);
            while (entries.find()) {
                found.put(entries.group(1), Arrays.stream(entries.group(2).split(",")).map(String::trim)
                        .mapToDouble(Double::parseDouble).toArray());
            }
            Matcher kernel = Pattern.compile("\"kernel\": \"([^\"]*)\"").matcher(all);
            if (kernel.find()) {
                for (String id : new ArrayList<>(found.keySet())) {
                    kernels.put(id, kernel.group(1));
                }
            }
            Matcher threads = Pattern.compile("\"threads\": (\\d+)").matcher(all);
            if (threads.find()) {
                for (String id : new ArrayList<>(found.keySet())) {
                    found.put(id + ".threads", new double[] {Integer.parseInt(threads.group(1))});
                }
            }
        } catch (Exception e) {
            out.printf("(could not run %s: %s)%n", script, e.getMessage());
        }
        return found;
    }
}
