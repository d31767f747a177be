package dev.descent.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The syntax of spec strings, and how keys read and print their values. */
class SpecTest {

    @Test
    void aSpecIsANameAndItsSettingsInOrder() {
        Spec spec = Spec.parse(" sgd : lr = 0.01, momentum=0.9 ,nesterov ");
        assertThat(spec.name()).isEqualTo("sgd");
        assertThat(spec.settings()).containsExactly(Map.entry("lr", "0.01"), Map.entry("momentum", "0.9"),
                Map.entry("nesterov", ""));
        assertThat(spec).hasToString("sgd:lr=0.01,momentum=0.9,nesterov");
        assertThat(Spec.parse(spec.toString())).isEqualTo(spec);
        assertThat(Spec.parse("lbfgs")).isEqualTo(Spec.of("lbfgs"));
        assertThat(Spec.parse("plateau:")).isEqualTo(Spec.of("plateau"));
        assertThat(Spec.of("adam").with("lr", "0.1").with("amsgrad", "")).hasToString("adam:lr=0.1,amsgrad");
    }

    @Test
    void malformedSpecsAreRefusedSayingWhatWasExpected() {
        assertThatThrownBy(() -> Spec.parse(":lr=1")).isInstanceOf(SpecException.class)
                .hasMessage("a spec starts with a name, such as adam or adam:lr=0.01");
        assertThatThrownBy(() -> Spec.parse("adam:lr=")).hasMessage("expected key=value, got 'lr='");
        assertThatThrownBy(() -> Spec.parse("adam:lr=1,,beta1=0.8")).hasMessage("expected key=value, got ''");
        assertThatThrownBy(() -> Spec.parse("adam:=3")).hasMessage("expected key=value, got '=3'");
        SpecException twice = (SpecException) org.assertj.core.api.Assertions.catchThrowable(() -> Spec.parse("adam:lr=1,lr=2"));
        assertThat(twice).hasMessage("adam: lr is given twice");
        assertThat(twice.key()).contains("lr");
        assertThat(twice.problem()).isEqualTo("lr is given twice");
    }

    @Test
    void numbersPrintAsTypedAndReadBackToTheSameBits() {
        assertThat(Key.decimal(1e-3)).isEqualTo("1e-3");
        assertThat(Key.decimal(0.02)).isEqualTo("0.02");
        assertThat(Key.decimal(0.01)).isEqualTo("0.01");
        assertThat(Key.decimal(1e-8)).isEqualTo("1e-8");
        assertThat(Key.decimal(50)).isEqualTo("50");
        assertThat(Key.decimal(1e4)).isEqualTo("1e4");
        assertThat(Key.decimal(1234.5)).isEqualTo("1234.5");
        assertThat(Key.decimal(-2.5e-7)).isEqualTo("-2.5e-7");
        assertThat(Key.decimal(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        for (double value : new double[] {0.1 + 0.2, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -2.5e-7, 0.0, -0.0, 1 / 3.0}) {
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(Key.decimal(value))))
                    .as("%s", value).isEqualTo(Double.doubleToRawLongBits(value));
        }
    }

    /** A record of two settings, for a kind of its own. */
    record Sample(double rate, long steps, boolean fast, String mode, double[] pair) {
        Sample {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("learningRate must be in (0, inf): " + rate);
            }
        }
    }

    private static final Kind<Sample> SAMPLE = Kind.of("sample", Sample.class, "a kind for the test",
            new Sample(0.5, 3, false, "a", new double[] {1, 2}),
            values -> new Sample(values.number("rate"), values.whole("steps"), values.flag("fast"), values.choice("mode"),
                    values.pair("pair")),
            List.of(Key.<Sample>number("rate", "in (0, inf)", "rate", Sample::rate).components("learningRate"),
                    Key.<Sample>whole("steps", "at least 1", "steps", Sample::steps).counting("steps"),
                    Key.flag("fast", "fast", Sample::fast), Key.choice("mode", List.of("a", "b", "c"), "mode", Sample::mode),
                    Key.pair("pair", "any", "two numbers", Sample::pair)));

    @Test
    void keysReadTheirTypesAndRefuseBadTextNamingTheKey() {
        Sample built = SAMPLE.build(Map.of("rate", "0.25", "steps", "7", "fast", "", "mode", "c", "pair", "3/4.5"));
        assertThat(built.rate()).isEqualTo(0.25);
        assertThat(built.steps()).isEqualTo(7);
        assertThat(built.fast()).isTrue();
        assertThat(built.mode()).isEqualTo("c");
        assertThat(built.pair()).containsExactly(3, 4.5);
        assertThat(SAMPLE.spec(built)).hasToString("sample:rate=0.25,steps=7,fast,mode=c,pair=3/4.5");
        assertThat(SAMPLE.spec(SAMPLE.defaults().orElseThrow())).hasToString("sample");
        assertThat(SAMPLE.form()).isEqualTo("sample[:rate=0.5][,steps=3][,fast][,mode=a|b|c][,pair=1/2]");

        assertThatThrownBy(() -> SAMPLE.build(Map.of("rate", "x"))).hasMessage("rate: 'x' is not a number");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("rate", "1e400")))
                .hasMessage("rate must be a finite number, in " + Key.FINITE + ": 1e400");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("rate", "1e-400")))
                .hasMessage("rate must be 0 or at least 4.9E-324 in magnitude: 1e-400");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("rate", "")))
                .hasMessage("expected key=value, got 'rate'");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("rate", "-1"))).hasMessage("sample: rate must be in (0, inf): -1.0");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("steps", "2.5"))).hasMessage("sample: steps must be a whole number of steps: 2.5");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("fast", "yes"))).hasMessage("sample: fast takes no value (or true|false): yes");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("mode", "d"))).hasMessage("sample: mode must be a, b or c: d");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("pair", "1/2/3")))
                .hasMessage("sample: pair takes two numbers separated by '/', got 3: 1/2/3");
        assertThatThrownBy(() -> SAMPLE.build(Map.of("speed", "1")))
                .hasMessage("sample has no key 'speed'; its keys: rate, steps, fast, mode, pair");
        SpecException refused = (SpecException) org.assertj.core.api.Assertions.catchThrowable(
                () -> SAMPLE.build(Map.of("rate", "0")));
        assertThat(refused.kind()).contains("sample");
        assertThat(refused.key()).contains("rate");
        assertThat(refused.problem()).isEqualTo("rate must be in (0, inf): 0.0");
    }
}
