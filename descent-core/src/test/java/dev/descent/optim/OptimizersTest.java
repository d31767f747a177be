package dev.descent.optim;

import dev.descent.spec.RangeProbes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.linesearch.StrongWolfe;
import dev.descent.spec.Key;
import dev.descent.spec.Kind;
import dev.descent.spec.SpecException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Optimizer spec strings: every kind parsed and printed back, its defaults the record's, its refusals clear. */
class OptimizersTest {

    /** Each kind with every key set away from its default, in the table's order: the spec prints back as written. */
    static final Map<String, Optimizer> EVERY_KEY_SET = new java.util.LinkedHashMap<>();

    static {
        EVERY_KEY_SET.put("gd:lr=0.5,line_search=armijo", GradientDescent.withLineSearch(0.5, ArmijoBacktracking.defaults()));
        EVERY_KEY_SET.put("gd:line_search=strong-wolfe", GradientDescent.withLineSearch(1.0, StrongWolfe.defaults()));
        EVERY_KEY_SET.put("gd:lr=0.25", GradientDescent.fixed(0.25));
        EVERY_KEY_SET.put("sgd:lr=0.01,momentum=0.9,nesterov,weight_decay=1e-4,maximize",
                new Sgd(0.01, 0.9, 0, true, 1e-4, true));
        EVERY_KEY_SET.put("sgd:lr=0.1,momentum=0.5,dampening=0.25,weight_decay=0.01", new Sgd(0.1, 0.5, 0.25, false, 0.01, false));
        EVERY_KEY_SET.put("adam:lr=0.02,beta1=0.8,beta2=0.99,eps=1e-6,weight_decay=0.1,amsgrad,maximize",
                new Adam(0.02, 0.8, 0.99, 1e-6, 0.1, true, true));
        EVERY_KEY_SET.put("adamw:lr=0.02,beta1=0.8,beta2=0.99,eps=1e-6,weight_decay=0,amsgrad,maximize",
                new AdamW(0.02, 0.8, 0.99, 1e-6, 0, true, true));
        EVERY_KEY_SET.put("rmsprop:lr=1e-3,alpha=0.9,eps=1e-6,weight_decay=0.1,momentum=0.9,centered,maximize",
                new RmsProp(0.001, 0.9, 1e-6, 0.1, 0.9, true, true));
        EVERY_KEY_SET.put("adagrad:lr=0.1,lr_decay=0.01,weight_decay=0.1,initial_accumulator_value=0.5,eps=1e-8,maximize",
                new AdaGrad(0.1, 0.01, 0.1, 0.5, 1e-8, true));
        EVERY_KEY_SET.put("lbfgs:lr=0.5,history=5,line_search=armijo", new Lbfgs(5, 0.5, ArmijoBacktracking.defaults()));
        EVERY_KEY_SET.put("nadam:lr=0.01,beta1=0.8,beta2=0.99,eps=1e-6,weight_decay=0.1,momentum_decay=0.01",
                new NAdam(0.01, 0.8, 0.99, 1e-6, 0.1, 0.01));
        EVERY_KEY_SET.put("radam:lr=0.01,beta1=0.8,beta2=0.99,eps=1e-6,weight_decay=0.1", new RAdam(0.01, 0.8, 0.99, 1e-6, 0.1));
        EVERY_KEY_SET.put("adamax:lr=0.01,beta1=0.8,beta2=0.99,eps=1e-6,weight_decay=0.1,maximize",
                new Adamax(0.01, 0.8, 0.99, 1e-6, 0.1, true));
        EVERY_KEY_SET.put("adadelta:lr=0.5,rho=0.95,eps=1e-5,weight_decay=0.1,maximize", new Adadelta(0.5, 0.95, 1e-5, 0.1, true));
        EVERY_KEY_SET.put("rprop:lr=0.1,etas=0.4/1.3,step_sizes=1e-9/1,maximize", new Rprop(0.1, 0.4, 1.3, 1e-9, 1, true));
        EVERY_KEY_SET.put("asgd:lr=0.1,lambd=1e-3,alpha=0.5,t0=100,weight_decay=0.1,maximize",
                new Asgd(0.1, 0.001, 0.5, 100, 0.1, true));
        EVERY_KEY_SET.put("lion:lr=1e-3,beta1=0.95,beta2=0.98,weight_decay=0.1,maximize", new Lion(0.001, 0.95, 0.98, 0.1, true));
    }

