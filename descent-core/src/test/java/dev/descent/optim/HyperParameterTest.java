package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.linesearch.StrongWolfe;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Invalid hyper-parameters are refused with a message naming the parameter and its range. */
class HyperParameterTest {

    private static void refused(ThrowingCallable construct, String message) {
        assertThatThrownBy(construct).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void sgd() {
        refused(() -> new Sgd(-0.1), "learningRate must be in (0, inf): -0.1");
        refused(() -> new Sgd(Double.NaN), "learningRate must be in (0, inf): NaN");
        refused(() -> new Sgd(0.1).withMomentum(-1), "momentum must be in [0, 1): -1.0");
        refused(() -> new Sgd(0.1).withMomentum(1), "momentum must be in [0, 1): 1.0");
        refused(() -> new Sgd(0.1).withDampening(1.5), "dampening must be in [0, 1]: 1.5");
        refused(() -> new Sgd(0.1).withWeightDecay(-1e-3), "weightDecay must be in [0, inf): -0.001");
        refused(() -> new Sgd(0.1).withNesterov(true),
                "nesterov momentum requires momentum > 0 and dampening = 0: momentum 0.0, dampening 0.0");
        refused(() -> new Sgd(0.1, 0.9, 0.1, true, 0, false),
                "nesterov momentum requires momentum > 0 and dampening = 0: momentum 0.9, dampening 0.1");
    }

    @Test
    void adamAndAdamW() {
        refused(() -> new Adam(0.1).withBetas(0.9, 1.5), "beta2 must be in [0, 1): 1.5");
        refused(() -> new Adam(0.1).withBetas(1.0, 0.999), "beta1 must be in [0, 1): 1.0");
        refused(() -> new Adam(0.1).withEpsilon(-1e-8), "epsilon must be in (0, inf): -1.0E-8");
        refused(() -> new Adam(0.1).withEpsilon(0), "epsilon must be in (0, inf): 0.0");
        refused(() -> new Adam(-1), "learningRate must be in (0, inf): -1.0");
        refused(() -> new AdamW(0.1).withEpsilon(0), "epsilon must be in (0, inf): 0.0");
        refused(() -> new AdamW(0.1).withWeightDecay(-0.01), "weightDecay must be in [0, inf): -0.01");
        refused(() -> new AdamW(0.1).withBetas(-0.1, 0.9), "beta1 must be in [0, 1): -0.1");
    }

    @Test
    void rmspropAndAdagrad() {
        refused(() -> new RmsProp(0.1).withAlpha(-0.5), "alpha must be in [0, 1): -0.5");
        refused(() -> new RmsProp(0.1).withAlpha(1), "alpha must be in [0, 1): 1.0");
        refused(() -> new RmsProp(0.1).withMomentum(-0.5), "momentum must be in [0, 1): -0.5");
        refused(() -> new RmsProp(0.1).withMomentum(1.5), "momentum must be in [0, 1): 1.5");
        refused(() -> new RmsProp(0.1).withEpsilon(-1), "epsilon must be in (0, inf): -1.0");
        refused(() -> new RmsProp(0.1).withEpsilon(0), "epsilon must be in (0, inf): 0.0");
        refused(() -> new AdaGrad(0.1).withEpsilon(0), "epsilon must be in (0, inf): 0.0");
        refused(() -> new AdaGrad(0.1).withLearningRateDecay(-1), "learningRateDecay must be in [0, inf): -1.0");
        refused(() -> new AdaGrad(0.1).withInitialAccumulatorValue(-1), "initialAccumulatorValue must be in [0, inf): -1.0");
    }

    @Test
    void adamaxNadamRadam() {
        refused(() -> new Adamax(0.1).withBetas(0.9, 1.0), "beta2 must be in [0, 1): 1.0");
        refused(() -> new Adamax(0.1).withEpsilon(0), "epsilon must be in (0, inf): 0.0");
        refused(() -> new Adamax(0.1).withWeightDecay(-1), "weightDecay must be in [0, inf): -1.0");
        refused(() -> new NAdam(0.1).withBetas(-0.1, 0.999), "beta1 must be in [0, 1): -0.1");
        refused(() -> new NAdam(0.1).withMomentumDecay(-4e-3), "momentumDecay must be in [0, inf): -0.004");
        refused(() -> new NAdam(0.1).withMomentumDecay(Double.NaN), "momentumDecay must be in [0, inf): NaN");
        refused(() -> new NAdam(0.1).withEpsilon(-1e-8), "epsilon must be in (0, inf): -1.0E-8");
        refused(() -> new RAdam(0.1).withBetas(0.9, 1.5), "beta2 must be in [0, 1): 1.5");
        refused(() -> new RAdam(0.1).withEpsilon(0), "epsilon must be in (0, inf): 0.0");
        refused(() -> new RAdam(0.1).withWeightDecay(-0.5), "weightDecay must be in [0, inf): -0.5");
    }

    @Test
    void adadeltaRpropAsgdLion() {
        refused(() -> new Adadelta(1).withRho(1.5), "rho must be in [0, 1]: 1.5");
        refused(() -> new Adadelta(1).withRho(-0.1), "rho must be in [0, 1]: -0.1");
        refused(() -> new Adadelta(1).withEpsilon(0), "epsilon must be in (0, inf): 0.0");
        refused(() -> new Adadelta(1).withWeightDecay(-1), "weightDecay must be in [0, inf): -1.0");
        refused(() -> new Rprop(0.01).withEtas(0, 1.2), "etaMinus must be in (0.0, 1.0): 0.0");
        refused(() -> new Rprop(0.01).withEtas(1, 1.2), "etaMinus must be in (0.0, 1.0): 1.0");
        refused(() -> new Rprop(0.01).withEtas(0.5, 1), "etaPlus must be in (1, inf): 1.0");
        refused(() -> new Rprop(0.01).withStepSizes(-1e-6, 50), "stepSizeMin must be in [0, inf): -1.0E-6");
        refused(() -> new Rprop(0.01).withStepSizes(1, 0.5), "stepSizeMax must be in [stepSizeMin, inf) = [1.0, inf): 0.5");
        refused(() -> new Asgd(0.01).withLambd(-1), "lambd must be in [0, inf): -1.0");
        refused(() -> new Asgd(0.01).withAlpha(-0.75), "alpha must be in [0, inf): -0.75");
        refused(() -> new Asgd(0.01).withT0(-1), "t0 must be in [0, inf): -1.0");
        refused(() -> new Asgd(0.01).withWeightDecay(-1), "weightDecay must be in [0, inf): -1.0");
        refused(() -> new Lion(1e-4).withBetas(1, 0.99), "beta1 must be in [0, 1): 1.0");
        refused(() -> new Lion(1e-4).withBetas(0.9, -0.99), "beta2 must be in [0, 1): -0.99");
        refused(() -> new Lion(1e-4).withWeightDecay(-1), "weightDecay must be in [0, inf): -1.0");
    }

    /** A rate of 0 never moves, so a run "converges" where it starts: every rule refuses it alike, as PyTorch does. */
    @Test
    void everyRuleRefusesALearningRateOfZeroOrInfinity() {
        for (double rate : new double[] {0, -0.0, Double.POSITIVE_INFINITY}) {
            String message = "learningRate must be in (0, inf): " + rate;
            refused(() -> new Sgd(rate), message);
            refused(() -> new Adam(rate), message);
            refused(() -> new AdamW(rate), message);
            refused(() -> new RmsProp(rate), message);
            refused(() -> new AdaGrad(rate), message);
            refused(() -> new Adamax(rate), message);
            refused(() -> new NAdam(rate), message);
            refused(() -> new RAdam(rate), message);
            refused(() -> new Adadelta(rate), message);
            refused(() -> new Rprop(rate), message);
            refused(() -> new Asgd(rate), message);
            refused(() -> new Lion(rate), message);
            refused(() -> GradientDescent.fixed(rate), message);
            refused(() -> GradientDescent.armijo(rate), message);
            refused(() -> new Lbfgs(10, rate, StrongWolfe.defaults()), message);
        }
    }

    @Test
    void gradientDescentLbfgsAndLineSearches() {
        refused(() -> GradientDescent.fixed(0), "learningRate must be in (0, inf): 0.0");
        refused(() -> new Lbfgs(0), "history must be at least 1: 0");
        refused(() -> new ArmijoBacktracking(0, 0.5, 10), "c1 must be in (0, 1): 0.0");
        refused(() -> new ArmijoBacktracking(1e-4, 1, 10), "shrink must be in (0, 1): 1.0");
        refused(() -> new StrongWolfe(1e-4, 1e-5, 10), "c2 must be in (c1, 1) = (1.0E-4, 1): 1.0E-5");
        refused(() -> new StrongWolfe(1e-4, 0.9, 1), "maxEvaluations must be at least 2: 1");
    }

    @Test
    void defaultsAreTorchs() {
        assertThat(Adam.defaults()).isEqualTo(new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false));
        assertThat(AdamW.defaults()).isEqualTo(new AdamW(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false));
        assertThat(RmsProp.defaults()).isEqualTo(new RmsProp(1e-2, 0.99, 1e-8, 0, 0, false, false));
        assertThat(AdaGrad.defaults()).isEqualTo(new AdaGrad(1e-2, 0, 0, 0, 1e-10, false));
        assertThat(new Sgd(0.1)).isEqualTo(new Sgd(0.1, 0, 0, false, 0, false));
        assertThat(Adamax.defaults()).isEqualTo(new Adamax(2e-3, 0.9, 0.999, 1e-8, 0, false));
        assertThat(NAdam.defaults()).isEqualTo(new NAdam(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3));
        assertThat(RAdam.defaults()).isEqualTo(new RAdam(1e-3, 0.9, 0.999, 1e-8, 0));
        assertThat(Adadelta.defaults()).isEqualTo(new Adadelta(1.0, 0.9, 1e-6, 0, false));
        assertThat(Rprop.defaults()).isEqualTo(new Rprop(1e-2, 0.5, 1.2, 1e-6, 50, false));
        assertThat(Asgd.defaults()).isEqualTo(new Asgd(1e-2, 1e-4, 0.75, 1e6, 0, false));
        assertThat(Lion.defaults()).isEqualTo(new Lion(1e-4, 0.9, 0.99, 0, false));
        assertThat(Lbfgs.defaults().history()).isEqualTo(10);
    }
}
