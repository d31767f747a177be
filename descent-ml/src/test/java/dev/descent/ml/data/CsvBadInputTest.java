package dev.descent.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12's bad input for the CSV reader: overflow, byte-order marks, line ends, quoting, duplicate names. */
class CsvBadInputTest {
    private static final String RANGE = " is out of range for a double (whose magnitude is at most 1.8e308)";

    @Test
    void numbersBeyondADoublesRangeAreRefusedWhereTheyAre(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        Files.writeString(file, "area,rooms,price\n50,2,100\n1e400,3,200\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).isInstanceOf(DataException.class)
                .hasMessage(file + ":3:1: '1e400'" + RANGE);
        assertThatThrownBy(() -> TableReads.features(file, List.of("rooms", "area")))
                .hasMessage(file + ":3:1: '1e400'" + RANGE);
        Files.writeString(file, "area,rooms,price\n50,-1e400,100\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).hasMessage(file + ":2:2: '-1e400'" + RANGE);
        Files.writeString(file, "area,rooms,price\n50,2,100\n60,3,1.8e308\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).hasMessage(file + ":3:3: '1.8e308'" + RANGE);
        assertThatThrownBy(() -> TableReads.check(("area,price\n1,9e999999999999\n"), "spark.csv", null))
                .hasMessage("spark.csv:2:2: '9e999999999999'" + RANGE);
        assertThatThrownBy(() -> CsvDatasets.number("1e400", "column 'area'")).hasMessage("column 'area': '1e400'" + RANGE);
    }

    @Test
    void tinyNumbersRoundToZeroAndInfinitiesAreRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        Files.writeString(file, "area,rooms,price\n1e-400,4.9e-324,1.7976931348623157e308\n");
        Dataset houses = CsvDatasets.read(file, null, false);
        assertThat(houses.feature(0, 0)).isEqualTo(0);
        assertThat(houses.feature(0, 1)).isEqualTo(Double.MIN_VALUE);
        assertThat(houses.targets()[0]).isEqualTo(Double.MAX_VALUE);
        for (String literal : List.of("Infinity", "-Infinity", "+Infinity")) {
            Files.writeString(file, "area,rooms,price\n1," + literal + ",2\n");
            assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                    .hasMessage(file + ":2:2: '" + literal + "' is not a finite number");
        }
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        Files.writeString(file, "\uFEFFarea,rooms,price\n50,2,100\n70,3,150\n", StandardCharsets.UTF_8);
        assertThat(Files.readAllBytes(file)).startsWith(0xEF, 0xBB, 0xBF);
        Dataset byTarget = CsvDatasets.read(file, "area", false);
        assertThat(byTarget.targetName()).isEqualTo("area");
        assertThat(byTarget.targets()).containsExactly(50, 70);
        assertThat(CsvDatasets.read(file, null, false).featureNames()).containsExactly("area", "rooms");
        Dataset features = TableReads.features(file, List.of("area", "rooms"));
        assertThat(features.feature(1, 0)).isEqualTo(70);
        TableReads.check(("\uFEFFarea,price\n1,2\n"), "spark.csv", "area");
        // Only the first character is a byte-order mark; one later is text, shown escaped
        Files.writeString(file, "\uFEFF\uFEFFarea,price\n1,2\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, "area", false))
                .hasMessage(file + ":1: no target column 'area' (columns: \\uFEFFarea, price)");
    }

    @Test
    void crlfLineEndsAndQuotedFieldsKeepWorking(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        Files.writeString(file, "\uFEFF\"area, m2\",\"rooms \"\"total\"\"\",kind\r\n\"50.5\",2,\"flat, small\"\r\n"
                + "70,3,\"house\r\nwith garden\"\r\n\r\n90,4,flat, small\r\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                .hasMessage(file + ":6: the row has 4 fields, the header 3");
        Files.writeString(file, "\uFEFF\"area, m2\",\"rooms \"\"total\"\"\",kind\r\n\"50.5\",2,\"flat, small\"\r\n"
                + "70,3,\"house\r\nwith garden\"\r\n\r\n90,4,\"flat, small\"\r\n");
        Dataset houses = CsvDatasets.read(file, null, false);
        assertThat(houses.featureNames()).containsExactly("area, m2", "rooms \"total\"");
        assertThat(houses.classNames()).containsExactly("flat, small", "house\r\nwith garden");
        assertThat(houses.labels()).containsExactly(0, 1, 0);
        assertThat(houses.feature(0, 0)).isEqualTo(50.5);
        assertThat(houses.feature(2, 1)).isEqualTo(4);
        Dataset features = TableReads.features(file, List.of("rooms \"total\"", "area, m2"));
        assertThat(features.feature(1, 0)).isEqualTo(3);
        assertThat(features.feature(1, 1)).isEqualTo(70);
        Files.writeString(file, "\"area, m2\",price\r\n50,x\r\n1,2,3\r\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                .hasMessage(file + ":3: the row has 3 fields, the header 2");
    }

    @Test
    void duplicateColumnNamesAreRefusedWithBothColumns(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        Files.writeString(file, "area,rooms,area,price\n1,2,3,4\n");
        String twice = file + ":1: column 'area' appears twice (columns 1 and 3)";
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).isInstanceOf(DataException.class).hasMessage(twice);
        assertThatThrownBy(() -> CsvDatasets.read(file, "price", true)).hasMessage(twice);
        assertThatThrownBy(() -> TableReads.features(file, List.of("rooms"))).hasMessage(twice);
        assertThatThrownBy(() -> TableReads.check(("area,rooms,area,price\n1,2,3,4\n"), "h.csv", null))
                .hasMessage("h.csv:1: column 'area' appears twice (columns 1 and 3)");
        // a byte-order mark does not hide a repeat, and quoting does not make a name different
        Files.writeString(file, "\uFEFFarea,\"area\"\n1,2\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                .hasMessage(file + ":1: column 'area' appears twice (columns 1 and 2)");
        Files.writeString(file, "a,b,c,b,b\n1,2,3,4,5\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                .hasMessage(file + ":1: column 'b' appears twice (columns 2 and 4)");
        Files.writeString(file, "a,,label\n1,2,3\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).hasMessage(file + ":1:2: column 2 has no name");
        Files.writeString(file, "a,b,\"\"\n1,2,3\n");
        assertThatThrownBy(() -> TableReads.features(file, List.of("a"))).hasMessage(file + ":1:3: column 3 has no name");
        // names differ by case or by inner spaces are different columns
        Files.writeString(file, "Area,area,a rea\n1,2,3\n");
        assertThat(CsvDatasets.read(file, null, false).featureNames()).containsExactly("Area", "area");
    }

    @Test
    void brokenQuotingIsLocatedInOurWords(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        Files.writeString(file, "area,price\n1,2\n3,\"4\n5,6\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                .hasMessage(file + ":3: the quoted field that starts on this line has no closing quote");
        Files.writeString(file, "area,\"price\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).isInstanceOf(DataException.class)
                .hasMessage(file + ":1: the quoted field that starts on this line has no closing quote");
        assertThatThrownBy(() -> TableReads.features(file, List.of("area")))
                .hasMessage(file + ":1: the quoted field that starts on this line has no closing quote");
        Files.writeString(file, "area,price\n1,2\n\"3\"4,5\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).hasMessage(file
                + ":3: text after the closing quote of a quoted field (a quote inside one is written twice: \"\")");
        assertThatThrownBy(() -> TableReads.check(("\"area\"x,price\n"), "h.csv", null)).hasMessage(
                "h.csv:1: text after the closing quote of a quoted field (a quote inside one is written twice: \"\")");
    }

    @Test
    void textThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        Files.write(file, new byte[] {'a', (byte) 0xE9, ',', 'b', '\n', '1', ',', '2', '\n'});
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).isInstanceOf(DataException.class)
                .hasMessage(file + ": the file is not UTF-8 text");
        StringBuilder rows = new StringBuilder("a,b\n");
        for (int i = 0; i < 5000; i++) {
            rows.append(i).append(",1\n");
        }
        byte[] text = rows.toString().getBytes(StandardCharsets.US_ASCII);
        text[text.length - 3] = (byte) 0xFF;
        Files.write(file, text);
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).hasMessage(file + ": the file is not UTF-8 text");
        assertThatThrownBy(() -> TableReads.features(file, List.of("a")))
                .hasMessage(file + ": the file is not UTF-8 text");
    }

    @Test
    void quotedCellsAndNamesHaveTheirControlCharactersEscaped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("houses.csv");
        // Commons CSV trims what String.trim does, control characters too, so only inner ones reach a message
        TableOptions numbers = Encoding.numeric(List.of("area", "rooms")).readOptions("price");
        Files.writeString(file, "area,rooms,price\n1,\"\u00072\u00075\u0007\",3\n");
        assertThatThrownBy(() -> Table.read(file, numbers))
                .hasMessage(file + ":2:2: '2\\u00075' is not a number (the model reads 'rooms' as numbers)");
        Files.writeString(file, "area,rooms,price\n1,\"2\t3\",3\n");
        assertThatThrownBy(() -> Table.read(file, numbers))
                .hasMessage(file + ":2:2: '2\\t3' is not a number (the model reads 'rooms' as numbers)");
        Files.writeString(file, "area,rooms,price\n1,\"1\u00a0234\",3\n");
        assertThatThrownBy(() -> Table.read(file, numbers))
                .hasMessage(file + ":2:2: '1\\u00A0234' is not a number (the model reads 'rooms' as numbers)");
        Files.writeString(file, "ar\u001bea,\"ro\noms\",price\n1,2,3\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, "pri\tce", false))
                .hasMessage(file + ":2: no target column 'pri\\tce' (columns: ar\\u001Bea, ro\\noms, price)");
        assertThatThrownBy(() -> TableReads.features(file, List.of("ar\u001bea", "rooms")))
                .hasMessage(file + ":2: no column 'rooms', which the model reads (columns: ar\\u001Bea, ro\\noms, price)");
        Files.writeString(file, "a\u0000b,a\u0000b\n1,2\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                .hasMessage(file + ":1: column 'a\\u0000b' appears twice (columns 1 and 2)");
        assertThatThrownBy(() -> CsvDatasets.builtIn("iris\r", null, true))
                .hasMessage("unknown dataset 'iris\\r' (built in: iris, breast_cancer, digits, diabetes, penguins; or give a CSV file)");
    }
}
