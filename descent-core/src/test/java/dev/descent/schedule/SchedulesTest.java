package dev.descent.schedule;

import dev.descent.spec.RangeProbes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.descent.spec.Key;
import dev.descent.spec.Kind;
import dev.descent.spec.SpecException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedule spec strings: every form parsed as the command always built it, printed back, refused clearly. */
class SchedulesTest {

    /** Each spec as it prints back, and the schedule the command's parser built for it before the parsing moved here. */
    static final Map<String, Schedule> SPECS = new LinkedHashMap<>();

    static {
        SPECS.put("constant", Schedule.constant());
        SPECS.put("step:size=30", new StepDecay(30, 0.1));
        SPECS.put("step:size=30,gamma=0.5", new StepDecay(30, 0.5));
        SPECS.put("multistep:milestones=30/80", new MultiStep(new long[] {30, 80}, 0.1));
        SPECS.put("multistep:milestones=5,gamma=0.5", new MultiStep(new long[] {5}, 0.5));
        SPECS.put("exponential:gamma=0.95", new Exponential(0.95));
        SPECS.put("cosine:period=100", CosineAnnealing.of(100, 0));
        SPECS.put("cosine:period=100,min=1e-5", CosineAnnealing.of(100, 1e-5));
        SPECS.put("cosine-restarts:period=10", CosineAnnealing.withRestarts(10, 1, 0));
        SPECS.put("cosine-restarts:period=10,mult=2,min=1e-3", CosineAnnealing.withRestarts(10, 2, 0.001));
        SPECS.put("plateau", new ReduceOnPlateau(0.1, 10, 1e-4, 0, 0));
        SPECS.put("plateau:factor=0.5,patience=3,threshold=1e-3,cooldown=2,min=1e-6", new ReduceOnPlateau(0.5, 3, 0.001, 2, 1e-6));
        SPECS.put("polynomial:total=100", new Polynomial(100, 1.0));
        SPECS.put("polynomial:total=100,power=2", new Polynomial(100, 2));
        SPECS.put("onecycle:total=200,pct=0.25",
                new OneCycle(200, 0.25, false, 25, 1e4, false, MomentumCycle.oneCycleDefault()));
        SPECS.put("onecycle:total=200,pct=0.25,anneal=linear,div=10,final-div=100,three-phase,base-momentum=0.8,max-momentum=0.9",
                new OneCycle(200, 0.25, true, 10, 100, true, new MomentumCycle(0.8, 0.9)));
        SPECS.put("onecycle:total=200,momentum=off", new OneCycle(200, 0.3, false, 25, 1e4, false, null));
        SPECS.put("cyclic:base=1e-3,up=10", new Cyclic(0.001, 10, 10, Cyclic.Mode.TRIANGULAR, 1.0, MomentumCycle.cyclicDefault()));
        SPECS.put("cyclic:base=1e-3,up=10,down=5,mode=exp-range,gamma=0.99,base-momentum=0.7,max-momentum=0.95",
                new Cyclic(0.001, 10, 5, Cyclic.Mode.EXP_RANGE, 0.99, new MomentumCycle(0.7, 0.95)));
        SPECS.put("cyclic:base=0,up=10,mode=triangular2,momentum=off", new Cyclic(0, 10, 10, Cyclic.Mode.TRIANGULAR2, 1.0, null));
    }

    @Test
    void everyFormParsesAsTheCommandBuiltItAndPrintsBack() {
        assertThat(SPECS.keySet().stream().map(spec -> spec.split(":")[0]).distinct().toList())
                .containsExactlyElementsOf(Schedules.kinds().stream().map(Kind::name).toList());
        SPECS.forEach((spec, expected) -> {
            Schedule parsed = Schedules.parse(spec);
            assertThat(parsed).as(spec).isEqualTo(expected);
            assertThat(Schedules.spec(parsed)).as(spec).isEqualTo(spec);
            assertThat(Schedules.parse(Schedules.spec(parsed))).as(spec).isEqualTo(parsed);
        });
        // the order keys are written in does not matter, and a flag may say true
        assertThat(Schedules.parse("onecycle:three-phase=true,total=50")).isEqualTo(
                new OneCycle(50, 0.3, false, 25, 1e4, true, MomentumCycle.oneCycleDefault()));
    }

    @Test
    void theDefaultsAreTheRecordsFactories() {
        assertThat(Schedules.parse("onecycle:total=200")).isEqualTo(OneCycle.of(200));
        assertThat(Schedules.parse("cyclic:base=0.01,up=4")).isEqualTo(Cyclic.triangular(0.01, 4));
        assertThat(Schedules.parse("plateau")).isEqualTo(ReduceOnPlateau.defaults());
        assertThat(Schedules.parse("polynomial:total=7")).isEqualTo(Polynomial.linear(7));
        assertThat(Schedules.kind("cyclic").key("down").orElseThrow().defaultText()).contains("up");
        assertThat(Schedules.kind("onecycle").key("base-momentum").orElseThrow().defaultText()).contains("0.85");
        assertThat(Schedules.kind("cyclic").key("base-momentum").orElseThrow().defaultText()).contains("0.8");
    }

