package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.ml.SavedModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files survive crashes: descent processes killed with SIGKILL at many moments (child JVMs of this
 * test's class path) leave every file they write either as it was or complete, never torn, and a
 * checkpoint left behind resumes to the bits of an uninterrupted run. A write that fails half way
 * (the file-size limit of {@code ulimit -f}, a real EFBIG from the kernel) leaves the previous file
 * and exits 2 with the reason.
 */
class CrashSafetyTest {
    static final List<String> TRAIN = List.of("train", "--data", "breast_cancer", "--model", "logistic", "--optimizer",
            "adam", "--lr", "0.01", "--batch-size", "8", "--epochs", "300", "--seed", "4");

    static Process start(Path directory, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), DescentCommand.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("child.log").toFile()).start();
    }

    /** Starts {@code arguments}, kills the process with SIGKILL after {@code millis}, and waits for it to end. */
    static boolean killedAfter(Path directory, List<String> arguments, long millis) throws Exception {
        Process process = start(directory, arguments);
        boolean finished = process.waitFor(millis, TimeUnit.MILLISECONDS);
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return !finished;
    }

    static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void aKilledTrainingLeavesACheckpointThatResumesToTheUninterruptedBits(@TempDir Path directory) throws Exception {
        Path reference = directory.resolve("reference.json");
        assertThat(Cli.run(with(TRAIN, "--save", reference.toString()).toArray(String[]::new)).exitCode()).isZero();
        double[] expected = SavedModel.read(reference).parameters();
        int resumed = 0;
        for (int k = 0; k < 6; k++) {
            Path run = Files.createDirectories(directory.resolve("kill-" + k));
            Path checkpoint = run.resolve("run.ckpt");
            Path model = run.resolve("model.json");
            // killed once the first checkpoint is there, a different moment of the checkpoint cycle each time
            Process process = start(run, with(TRAIN, "--checkpoint", checkpoint.toString(), "--checkpoint-every", "1",
                    "--save", model.toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long millis = 13 + 71L * k;
            boolean killed = !process.waitFor(millis, TimeUnit.MILLISECONDS);
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (Files.exists(model)) {
                assertThat(SavedModel.read(model).parameters()).as("a saved model is whole").isEqualTo(expected);
            }
            if (!Files.exists(checkpoint)) {
                continue;
            }
            Path again = run.resolve("resumed.json");
            Cli result = Cli.run(with(TRAIN, "--resume", checkpoint.toString(), "--save", again.toString())
                    .toArray(String[]::new));
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(SavedModel.read(again).parameters()).as("resumed after a kill %d ms after the first checkpoint", millis).isEqualTo(expected);
            resumed += killed ? 1 : 0;
        }
        assertThat(resumed).as("runs killed with a checkpoint written").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aKilledWriteOfATraceOrAPictureLeavesTheOldFileOrTheWholeNewOne(@TempDir Path directory) throws Exception {
        List<String> minimize = List.of("minimize", "--function", "rosenbrock", "--optimizer", "sgd", "--lr", "1e-4",
                "--tol-grad", "0", "--tol-f", "0", "--tol-x", "0", "--max-iter", "300000", "--trace", "trace.csv");
        List<String> plot = List.of("plot", "--function", "rosenbrock", "--optimizer", "sgd", "--lr", "1e-4",
                "--max-iter", "20000", "--output", "picture.svg");
        Path whole = Files.createDirectories(directory.resolve("whole"));
        assertThat(start(whole, minimize).waitFor()).isZero();
        assertThat(start(whole, plot).waitFor()).isZero();
        String wholeTrace = Files.readString(whole.resolve("trace.csv"));
        String wholePicture = Files.readString(whole.resolve("picture.svg"));
        int interrupted = 0;
        for (long millis = 600; millis <= 3400; millis += 700) {
            Path run = Files.createDirectories(directory.resolve("kill-" + millis));
            Files.writeString(run.resolve("trace.csv"), "old trace\n");
            Files.writeString(run.resolve("picture.svg"), "old picture\n");
            interrupted += killedAfter(run, minimize, millis) ? 1 : 0;
            assertThat(Files.readString(run.resolve("trace.csv"))).isIn("old trace\n", wholeTrace);
            interrupted += killedAfter(run, plot, millis) ? 1 : 0;
            assertThat(Files.readString(run.resolve("picture.svg"))).isIn("old picture\n", wholePicture);
        }
        assertThat(interrupted).as("processes killed before they ended").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousFileAndExits2WithTheReason(@TempDir Path directory) throws Exception {
        Path model = directory.resolve("model.json");
        Files.writeString(model, "{\"previous\": true}\n");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        // ulimit -f 4: the kernel refuses writes past 4 KiB with EFBIG, which the JVM sees as an IOException
        Process process = new ProcessBuilder("bash", "-c", "ulimit -f 4; exec \"$0\" \"$@\"", javaCommand, "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), DescentCommand.class.getName(),
                "train", "--data", "digits", "--model", "softmax", "--epochs", "2", "--save", model.toString())
                .directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(2);
        assertThat(output).contains("File too large");
        assertThat(Files.readString(model)).isEqualTo("{\"previous\": true}\n");
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file is left").containsOnly("model.json");
        }
    }
}
