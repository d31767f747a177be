package dev.descent.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ml.data.DataException;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Encoding;
import dev.descent.ml.data.PreparedData;
import dev.descent.ml.data.Table;
import dev.descent.ml.data.TableOptions;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.Penalty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV export as people have it: text columns, gaps, identifiers, columns chosen by name. */
class TablesAsTheyComeTest {

    /** Six rows by hand, so every mean and level below is worked out on paper. */
    static Path rent(Path dir) throws IOException {
        return Files.writeString(dir.resolve("rent.csv"), """
                id,city,rooms,area,note,rent
                11,Paris,2,40,,1200
                12,Lyon,3,NA,balcony,900
                13,Paris,1,25,?,800
                14,Lille,,60,quiet,700
                15,Lyon,2,45,balcony,
                16,Paris,3,70,,1500
                """);
    }

    @Test
    void textBecomesCategoriesAndGapsAreFilledWithTheTrainingMean(@TempDir Path dir) throws IOException {
        Table table = Table.read(rent(dir), TableOptions.defaults().target("rent"));
        PreparedData prepared = PreparedData.of(table, false, 0, 0, 0);
        // the row without a rent goes; the numeric gaps get the mean of the five rows left and an indicator
        assertThat(prepared.notes()).containsExactly("1 row of rent.csv without a target 'rent' left out",
                "2 missing numeric cells of rent.csv filled with their columns' training mean");
        assertThat(prepared.encoding().featureNames()).containsExactly("id", "city=Lille", "city=Lyon", "city=Paris",
                "rooms", "rooms=(missing)", "area", "area=(missing)", "note=balcony", "note=quiet", "note=(missing)");
        Dataset rows = prepared.all();
        assertThat(rows.rows()).isEqualTo(5);
        // rooms present: 2, 3, 1, 3 -> mean 2.25 fills row 4 (Lille); area present: 40, 25, 60, 70 -> 48.75 fills row 2
        assertThat(rows.feature(3, 4)).isEqualTo(2.25);
        assertThat(rows.feature(3, 5)).isEqualTo(1);
        assertThat(rows.feature(1, 6)).isEqualTo(48.75);
        assertThat(rows.feature(1, 7)).isEqualTo(1);
        assertThat(rows.feature(0, 7)).isEqualTo(0);
        // '' and '?' are missing notes, a level of their own
        assertThat(rows.feature(0, 10)).isEqualTo(1);
        assertThat(rows.feature(2, 10)).isEqualTo(1);
        assertThat(rows.feature(1, 8)).isEqualTo(1);
        assertThat(rows.feature(2, 3)).isEqualTo(1);
        assertThat(rows.feature(2, 1) + rows.feature(2, 2)).isZero();
    }

    @Test
    void columnsAreChosenByNameAndUnknownNamesAreRefusedWithTheColumns(@TempDir Path dir) throws IOException {
        Path file = rent(dir);
        TableOptions rent = TableOptions.defaults().target("rent");
        assertThat(Table.read(file, rent.drop(List.of("id", "note"))).names())
                .containsExactly("city", "rooms", "area", "rent");
        assertThat(Table.read(file, rent.features(List.of("area", "city"))).names()).containsExactly("city", "area", "rent");
        assertThatThrownBy(() -> Table.read(file, rent.drop(List.of("ID")))).isInstanceOf(DataException.class)
                .hasMessage(file + ":1: no column 'ID' (columns: id, city, rooms, area, note, rent)");
        assertThatThrownBy(() -> Table.read(file, rent.features(List.of("size")))).hasMessage(
                file + ":1: no column 'size' (columns: id, city, rooms, area, note, rent)");
        assertThatThrownBy(() -> Table.read(file, rent.drop(List.of("rent"))))
                .hasMessage(file + ":1: 'rent' is the target, which cannot be dropped");
        // integer codes read as categories, their levels sorted as numbers (2 before 10)
        Path codes = Files.writeString(dir.resolve("codes.csv"), "zone,y\n10,1\n2,2\n10,3\n1,4\n");
        Table table = Table.read(codes, TableOptions.defaults().categorical(List.of("zone")));
        assertThat(((Table.TextColumn) table.column("zone")).levels()).containsExactly("1", "2", "10");
    }