    @Test
    void theFormsAreListedFromTheTable() {
        assertThat(Schedules.forms()).isEqualTo("constant | step:size=N[,gamma=0.1] | multistep:milestones=A/B/...[,gamma=0.1]"
                + " | exponential:gamma=X | cosine:period=N[,min=0] | cosine-restarts:period=N[,mult=1][,min=0]"
                + " | plateau[:factor=0.1][,patience=10][,threshold=1e-4][,cooldown=0][,min=0]"
                + " | polynomial:total=N[,power=1]"
                + " | onecycle:total=N[,pct=0.3][,anneal=cos|linear][,div=25][,final-div=1e4][,three-phase]"
                + "[,momentum=on|off][,base-momentum=0.85][,max-momentum=0.95]"
                + " | cyclic:base=X,up=N[,down=N][,mode=triangular|triangular2|exp-range][,gamma=1][,momentum=on|off]"
                + "[,base-momentum=0.8][,max-momentum=0.9]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
            "cosine#cosine needs period=...",
            "multistep#multistep needs milestones=A/B/...",
            "cyclic:up=10#cyclic needs base=...",
            "polynomial:total=0#polynomial: total must be at least 1: 0",
            "polynomial:total=10,pow=2#polynomial: unknown parameter 'pow' (it takes total, power)",
            "constant:x=1#constant: unknown parameter 'x' (it takes none)",
            "onecycle:total=100,pct=1.5#onecycle: pct must be in [0, 1]: 1.5",
            "onecycle:total=100,anneal=step#onecycle: anneal must be cos or linear: step",
            "onecycle:total=2.5#onecycle: total must be a whole number of steps: 2.5",
            "onecycle:total=10,three-phase=2#onecycle: three-phase takes no value (or true|false): 2",
            "onecycle:total=10,momentum=off,base-momentum=0.8#onecycle: base-momentum and max-momentum need momentum on",
            "onecycle:total=10,momentum=maybe#onecycle: momentum must be on or off: maybe",
            "onecycle:total=10,final-div=0#onecycle: final-div must be in (0, inf): 0.0",
            "cyclic:base=0.001,up=10,mode=exp_range#cyclic: mode must be triangular, triangular2 or exp-range: exp_range",
            "cyclic:base=0.001,up=10,mode=exp-range,gamma=1.5#cyclic: gamma must be in (0, 1]: 1.5",
            "cyclic:base=0.001,up=10,base-momentum=1#cyclic: base-momentum must be in [0, 1): 1.0",
            "cyclic:base=0.001,up=10,max-momentum=-1#cyclic: max-momentum must be in [0, 1): -1.0",
            "multistep:milestones=3/x#multistep: milestones must be whole numbers separated by '/': 3/x",
            "multistep:milestones=30/10#multistep: milestones must be positive and strictly increasing: [30, 10]",
            "plateau:min=-1#plateau: min must be in [0, inf): -1.0",
            "plateau:patience=2.5#plateau: patience must be a whole number of observations: 2.5",
            "step:size=0#step: size must be at least 1: 0",
            "exponential:gamma=abc#gamma: 'abc' is not a number",
            "step:size=10,gamma#expected key=value, got 'gamma'",
    })
    void badSpecsAreRefusedNamingTheKeyAndItsRange(String spec, String message) {
        assertThat(catchThrowable(() -> Schedules.parse(spec))).isInstanceOf(SpecException.class).hasMessage(message);
    }

    @Test
    void anUnknownScheduleListsTheForms() {
        assertThat(catchThrowable(() -> Schedules.parse("wobble")))
                .hasMessage("unknown schedule 'wobble' (forms: " + Schedules.forms() + ")");
        assertThat(catchThrowable(() -> Schedules.parse("step:size=1,,gamma=0.5")))
                .hasMessage("expected key=value, got '' (forms: " + Schedules.forms() + ")");
    }

    @Test
    void aWarmUpHasNoSpecOfItsOwn() {
        assertThat(catchThrowable(() -> Schedules.spec(new LinearWarmup(10, 0.5, Schedule.constant()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no spec");
    }

    /** Values for the required keys, so that one other key can be probed. */
    private static final Map<String, Map<String, String>> REQUIRED = Map.of(
            "step", Map.of("size", "10"), "multistep", Map.of("milestones", "10/20"), "exponential", Map.of("gamma", "0.5"),
            "cosine", Map.of("period", "10"), "cosine-restarts", Map.of("period", "10"), "polynomial", Map.of("total", "10"),
            "onecycle", Map.of("total", "10"), "cyclic", Map.of("base", "0.01", "up", "10"));

    /** The ranges the table lists are the records' own: a value just outside each end is refused as the range says. */
    @Test
    void theListedRangesAreTheRecordsOwn() {
        int probed = 0;
        for (Kind<? extends Schedule> kind : Schedules.kinds()) {
            for (Key<?> key : kind.keys()) {
                if (key.type() != Key.Type.NUMBER && key.type() != Key.Type.WHOLE) {
                    continue;
                }
                String range = key.range().orElseThrow();
                for (double probe : RangeProbes.outside(range)) {
                    Map<String, String> settings = new HashMap<>(REQUIRED.getOrDefault(kind.name(), Map.of()));
                    boolean whole = key.type() == Key.Type.WHOLE;
                    settings.put(key.name(), whole ? Long.toString((long) probe) : Key.decimal(probe));
                    SpecException refused = (SpecException) catchThrowable(() -> kind.build(settings));
                    assertThat(refused).as(kind.name() + " " + settings).isNotNull();
                    assertThat(refused.problem()).isEqualTo(key.name() + " must be " + range + ": "
                            + (whole ? Long.toString((long) probe) : Double.toString(probe)));
                    probed++;
                }
            }
        }
        assertThat(probed).isGreaterThan(20);
    }
}