    @Test
    void everyKindParsesAndPrintsBackWhatItParsed() {
        assertThat(EVERY_KEY_SET.keySet().stream().map(spec -> spec.split(":")[0]).distinct().toList())
                .as("every kind is covered").containsExactlyElementsOf(Optimizers.names());
        EVERY_KEY_SET.forEach((spec, expected) -> {
            Optimizer parsed = Optimizers.parse(spec);
            assertThat(parsed).as(spec).isEqualTo(expected);
            assertThat(Optimizers.spec(parsed)).as(spec).isEqualTo(spec);
            assertThat(Optimizers.parse(Optimizers.spec(parsed))).as(spec).isEqualTo(parsed);
        });
        for (Kind<? extends Optimizer> kind : Optimizers.kinds()) {
            Optimizer defaults = kind.defaults().orElseThrow();
            assertThat(Optimizers.spec(defaults)).isEqualTo(kind.name());
            assertThat(Optimizers.parse(kind.name())).isEqualTo(defaults);
        }
    }

    @Test
    void theIssuesExamples() {
        assertThat(Optimizers.parse("adam:lr=1e-3,beta2=0.99")).isEqualTo(Adam.defaults().withBetas(0.9, 0.99));
        assertThat(Optimizers.spec(Optimizers.parse("adam:lr=1e-3,beta2=0.99"))).isEqualTo("adam:beta2=0.99");
        assertThat(Optimizers.parse("sgd:lr=0.01,momentum=0.9,nesterov")).isEqualTo(new Sgd(0.01, 0.9, 0, true, 0, false));
        assertThat(Optimizers.parse("sgd:nesterov=true,momentum=0.9")).isEqualTo(new Sgd(1e-3, 0.9, 0, true, 0, false));
        assertThat(Optimizers.parse("lbfgs")).isEqualTo(Lbfgs.defaults());
        assertThat(Optimizers.spec(new Adam(0.02))).isEqualTo("adam:lr=0.02");
    }

    /** Every default is the record's own: the kind's defaults are the record's defaults() (or the command's 1e-3 for SGD and GD). */
    @Test
    void everyDefaultIsTheRecordsOwn() {
        Map<String, Optimizer> records = new HashMap<>();
        records.put("gd", GradientDescent.fixed(1e-3));
        records.put("sgd", new Sgd(1e-3));
        records.put("adam", Adam.defaults());
        records.put("adamw", AdamW.defaults());
        records.put("rmsprop", RmsProp.defaults());
        records.put("adagrad", AdaGrad.defaults());
        records.put("lbfgs", Lbfgs.defaults());
        records.put("nadam", NAdam.defaults());
        records.put("radam", RAdam.defaults());
        records.put("adamax", Adamax.defaults());
        records.put("adadelta", Adadelta.defaults());
        records.put("rprop", Rprop.defaults());
        records.put("asgd", Asgd.defaults());
        records.put("lion", Lion.defaults());
        assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(Optimizers.names());
        for (Kind<? extends Optimizer> kind : Optimizers.kinds()) {
            assertThat(kind.defaults().<Optimizer>map(d -> d)).as(kind.name()).contains(records.get(kind.name()));
        }
        // gradient descent with a line search starts each search from the unit step, as the record's armijo() is used
        assertThat(Optimizers.parse("gd:line_search=armijo")).isEqualTo(GradientDescent.armijo(1.0));
        Key<?> rate = Optimizers.kind("gd").key("lr").orElseThrow();
        assertThat(rate.defaultText()).contains("1e-3, or 1 with a line search");
        assertThat(Optimizers.kind("adam").key("beta2").orElseThrow().defaultText()).contains("0.999");
        assertThat(Optimizers.kind("adamw").key("weight_decay").orElseThrow().defaultText()).contains("0.01");
        assertThat(Optimizers.kind("lion").key("beta2").orElseThrow().defaultText()).contains("0.99");
        assertThat(Optimizers.kind("adam").key("amsgrad").orElseThrow().defaultText()).contains("false");
        assertThat(Optimizers.kind("rprop").key("etas").orElseThrow().defaultText()).contains("0.5/1.2");
    }

    /** One key per hyper-parameter: the table leaves none of a record's components out (the precision is the loop's). */
    @Test
    void everyHyperParameterHasItsKey() {
        for (Kind<? extends Optimizer> kind : Optimizers.kinds()) {
            long components = Arrays.stream(kind.type().getRecordComponents())
                    .filter(component -> !component.getName().equals("float32")).count();
            int pairs = (int) kind.keys().stream().filter(key -> key.type() == Key.Type.PAIR).count();
            assertThat(kind.keys().size() + pairs).as(kind.name()).isEqualTo(components);
        }
    }

