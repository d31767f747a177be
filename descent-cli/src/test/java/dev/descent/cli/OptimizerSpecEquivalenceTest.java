package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linesearch.ArmijoBacktracking;
import dev.descent.linesearch.StrongWolfe;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Asgd;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Lion;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.schedule.Schedules;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command's flags and the library's spec strings build the same optimizer, and the one the
 * command built from those flags before the flags became a front for the specs (the record each
 * case names, written as the command's own builder wrote it).
 */
class OptimizerSpecEquivalenceTest {

    /** A command with the optimizer's options alone. */
    @Command(name = "probe")
    static final class Probe {
        @picocli.CommandLine.Spec
        CommandSpec spec;

        @Mixin
        OptimizerOptions options;
    }

    static Optimizer viaFlags(String flags) {
        Probe probe = new Probe();
        DescentCommand.withConverters(new CommandLine(probe)).parseArgs(flags.isEmpty() ? new String[0] : flags.split(" "));
        return probe.options.optimizer(probe.spec);
    }

    record Case(String flags, String spec, Optimizer before) {}

    static final List<Case> CASES = List.of(
            new Case("", "lbfgs", new Lbfgs(10, 1.0, StrongWolfe.defaults())),
            new Case("--optimizer gd", "gd", GradientDescent.fixed(1e-3)),
            new Case("--optimizer gd --line-search armijo", "gd:line_search=armijo",
                    GradientDescent.withLineSearch(1.0, ArmijoBacktracking.defaults())),
            new Case("--optimizer gd --lr 0.1 --line-search strong-wolfe", "gd:lr=0.1,line_search=strong-wolfe",
                    GradientDescent.withLineSearch(0.1, StrongWolfe.defaults())),
            new Case("--optimizer gd --line-search none --lr 0.2", "gd:line_search=none,lr=0.2", GradientDescent.fixed(0.2)),
            new Case("--optimizer sgd --lr 0.05 --momentum 0.9 --nesterov --weight-decay 1e-4 --maximize",
                    "sgd:lr=0.05,momentum=0.9,nesterov,weight_decay=1e-4,maximize", new Sgd(0.05, 0.9, 0, true, 1e-4, true)),
            new Case("--optimizer sgd --momentum 0.5 --dampening 0.1", "sgd:momentum=0.5,dampening=0.1",
                    new Sgd(1e-3, 0.5, 0.1, false, 0, false)),
            new Case("--optimizer adam", "adam", new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false)),
            new Case("--optimizer adam --lr 0.02 --beta1 0.8 --beta2 0.99 --eps 1e-6 --weight-decay 0.1 --amsgrad --maximize",
                    "adam:lr=0.02,beta1=0.8,beta2=0.99,eps=1e-6,weight_decay=0.1,amsgrad,maximize",
                    new Adam(0.02, 0.8, 0.99, 1e-6, 0.1, true, true)),
            new Case("--optimizer adamw", "adamw", new AdamW(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false)),
            new Case("--optimizer adamw --weight-decay 0 --amsgrad", "adamw:weight_decay=0,amsgrad",
                    new AdamW(1e-3, 0.9, 0.999, 1e-8, 0, true, false)),
            new Case("--optimizer rmsprop", "rmsprop", new RmsProp(1e-2, 0.99, 1e-8, 0, 0, false, false)),
            new Case("--optimizer rmsprop --alpha 0.9 --momentum 0.9 --centered --eps 1e-6 --maximize",
                    "rmsprop:alpha=0.9,momentum=0.9,centered,eps=1e-6,maximize", new RmsProp(1e-2, 0.9, 1e-6, 0, 0.9, true, true)),
            new Case("--optimizer adagrad", "adagrad", new AdaGrad(1e-2, 0, 0, 0, 1e-10, false)),
            new Case("--optimizer adagrad --lr-decay 0.01 --initial-accumulator-value 0.1 --eps 1e-9 --weight-decay 0.5",
                    "adagrad:lr_decay=0.01,initial_accumulator_value=0.1,eps=1e-9,weight_decay=0.5",
                    new AdaGrad(1e-2, 0.01, 0.5, 0.1, 1e-9, false)),
            new Case("--optimizer lbfgs --history 5 --line-search armijo --lr 0.5", "lbfgs:history=5,line_search=armijo,lr=0.5",
                    new Lbfgs(5, 0.5, ArmijoBacktracking.defaults())),
            new Case("--optimizer nadam", "nadam", new NAdam(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3)),
            new Case("--optimizer nadam --momentum-decay 0.01 --beta2 0.99", "nadam:momentum_decay=0.01,beta2=0.99",
                    new NAdam(2e-3, 0.9, 0.99, 1e-8, 0, 0.01)),
            new Case("--optimizer radam --weight-decay 0.1", "radam:weight_decay=0.1", new RAdam(1e-3, 0.9, 0.999, 1e-8, 0.1)),
            new Case("--optimizer adamax --maximize", "adamax:maximize", new Adamax(2e-3, 0.9, 0.999, 1e-8, 0, true)),
            new Case("--optimizer adadelta --rho 0.95 --lr 0.5", "adadelta:rho=0.95,lr=0.5", new Adadelta(0.5, 0.95, 1e-6, 0, false)),
            new Case("--optimizer rprop", "rprop", new Rprop(1e-2, 0.5, 1.2, 1e-6, 50, false)),
            new Case("--optimizer rprop --etas 0.4,1.3 --step-sizes 1e-9,1", "rprop:etas=0.4/1.3,step_sizes=1e-9/1",
                    new Rprop(1e-2, 0.4, 1.3, 1e-9, 1, false)),
            new Case("--optimizer asgd", "asgd", new Asgd(1e-2, 1e-4, 0.75, 1e6, 0, false)),
            new Case("--optimizer asgd --lambd 0.001 --alpha 0.5 --t0 100", "asgd:lambd=0.001,alpha=0.5,t0=100",
                    new Asgd(1e-2, 0.001, 0.5, 100, 0, false)),
            new Case("--optimizer lion", "lion", new Lion(1e-4, 0.9, 0.99, 0, false)),
            new Case("--optimizer lion --lr 0.001 --beta2 0.98 --weight-decay 0.1", "lion:lr=0.001,beta2=0.98,weight_decay=0.1",
                    new Lion(0.001, 0.9, 0.98, 0.1, false)));

    @Test
    void flagsAndSpecsBuildWhatTheCommandBuiltBefore() {
        for (Case c : CASES) {
            assertThat(viaFlags(c.flags())).as(c.flags()).isEqualTo(c.before());
            assertThat(Optimizers.parse(c.spec())).as(c.spec()).isEqualTo(c.before());
        }
    }

    /** The help states the defaults of the library's table, which the flags fall back on. */
    @Test
    void theHelpStatesTheTablesDefaults() {
        String help = Cli.run("minimize", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("--beta2=X adam, adamw, nadam, radam, adamax: second-moment decay; lion: momentum decay "
                + "(default 0.999; lion 0.99).");
        assertThat(help).contains("--eps=X adam, adamw, rmsprop, adagrad, nadam, radam, adamax, adadelta: added to the "
                + "denominator (default 1e-8; adagrad 1e-10; adadelta 1e-6).");
        assertThat(help).contains("--etas=A,B[,A,B...] rprop: step-size factors on a sign change and while the sign holds "
                + "(default 0.5,1.2).");
        assertThat(help).contains("NAME is one of " + String.join(", ", Optimizers.names()));
        // picocli wraps the forms where it likes: compared without spaces
        assertThat(help.replace(" ", "")).contains(("Learning-rate schedule: " + Schedules.forms() + ".").replace(" ", ""));
    }

    @Test
    void theScheduleOptionReadsWhatTheLibraryParses() {
        for (String spec : List.of("constant", "step:size=30,gamma=0.5", "multistep:milestones=30/80", "exponential:gamma=0.9",
                "cosine:period=100,min=1e-5", "cosine-restarts:period=10,mult=2", "plateau:patience=3,factor=0.5",
                "polynomial:total=100,power=2", "onecycle:total=200,pct=0.25,anneal=linear,three-phase,momentum=off",
                "cyclic:base=0.001,up=10,down=5,mode=exp-range,gamma=0.99")) {
            assertThat(ScheduleOptions.parse(spec)).as(spec).isEqualTo(Schedules.parse(spec));
        }
    }
}
