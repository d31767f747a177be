package dev.descent.autodiff;

import dev.descent.autodiff.FiniteDifferenceCheck.Shape;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every operation's backward rule against finite differences, on random inputs and shapes. */
class OperationGradientPropertiesTest {

    private static final double TOLERANCE = 1e-6;

    /** Unary operations with the input domain where they are smooth. */
    enum Unary {
        EXP(Tensor::exp, -3, 3), LOG(Tensor::log, 0.1, 5), SQRT(Tensor::sqrt, 0.1, 5), ABS(Tensor::abs, 0.1, 3),
        SIN(Tensor::sin, -3, 3), COS(Tensor::cos, -3, 3), TAN(Tensor::tan, -1.2, 1.2), ASIN(Tensor::asin, -0.9, 0.9),
        ACOS(Tensor::acos, -0.9, 0.9), ATAN(Tensor::atan, -3, 3), TANH(Tensor::tanh, -3, 3),
        SIGMOID(Tensor::sigmoid, -8, 8), SOFTPLUS(Tensor::softplus, -8, 8), RELU(Tensor::relu, 0.1, 3),
        NEG(Tensor::neg, -3, 3), SQUARE(Tensor::square, -3, 3), CUBE(t -> t.pow(3), -3, 3),
        POW_REAL(t -> t.pow(1.7), 0.1, 3), RECIPROCAL(t -> t.pow(-1), 0.5, 3), SCALE(t -> t.mul(-2.5).add(1).div(3), -3, 3),
        SUM(Tensor::sum, -3, 3), MEAN(Tensor::mean, -3, 3), LOG_SUM_EXP(Tensor::logSumExp, -30, 30),
        LOG_SOFTMAX(Tensor::logSoftmax, -10, 10);

        final Function<Tensor, Tensor> op;
        final double low;
        final double high;

        Unary(Function<Tensor, Tensor> op, double low, double high) {
            this.op = op;
            this.low = low;
            this.high = high;
        }
    }

    /** Binary broadcasting operations. */
    enum Binary {
        ADD(Tensor::add), SUB(Tensor::sub), MUL(Tensor::mul), DIV(Tensor::div), POW(Tensor::pow),
        MIN(Tensor::min), MAX(Tensor::max);

        final java.util.function.BinaryOperator<Tensor> op;

