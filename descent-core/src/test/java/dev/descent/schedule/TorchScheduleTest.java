package dev.descent.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rates against torch 1.13's schedulers, step for step: the files under
 * {@code src/test/resources/torch-schedules/} are written by
 * {@code tools/reference/torch_schedule_reference.py} from torch's {@code get_last_lr()} (step 0 is the
 * rate before the first {@code scheduler.step()}).
 */
class TorchScheduleTest {

    private static final double RELATIVE = 1e-12;

    /** One reference file: the header's key=value pairs and the rate of each step. */
    private record Reference(Map<String, String> header, List<Double> rates) {
        String get(String key) {
            String value = header.get(key);
            if (value == null) {
                throw new IllegalStateException("reference header lacks " + key);
            }
            return value;
        }

        double number(String key) {
            return Double.parseDouble(get(key));
        }
    }

    private static Reference read(String name) throws IOException {
        try (InputStream in = TorchScheduleTest.class.getResourceAsStream("/torch-schedules/" + name + ".txt")) {
            assertThat(in).as(name).isNotNull();
            Map<String, String> header = new HashMap<>();
            List<Double> rates = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    int equals = line.indexOf('=');
                    header.put(line.substring(1, equals).trim(), line.substring(equals + 1).trim());
                } else if (!line.isBlank()) {
                    String[] fields = line.trim().split(" ");
                    assertThat(Long.parseLong(fields[0])).as(name + " step").isEqualTo(rates.size());
                    rates.add(Double.parseDouble(fields[1]));
                }
            }
            return new Reference(header, rates);
        }
    }

    private static void check(String name, Schedule schedule, Reference reference, int steps) {
        double lr = reference.number("lr");
        assertThat(steps).as(name + ": steps checked").isGreaterThanOrEqualTo(200);
        for (int t = 0; t < steps; t++) {
            double expected = reference.rates().get(t);
            double actual = schedule.at(lr, t);
            if (expected == 0) {
                assertThat(actual).as(name + " step " + t).isZero();
            } else {
                assertThat(Math.abs(actual - expected) / Math.abs(expected))
                        .as(name + " step " + t + ": " + actual + " vs torch " + expected).isLessThanOrEqualTo(RELATIVE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"polynomial-linear", "polynomial-square", "polynomial-sqrt", "polynomial-short"})
    void polynomialMatchesTorchsPolynomialLR(String name) throws IOException {
        Reference reference = read(name);
        assertThat(reference.get("schedule")).isEqualTo("polynomial");
        Polynomial schedule = new Polynomial(Long.parseLong(reference.get("total")), reference.number("power"));
        check(name, schedule, reference, reference.rates().size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"onecycle-cos", "onecycle-linear", "onecycle-three-phase-cos",
            "onecycle-three-phase-linear", "onecycle-factors"})
    void oneCycleMatchesTorchsOneCycleLROverTheCycle(String name) throws IOException {
        Reference reference = read(name);
        assertThat(reference.get("schedule")).isEqualTo("onecycle");
        long total = Long.parseLong(reference.get("total"));
        OneCycle schedule = new OneCycle(total, reference.number("pct"), reference.get("anneal").equals("linear"),
                reference.number("div"), reference.number("final-div"), Boolean.parseBoolean(reference.get("three-phase")),
                null);
        check(name, schedule, reference, (int) total);
        // past the cycle descent holds the final rate; torch extrapolates at step total (and refuses beyond)
        double lr = reference.number("lr");
        double minimum = lr / reference.number("div") / reference.number("final-div");
        assertThat(schedule.at(lr, total)).isEqualTo(minimum);
        assertThat(schedule.at(lr, total + 1000)).isEqualTo(minimum);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cyclic-triangular", "cyclic-triangular-asymmetric", "cyclic-triangular2",
            "cyclic-exp-range", "cyclic-exp-range-asymmetric"})
    void cyclicMatchesTorchsCyclicLR(String name) throws IOException {
        Reference reference = read(name);
        assertThat(reference.get("schedule")).isEqualTo("cyclic");
        Cyclic schedule = new Cyclic(reference.number("base"), Long.parseLong(reference.get("up")),
                Long.parseLong(reference.get("down")), Cyclic.Mode.valueOf(reference.get("mode").toUpperCase()),
                reference.number("gamma"), null);
        check(name, schedule, reference, reference.rates().size());
    }
}
