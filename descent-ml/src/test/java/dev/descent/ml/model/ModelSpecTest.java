package dev.descent.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void printsBackAsWritten() {
        for (String text : List.of("linear", "logistic", "softmax", "mlp:64", "mlp:64,32:relu", "mlp:16:tanh", "mlp:8,8,8:sigmoid")) {
            assertThat(ModelSpec.parse(text)).hasToString(text);
            assertThat(ModelSpec.parse(ModelSpec.parse(text).toString())).isEqualTo(ModelSpec.parse(text));
        }
        assertThat(ModelSpec.parse("mlp:64")).isEqualTo(ModelSpec.parse("mlp:64:relu"));
        assertThat(ModelSpec.parse("mlp:64")).isNotEqualTo(ModelSpec.parse("mlp:64:tanh"));
    }

    @Test
    void buildsTheModelForTheTarget() {
        assertThat(ModelSpec.parse("linear").build(3, 0)).isInstanceOf(LinearModel.class);
        assertThat(ModelSpec.parse("logistic").build(3, 2).task()).isEqualTo(Task.BINARY);
        assertThat(ModelSpec.parse("softmax").build(3, 4).outputs()).isEqualTo(4);
        Model mlp = ModelSpec.parse("mlp:5,4:tanh").build(3, 0);
        assertThat(mlp.task()).isEqualTo(Task.REGRESSION);
        assertThat(mlp.layerSizes()).containsExactly(3, 5, 4, 1);
        assertThat(mlp.spec()).isEqualTo(ModelSpec.parse("mlp:5,4:tanh"));
        assertThat(ModelSpec.parse("mlp:5").build(3, 10).outputs()).isEqualTo(10);
    }

    @Test
    void refusesWhatItCannotBuild() {
        assertThatThrownBy(() -> ModelSpec.parse("lasso")).hasMessageContaining("unknown model 'lasso' (forms: linear");
        assertThatThrownBy(() -> ModelSpec.parse("mlp")).hasMessageContaining("an mlp needs its hidden widths");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:0")).hasMessageContaining("hidden widths must be at least 1: [0]");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8:swish")).hasMessageContaining("activation must be relu, tanh or sigmoid");
        assertThatThrownBy(() -> ModelSpec.linear().build(3, 2)).hasMessageContaining("needs a numeric target");
        assertThatThrownBy(() -> ModelSpec.logistic().build(3, 3)).hasMessageContaining("exactly 2 classes");
        assertThatThrownBy(() -> ModelSpec.softmax().build(3, 0)).hasMessageContaining("numeric values (use linear)");
    }
}
