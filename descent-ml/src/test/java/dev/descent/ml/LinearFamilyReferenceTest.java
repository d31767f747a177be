package dev.descent.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The rest of the linear family on real tables against scikit-learn 1.2.1
 * (tools/reference/sklearn_linear_family_reference.py, each optimum polished to a KKT violation near
 * 1e-15): the objective {@code mean loss + X ||w||_1 + (Y/2) ||w||^2} on standardized features, the
 * coefficients on the features' own scale (1e-4), and the objective no higher than the reference's.
 */
class LinearFamilyReferenceTest {

    static Properties reference(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = LinearFamilyReferenceTest.class.getResourceAsStream("/linear_family/" + name + ".properties")) {
            p.load(in);
        }
        return p;
    }

    static double[] numbers(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static Path table(String name) throws Exception {
        return Path.of(LinearFamilyReferenceTest.class.getResource("/tables/" + name).toURI());
    }

    static Pipeline pipeline(String data, String model, String target, Properties ref) {
        double x = Double.parseDouble(ref.getProperty("x"));
        double y = Double.parseDouble(ref.getProperty("y"));
        return Pipeline.of(data, ModelSpec.parse(model)).target(target).split(0, 0)
                .plan(plan -> plan.penalty(new Penalty(y, x)).epochs(100_000)
                        .convergence(StoppingRules.gradientNorm(1e-10)));
    }

    static void assertCoefficients(SavedModel.Coefficients c, Properties ref) {
        assertThat(String.join(",", c.features())).isEqualTo(ref.getProperty("features"));
        double[] theirs = numbers(ref.getProperty("coef"));
        double[] ours = c.coefficients()[0];
        for (int j = 0; j < theirs.length; j++) {
            assertThat(ours[j]).as(c.features().get(j)).isCloseTo(theirs[j], within(1e-4 * Math.max(1, Math.abs(theirs[j]))));
            assertThat(ours[j] == 0).as("%s is zero", c.features().get(j)).isEqualTo(theirs[j] == 0);
        }
        double intercept = Double.parseDouble(ref.getProperty("intercept"));
        assertThat(c.intercepts()[0]).isCloseTo(intercept, within(1e-4 * Math.max(1, Math.abs(intercept))));
    }

    /** The objective recomputed from the standardized parameters: the mean loss the run reports plus the penalty. */
    static double objective(Pipeline.Outcome run, Properties ref) {
        return run.training().history().get(run.training().history().size() - 1).train().loss()
                + run.penalty().value(run.model().model(), run.model().parameters());
    }

    @Test
    void huberOnDuncanFitsCoefficientsAndScaleAsScikitLearn() throws Exception {
        Properties ref = reference("duncan_huber");
        Pipeline.Outcome run = pipeline(table("duncan.csv").toString(), "huber", "prestige", ref)
                .columns(c -> c.drop(List.of("occupation"))).run();
        assertCoefficients(run.model().coefficients().orElseThrow(), ref);
        double[] theta = run.model().parameters();
        assertThat(theta[theta.length - 1]).as("scale sigma")
                .isCloseTo(Double.parseDouble(ref.getProperty("sigma")), within(1e-4 * 5.5));
        assertThat(objective(run, ref)).isLessThanOrEqualTo(Double.parseDouble(ref.getProperty("objective")) * (1 + 1e-7));
    }

    @Test
    void poissonOnOrnsteinFitsInterlockCountsAsScikitLearn() throws Exception {
        Properties ref = reference("ornstein_poisson");
        Pipeline.Outcome run = pipeline(table("ornstein.csv").toString(), "poisson", "interlocks", ref).run();
        assertCoefficients(run.model().coefficients().orElseThrow(), ref);
        double theirs = Double.parseDouble(ref.getProperty("objective"));
        assertThat(objective(run, ref)).isLessThanOrEqualTo(theirs + 1e-7 * Math.abs(theirs));
    }

    /**
     * A kinked loss: the exact optimum (the optimality conditions solved on the rows at the kink after the
     * smoothed run), so the coefficients agree to 1e-8, not just 1e-4, and the run says so.
     */
    static void assertExact(Pipeline.Outcome run, Properties ref) {
        assertThat(run.training().stopReason()).as(run.training().detail()).isEqualTo(dev.descent.StopReason.OPTIMALITY_CONDITIONS);
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        assertCoefficients(c, ref);
        double[] theirs = numbers(ref.getProperty("coef"));
        for (int j = 0; j < theirs.length; j++) {
            assertThat(c.coefficients()[0][j]).as(c.features().get(j))
                    .isCloseTo(theirs[j], within(1e-8 * Math.max(1, Math.abs(theirs[j]))));
        }
        double theirObjective = Double.parseDouble(ref.getProperty("objective"));
        double ours = run.evaluation("train").loss()
                + run.penalty().value(run.model().model(), run.model().parameters());
        assertThat(ours).isLessThanOrEqualTo(theirObjective + 1e-10 * Math.abs(theirObjective));
    }

    @Test
    void theSvmOnBreastCancerIsScikitLearnsExactOptimum() throws Exception {
        for (String name : List.of("breast_cancer_svm_c1", "breast_cancer_svm_y001")) {
            Properties ref = reference(name);
            Pipeline.Outcome run = pipeline("breast_cancer", "svm", "diagnosis", ref).run();
            assertExact(run, ref);
            // the decision values of the first rows, scikit-learn's decision_function
            double[] decision = numbers(ref.getProperty("decision.first5"));
            double[] scores = run.model().predict(dev.descent.ml.data.CsvDatasets.builtIn("breast_cancer", null, true));
            for (int i = 0; i < decision.length; i++) {
                assertThat(scores[2 * i + 1]).isCloseTo(decision[i], within(1e-8 * Math.abs(decision[i])));
            }
        }
    }

    @Test
    void quantilesOfDiabetesProgressionAreScikitLearnsLinearProgramOptima() throws Exception {
        for (String name : List.of("diabetes_quantile_q05", "diabetes_quantile_q09", "diabetes_quantile_q05_l1")) {
            Properties ref = reference(name);
            Pipeline.Outcome run = pipeline("diabetes", "quantile:q=" + Double.parseDouble(ref.getProperty("quantile")),
                    "progression", ref).run();
            assertExact(run, ref);
            assertThat(run.model().coefficients().orElseThrow().zeros()).isEqualTo(Long.parseLong(ref.getProperty("zeros")));
        }
    }

    @Test
    void poissonOnWarpbreaksFitsAsScikitLearn() throws Exception {
        Properties ref = reference("warpbreaks_poisson");
        Pipeline.Outcome run = pipeline(table("warpbreaks.csv").toString(), "poisson", "breaks", ref).run();
        assertCoefficients(run.model().coefficients().orElseThrow(), ref);
        double theirs = Double.parseDouble(ref.getProperty("objective"));
        assertThat(objective(run, ref)).isLessThanOrEqualTo(theirs + 1e-7 * Math.abs(theirs));
    }
}
