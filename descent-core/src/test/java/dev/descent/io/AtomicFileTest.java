package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files or none, and targets that cannot be written refused with the reason. */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesWholeFilesCreatingFoldersAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a/b/c.txt");
        AtomicFile.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(target).hasContent("hello");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFileInTheWayOfTheFolderIsNamed() throws IOException {
        Files.writeString(dir.resolve("out"), "a file");
        for (Path target : new Path[] {dir.resolve("out/model.json"), dir.resolve("out/deeper/model.json")}) {
            assertThatThrownBy(() -> AtomicFile.create(target)).isInstanceOfSatisfying(CannotWriteException.class, e -> {
                assertThat(e.path()).isEqualTo(target);
                assertThat(e.reason()).isEqualTo(dir.resolve("out") + " is a file, not a folder");
                assertThat(e).hasMessage("cannot write " + target + ": " + dir.resolve("out") + " is a file, not a folder");
            });
        }
        assertThat(dir.resolve("out")).hasContent("a file");
    }

    @Test
    void aFolderWhereTheFileShouldBeIsRefusedAndKept() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("model.json"));
        assertThatThrownBy(() -> AtomicFile.write(folder, out -> out.write(1))).isInstanceOf(CannotWriteException.class)
                .hasMessage("cannot write " + folder + ": " + folder + " is a folder, not a file");
        assertThat(folder).isEmptyDirectory(); // an empty folder is not replaced by the file
    }

    @Test
    void relativeTargetsAreNamedAsGiven() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path blocker = Files.createTempFile(here.resolve("target"), "blocker", ".txt");
        try {
            Path relative = here.relativize(blocker).resolve("x.json");
            assertThatThrownBy(() -> AtomicFile.checkWritable(relative))
                    .hasMessage("cannot write " + relative + ": " + relative.getParent() + " is a file, not a folder");
        } finally {
            Files.delete(blocker);
        }
    }
}
