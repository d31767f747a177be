package dev.descent.average;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.BatchedObjective;
import dev.descent.Listener;
import dev.descent.loop.Minimizer;
import dev.descent.Objective;
import dev.descent.Objectives;
import dev.descent.Progress;
import dev.descent.optim.Sgd;
import dev.descent.stop.StoppingRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The averages against torch 1.13's {@code AveragedModel}, update for update: the files under
 * {@code src/test/resources/torch-averaging/} are written by
 * {@code tools/reference/torch_averaging_reference.py} (SGD on three least-squares batches, an EMA
 * after every step, SWA after every epoch from the start epoch, epochs counted from 1).
 */
class TorchAveragingTest {

    private static final double RELATIVE = 1e-12;

    /** A reference: its header, the lines of each step and of each epoch's end. */
    private record Reference(Map<String, String> header, List<double[]> steps, List<double[]> epochs) {
        double number(String key) {
            String value = header.get(key);
            if (value == null) {
                throw new IllegalStateException("reference header lacks " + key);
            }
            return Double.parseDouble(value);
        }

        double[] vector(String key) {
            return Arrays.stream(header.get(key).split(",")).mapToDouble(Double::parseDouble).toArray();
        }
    }

    private static Reference read(String name) throws IOException {
        try (InputStream in = TorchAveragingTest.class.getResourceAsStream("/torch-averaging/" + name + ".txt")) {
            assertThat(in).as(name).isNotNull();
            Map<String, String> header = new HashMap<>();
            List<double[]> steps = new ArrayList<>();
            List<double[]> epochs = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    int equals = line.indexOf('=');
                    header.put(line.substring(1, equals).trim(), line.substring(equals + 1).trim());
                } else if (!line.isBlank()) {
                    String[] fields = line.trim().split(" ");
                    double[] numbers = Arrays.stream(fields, 1, fields.length).mapToDouble(Double::parseDouble).toArray();
                    (fields[0].equals("step") ? steps : epochs).add(numbers);
                }
            }
            return new Reference(header, steps, epochs);
        }
    }

    /** Batch b: {@code 0.5 * sum a_b (x - c_b)^2}, gradient {@code a_b * (x - c_b)} as the script sets it. */
    private static BatchedObjective batches(Reference reference) {
        double[][] a = {reference.vector("a0"), reference.vector("a1"), reference.vector("a2")};
        double[][] c = {reference.vector("c0"), reference.vector("c1"), reference.vector("c2")};
        return new BatchedObjective() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public int batches() {
                return 3;
            }

            @Override
            public Objective batch(long epoch, int b) {
                return Objectives.of(3, x -> {
                    double sum = 0;
                    for (int i = 0; i < 3; i++) {
                        sum += 0.5 * a[b][i] * (x[i] - c[b][i]) * (x[i] - c[b][i]);
                    }
                    return sum;
                }, (x, g) -> {
                    for (int i = 0; i < 3; i++) {
                        g[i] = a[b][i] * (x[i] - c[b][i]);
                    }
                });
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd-plain", "sgd-momentum", "sgd-slow-decay"})
    void emaAndSwaMatchTorchsAveragedModel(String name) throws IOException {
        Reference reference = read(name);
        int epochs = (int) reference.number("epochs");
        long swaStart = (long) reference.number("swa-start");
        AveragedPoint ema = new ExponentialMovingAverage(reference.number("decay")).init(3);
        AveragedPoint swa = new StochasticWeightAveraging(swaStart).init(3);
        List<double[]> steps = new ArrayList<>();
        List<double[]> ends = new ArrayList<>();
        Sgd sgd = new Sgd(reference.number("lr")).withMomentum(reference.number("momentum"));
        Minimizer.using(sgd).stoppingWhen(StoppingRules.maxEpochs(epochs)).returningLastPoint()
                .listener(ema).listener(swa).listener(new Listener() {
                    @Override
                    public void onStep(Progress p) {
                        if (p.iteration() > 0) {
                            steps.add(concat(p.point(), ema.point()));
                        }
                    }

                    @Override
                    public void onEpoch(Progress p) {
                        double[] count = {swa.count()};
                        ends.add(swa.isEmpty() ? concat(count, p.point()) : concat(concat(count, p.point()), swa.point()));
                    }
                }).minimize(batches(reference), reference.vector("start"));

        assertThat(steps).as(name + ": updates").hasSameSizeAs(reference.steps()).hasSize(3 * epochs);
        for (int k = 0; k < steps.size(); k++) {
            // step k: the iterate (the loop and Sgd against torch.optim.SGD), then the EMA
            close(name + " update " + (k + 1), Arrays.copyOfRange(steps.get(k), 0, 6),
                    Arrays.copyOfRange(reference.steps().get(k), 1, 7));
        }
        assertThat(ends).hasSize(epochs);
        for (int e = 0; e < epochs; e++) {
            double[] expected = reference.epochs().get(e);
            double[] actual = ends.get(e);
            assertThat(actual[0]).as(name + " n_averaged after epoch " + (e + 1)).isEqualTo(expected[1])
                    .isEqualTo(Math.max(0, e + 2 - swaStart));
            close(name + " end of epoch " + (e + 1), actual, Arrays.copyOfRange(expected, 1, expected.length));
        }
        assertThat(swa.count()).isEqualTo(epochs - swaStart + 1);
        assertThat(ema.count()).isEqualTo(3L * epochs);
    }

    /**
     * torch's own iterates fed to {@link AveragedPoint#update}: the averages' rounding alone, apart from
     * the optimizer's (torch's SGD adds {@code -lr * g} with a fused multiply-add, so its iterates can
     * differ from descent's in the last bit). The averages round as torch's do, bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd-plain", "sgd-momentum", "sgd-slow-decay"})
    void torchsIteratesAverageToTorchsBits(String name) throws IOException {
        Reference reference = read(name);
        AveragedPoint ema = new ExponentialMovingAverage(reference.number("decay")).init(3);
        AveragedPoint swa = new StochasticWeightAveraging((long) reference.number("swa-start")).init(3);
        for (double[] step : reference.steps()) {
            ema.update(Arrays.copyOfRange(step, 1, 4));
            assertSameBits(name + " ema after update " + (long) step[0], ema.point(), Arrays.copyOfRange(step, 4, 7));
        }
        for (double[] end : reference.epochs()) {
            if (end.length > 5) {
                swa.update(Arrays.copyOfRange(end, 2, 5));
                assertSameBits(name + " swa after epoch " + (long) end[0], swa.point(), Arrays.copyOfRange(end, 5, 8));
            }
            assertThat(swa.count()).isEqualTo((long) end[1]);
        }
    }

    private static void assertSameBits(String what, double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i])).as("%s, entry %d: %s vs torch %s", what, i, actual[i],
                    expected[i]).isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    private static void close(String what, double[] actual, double[] expected) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), Double.MIN_NORMAL);
            assertThat(Math.abs(actual[i] - expected[i]) / scale).as("%s, entry %d: %s vs torch %s", what, i, actual[i],
                    expected[i]).isLessThanOrEqualTo(RELATIVE);
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
