package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer's CSV exports through train, evaluate and predict: text columns, gaps, ids, imbalanced classes. */
class TablesCommandTest {

    /** Rents with a city, a free-text note, an id and gaps, in raw units. */
    static Path rent(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("id,city,rooms,area,note,rent\n");
        String[] cities = {"Paris", "Lyon", "Lille"};
        String[] notes = {"", "balcony", "quiet", "NA"};
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 120; i++) {
            int city = i % 3;
            int rooms = 1 + random.nextInt(4);
            double area = 15 + 20 * rooms + random.nextInt(10);
            double rent = 300 + 400 * (2 - city) + 12 * area + random.nextInt(50);
            csv.append(1000 + i).append(',').append(cities[city]).append(',').append(i % 17 == 0 ? "" : rooms).append(',')
                    .append(i % 13 == 0 ? "NA" : area).append(',').append(notes[i % 4]).append(',').append(Math.round(rent))
                    .append('\n');
        }
        return Files.writeString(dir.resolve("rent.csv"), csv);
    }

    @Test
    void aRentTableWithTextAndGapsTrainsAndPredictsJoinedBackById(@TempDir Path dir) throws IOException {
        Path file = rent(dir);
        Path model = dir.resolve("rent.json");
        Cli train = Cli.run("train", "--data", file.toString(), "--target", "rent", "--model", "linear", "--save",
                model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("data: column 'id' holds a different whole number in every row, likely an "
                + "identifier: --drop id leaves it out").contains("missing numeric cells of rent.csv filled with their "
                + "columns' training mean");
        Cli dropped = Cli.run("train", "--data", file.toString(), "--target", "rent", "--model", "linear", "--drop", "id",
                "--format", "json", "--save", model.toString());
        JsonNode report = new ObjectMapper().readTree(dropped.out());
        assertThat(report.get("test").get("r2").asDouble()).isGreaterThan(0.95);
        assertThat(report.get("notes").toString()).doesNotContain("identifier");
        // new rows: other column order, an unused column, a city never seen, a gap
        Path fresh = Files.writeString(dir.resolve("new.csv"), "owner,id,note,area,rooms,city\nAnn,9001,balcony,55,2,Paris\n"
                + "Bo,9002,,,3,Nice\n");
        Cli predict = Cli.run("predict", "--model", model.toString(), "--data", fresh.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<String> lines = predict.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("owner,id,note,area,rooms,city,predicted");
        assertThat(lines.get(1)).startsWith("Ann,9001,balcony,55,2,Paris,");
        assertThat(lines.get(2)).startsWith("Bo,9002,,,3,Nice,");
        assertThat(predict.err()).contains("note: 1 cell of new.csv held a category the training rows did not have")
                .contains("note: 1 missing numeric cell of new.csv filled with its column's training mean");
        Cli json = Cli.run("predict", "--model", model.toString(), "--data", fresh.toString(), "--format", "json");
        JsonNode rows = new ObjectMapper().readTree(json.out()).get("rows");
        assertThat(rows.get(0).get("id").asText()).isEqualTo("9001");
        assertThat(rows.get(0).get("predicted").asDouble())
                .isEqualTo(Double.parseDouble(lines.get(1).substring(lines.get(1).lastIndexOf(',') + 1)));
        // evaluate ignores what it does not read, as predict does
        Cli evaluate = Cli.run("evaluate", "--model", model.toString(), "--data", file.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    }

    @Test
    void anImbalancedYesNoTableIsScoredAgainstItsBaselineAndCanMoveItsThreshold(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("plan,calls,churn\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 600; i++) {
            int calls = random.nextInt(8);
            boolean yes = random.nextDouble() < 1 / (1 + Math.exp(-(-3.5 + 0.5 * calls)));
            csv.append(i % 3 == 0 ? "basic" : "pro").append(',').append(calls).append(',').append(yes ? "yes" : "no")
                    .append('\n');
        }
        Path file = Files.writeString(dir.resolve("churn.csv"), csv);
        Path model = dir.resolve("churn.json");
        Cli train = Cli.run("train", "--data", file.toString(), "--model", "logistic", "--format", "json", "--save",
                model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        JsonNode test = new ObjectMapper().readTree(train.out()).get("test");
        for (String field : List.of("accuracy", "baselineAccuracy", "balancedAccuracy", "logLoss", "rocAuc",
                "averagePrecision")) {
            assertThat(test.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(test.get("threshold").isNull()).isTrue();
        assertThat(train.err()).contains("is hardly above the").contains("of always predicting 'no'");
        Cli low = Cli.run("evaluate", "--model", model.toString(), "--data", file.toString(), "--threshold", "0.2",
                "--format", "json");
        JsonNode scored = new ObjectMapper().readTree(low.out());
        assertThat(scored.get("threshold").asDouble()).isEqualTo(0.2);
        Cli plain = Cli.run("evaluate", "--model", model.toString(), "--data", file.toString(), "--format", "json");
        // a lower threshold finds more of the rare class
        assertThat(scored.get("classes").get(1).get("recall").asDouble())
                .isGreaterThan(new ObjectMapper().readTree(plain.out()).get("classes").get(1).get("recall").asDouble());
        // weighing the rare class up trades accuracy for its recall, as the warning says
        Cli balanced = Cli.run("train", "--data", file.toString(), "--model", "logistic", "--class-weight", "balanced",
                "--format", "json");
        assertThat(balanced.exitCode()).as(balanced.err()).isZero();
        assertThat(new ObjectMapper().readTree(balanced.out()).get("test").get("balancedAccuracy").asDouble())
                .isGreaterThan(test.get("balancedAccuracy").asDouble());
        assertThat(Cli.run("train", "--data", file.toString(), "--model", "logistic", "--class-weight", "maybe=3").err())
                .contains("--class-weight: no class 'maybe' (classes: no, yes)");
        Cli bad = Cli.run("predict", "--model", model.toString(), "--data", file.toString(), "--threshold", "1.5");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--threshold: a decision threshold is for a two-class model, in (0, 1): 1.5");
    }

    @Test
    void badColumnChoicesAreUsageErrors(@TempDir Path dir) throws IOException {
        Path file = rent(dir);
        Cli both = Cli.run("train", "--data", file.toString(), "--model", "linear", "--drop", "id", "--features", "area");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--drop and --features both choose the columns: give one");
        Cli unknown = Cli.run("train", "--data", file.toString(), "--model", "linear", "--drop", "ID");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no column 'ID' (columns: id, city, rooms, area, note, rent)");
        Cli strict = Cli.run("train", "--data", file.toString(), "--model", "linear", "--missing", "error");
        assertThat(strict.exitCode()).isEqualTo(2);
        assertThat(strict.err()).contains("missing cells, which --missing error refuses: 'rooms': 8 missing")
                .contains("'area': 10 missing").contains("'note': 60 missing");
        assertThat(Cli.run("train", "--data", file.toString(), "--model", "linear", "--missing", "drop").err())
                .contains("--missing must be impute or error: drop");
    }
}