    @Test
    void theSpecOfAFloat32RuleIsItsHyperParameters() {
        Optimizer adam = Optimizers.parse("adam:lr=0.02,amsgrad");
        assertThat(Optimizers.spec(adam.inFloat32().orElseThrow())).isEqualTo("adam:lr=0.02,amsgrad");
        assertThatThrownBy(() -> Optimizers.spec(GradientDescent.withLineSearch(1, new ArmijoBacktracking(0.1, 0.5, 30))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no spec");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "adam:momentum=0.9#adam has no key 'momentum'; its keys: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize",
            "lbfgs:beta1=0.9#lbfgs has no key 'beta1'; its keys: lr, history, line_search",
            "adm#unknown optimizer 'adm' (kinds: gd, sgd, adam, adamw, rmsprop, adagrad, lbfgs, nadam, radam, adamax, adadelta, rprop, asgd, lion)",
            "adam:beta2=1.5#adam: beta2 must be in [0, 1): 1.5",
            "adam:lr=-1#adam: lr must be in (0, inf): -1.0",
            "adam:eps=0#adam: eps must be in (0, inf): 0.0",
            "adamw:weight_decay=-0.1#adamw: weight_decay must be in [0, inf): -0.1",
            "sgd:momentum=1#sgd: momentum must be in [0, 1): 1.0",
            "sgd:dampening=1.5#sgd: dampening must be in [0, 1]: 1.5",
            "sgd:nesterov#sgd: nesterov requires momentum > 0 and dampening = 0: momentum 0.0, dampening 0.0",
            "adagrad:lr_decay=-1#adagrad: lr_decay must be in [0, inf): -1.0",
            "adagrad:initial_accumulator_value=-1#adagrad: initial_accumulator_value must be in [0, inf): -1.0",
            "nadam:momentum_decay=-1#nadam: momentum_decay must be in [0, inf): -1.0",
            "adadelta:rho=2#adadelta: rho must be in [0, 1]: 2.0",
            "rprop:etas=1.5/2#rprop: etas must be in (0.0, 1.0): 1.5",
            "rprop:etas=0.5#rprop: etas takes two numbers separated by '/', got 1: 0.5",
            "rprop:step_sizes=1/0.1#rprop: step_sizes must be in [stepSizeMin, inf) = [1.0, inf): 0.1",
            "asgd:t0=-5#asgd: t0 must be in [0, inf): -5.0",
            "lbfgs:history=0#lbfgs: history must be at least 1: 0",
            "lbfgs:history=2.5#lbfgs: history must be a whole number: 2.5",
            "lbfgs:history=1e10#lbfgs: history must be a whole number in [-2147483648, 2147483647]: 1e10",
            "lbfgs:line_search=none#lbfgs: line_search must be armijo or strong-wolfe: none",
            "gd:line_search=wolfe#gd: line_search must be none, armijo or strong-wolfe: wolfe",
            "adam:amsgrad=yes#adam: amsgrad takes no value (or true|false): yes",
            "adam:lr=fast#lr: 'fast' is not a number",
            "adam:lr#expected key=value, got 'lr'",
    })
    void badKeysAndValuesAreRefusedNamingTheKeyAndItsRange(String spec, String message) {
        Throwable refused = catchThrowable(() -> Optimizers.parse(spec));
        assertThat(refused).isInstanceOf(SpecException.class).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aRefusalKeepsTheKeyApartForCallersWithTheirOwnNames() {
        SpecException refused = (SpecException) catchThrowable(() -> Optimizers.parse("adamw:weight_decay=-1"));
        assertThat(refused.kind()).contains("adamw");
        assertThat(refused.key()).contains("weight_decay");
        assertThat(refused.problem()).isEqualTo("weight_decay must be in [0, inf): -1.0");
    }

    /**
     * The ranges the table lists are the records' own: a value just outside each end is refused with
     * the message the table's range predicts.
     */
    @Test
    void theListedRangesAreTheRecordsOwn() {
        int probed = 0;
        for (Kind<? extends Optimizer> kind : Optimizers.kinds()) {
            for (Key<?> key : kind.keys()) {
                if (key.type() != Key.Type.NUMBER && key.type() != Key.Type.WHOLE) {
                    continue;
                }
                String range = key.range().orElseThrow();
                for (double probe : RangeProbes.outside(range)) {
                    String text = key.type() == Key.Type.WHOLE ? Long.toString((long) probe) : Key.decimal(probe);
                    Map<String, String> settings = new HashMap<>();
                    settings.put(key.name(), text);
                    SpecException refused = (SpecException) catchThrowable(() -> kind.build(settings));
                    String shown = key.type() == Key.Type.WHOLE ? Long.toString((long) probe) : Double.toString(probe);
                    assertThat(refused).as(kind.name() + ":" + key.name() + "=" + text).isNotNull();
                    assertThat(refused.problem()).isEqualTo(key.name() + " must be " + range + ": " + shown);
                    probed++;
                }
            }
        }
        assertThat(probed).isGreaterThan(50);
    }
}
