package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks a tensor function's backpropagated gradient against central finite differences. The
 * function's output is contracted with fixed random weights, {@code L = sum_k w_k f(x)_k}, so the
 * check covers the whole Jacobian, not just the gradient of a sum.
 */
final class FiniteDifferenceCheck {
    private FiniteDifferenceCheck() {}

    /** A shape: rank 0, 1 or 2 with rows and cols. */
    record Shape(int rank, int rows, int cols) {
        static Shape scalar() {
            return new Shape(0, 1, 1);
        }

        static Shape vector(int n) {
            return new Shape(1, 1, n);
        }

        static Shape matrix(int rows, int cols) {
            return new Shape(2, rows, cols);
        }

        int size() {
            return rows * cols;
        }

        Tensor make(Tape tape, double[] values, boolean variable) {
            return switch (rank) {
                case 0 -> variable ? tape.variable(values[0]) : tape.scalar(values[0]);
                case 1 -> variable ? tape.variable(values) : tape.constant(values);
                default -> variable ? tape.variable(values, rows, cols) : tape.constant(values, rows, cols);
            };
        }
    }

    static void check(Function<Tensor[], Tensor> function, Shape[] shapes, double[][] inputs, long seed,
                      double tolerance) {
        // weights for the contraction, fixed by the output size
        Tape probeTape = new Tape();
        Tensor[] probeInputs = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            probeInputs[i] = shapes[i].make(probeTape, inputs[i], false);
        }
        int outputSize = function.apply(probeInputs).size();
        SplittableRandom random = new SplittableRandom(seed);
        double[] weights = new double[outputSize];
        for (int k = 0; k < outputSize; k++) {
            weights[k] = random.nextDouble(-1, 1);
        }

        Tape tape = new Tape();
        Tensor[] variables = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            variables[i] = shapes[i].make(tape, inputs[i], true);
        }
        Tensor out = function.apply(variables);
        Tensor loss = out.size() == 1 ? out.mul(weights[0]) : contract(tape, out, weights);
        tape.backward(loss);

        for (int i = 0; i < shapes.length; i++) {
            double[] analytic = variables[i].gradient();
            for (int j = 0; j < inputs[i].length; j++) {
                double[] probe = inputs[i].clone();
                double h = 1e-6 * Math.max(1, Math.abs(probe[j]));
                probe[j] = inputs[i][j] + h;
                double up = evaluate(function, shapes, inputs, i, probe, weights);
                probe[j] = inputs[i][j] - h;
                double down = evaluate(function, shapes, inputs, i, probe, weights);
                double numeric = (up - down) / (2 * h);
                double error = Math.abs(numeric - analytic[j]) / Math.max(1, Math.max(Math.abs(numeric), Math.abs(analytic[j])));
                assertThat(error).as("input %d entry %d: analytic %s numeric %s", i, j, analytic[j], numeric)
                        .isLessThan(tolerance);
            }
        }
    }

    private static Tensor contract(Tape tape, Tensor out, double[] weights) {
        Tensor w = out.rank() == 2 ? tape.constant(weights, out.rows(), out.cols()) : tape.constant(weights);
        return out.mul(w).sum();
    }

    private static double evaluate(Function<Tensor[], Tensor> function, Shape[] shapes, double[][] inputs, int changed,
                                   double[] probe, double[] weights) {
        Tape tape = new Tape();
        Tensor[] constants = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            constants[i] = shapes[i].make(tape, i == changed ? probe : inputs[i], false);
        }
        double[] out = function.apply(constants).values();
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            sum += weights[k] * out[k];
        }
        return sum;
    }
}
