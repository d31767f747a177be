package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./descent} on a clean clone: the first call builds the jar with Maven, the second finds
 * it fresh and just runs, and touching a source makes it rebuild. Runs against the committed HEAD
 * of the repository this test lives in; skipped outside a git checkout.
 */
class LauncherTest {

    record Outcome(int exitCode, String output) {}

    static Outcome run(Path directory, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
        return new Outcome(process.exitValue(), output);
    }

    @Test
    void buildsItselfOnACleanCloneAndOnlyWhenSourcesChange(@TempDir Path temporary) throws Exception {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(repository.resolve(".git")), "not a git checkout");
        Outcome head = run(repository, List.of("git", "rev-parse", "HEAD"));
        assumeTrue(head.exitCode() == 0, "git unavailable");
        Path clone = temporary.resolve("clone");
        Outcome cloned = run(temporary, List.of("git", "clone", "--quiet", repository.toString(), clone.toString()));
        assertThat(cloned.exitCode()).as(cloned.output()).isZero();

        Outcome first = run(clone, List.of("bash", "./descent", "--version"));
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("descent: building").contains("descent 0.1.0-SNAPSHOT");

        Outcome second = run(clone, List.of("bash", "./descent", "--version"));
        assertThat(second.exitCode()).isZero();
        assertThat(second.output()).doesNotContain("building").contains("descent 0.1.0-SNAPSHOT");

        Path source = clone.resolve("descent-core/src/main/java/dev/descent/Objective.java");
        assertThat(source.toFile().setLastModified(System.currentTimeMillis() + 5_000)).isTrue();
        Outcome third = run(clone, List.of("bash", "./descent", "minimize", "--function", "booth", "--format", "json"));
        assertThat(third.exitCode()).as(third.output()).isZero();
        assertThat(third.output()).contains("descent: building").contains("\"stop\":");

        // Spark training from the README with nothing installed: the launcher resolves Spark's class path
        Outcome spark = run(clone, List.of("bash", "./descent", "train", "--data", "diabetes", "--model", "linear",
                "--engine", "spark", "--master", "local[2]", "--format", "json"));
        assertThat(spark.exitCode()).as(spark.output()).isZero();
        assertThat(spark.output()).contains("resolving Apache Spark's class path").contains("\"engine\":\"spark local[2]\"")
                .doesNotContain(" INFO ").doesNotContain("incubator modules");

        // spark-submit's way: Spark's own launcher (SparkSubmit) with Spark on its class path runs the command's
        // jar, which bundles no Spark, and sets the master
        String sparkClassPath = Files.readString(clone.resolve("descent-spark/target/spark.classpath")).trim();
        Outcome submitted = run(clone, List.of("java", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-cp", sparkClassPath, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.driver.host=127.0.0.1", "--class", "dev.descent.cli.DescentCommand",
                "descent-cli/target/descent.jar", "train", "--data", "diabetes", "--model", "linear", "--engine", "spark",
                "--format", "json"));
        assertThat(submitted.exitCode()).as(submitted.output()).isZero();
        assertThat(submitted.output()).contains("\"engine\":\"spark local[2]\"");

        // the benchmark runner comes from descent-bench's own jar; the command's jar holds no JMH
        Outcome bench = run(clone, List.of("bash", "./descent", "bench", "W9"));
        assertThat(bench.exitCode()).as(bench.output()).isEqualTo(2);
        assertThat(bench.output()).contains("descent: building descent-bench").contains("unknown workload 'W9'");
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(clone.resolve("descent-cli/target/descent.jar").toFile())) {
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
                    .noneMatch(name -> name.startsWith("org/openjdk/jmh/") || name.startsWith("dev/descent/bench/")
                            || name.startsWith("org/apache/spark/"));
        }
    }
}
