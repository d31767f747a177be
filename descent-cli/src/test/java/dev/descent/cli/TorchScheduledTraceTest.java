package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OneCycleLR and CyclicLR with torch's momentum cycling through the command: {@code descent minimize
 * --schedule ... --trace} writes torch 1.13's rate, momentum and iterate at every one of 200 steps
 * (tools/reference/torch_scheduled_reference.py; the header's {@code spec} is the schedule in the
 * command's own form), to 1e-12 relative.
 */
class TorchScheduledTraceTest {

    private static final double TOLERANCE = 1e-12;
    private static final Path REFERENCES = Path.of("..", "descent-core", "src", "test", "resources", "torch-scheduled");
    /** Header lines that describe the schedule: the command takes them as the one --schedule spec. */
    private static final Set<String> SCHEDULE = Set.of("schedule", "total", "pct", "anneal", "div", "final-div",
            "three-phase", "base", "up", "down", "mode", "gamma", "base-momentum", "max-momentum", "spec");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd-onecycle", "sgd-nesterov-onecycle-three-phase", "sgd-dampening-onecycle",
            "adam-onecycle", "adamw-onecycle", "rmsprop-onecycle", "rmsprop-centered-onecycle", "nadam-onecycle",
            "radam-onecycle", "adamax-onecycle", "sgd-cyclic", "sgd-cyclic-exp-range", "rmsprop-cyclic-triangular2",
            "adam-cyclic"})
    void theTraceHasTorchsRatesMomentaAndIterates(String name, @TempDir Path dir) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> optimizer = new LinkedHashMap<>();
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(REFERENCES.resolve(name + ".txt"))) {
            if (line.startsWith("# ")) {
                String[] pair = line.substring(2).split("=", 2);
                header.put(pair[0], pair[1]);
                if (!SCHEDULE.contains(pair[0])) {
                    optimizer.put(pair[0], pair[1]);
                }
            } else if (!line.isBlank()) {
                String[] fields = line.trim().split(" ");
                double[] row = new double[fields.length - 1];
                for (int i = 1; i < fields.length; i++) {
                    row[i - 1] = fields[i].equals("nan") ? Double.NaN : Double.parseDouble(fields[i]);
                }
                rows.add(row);
            }
        }
        assertThat(rows).hasSize(201);
        optimizer.put("sign", "1.0");
        List<double[]> points = rows.stream().map(r -> java.util.Arrays.copyOfRange(r, 2, r.length)).toList();
        Path trace = dir.resolve("trace.csv");
        List<String> args = new ArrayList<>(TorchTraceTest.arguments(new TorchTraceTest.Recording(name, optimizer, points),
                trace));
        args.addAll(List.of("--schedule", header.get("spec")));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as("%s%nstderr: %s", args, cli.err()).isZero();
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines.get(0)).startsWith("iter,f,grad_norm,step,lr,momentum,");
        assertThat(lines).hasSize(202);
        double worst = 0;
        for (int step = 1; step <= 200; step++) {
            String[] row = lines.get(step + 1).split(",");
            double[] want = rows.get(step);
            for (int k = 0; k < want.length; k++) {
                double got = Double.parseDouble(row[4 + k]); // lr, momentum, then the point
                double error = Math.abs(got - want[k]) / Math.max(1, Math.abs(want[k]));
                worst = Math.max(worst, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error);
            }
        }
        assertThat(worst).as("%s: descent %s", name, args).isLessThanOrEqualTo(TOLERANCE);
    }
}
