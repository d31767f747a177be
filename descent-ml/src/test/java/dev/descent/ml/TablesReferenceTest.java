package dev.descent.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import dev.descent.stop.StoppingRules;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Real tables as they come (text columns, empty cells) trained with no hand editing, against the
 * scikit-learn pipeline that matches descent's contract: {@code ColumnTransformer} of
 * {@code SimpleImputer(mean, add_indicator=True)} and {@code OneHotEncoder(handle_unknown='ignore')},
 * {@code StandardScaler}, then the model (tools/reference/sklearn_tables_reference.py on tables
 * exported by tools/reference/export_r_tables.R from R's palmerpenguins and carData). The
 * probabilities and the scores that depend on them are compared with scikit-learn's objective
 * minimized to the gradient's limit (the script's {@code polished.*} and {@code q_*}): its own lbfgs
 * stops on a relative fall of f below 64 eps, 2e-6 away from the optimum in probability.
 */
class TablesReferenceTest {

    static Path table(String name) throws URISyntaxException {
        return Path.of(TablesReferenceTest.class.getResource("/tables/" + name).toURI());
    }

    static Properties expected(String name) throws IOException, URISyntaxException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(table("expected/" + name + ".properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    /** The expected CSV's rows, each as its cells. */
    static List<String[]> rows(String name) throws IOException, URISyntaxException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(table("expected/" + name + ".csv"));
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        return rows;
    }

    /** A pipeline on a train file scored on its test file, with no validation split, converged tightly. */
    static Pipeline pipeline(String data, String model, String target, double l2) throws URISyntaxException {
        return Pipeline.of(table(data + "-train.csv").toString(), ModelSpec.parse(model)).target(target).split(0, 0)
                .testData(table(data + "-test.csv")).plan(plan -> plan.penalty(new Penalty(l2, 0)).epochs(2000)
                        .convergence(StoppingRules.gradientNorm(1e-9)));
    }

    @Test
    void penguinSpeciesFromTextColumnsAndGapsMatchScikitLearn() throws Exception {
        Properties expected = expected("penguins_species");
        Pipeline.Outcome run = pipeline("penguins", "softmax", "species", Double.parseDouble(expected.getProperty("l2"))).run();
        // 5 numbers, 4 missing-value indicators (the columns with gaps in training), island's 3 levels, sex's 2 and its gap
        assertThat(run.model().featureNames()).containsExactly("island=Biscoe", "island=Dream", "island=Torgersen",
                "bill_length_mm", "bill_length_mm=(missing)", "bill_depth_mm", "bill_depth_mm=(missing)",
                "flipper_length_mm", "flipper_length_mm=(missing)", "body_mass_g", "body_mass_g=(missing)",
                "sex=female", "sex=male", "sex=(missing)", "year");
        Evaluation test = run.evaluation("test");
        assertThat(test.rows()).isEqualTo(Integer.parseInt(expected.getProperty("n_test")));
        assertThat(test.classification().accuracy()).isCloseTo(number(expected, "accuracy"), within(1e-12));
        assertThat(test.classification().balancedAccuracy()).isCloseTo(number(expected, "balanced_accuracy"), within(1e-12));
        assertThat(test.logLoss()).isCloseTo(number(expected, "polished.log_loss"), within(1e-7));
        List<String> notes = new ArrayList<>();
        Dataset rows = run.model().rows(table("penguins-test.csv"), notes);
        double[] probabilities = run.model().predict(rows);
        int[] predicted = run.model().predictedClasses(probabilities);
        List<String[]> reference = rows("penguins_species");
        for (int i = 0; i < reference.size(); i++) {
            assertThat(run.model().classNames().get(predicted[i])).isEqualTo(reference.get(i)[1]);
        }
        for (int c = 0; c < 3; c++) {
            assertProbabilities(probabilities, 3, c, reference, 5 + c);
        }
        assertThat(notes).anyMatch(note -> note.contains("missing numeric cells of penguins-test.csv filled with their "
                + "columns' training mean"));
    }

    @Test
    void penguinMassByLeastSquaresMatchesTheExactSolution() throws Exception {
        // one-hot blocks sum to one, so the coefficients are not unique: the predictions are (numpy's lstsq)
        Properties expected = expected("penguins_mass");
        Pipeline.Outcome run = pipeline("penguins", "linear", "body_mass_g", 0).run();
        assertThat(run.notes()).contains("1 row of penguins-train.csv without a target 'body_mass_g' left out",
                "1 row of penguins-test.csv without a target 'body_mass_g' left out");
        Evaluation test = run.evaluation("test");
        assertThat(test.rows()).isEqualTo(Integer.parseInt(expected.getProperty("n_test")));
        assertThat(test.regression().r2()).isCloseTo(number(expected, "min_norm.r2"), within(1e-6));
        assertThat(test.regression().rmse()).isCloseTo(number(expected, "min_norm.rmse"), within(1e-4));
        assertThat(test.regression().mae()).isCloseTo(number(expected, "min_norm.mae"), within(1e-4));
        // every body mass predicted, to 1e-6 relative (the reference skips the test row without a mass)
        List<String[]> reference = rows("penguins_mass");
        double[] predicted = run.model().predict(run.model().rows(table("penguins-test.csv"), new ArrayList<>()));
        assertThat(predicted).hasSize(reference.size());
        for (int i = 0; i < reference.size(); i++) {
            double exact = Double.parseDouble(reference.get(i)[2]);
            assertThat(predicted[i]).as("row %s", reference.get(i)[0]).isCloseTo(exact, within(1e-6 * Math.abs(exact)));
        }
    }

    @Test
    void titanicSurvivalWithTheNameDroppedMatchesScikitLearn() throws Exception {
        Properties expected = expected("titanic_survived");
        Pipeline.Outcome run = pipeline("titanic", "logistic", "survived", number(expected, "l2"))
                .columns(columns -> columns.drop(List.of("name"))).run();
        assertThat(run.model().classNames()).containsExactly("no", "yes");
        Evaluation test = run.evaluation("test");
        assertThat(test.classification().accuracy()).isCloseTo(number(expected, "accuracy"), within(1e-12));
        assertThat(test.classification().balancedAccuracy()).isCloseTo(number(expected, "balanced_accuracy"), within(1e-12));
        assertThat(test.classification().baselineAccuracy(0)).isCloseTo(number(expected, "baseline_accuracy"), within(1e-12));
        assertThat(test.logLoss()).isCloseTo(number(expected, "polished.log_loss"), within(1e-7));
        assertThat(test.ranking().rocAuc()).isCloseTo(number(expected, "polished.roc_auc"), within(1e-9));
        assertThat(test.ranking().averagePrecision()).isCloseTo(number(expected, "polished.average_precision"), within(1e-9));
        List<String[]> reference = rows("titanic_survived");
        Dataset rows = run.model().rows(table("titanic-test.csv"), new ArrayList<>());
        double[] probabilities = run.model().predict(rows);
        assertProbabilities(probabilities, 2, 1, reference, 5);
    }

    @Test
    void balancedClassWeightsMatchScikitLearnsClassWeight() throws Exception {
        // n / (k n_c) sums to n over the rows, so the weighted mean loss with l2 = 1 / n is sklearn's objective
        Properties expected = expected("titanic_balanced");
        Pipeline.Outcome run = pipeline("titanic", "logistic", "survived", number(expected, "l2"))
                .columns(columns -> columns.drop(List.of("name")))
                .classWeights(dev.descent.ml.data.ClassWeights.parse("balanced")).run();
        Evaluation test = run.evaluation("test");
        assertThat(test.classification().balancedAccuracy())
                .isCloseTo(number(expected, "polished.balanced_accuracy"), within(1e-12));
        assertThat(test.logLoss()).isCloseTo(number(expected, "polished.log_loss"), within(1e-7));
        assertThat(test.ranking().rocAuc()).isCloseTo(number(expected, "polished.roc_auc"), within(1e-9));
        List<String[]> reference = rows("titanic_balanced");
        Dataset rows = run.model().rows(table("titanic-test.csv"), new ArrayList<>());
        double[] probabilities = run.model().predict(rows);
        assertProbabilities(probabilities, 2, 1, reference, 5);
    }

    @Test
    void thePositiveClassCanBeTheFirstInSortedOrder() throws Exception {
        // P(no) = 1 - P(yes): the ROC AUC is the same either way round, the average precision is not
        Properties expected = expected("titanic_survived");
        Pipeline.Outcome run = pipeline("titanic", "logistic", "survived", number(expected, "l2"))
                .columns(columns -> columns.drop(List.of("name")).positive("no")).run();
        assertThat(run.model().classNames()).containsExactly("yes", "no");
        Evaluation test = run.evaluation("test");
        assertThat(test.ranking().rocAuc()).isCloseTo(number(expected, "polished.roc_auc"), within(1e-9));
        assertThat(test.ranking().averagePrecision()).isNotCloseTo(number(expected, "polished.average_precision"),
                within(1e-3));
        List<String[]> reference = rows("titanic_survived");
        double[] probabilities = run.model().predict(run.model().rows(table("titanic-test.csv"), new ArrayList<>()));
        assertProbabilities(probabilities, 2, 1, reference, 4);
        assertThatThrownBy(() -> pipeline("titanic", "logistic", "survived", 0)
                .columns(columns -> columns.drop(List.of("name")).positive("maybe")).run())
                .hasMessageContaining("the positive class 'maybe' is not of the target's classes (no, yes)");
    }

    /**
     * The coefficients on the features' own scale: they predict what the model predicts from the
     * unscaled encoded rows, and they are scikit-learn's {@code coef_ / scale_} (its lbfgs stops short
     * of the optimum, so to 1e-4).
     */
    @Test
    void theCoefficientsOnTheFeaturesOwnScaleAreScikitLearnsUnscaled() throws Exception {
        Properties expected = expected("titanic_survived");
        Pipeline.Outcome run = pipeline("titanic", "logistic", "survived", number(expected, "l2"))
                .columns(columns -> columns.drop(List.of("name"))).run();
        SavedModel.Coefficients c = run.model().coefficients().orElseThrow();
        assertThat(c.outputs()).containsExactly("yes");
        Dataset rows = run.model().rows(table("titanic-test.csv"), new ArrayList<>());
        double[] p = run.model().predict(rows);
        for (int i = 0; i < rows.rows(); i++) {
            double logit = c.intercepts()[0];
            for (int j = 0; j < rows.columns(); j++) {
                logit += c.coefficients()[0][j] * rows.feature(i, j);
            }
            assertThat(1 / (1 + Math.exp(-logit))).isCloseTo(p[2 * i + 1], within(1e-12));
        }
        String[] names = expected.getProperty("feature_names").split(",");
        String[] coef = expected.getProperty("coef").split(",");
        String[] scale = expected.getProperty("scaler_scale").split(",");
        for (int j = 0; j < names.length; j++) {
            String name = names[j].replace("num__missingindicator_", "").replace("num__", "")
                    .replaceFirst("^cat__([a-zA-Z]+)_", "$1=");
            name = names[j].startsWith("num__missingindicator_") ? name + "=(missing)" : name;
            double theirs = Double.parseDouble(coef[j]) / Double.parseDouble(scale[j]);
            assertThat(c.coefficients()[0][c.features().indexOf(name)]).as(name).isCloseTo(theirs, within(1e-4));
        }
        assertThat(c.zeros()).isZero();
        // softmax: one row of coefficients per class
        Pipeline.Outcome species = pipeline("penguins", "softmax", "species", 1.0 / 256).run();
        SavedModel.Coefficients s = species.model().coefficients().orElseThrow();
        assertThat(s.outputs()).containsExactly("Adelie", "Chinstrap", "Gentoo");
        assertThat(s.coefficients()).hasDimensions(3, species.model().featureNames().size());
        assertThat(Pipeline.of("iris", ModelSpec.parse("mlp:4")).plan(p2 -> p2.epochs(1)).run().model().coefficients())
                .isEmpty();
    }

    @Test
    void aColumnWithTooManyCategoriesIsRefusedWithTheFlagsThatHelp() throws Exception {
        assertThatThrownBy(() -> pipeline("titanic", "logistic", "survived", 0).run()).isInstanceOf(DataException.class)
                .hasMessage(table("titanic-train.csv") + ": column 'name' has 981 distinct values that are not numbers, too "
                        + "many to one-hot encode (at most 100; an identifier, a name or free text?): --drop name leaves it "
                        + "out, --max-categories N allows more");
    }

    /** Each row's probability of class {@code c} equals the reference CSV's column {@code column}, to 1e-7. */
    private static void assertProbabilities(double[] probabilities, int classes, int c, List<String[]> reference,
                                            int column) {
        assertThat(probabilities).hasSize(classes * reference.size());
        for (int i = 0; i < reference.size(); i++) {
            assertThat(probabilities[classes * i + c]).as("row %d class %d", i, c)
                    .isCloseTo(Double.parseDouble(reference.get(i)[column]), within(1e-7));
        }
    }

    private static double number(Properties properties, String key) {
        return Double.parseDouble(properties.getProperty(key));
    }
}
