package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28 from the command line: --l1 gives glmnet's zeros, --no-intercept, --coef-bounds, --l1-path,
 * and the new models, with their refusals naming the option or the file's place.
 */
class PenaltiesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** glmnet's solution, from descent-ml's reference data (the tests run in the module's folder). */
    static Properties glmnet(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("../descent-ml/src/test/resources/glmnet/" + name + ".properties"))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void theIssuesCommandReturnsGlmnetsZerosAndSaysHowMany() throws IOException {
        Properties ref = glmnet("breast_cancer_lasso");
        Cli text = Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--l1", "0.01", "--test", "0");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains(ref.getProperty("zeros") + " of 30 coefficients are exactly zero");
        Cli json = Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--l1", "0.01", "--test", "0",
                "--format", "json");
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("zeroCoefficients").asLong()).isEqualTo(Long.parseLong(ref.getProperty("zeros")));
        String[] features = ref.getProperty("features", "").isEmpty() ? null : ref.getProperty("features").split(",");
        String[] coefficients = ref.getProperty("coef").split(",");
        JsonNode ours = report.get("coefficients");
        assertThat(ours.size()).isEqualTo(30);
        int j = 0;
        for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) ours::fields) {
            if (features != null) {
                assertThat(field.getKey()).isEqualTo(features[j]);
            }
            double theirs = Double.parseDouble(coefficients[j++]);
            assertThat(field.getValue().asDouble()).as(field.getKey()).isCloseTo(theirs, within(1e-4 * Math.max(1, Math.abs(theirs))));
            assertThat(field.getValue().asDouble() == 0).as(field.getKey()).isEqualTo(theirs == 0);
        }
    }

    @Test
    void noInterceptKeepsItAtZeroAndBoundsHoldOnTheFeaturesScale() throws IOException {
        Cli run = Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--l1", "0.005", "--l2", "0.01",
                "--no-intercept", "--coef-bounds", "worst_texture=:0.05,worst_concave_points=:5", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("intercept").asDouble()).isEqualTo(0.0);
        assertThat(report.get("coefficients").get("worst_texture").asDouble()).isLessThanOrEqualTo(0.05 + 1e-15);
        assertThat(report.get("coefficients").get("worst_concave_points").asDouble()).isLessThanOrEqualTo(5 + 1e-13);
    }

    @Test
    void coefficientBoundsAreRefusedByNameWhenUnknownOrCrossed() {
        Cli unknown = Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--coef-bounds", "radius=0:");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--coef-bounds: no feature named radius (features: mean_radius");
        Cli crossed = Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--coef-bounds",
                "mean_radius=2:1");
        assertThat(crossed.exitCode()).isEqualTo(2);
        assertThat(crossed.err()).contains("--coef-bounds: the lower bound of 'mean_radius' is above its upper one: 2.0 > 1.0");
        Cli malformed = Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--coef-bounds", "mean_radius");
        assertThat(malformed.err()).contains("--coef-bounds: 'mean_radius' is not NAME=LO:HI");
    }

    @Test
    void anL1PathFallsFromNoCoefficientToAllAndKeepsTheLowestValidationLoss() throws IOException {
        Cli run = Cli.run("train", "--data", "breast_cancer", "--model", "logistic", "--l1-path", "8", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode path = JSON.readTree(run.out()).get("path");
        assertThat(path.size()).isEqualTo(8);
        assertThat(path.get(0).get("nonzeros").asLong()).isZero();
        double best = Double.POSITIVE_INFINITY;
        int chosen = -1;
        for (int p = 0; p < path.size(); p++) {
            if (p > 0) {
                assertThat(path.get(p).get("l1").asDouble()).isLessThan(path.get(p - 1).get("l1").asDouble());
            }
            if (path.get(p).get("validationLoss").asDouble() < best) {
                best = path.get(p).get("validationLoss").asDouble();
                chosen = p;
            }
        }
        assertThat(path.get(chosen).get("chosen").asBoolean()).isTrue();
        assertThat(path.get(path.size() - 1).get("nonzeros").asLong()).isGreaterThan(path.get(1).get("nonzeros").asLong());
        assertThat(JSON.readTree(run.out()).get("l1").asDouble()).isEqualTo(path.get(chosen).get("l1").asDouble());
    }

    @Test
    void theNewModelsTrainAndRefuseWhatDoesNotSuitThem(@TempDir Path dir) throws IOException {
        Cli huber = Cli.run("train", "--data", "diabetes", "--model", "huber:epsilon=1.5", "--format", "json");
        assertThat(huber.exitCode()).as(huber.err()).isZero();
        assertThat(JSON.readTree(huber.out()).get("scale").asDouble()).isPositive();
        Cli quantile = Cli.run("train", "--data", "diabetes", "--model", "quantile:q=2");
        assertThat(quantile.exitCode()).isEqualTo(2);
        assertThat(quantile.err()).contains("--model: q must be in (0, 1): 2 in 'quantile:q=2'");
        Cli svmOnNumbers = Cli.run("train", "--data", "diabetes", "--model", "svm");
        assertThat(svmOnNumbers.exitCode()).isEqualTo(2);
        // an svm reads its target as classes, as logistic does: diabetes' progression has 214 values
        assertThat(svmOnNumbers.err()).contains("--model: an svm needs exactly 2 classes; the target 'progression' has "
                + "214 classes (use softmax for more, linear, huber, quantile or poisson for numbers)");
        Path counts = Files.writeString(dir.resolve("counts.csv"), "x,visits\n1,2\n2,0\n3,-1\n4,5\n");
        Cli poisson = Cli.run("train", "--data", counts.toString(), "--model", "poisson");
        assertThat(poisson.exitCode()).isEqualTo(2);
        assertThat(poisson.err()).contains("counts.csv:4:2: the target 'visits' is -1.0; a poisson model fits counts");
    }
}
