package dev.descent.ml.data;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reads the CSV tests put {@link Table} through: as a trained model reads rows, and from text. */
final class TableReads {
    private TableReads() {}

    /** The named numeric columns of a file, as a model saved with those features reads them to predict. */
    static Dataset features(Path file, List<String> names) throws IOException {
        Encoding encoding = Encoding.numeric(names);
        return PreparedData.encode(Table.read(file, encoding.readOptions(null)), encoding, false, new ArrayList<>(), false);
    }

    /** Text read as a table, with the checks of every read and none of the encoding. */
    static Table check(String text, String source, String target) throws IOException {
        return Table.read(() -> new StringReader(text), source, source, TableOptions.defaults().target(target));
    }

    /** Text read and encoded as {@link CsvDatasets#read} reads a file. */
    static Dataset everyRow(String text, String source, String target, boolean asClasses) throws IOException {
        return PreparedData.of(check(text, source, target), asClasses, 0, 0, 0).all();
    }
}
