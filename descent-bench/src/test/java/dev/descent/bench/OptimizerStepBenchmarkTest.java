package dev.descent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.FirstOrderState;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class OptimizerStepBenchmarkTest {

    @Test
    void theJmhParametersAreTheOptimizersW5Times() throws NoSuchFieldException {
        Param param = OptimizerStepBenchmark.class.getField("optimizer").getAnnotation(Param.class);
        assertThat(List.of(param.value())).isEqualTo(OptimizerStepBenchmark.OPTIMIZERS);
    }

    @Test
    void everyOptimizerStepsAndHasAByteCount() {
        for (String optimizer : OptimizerStepBenchmark.OPTIMIZERS) {
            double[] parameters = Data.uniform(1000, 1);
            double[] gradient = Data.uniform(1000, 2);
            double[] start = parameters.clone();
            FirstOrderState state = OptimizerStepBenchmark.state(optimizer, parameters.length);
            OptimizerStepBenchmark.warm(state, parameters, gradient);
            state.update(parameters, gradient, OptimizerStepBenchmark.LEARNING_RATE);
            assertThat(state.steps()).as(optimizer).isEqualTo(3);
            assertThat(Arrays.stream(parameters).allMatch(Double::isFinite)).as(optimizer).isTrue();
            assertThat(parameters).as(optimizer).isNotEqualTo(start);
            // three steps of a tiny rate move no parameter far
            for (int i = 0; i < parameters.length; i++) {
                assertThat(Math.abs(parameters[i] - start[i])).as(optimizer).isLessThan(1e-6);
            }
            long arrays = OptimizerStepBenchmark.bytes(optimizer) / (8L * OptimizerStepBenchmark.PARAMETERS);
            assertThat(arrays).as(optimizer).isBetween(4L, 7L);
        }
        assertThatThrownBy(() -> OptimizerStepBenchmark.bytes("sgd")).hasMessage("unknown optimizer 'sgd'");
    }

    /** W5f: every rule's float32 form steps float[] arrays, and its floor counts half W5's bytes. */
    @Test
    void everyOptimizerHasAFloat32StepOnFloatArrays() throws NoSuchFieldException {
        Param precision = OptimizerStepBenchmark.class.getField("precision").getAnnotation(Param.class);
        assertThat(precision.value()).containsExactly("f64", "f32");
        for (String optimizer : OptimizerStepBenchmark.OPTIMIZERS) {
            float[] parameters = OptimizerStepBenchmark.narrow(Data.uniform(1000, 1));
            float[] gradient = OptimizerStepBenchmark.narrow(Data.uniform(1000, 2));
            FirstOrderState state = OptimizerStepBenchmark.state(optimizer, parameters.length, true);
            assertThat(state.optimizer().float32()).as(optimizer).isTrue();
            OptimizerStepBenchmark.warm(state, parameters, gradient);
            state.update(parameters, gradient, OptimizerStepBenchmark.LEARNING_RATE);
            assertThat(state.steps()).as(optimizer).isEqualTo(3);
            for (float p : parameters) {
                assertThat(Float.isFinite(p)).as(optimizer).isTrue();
            }
            assertThat(OptimizerStepBenchmark.bytes(optimizer, 4) * 2).isEqualTo(OptimizerStepBenchmark.bytes(optimizer));
        }
    }
}
