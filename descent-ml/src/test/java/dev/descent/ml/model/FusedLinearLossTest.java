package dev.descent.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.autodiff.Losses;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused linear-model losses equal the unfused graph, on sizes that split across threads. */
class FusedLinearLossTest {

    @Test
    void fusedEqualsTheUnfusedGraphOnManyChunks() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 70_001;
        int d = 13;
        double[] x = new double[n * d];
        double[] y = new double[n];
        double[] labels = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble(-3, 3);
            labels[i] = random.nextInt(2);
        }
        double[] theta = new double[d + 1];
        for (int j = 0; j <= d; j++) {
            theta[j] = random.nextDouble(-1, 1);
        }
        for (boolean logistic : new boolean[] {false, true}) {
            Tape fusedTape = new Tape();
            Tensor fusedTheta = fusedTape.variable(theta);
            Tensor fused = fused(fusedTheta, x, n, d, logistic ? labels : y, logistic);
            fusedTape.backward(fused);

            Tape tape = new Tape();
            Tensor t = tape.variable(theta);
            Tensor z = tape.constantView(x, n, d).matvec(t.slice(0, d)).add(t.index(d));
            Tensor plain = logistic ? Losses.binaryCrossEntropyWithLogits(z, labels)
                    : Losses.meanSquaredError(z, tape.constant(y));
            tape.backward(plain);

            assertThat(fused.item()).isCloseTo(plain.item(), org.assertj.core.data.Offset.offset(1e-12 * Math.abs(plain.item())));
            double[] a = fusedTheta.gradient();
            double[] b = t.gradient();
            for (int j = 0; j <= d; j++) {
                assertThat(a[j]).as("logistic %s, coordinate %d", logistic, j)
                        .isCloseTo(b[j], org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, Math.abs(b[j]))));
            }
            // the chunking is fixed, so repeated evaluations give the same bits
            Tape again = new Tape();
            Tensor againTheta = again.variable(theta);
            Tensor second = fused(againTheta, x, n, d, logistic ? labels : y, logistic);
            again.backward(second);
            assertThat(second.item()).isEqualTo(fused.item());
            assertThat(againTheta.gradient()).containsExactly(a);
        }
    }

    private static Tensor fused(Tensor theta, double[] x, int n, int d, double[] targets, boolean logistic) {
        return GeneralizedLinearLoss.loss(theta, x, n, d, null, targets, logistic ? GeneralizedLinearLoss.Kind.LOGISTIC
                : GeneralizedLinearLoss.Kind.SQUARED_ERROR);
    }
}
