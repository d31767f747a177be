package dev.descent.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void builtInDatasetsHaveTheirShapes() {
        Dataset iris = CsvDatasets.builtIn("iris", null, true);
        assertThat(iris.rows()).isEqualTo(150);
        assertThat(iris.columns()).isEqualTo(4);
        assertThat(iris.classNames()).containsExactly("setosa", "versicolor", "virginica");
        Dataset cancer = CsvDatasets.builtIn("breast_cancer", null, true);
        assertThat(cancer.rows()).isEqualTo(569);
        assertThat(cancer.columns()).isEqualTo(30);
        assertThat(cancer.classNames()).containsExactly("benign", "malignant");
        Dataset digits = CsvDatasets.builtIn("digits", null, true);
        assertThat(digits.rows()).isEqualTo(1797);
        assertThat(digits.columns()).isEqualTo(64);
        assertThat(digits.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Dataset diabetes = CsvDatasets.builtIn("diabetes", null, false);
        assertThat(diabetes.rows()).isEqualTo(442);
        assertThat(diabetes.hasClasses()).isFalse();
        assertThat(diabetes.targetName()).isEqualTo("progression");
        assertThat(diabetes.targets()[0]).isEqualTo(151.0);
        assertThat(diabetes.feature(0, 0)).isEqualTo(59);
    }

    @Test
    void errorsNameTheFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("digits.csv");
        Files.writeString(file, "a,b,c,d,e,label\n1,2,3,4,5,x\n1,2,3,4,abc,y\n");
        // text in a feature makes it a column of categories; a model that reads it as numbers refuses it
        assertThat(CsvDatasets.read(file, null, false).featureNames()).containsExactly("a", "b", "c", "d", "e=5", "e=abc");
        assertThatThrownBy(() -> Table.read(file, Encoding.numeric(List.of("a", "b", "c", "d", "e")).readOptions("label")))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ":3:5: 'abc' is not a number (the model reads 'e' as numbers)");
        Files.writeString(file, "a,b,label\n1,2,x\n1,2\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false))
                .hasMessage(file + ":3: the row has 2 fields, the header 3");
        Files.writeString(file, "a,b,label\n1,2,x\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, "species", false))
                .hasMessage(file + ":1: no target column 'species' (columns: a, b, label)");
        assertThatThrownBy(() -> CsvDatasets.read(dir.resolve("none.csv"), null, false))
                .hasMessage(dir.resolve("none.csv") + ": no such file");
        Files.writeString(file, "a,b,label\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).hasMessage(file + ": no data rows after the header");
        Files.writeString(file, "a,b,label\n1,Infinity,2\n");
        assertThatThrownBy(() -> CsvDatasets.read(file, null, false)).hasMessage(file + ":2:2: 'Infinity' is not a finite number");
        assertThatThrownBy(() -> CsvDatasets.builtIn("mnist", null, true))
                .hasMessage("unknown dataset 'mnist' (built in: iris, breast_cancer, digits, diabetes, penguins; or give a CSV file)");
    }

    @Test
    void aTargetChosenByNameAndCategoricalTargetsBecomeClasses(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pets.csv");
        Files.writeString(file, "kind,weight,age\ncat,4,2\ndog,20,5\ncat,5,1\nbird,0.1,3\n");
        Dataset pets = CsvDatasets.read(file, "kind", false);
        assertThat(pets.featureNames()).containsExactly("weight", "age");
        assertThat(pets.classNames()).containsExactly("bird", "cat", "dog");
        assertThat(pets.labels()).containsExactly(1, 2, 1, 0);
        assertThat(pets.feature(1, 0)).isEqualTo(20);
    }

    @Test
    void splitsAreSeededAndStratified() {
        Dataset iris = CsvDatasets.builtIn("iris", null, true);
        Split a = Split.of(iris, 0.2, 0.2, 7);
        Split b = Split.of(iris, 0.2, 0.2, 7);
        Split c = Split.of(iris, 0.2, 0.2, 8);
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(a.test()).isEqualTo(b.test());
        assertThat(a.train()).isNotEqualTo(c.train());
        assertThat(a.train().rows() + a.validation().rows() + a.test().rows()).isEqualTo(150);
        for (Dataset part : List.of(a.train(), a.validation(), a.test())) {
            int[] counts = new int[3];
            for (int label : part.labels()) {
                counts[label]++;
            }
            assertThat(counts[0]).isEqualTo(counts[1]).isEqualTo(counts[2]); // 50 per class split 30/10/10
        }
        assertThatThrownBy(() -> Split.of(iris, 0.6, 0.5, 1))
                .hasMessage("validation and test fractions must be in [0, 1) with a sum below 1: 0.6 and 0.5");
    }

    @Test
    void standardizationIsFittedOnTrainingRowsOnly() {
        Dataset diabetes = CsvDatasets.builtIn("diabetes", null, false);
        Split split = Split.of(diabetes, 0, 0.3, 1);
        Standardizer standardizer = Standardizer.fit(split.train());
        Dataset train = standardizer.apply(split.train());
        Dataset test = standardizer.apply(split.test());
        for (int j = 0; j < train.columns(); j++) {
            double mean = 0;
            double square = 0;
            for (int i = 0; i < train.rows(); i++) {
                mean += train.feature(i, j);
                square += train.feature(i, j) * train.feature(i, j);
            }
            mean /= train.rows();
            assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(square / train.rows()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
        }
        // the test rows use the training means: their mean is not exactly zero
        double testMean = 0;
        for (int i = 0; i < test.rows(); i++) {
            testMean += test.feature(i, 2);
        }
        assertThat(Math.abs(testMean / test.rows())).isGreaterThan(1e-6);
    }
}