    @Test
    void everyColumnWithGapsIsReportedAtOnceWhenGapsAreRefused(@TempDir Path dir) throws IOException {
        Path file = rent(dir);
        assertThatThrownBy(() -> Table.read(file, TableOptions.defaults().target("rent").refuseMissing(true)))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": missing cells, which --missing error refuses: 'rooms': 1 missing (the first at "
                        + file + ":5:3); 'area': 1 missing (the first at " + file + ":3:4); 'note': 3 missing (the first "
                        + "at " + file + ":2:5)");
        Path more = Files.writeString(dir.resolve("more.csv"), "a,b,y\n1,2,3\n4,5,6\n", java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Table.read(more, TableOptions.defaults().missing(List.of("-")).refuseMissing(true)).rows()).isEqualTo(2);
    }

    @Test
    void aColumnOfDistinctWholeNumbersIsNamedAsALikelyIdentifier(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("customer,visits,spent\n");
        for (int i = 0; i < 30; i++) {
            csv.append(5000 + 7 * i).append(',').append(i % 4).append(',').append(10 + i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("shop.csv"), csv);
        Pipeline.Outcome run = Pipeline.of(file.toString(), ModelSpec.parse("linear")).run();
        assertThat(run.notes()).containsExactly("column 'customer' holds a different whole number in every row, likely an "
                + "identifier: --drop customer leaves it out");
        assertThat(Pipeline.of(file.toString(), ModelSpec.parse("linear")).columns(c -> c.drop(List.of("customer"))).run()
                .notes()).isEmpty();
    }

    @Test
    void aSavedModelReadsNewRowsByNameAsTheTrainingRowsWereRead(@TempDir Path dir) throws IOException {
        Pipeline.Outcome run = Pipeline.of(rent(dir).toString(), ModelSpec.parse("linear")).target("rent").split(0, 0)
                .columns(c -> c.drop(List.of("id"))).run();
        Path saved = dir.resolve("model.json");
        run.model().write(saved);
        SavedModel back = SavedModel.read(saved);
        assertThat(back.encoding()).isEqualTo(run.model().encoding());
        // other columns, in another order, a city never seen and a gap in a column that had none in training
        Path fresh = Files.writeString(dir.resolve("new.csv"), "note,city,owner,area,rooms\nbalcony,Nice,Ann,50,\n,Lyon,Bo,,2\n");
        List<String> notes = new ArrayList<>();
        Dataset rows = back.inputs(fresh, notes);
        assertThat(back.predict(rows)).isEqualTo(run.model().predict(run.model().inputs(fresh, new ArrayList<>())));
        assertThat(notes).containsExactly("2 missing numeric cells of new.csv filled with their columns' training mean",
                "1 cell of new.csv held a category the training rows did not have, encoded as all zeros (the first: "
                        + fresh + ":2:2 'Nice')");
        // the unseen city encodes as zeros: the prediction is the model's at city = none of the three
        Encoding encoding = back.encoding();
        int lille = encoding.featureNames().indexOf("city=Lille");
        assertThat(rows.feature(0, lille) + rows.feature(0, lille + 1) + rows.feature(0, lille + 2)).isZero();
        // rows given in Java by column name read as the same rows in a file
        List<java.util.Map<String, String>> given = List.of(
                java.util.Map.of("note", "balcony", "city", "Nice", "owner", "Ann", "area", "50"),
                java.util.Map.of("city", "Lyon", "owner", "Bo", "rooms", "2"));
        assertThat(back.predict(back.inputs(given, new ArrayList<>()))).isEqualTo(back.predict(rows));
        assertThatThrownBy(() -> back.inputs(Files.writeString(dir.resolve("bad.csv"), "city,area\nLyon,40\n"), notes))
                .isInstanceOf(DataException.class).hasMessageContaining("no column 'rooms', which the model reads");
    }

    @Test
    void aWeightColumnWeighsLikeRepeatedRowsAndBadWeightsAreRefusedWhereTheyAre(@TempDir Path dir) throws IOException {
        // weight 2 on a row is the row twice: the same weighted moments and the same optimum
        StringBuilder weighted = new StringBuilder("w,x,z,y\n");
        StringBuilder repeated = new StringBuilder("x,z,y\n");
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 60; i++) {
            double x = random.nextGaussian();
            double z = random.nextGaussian();
            String y = x + 0.5 * z + random.nextGaussian() > 0 ? "yes" : "no";
            int w = i % 3 == 0 ? 2 : 1;
            weighted.append(w).append(',').append(x).append(',').append(z).append(',').append(y).append('\n');
            for (int k = 0; k < w; k++) {
                repeated.append(x).append(',').append(z).append(',').append(y).append('\n');
            }
        }
        Path once = Files.writeString(dir.resolve("weighted.csv"), weighted);
        Path twice = Files.writeString(dir.resolve("repeated.csv"), repeated);
        java.util.function.UnaryOperator<dev.descent.ml.train.TrainingPlan> tight = p -> p.penalty(new Penalty(0.01, 0))
                .convergence(dev.descent.stop.StoppingRules.gradientNorm(1e-10));
        Pipeline.Outcome byWeight = Pipeline.of(once.toString(), ModelSpec.parse("logistic")).split(0, 0)
                .columns(c -> c.weight("w")).plan(tight).run();
        Pipeline.Outcome byRows = Pipeline.of(twice.toString(), ModelSpec.parse("logistic")).split(0, 0).plan(tight).run();
        assertThat(byWeight.model().featureNames()).containsExactly("x", "z");
        double[] a = byWeight.model().parameters();
        double[] b = byRows.model().parameters();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], within(1e-8));
        }
        assertThat(byWeight.model().standardizer().means()[0]).isCloseTo(byRows.model().standardizer().means()[0],
                within(1e-14));
        for (String[] bad : new String[][] {{"-1", "'-1' is not a weight (a finite number at least 0)"},
            {"heavy", "'heavy' is not a weight (a number at least 0)"}, {"", "the weight is missing"},
            {"Infinity", "'Infinity' is not a weight (a finite number at least 0)"}}) {
            Path file = Files.writeString(dir.resolve("bad.csv"), "w,x,y\n1,2,yes\n" + bad[0] + ",3,no\n");
            assertThatThrownBy(() -> Table.read(file, TableOptions.defaults().weight("w")))
                    .isInstanceOf(DataException.class).hasMessage(file + ":3:1: " + bad[1]);
        }
        Path zeros = Files.writeString(dir.resolve("zeros.csv"), "w,x,y\n0,2,yes\n0,3,no\n");
        assertThatThrownBy(() -> Pipeline.of(zeros.toString(), ModelSpec.parse("logistic")).split(0, 0)
                .columns(c -> c.weight("w")).run()).hasMessage(zeros + ": every training row's weight 'w' is 0: there is "
                + "nothing to learn from");
        assertThatThrownBy(() -> Table.read(once, TableOptions.defaults().weight("weight")))
                .hasMessage(once + ":1: no weight column 'weight' (columns: w, x, z, y)");
    }

    @Test
    void aModelOfTextColumnsOnlyPredictsAndEdgeCasesAreRefusedClearly(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("color,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 3 == 0 ? "red" : "blue").append(',').append(i % 3 == 0 ? "yes" : "no").append('\n');
        }
        Path file = Files.writeString(dir.resolve("colors.csv"), csv);
        Pipeline.Outcome run = Pipeline.of(file.toString(), ModelSpec.parse("logistic")).run();
        Path rows = Files.writeString(dir.resolve("rows.csv"), "color\nred\nblue\n");
        double[] p = run.model().predict(run.model().inputs(rows, new ArrayList<>()));
        assertThat(p[1]).isGreaterThan(0.5);
        assertThat(p[3]).isLessThan(0.5);
        // an encoded name made twice, an empty file, a weight column read as categories
        Path clash = Files.writeString(dir.resolve("clash.csv"), "x,x=(missing),y\n1,0,1\n,1,2\n3,0,3\n");
        assertThatThrownBy(() -> Pipeline.of(clash.toString(), ModelSpec.parse("linear")).split(0, 0).run())
                .isInstanceOf(DataException.class).hasMessageContaining("two encoded columns would be named 'x=(missing)'");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertThatThrownBy(() -> Table.read(empty, TableOptions.defaults())).isInstanceOf(DataException.class)
                .hasMessage(empty + ": no header row (the file is empty)");
        Path weighted = Files.writeString(dir.resolve("w.csv"), "x,y,w\n1,2,1\n2,3,2\n");
        assertThatThrownBy(() -> Table.read(weighted, TableOptions.defaults().weight("w").categorical(List.of("w"))))
                .hasMessage(weighted + ":1: 'w' holds the weights, numbers, not categories");
        // the weight column last is not taken for the target
        assertThat(Table.read(weighted, TableOptions.defaults().weight("w")).targetName()).isEqualTo("y");
    }

    @Test
    void aTargetOfCodesReadAsTextInTrainingScoresAFileWhereTheyReadAsNumbers(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("x,grade\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7).append(',').append(i % 7 < 3 ? "01" : "02").append('\n');
        }
        Path file = Files.writeString(dir.resolve("grades.csv"), csv);
        Pipeline.Outcome run = Pipeline.of(file.toString(), ModelSpec.parse("logistic")).target("grade")
                .columns(c -> c.categorical(List.of("grade"))).run();
        assertThat(run.model().classNames()).containsExactly("01", "02");
        Path later = Files.writeString(dir.resolve("later.csv"), "x,grade\n1,1\n5,2\n");
        Evaluation scored = Evaluation.of("later", run.model(), run.model().rows(later, new ArrayList<>()));
        assertThat(scored.classification().accuracy()).isEqualTo(1.0);
    }

    @Test
    void classWeightsAreBalancedOrNamedAndNeedAClassifier() {
        assertThat(dev.descent.ml.data.ClassWeights.parse("balanced").of(List.of("no", "yes"), new long[] {90, 10}))
                .containsExactly(100.0 / (2 * 90), 100.0 / (2 * 10));
        assertThat(dev.descent.ml.data.ClassWeights.parse("yes=5").of(List.of("no", "yes"), new long[] {90, 10}))
                .containsExactly(1, 5);
        assertThatThrownBy(() -> dev.descent.ml.data.ClassWeights.parse("maybe=2").of(List.of("no", "yes"), new long[2]))
                .hasMessage("no class 'maybe' (classes: no, yes)");
        assertThatThrownBy(() -> dev.descent.ml.data.ClassWeights.parse("yes:5"))
                .hasMessage("class weights are 'balanced' or class=weight,...: 'yes:5'");
        assertThatThrownBy(() -> Pipeline.of("diabetes", ModelSpec.parse("linear"))
                .classWeights(dev.descent.ml.data.ClassWeights.parse("balanced")).run())
                .hasMessageContaining("class weights need a classifier");
    }

    @Test
    void validationRowsAreHeldOutOnlyWhenSomethingReadsThem() throws IOException {
        Pipeline.Outcome plain = Pipeline.of("iris", ModelSpec.parse("softmax")).run();
        assertThat(plain.evaluations().stream().map(Evaluation::name)).containsExactly("train", "test");
        assertThat(plain.evaluation("train").rows()).isEqualTo(120);
        Pipeline.Outcome watched = Pipeline.of("iris", ModelSpec.parse("softmax")).plan(p -> p.earlyStopping(5)).run();
        assertThat(watched.evaluations().stream().map(Evaluation::name)).containsExactly("train", "validation", "test");
        assertThat(watched.evaluation("validation").rows()).isEqualTo(30);
    }

    @Test
    void logisticAndSoftmaxDefaultToScikitLearnsCOfOne() throws IOException {
        // C = 1 on the sum of losses is l2 = 1 / n on their mean
        Pipeline.Outcome run = Pipeline.of("breast_cancer", ModelSpec.parse("logistic")).run();
        assertThat(run.penalty()).isEqualTo(new Penalty(1.0 / run.evaluation("train").rows(), 0));
        Pipeline.Outcome none = Pipeline.of("breast_cancer", ModelSpec.parse("logistic"))
                .plan(p -> p.penalty(Penalty.NONE)).run();
        assertThat(none.penalty()).isEqualTo(Penalty.NONE);
        assertThat(Pipeline.of("diabetes", ModelSpec.parse("linear")).run().penalty()).isEqualTo(Penalty.NONE);
    }

    @Test
    void aTargetOfAFewWholeNumbersFittedAsNumbersIsSaidToLookLikeClasses(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 13 * 0.5).append(',').append(i % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("flags.csv"), csv);
        assertThat(Pipeline.of(file.toString(), ModelSpec.parse("linear")).run().notes()).contains("the target 'y' has 2 "
                + "distinct values (0, 1), fitted as numbers: to train a classifier, read it as classes (--classes)");
        assertThat(Pipeline.of(file.toString(), ModelSpec.parse("logistic")).run().notes()).isEmpty();
    }

    @Test
    void aThresholdDecidesTwoClassPredictionsAndIsKeptInTheModel(@TempDir Path dir) throws Exception {
        Path train = TablesReferenceTest.table("titanic-train.csv");
        Path test = TablesReferenceTest.table("titanic-test.csv");
        Pipeline.Outcome run = Pipeline.of(train.toString(), ModelSpec.parse("logistic")).target("survived").split(0, 0).testData(test)
                .columns(c -> c.drop(List.of("name"))).threshold(0.3).run();
        Evaluation scored = run.evaluation("test");
        assertThat(scored.threshold()).isEqualTo(0.3);
        // the report predicts 'yes' exactly where P(yes) >= 0.3, counted here from the model's own probabilities
        Dataset rows = run.model().rows(test, new ArrayList<>());
        double[] p = run.model().predict(rows);
        long[][] confusion = new long[2][2];
        for (int i = 0; i < rows.rows(); i++) {
            confusion[rows.labels()[i]][p[2 * i + 1] >= 0.3 ? 1 : 0]++;
        }
        assertThat(scored.classification().confusionMatrix()).isEqualTo(confusion);
        assertThat(run.model().predictedClasses(p)).containsExactly(java.util.stream.IntStream.range(0, rows.rows())
                .map(i -> p[2 * i + 1] >= 0.3 ? 1 : 0).toArray());
        // the baseline is the training majority's share of the test rows, whatever the threshold
        long no = java.util.Arrays.stream(rows.labels()).filter(label -> label == 0).count();
        assertThat(scored.baselineAccuracy()).isEqualTo((double) no / rows.rows());
        Path saved = dir.resolve("m.json");
        run.model().write(saved);
        assertThat(SavedModel.read(saved).threshold()).isEqualTo(0.3);
        assertThatThrownBy(() -> Pipeline.of("iris", ModelSpec.parse("softmax")).threshold(0.5).run())
                .hasMessageContaining("a decision threshold is for a two-class model");
    }
}
