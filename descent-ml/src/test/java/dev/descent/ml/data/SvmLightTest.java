package dev.descent.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The LIBSVM / svmlight reader against scikit-learn 1.2.1's {@code load_svmlight_file}
 * (tools/reference/svmlight_reference.py): the same compressed rows, labels, query ids and column
 * count, one- and zero-based indices told apart as its {@code zero_based="auto"} does.
 */
class SvmLightTest {

    static int[] ints(String csv) {
        return csv.isEmpty() ? new int[0] : Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static double[] doubles(String csv) {
        return csv.isEmpty() ? new double[0] : Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"one_based", "zero_based", "query_ids", "no_features"})
    void readsAsScikitLearnReads(String name) throws IOException, URISyntaxException {
        Properties expected = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/svmlight/" + name + ".properties")) {
            expected.load(in);
        }
        SvmLight read = SvmLight.read(Path.of(getClass().getResource("/svmlight/" + name + ".svm").toURI()));
        assertThat(read.rows()).isEqualTo(Integer.parseInt(expected.getProperty("rows")));
        assertThat(read.columns()).isEqualTo(Integer.parseInt(expected.getProperty("columns")));
        assertThat(read.rowStart()).containsExactly(ints(expected.getProperty("indptr")));
        assertThat(read.indices()).containsExactly(ints(expected.getProperty("indices")));
        assertThat(read.values()).containsExactly(doubles(expected.getProperty("data")));
        assertThat(read.labels()).containsExactly(doubles(expected.getProperty("labels")));
        String qid = expected.getProperty("qid");
        if (qid.isEmpty()) {
            assertThat(read.queryIds()).isNull();
        } else {
            assertThat(Arrays.stream(read.queryIds()).mapToInt(q -> (int) q).toArray()).containsExactly(ints(qid));
        }
    }

    static SvmLight read(String text) throws IOException {
        return SvmLight.read(new BufferedReader(new StringReader(text)), "rows.svm");
    }

    @Test
    void whatIsWrongIsRefusedAtItsLineAndColumn() {
        assertThatThrownBy(() -> read("1 1:2 3:4\n0 3:1 2:5\n")).isInstanceOf(DataException.class)
                .hasMessage("rows.svm:2:7: feature index 2 after 3: the indices of a row must be sorted and unique");
        assertThatThrownBy(() -> read("1 1:2\nyes 2:1\n"))
                .hasMessage("rows.svm:2:1: 'yes' is not a label (a finite number)");
        assertThatThrownBy(() -> read("1 1:2 2:x\n")).hasMessage("rows.svm:1:9: 'x' is not a value (a finite number)");
        assertThatThrownBy(() -> read("1 1:2 two:3\n")).hasMessage("rows.svm:1:7: 'two' is not a feature index (a whole number)");
        assertThatThrownBy(() -> read("1 1:2 5\n")).hasMessage("rows.svm:1:7: '5' is not index:value");
        assertThatThrownBy(() -> read("1 1:2 qid:3\n")).hasMessage("rows.svm:1:7: qid comes before the features");
        assertThatThrownBy(() -> read("# nothing\n\n")).hasMessage("rows.svm: no rows (every line is blank or a comment)");
    }

    /**
     * scikit-learn's {@code load_svmlight_file(f, zero_based=True/False, n_features=n)}: the base as given, not
     * told from the file, the width as given (a narrower file is fine), and an index beyond it refused.
     */
    @Test
    void aGivenBaseAndWidthAreReadAsScikitLearnReadsThem() throws IOException {
        SvmLight zero = SvmLight.read(new BufferedReader(new StringReader("1 2:5\n")), "rows.svm", true, 4);
        assertThat(zero.zeroBased()).isTrue();
        assertThat(zero.columns()).isEqualTo(4);
        assertThat(zero.indices()).containsExactly(2);
        SvmLight one = SvmLight.read(new BufferedReader(new StringReader("1 2:5\n")), "rows.svm", false, 4);
        assertThat(one.indices()).containsExactly(1);
        assertThatThrownBy(() -> SvmLight.read(new BufferedReader(new StringReader("1 1:1\n0 4:5\n")), "rows.svm", true, 4))
                .isInstanceOf(DataException.class)
                .hasMessage("rows.svm:2:3: feature index 4 is beyond the 4 features the model reads (its largest index is 3)");
        assertThatThrownBy(() -> SvmLight.read(new BufferedReader(new StringReader("1 0:1\n")), "rows.svm", false, 4))
                .hasMessageStartingWith("rows.svm:1:3: feature index 0 in a file read as one-based");
        assertThat(SvmLight.featureNames(3, true)).containsExactly("0", "1", "2");
        assertThat(SvmLight.baseOf(SvmLight.featureNames(3, false))).isFalse();
        assertThat(SvmLight.baseOf(java.util.List.of("1", "3"))).isNull();
    }

    @Test
    void memoryFollowsTheNonzeros() throws IOException {
        SvmLight wide = read("1 1000000:1\n0 1:2 999999:3\n");
        assertThat(wide.columns()).isEqualTo(1_000_000);
        assertThat(wide.nonzeros()).isEqualTo(3);
        assertThat(wide.indices()).containsExactly(999_999, 0, 999_998);
    }
}
