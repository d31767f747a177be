package dev.descent.optim;

import dev.descent.Objective;
import dev.descent.Objectives;

/** Small objectives for the optimizer tests, with hand-written gradients. */
final class Problems {
    private Problems() {}

    /** 2-D Rosenbrock, (1 - x)^2 + 100 (y - x^2)^2. */
    static final Objective ROSENBROCK = Objectives.of(2,
            x -> (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]),
            (x, g) -> {
                g[0] = -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]);
                g[1] = 200 * (x[1] - x[0] * x[0]);
            });

    /** 0.5 * sum_i i^2 x_i^2 over 4 coordinates: condition number 16. */
    static final Objective BOWL = Objectives.of(4,
            x -> {
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    sum += 0.5 * (i + 1) * (i + 1) * x[i] * x[i];
                }
                return sum;
            },
            (x, g) -> {
                for (int i = 0; i < 4; i++) {
                    g[i] = (i + 1) * (i + 1) * x[i];
                }
            });
}
