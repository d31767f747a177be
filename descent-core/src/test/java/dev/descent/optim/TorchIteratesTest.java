package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays trajectories recorded from torch.optim 1.13 (tools/reference/torch_optim_reference.py):
 * same hyper-parameters, start and gradients give the same iterates to 1e-12 relative, every
 * coordinate of every one of 200 steps.
 */
class TorchIteratesTest {

    private static final double TOLERANCE = 1e-12;
    private static final String[] OBJECTIVES = {"rosenbrock", "quadratic"};
    private static final String[] CONFIGS = {
        "sgd-plain", "sgd-momentum", "sgd-dampening", "sgd-nesterov", "sgd-weight-decay", "sgd-maximize",
        "adam-plain", "adam-betas-eps", "adam-amsgrad", "adam-weight-decay", "adam-maximize",
        "adamw-default-decay", "adamw-decay", "adamw-amsgrad", "adamw-maximize",
        "rmsprop-plain", "rmsprop-alpha-eps", "rmsprop-centered", "rmsprop-momentum", "rmsprop-centered-momentum",
        "rmsprop-weight-decay", "rmsprop-maximize",
        "adagrad-plain", "adagrad-lr-decay", "adagrad-initial-accumulator", "adagrad-weight-decay", "adagrad-eps",
        "adagrad-maximize",
        "adamax-plain", "adamax-betas-eps", "adamax-weight-decay", "adamax-maximize",
        "nadam-plain", "nadam-betas-eps", "nadam-weight-decay", "nadam-momentum-decay",
        "radam-plain", "radam-betas-eps", "radam-weight-decay",
        "adadelta-plain", "adadelta-rho-eps", "adadelta-weight-decay", "adadelta-maximize",
        "rprop-plain", "rprop-etas", "rprop-step-sizes", "rprop-maximize",
        "asgd-plain", "asgd-lambd-alpha", "asgd-t0", "asgd-weight-decay", "asgd-maximize",
        // rows are ASGD's averaged point state['ax'], not the parameters
        "asgd-t0-average", "asgd-maximize-average"
    };

    /** A recorded run: hyper-parameters and the parameters before the first step and after each step. */
    record Recording(String name, Map<String, String> parameters, List<double[]> iterates) {
        double number(String key, double fallback) {
            String text = parameters.get(key);
            return text == null ? fallback : Double.parseDouble(text);
        }

        boolean flag(String key) {
            return "True".equals(parameters.get(key));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Recording> recordings() throws IOException {
        List<Recording> all = new ArrayList<>();
        for (String objective : OBJECTIVES) {
            for (String config : CONFIGS) {
                all.add(read(objective + "-" + config));
            }
        }
        return all.stream();
    }

    static Recording read(String name) throws IOException {
        try (InputStream in = TorchIteratesTest.class.getResourceAsStream("/torch-reference/" + name + ".txt")) {
            if (in == null) {
                throw new IOException("missing reference file torch-reference/" + name + ".txt");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> parameters = new HashMap<>();
            List<double[]> iterates = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("# ")) {
                    String[] pair = line.substring(2).split("=", 2);
                    parameters.put(pair[0], pair[1]);
                } else if (!line.isBlank()) {
                    String[] fields = line.trim().split(" ");
                    double[] point = new double[fields.length - 1];
                    for (int i = 1; i < fields.length; i++) {
                        point[i - 1] = fields[i].equals("nan") ? Double.NaN : Double.parseDouble(fields[i]);
                    }
                    iterates.add(point);
                }
            }
            return new Recording(name, parameters, iterates);
        }
    }

    static Optimizer optimizer(Recording r) {
        double lr = r.number("lr", Double.NaN);
        boolean maximize = r.flag("maximize");
        return switch (r.parameters().get("optimizer")) {
            case "sgd" -> new Sgd(lr, r.number("momentum", 0), r.number("dampening", 0), r.flag("nesterov"),
                    r.number("weight_decay", 0), maximize);
            case "adam" -> new Adam(lr, r.number("beta1", 0.9), r.number("beta2", 0.999), r.number("eps", 1e-8),
                    r.number("weight_decay", 0), r.flag("amsgrad"), maximize);
            case "adamw" -> new AdamW(lr, r.number("beta1", 0.9), r.number("beta2", 0.999), r.number("eps", 1e-8),
                    r.number("weight_decay", 1e-2), r.flag("amsgrad"), maximize);
            case "rmsprop" -> new RmsProp(lr, r.number("alpha", 0.99), r.number("eps", 1e-8), r.number("weight_decay", 0),
                    r.number("momentum", 0), r.flag("centered"), maximize);
            case "adagrad" -> new AdaGrad(lr, r.number("lr_decay", 0), r.number("weight_decay", 0),
                    r.number("initial_accumulator_value", 0), r.number("eps", 1e-10), maximize);
            case "adamax" -> new Adamax(lr, r.number("beta1", 0.9), r.number("beta2", 0.999), r.number("eps", 1e-8),
                    r.number("weight_decay", 0), maximize);
            case "nadam" -> new NAdam(lr, r.number("beta1", 0.9), r.number("beta2", 0.999), r.number("eps", 1e-8),
                    r.number("weight_decay", 0), r.number("momentum_decay", 4e-3));
            case "radam" -> new RAdam(lr, r.number("beta1", 0.9), r.number("beta2", 0.999), r.number("eps", 1e-8),
                    r.number("weight_decay", 0));
            case "adadelta" -> new Adadelta(lr, r.number("rho", 0.9), r.number("eps", 1e-6), r.number("weight_decay", 0),
                    maximize);
            case "rprop" -> new Rprop(lr, r.number("etaminus", 0.5), r.number("etaplus", 1.2),
                    r.number("step_size_min", 1e-6), r.number("step_size_max", 50), maximize);
            case "asgd" -> new Asgd(lr, r.number("lambd", 1e-4), r.number("alpha", 0.75), r.number("t0", 1e6),
                    r.number("weight_decay", 0), maximize);
            default -> throw new IllegalArgumentException(r.parameters().get("optimizer"));
        };
    }