        Binary(java.util.function.BinaryOperator<Tensor> op) {
            this.op = op;
        }
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.just(Shape.scalar()),
                Arbitraries.integers().between(1, 6).map(Shape::vector),
                Arbitraries.integers().between(1, 4).flatMap(r -> Arbitraries.integers().between(1, 4).map(c -> Shape.matrix(r, c)))));
    }

    /** Pairs of shapes that broadcast: equal, scalar, row, column, vector against matrix. */
    @Provide
    Arbitrary<Shape[]> broadcastPairs() {
        return Arbitraries.integers().between(1, 4).flatMap(r -> Arbitraries.integers().between(1, 4).flatMap(c ->
                Arbitraries.of(
                        new Shape[] {Shape.matrix(r, c), Shape.matrix(r, c)},
                        new Shape[] {Shape.matrix(r, c), Shape.scalar()},
                        new Shape[] {Shape.scalar(), Shape.matrix(r, c)},
                        new Shape[] {Shape.matrix(r, c), Shape.matrix(1, c)},
                        new Shape[] {Shape.matrix(r, c), Shape.matrix(r, 1)},
                        new Shape[] {Shape.matrix(r, 1), Shape.matrix(1, c)},
                        new Shape[] {Shape.vector(c), Shape.matrix(r, c)},
                        new Shape[] {Shape.matrix(r, c), Shape.vector(c)},
                        new Shape[] {Shape.vector(c), Shape.vector(c)},
                        new Shape[] {Shape.vector(c), Shape.scalar()})));
    }

    static double[] uniform(SplittableRandom random, int n, double low, double high) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble(low, high);
        }
        return values;
    }

    @Property(tries = 400)
    void unaryOperations(@ForAll Unary unary, @ForAll("shapes") Shape shape, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = uniform(random, shape.size(), unary.low, unary.high);
        FiniteDifferenceCheck.check(in -> unary.op.apply(in[0]), new Shape[] {shape}, new double[][] {x}, seed, TOLERANCE);
    }

    @Property(tries = 400)
    void binaryOperationsBroadcast(@ForAll Binary binary, @ForAll("broadcastPairs") Shape[] shapes, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean positiveBase = binary == Binary.POW;
        double[] a = uniform(random, shapes[0].size(), positiveBase ? 0.5 : -3, 3);
        double[] b = uniform(random, shapes[1].size(), binary == Binary.DIV ? 0.5 : -2, 2);
        if (binary == Binary.MIN || binary == Binary.MAX) {
            for (int i = 0; i < b.length; i++) {
                b[i] += 0.01; // keep away from ties, where the derivative jumps
            }
        }
        FiniteDifferenceCheck.check(in -> binary.op.apply(in[0], in[1]), shapes, new double[][] {a, b}, seed, TOLERANCE);
    }

    @Property(tries = 200)
    void linearAlgebra(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = random.nextInt(1, 5);
        int k = random.nextInt(1, 5);
        int n = random.nextInt(1, 5);
        Shape a = Shape.matrix(m, k);
        Shape b = Shape.matrix(k, n);
        FiniteDifferenceCheck.check(in -> in[0].matmul(in[1]), new Shape[] {a, b},
                new double[][] {uniform(random, m * k, -2, 2), uniform(random, k * n, -2, 2)}, seed, TOLERANCE);
        FiniteDifferenceCheck.check(in -> in[0].matvec(in[1]), new Shape[] {a, Shape.vector(k)},
                new double[][] {uniform(random, m * k, -2, 2), uniform(random, k, -2, 2)}, seed, TOLERANCE);
        FiniteDifferenceCheck.check(in -> in[0].dot(in[1]), new Shape[] {Shape.vector(k), Shape.vector(k)},
                new double[][] {uniform(random, k, -2, 2), uniform(random, k, -2, 2)}, seed, TOLERANCE);
        FiniteDifferenceCheck.check(in -> in[0].transpose(), new Shape[] {a},
                new double[][] {uniform(random, m * k, -2, 2)}, seed, TOLERANCE);
        FiniteDifferenceCheck.check(in -> in[0].sumRows(), new Shape[] {a},
                new double[][] {uniform(random, m * k, -2, 2)}, seed, TOLERANCE);
    }

    @Property(tries = 200)
    void indexing(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = random.nextInt(2, 12);
        int start = random.nextInt(0, n - 1);
        int end = random.nextInt(start + 1, n + 1);
        int step = random.nextInt(1, 4);
        int index = random.nextInt(0, n);
        double[] x = uniform(random, n, -2, 2);
        Shape vector = Shape.vector(n);
        FiniteDifferenceCheck.check(in -> in[0].slice(start, end, step).square(), new Shape[] {vector}, new double[][] {x},
                seed, TOLERANCE);
        FiniteDifferenceCheck.check(in -> in[0].index(index).mul(in[0]), new Shape[] {vector}, new double[][] {x}, seed,
                TOLERANCE);
        FiniteDifferenceCheck.check(in -> Tensor.concat(in[0].sin(), in[1], in[0].index(0)),
                new Shape[] {vector, Shape.vector(3)}, new double[][] {x, uniform(random, 3, -1, 1)}, seed, TOLERANCE);
    }

    @Property(tries = 200)
    void losses(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = random.nextInt(1, 6);
        int classes = random.nextInt(2, 5);
        int[] labels = random.ints(rows, 0, classes).toArray();
        FiniteDifferenceCheck.check(in -> Losses.softmaxCrossEntropy(in[0], labels),
                new Shape[] {Shape.matrix(rows, classes)}, new double[][] {uniform(random, rows * classes, -20, 20)},
                seed, TOLERANCE);
        double[] probabilities = uniform(random, rows, 0, 1);
        FiniteDifferenceCheck.check(in -> Losses.binaryCrossEntropyWithLogits(in[0], probabilities),
                new Shape[] {Shape.vector(rows)}, new double[][] {uniform(random, rows, -30, 30)}, seed, TOLERANCE);
        FiniteDifferenceCheck.check(in -> in[0].reshape(classes, rows).matmul(in[1]),
                new Shape[] {Shape.vector(rows * classes), Shape.matrix(rows, 2)},
                new double[][] {uniform(random, rows * classes, -2, 2), uniform(random, rows * 2, -2, 2)}, seed, TOLERANCE);
        FiniteDifferenceCheck.check(in -> Losses.meanSquaredError(in[0], in[1]),
                new Shape[] {Shape.matrix(rows, classes), Shape.matrix(rows, classes)},
                new double[][] {uniform(random, rows * classes, -2, 2), uniform(random, rows * classes, -2, 2)}, seed,
                TOLERANCE);
    }

    @Property(tries = 100)
    void compositionsReuseNodes(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = random.nextInt(1, 8);
        // x appears many times: gradients from every use must add up
        FiniteDifferenceCheck.check(in -> {
            Tensor x = in[0];
            Tensor y = x.mul(x).sin().add(x.exp().mul(x)).div(x.square().add(1));
            return y.mul(y).add(x).logSumExp();
        }, new Shape[] {Shape.vector(n)}, new double[][] {uniform(random, n, -1, 1)}, seed, TOLERANCE);
    }
}