    /** The gradient of sign * f, written the way torch's autograd evaluates it. */
    static void gradient(String objective, double sign, double[] p, double[] g, double[][] a, double[] b) {
        if (objective.equals("rosenbrock")) {
            double valley = p[1] - p[0] * p[0];
            g[0] = sign * (-2 * (1 - p[0]) - 400 * p[0] * valley);
            g[1] = sign * (200 * valley);
        } else {
            for (int i = 0; i < 3; i++) {
                double ax = 0;
                for (int j = 0; j < 3; j++) {
                    ax += 0.5 * (a[i][j] + a[j][i]) * p[j];
                }
                g[i] = sign * (ax - b[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void sameIteratesAsTorch(Recording recording) throws IOException {
        double[][] a = new double[3][3];
        double[] b = new double[3];
        readQuadratic(a, b);
        Optimizer optimizer = optimizer(recording);
        List<double[]> torch = recording.iterates();
        assertThat(torch).hasSize(201);
        double[] p = torch.get(0).clone();
        double[] g = new double[p.length];
        FirstOrderState state = (FirstOrderState) optimizer.init(p.length);
        String objective = recording.parameters().get("objective");
        double sign = Double.parseDouble(recording.parameters().get("sign"));
        boolean averaged = "ax".equals(recording.parameters().get("record"));
        double[] ax = new double[p.length];
        double worst = 0;
        for (int step = 1; step < torch.size(); step++) {
            gradient(objective, sign, p, g, a, b);
            state.update(p, g, optimizer.learningRate());
            double[] want = torch.get(step);
            double[] got = p;
            if (averaged) {
                ((Asgd.State) state).averagedPoint(ax);
                got = ax;
            }
            for (int i = 0; i < p.length; i++) {
                double error = Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
                worst = Math.max(worst, error);
                if (!(error <= TOLERANCE)) {
                    fail("%s: step %d coordinate %d: descent %s, torch %s (relative error %.3e)", recording, step, i,
                            got[i], want[i], error);
                }
            }
        }
        assertThat(worst).isLessThanOrEqualTo(TOLERANCE);
    }

    static void readQuadratic(double[][] a, double[] b) throws IOException {
        try (InputStream in = TorchIteratesTest.class.getResourceAsStream("/torch-reference/quadratic-matrix.txt")) {
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.startsWith("#")).toList();
            String[] entries = lines.get(0).split(" ");
            for (int k = 0; k < 9; k++) {
                a[k / 3][k % 3] = Double.parseDouble(entries[k]);
            }
            String[] rhs = lines.get(1).split(" ");
            for (int k = 0; k < 3; k++) {
                b[k] = Double.parseDouble(rhs[k]);
            }
        }
    }

    @Test
    void everyConfigurationIsRecorded() throws IOException {
        assertThat(recordings().count()).isEqualTo(OBJECTIVES.length * CONFIGS.length);
        for (String optimizer : List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adamax", "nadam", "adadelta",
                "rprop", "asgd")) {
            assertThat(recordings().filter(r -> r.parameters().get("optimizer").equals(optimizer)).count())
                    .as(optimizer).isGreaterThanOrEqualTo(8);
        }
        assertThat(recordings().filter(r -> r.parameters().get("optimizer").equals("radam")).count()).isEqualTo(6);
        // every option appears somewhere
        for (String option : List.of("momentum", "dampening", "nesterov", "weight_decay", "maximize", "beta1", "eps",
                "amsgrad", "alpha", "centered", "lr_decay", "initial_accumulator_value", "momentum_decay", "rho",
                "etaminus", "etaplus", "step_size_min", "step_size_max", "lambd", "t0", "record")) {
            assertThat(recordings().anyMatch(r -> r.parameters().containsKey(option))).as(option).isTrue();
        }
    }
}
