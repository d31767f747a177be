package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.ml.data.CsvDatasets;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.data.Standardizer;
import dev.descent.ml.model.ModelSpec;
import dev.descent.ml.train.EpochRecord;
import dev.descent.ml.train.Penalty;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingPlan;
import dev.descent.ml.train.TrainingListener;
import dev.descent.ml.train.TrainingResult;
import dev.descent.optim.GradientDescent;
import dev.descent.optim.Lbfgs;
import dev.descent.spark.ml.DescentClassificationModel;
import dev.descent.spark.ml.DescentClassifier;
import dev.descent.spark.ml.SparkMlPipelineTest;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real standalone Spark cluster on loopback: one master and two workers, child JVMs started from
 * this test's class path; the project's classes reach the executors as a jar the driver serves
 * ({@code spark.jars}), as on a real installation. Every process is stopped by its handle and the
 * folders removed, whatever the outcome.
 */
class StandaloneClusterTest {
    static Path home;
    static Process master;
    static final List<Process> workers = new ArrayList<>();
    static JavaSparkContext spark;
    static Dataset cancer;

    @BeforeAll
    static void startCluster() throws Exception {
        home = Files.createTempDirectory("descent-spark-cluster");
        // the workers' Spark installation: the jars of this class path but the project's, as links
        Path jars = Files.createDirectories(home.resolve("spark-home/jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path file = Path.of(entry);
            if (entry.endsWith(".jar") && !file.getFileName().toString().startsWith("descent-") && Files.isRegularFile(file)) {
                Path link = jars.resolve(file.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, file.toAbsolutePath());
                }
            }
        }
        // the daemons log at INFO to their own files: a worker says it registered only at INFO
        Files.writeString(home.resolve("log4j2-daemon.properties"), String.join("\n",
                "rootLogger.level = info", "rootLogger.appenderRef.out.ref = out", "appender.out.type = Console",
                "appender.out.name = out", "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n", ""));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        master = daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", "0");
        waitForPort(port);
        for (int w = 0; w < 2; w++) {
            Path work = Files.createDirectories(home.resolve("work-" + w));
            workers.add(daemon("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                    "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(),
                    "spark://127.0.0.1:" + port));
        }
        for (int w = 0; w < 2; w++) {
            waitForLog(home.resolve("worker-" + w + ".log"), "Successfully registered with master");
        }
        spark = new JavaSparkContext(new SparkConf().setMaster("spark://127.0.0.1:" + port).setAppName("descent-cluster-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.executor.memory", "512m").set("spark.cores.max", "2")
                .set("spark.jars", projectJar().toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (spark.sc().getExecutorMemoryStatus().size() < 3) { // the driver and two executors
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the executors did not come up; see " + home);
            }
            Thread.sleep(100);
        }
        Dataset raw = CsvDatasets.builtIn("breast_cancer", null, true);
        cancer = Standardizer.fit(raw).apply(raw);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            for (Process worker : workers) {
                stop(worker);
            }
            if (master != null) {
                stop(master);
            }
            Thread.sleep(300); // executors delete their block-manager folders just after stop() returns
            if (home != null) {
                keepLogs();
                try (Stream<Path> files = Files.walk(home)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    /** The daemons' and executors' logs, kept in target/cluster-logs for a look after a failure. */
    static void keepLogs() throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "cluster-logs"));
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".log") || f.endsWith("stderr"))::iterator) {
                Files.copy(file, kept.resolve(home.relativize(file).toString().replace(File.separatorChar, '_')),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A Spark daemon as a child JVM on this test's class path, its output in {@code NAME.log}. */
    static Process daemon(String name, String mainClass, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dlog4j2.configurationFile=" + home.resolve("log4j2-daemon.properties"), "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_LOCAL_DIRS", Files.createDirectories(home.resolve("local-" + name)).toString());
        return builder.start();
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the master did not open port " + port + "; see " + home);
                }
                Thread.sleep(100);
            }
        }
    }

    static void waitForLog(Path log, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(log) || !Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(log + " never said: " + line);
            }
            Thread.sleep(100);
        }
    }

    /** The project's classes (its class folders and jars on this class path) as one jar for the executors. */
    static Path projectJar() throws IOException {
        Path jar = home.resolve("descent-classes.jar");
        java.util.Set<String> written = new java.util.HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path) && entry.contains("descent-")) {
                    try (Stream<Path> files = Files.walk(path)) {
                        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            String name = path.relativize(file).toString().replace(File.separatorChar, '/');
                            if (name.startsWith("dev/descent/") && written.add(name)) {
                                out.putNextEntry(new JarEntry(name));
                                Files.copy(file, out);
                                out.closeEntry();
                            }
                        }
                    }
                } else if (path.getFileName().toString().startsWith("descent-") && entry.endsWith(".jar")) {
                    try (java.util.jar.JarFile source = new java.util.jar.JarFile(path.toFile())) {
                        for (JarEntry item : java.util.Collections.list(source.entries())) {
                            if (!item.isDirectory() && item.getName().startsWith("dev/descent/") && written.add(item.getName())) {
                                out.putNextEntry(new JarEntry(item.getName()));
                                try (var in = source.getInputStream(item)) {
                                    in.transferTo(out);
                                }
                                out.closeEntry();
                            }
                        }
                    }
                }
            }
        }
        return jar;
    }

    static TrainingResult onCluster(Trainer trainer, int blockRows) {
        RowBlocks blocks = RowBlocks.of(spark, cancer, trainer.model(), blockRows, 4);
        try {
            return trainer.fit(SparkTrainingTest.onBlocks(spark, blocks, trainer, null));
        } finally {
            blocks.unpersist();
        }
    }

    static void assertSameBits(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i])).as("weight %d", i).isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    @Test
    void aClusterTrainsToLocalTrainingsBits() {
        Trainer trainer = Trainer.of(ModelSpec.logistic().build(30, 2), TrainingPlan.of(Lbfgs.defaults()).batchSize(0).penalty(new Penalty(1e-3, 0))
                .epochs(100));
        TrainingResult cluster = onCluster(trainer, RowBlocks.DEFAULT_BLOCK_ROWS);
        TrainingResult local = trainer.fit(cancer, null);
        assertThat(cluster.converged()).isTrue();
        assertThat(cluster.epochs()).isEqualTo(local.epochs());
        assertSameBits(cluster.parameters(), local.parameters());
    }

    @Test
    void losingAWorkerMidRunDoesNotChangeTheResult() throws Exception {
        Trainer trainer = Trainer.of(ModelSpec.logistic().build(30, 2), TrainingPlan.of(GradientDescent.fixed(0.5)).batchSize(0).epochs(40)
                .convergence(p -> java.util.Optional.empty()));
        TrainingResult undisturbed = onCluster(trainer, 64);
        Process victim = workers.get(1);
        TrainingResult disturbed = onCluster(trainer.plan(p -> p.listener(new TrainingListener() {
            @Override
            public void onEpoch(EpochRecord record) {
                if (record.epoch() == 10) {
                    victim.destroyForcibly(); // its executor goes with it; Spark recomputes the lost blocks
                }
            }
        })), 64);
        assertThat(victim.isAlive()).isFalse();
        assertThat(disturbed.epochs()).isEqualTo(40);
        assertSameBits(disturbed.parameters(), undisturbed.parameters());
    }

    @Test
    void aClusterReadsACsvFileAndRunsThePipelineToLocalTrainingsBits() throws Exception {
        Path csv = home.resolve("houses.csv");
        Files.writeString(csv, SparkDataTest.housesCsv(0, 3000));
        dev.descent.ml.Pipeline pipeline = dev.descent.ml.Pipeline.of(csv.toString(), ModelSpec.parse("linear"))
                .target("price");
        dev.descent.ml.Pipeline.Outcome local = pipeline.run();
        org.apache.spark.sql.SparkSession session = org.apache.spark.sql.SparkSession.builder().getOrCreate();
        assertThat(session.sparkContext()).isSameAs(spark.sc());
        dev.descent.ml.Pipeline.Outcome cluster = pipeline.engine(SparkEngine.in(session, 4)).run();
        assertThat(cluster.engine()).startsWith("spark spark://127.0.0.1:");
        assertSameBits(cluster.model().parameters(), local.model().parameters());
        assertThat(cluster.evaluation("test").regression()).isEqualTo(local.evaluation("test").regression());
    }

    @Test
    void aSparkMlPipelineFitsSavesLoadsAndCrossValidatesOnTheCluster() throws Exception {
        org.apache.spark.sql.SparkSession session = org.apache.spark.sql.SparkSession.builder().sparkContext(spark.sc())
                .getOrCreate();
        Path folder = Files.createDirectories(home.resolve("pipeline"));
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> penguins = SparkMlPipelineTest.read(session, folder);
        org.apache.spark.ml.PipelineModel descent = SparkMlPipelineTest.pipeline(new DescentClassifier().setRegParam(0.01)
                .setTol(1e-12)).fit(penguins);
        List<org.apache.spark.sql.Row> predicted = descent.transform(penguins).select("probability", "prediction", "label")
                .collectAsList();
        // the species told apart as on local[2], where SparkMlPipelineTest checks the probabilities against MLlib's
        assertThat(predicted.stream().filter(row -> row.getDouble(1) == row.getDouble(2)).count())
                .isGreaterThan(predicted.size() * 98L / 100);
        String path = folder.resolve("model").toString();
        descent.write().save(path);
        assertThat(org.apache.spark.ml.PipelineModel.load(path).transform(penguins).select("probability", "prediction",
                "label").collectAsList()).isEqualTo(predicted);

        DescentClassifier classifier = new DescentClassifier().setTol(1e-12);
        org.apache.spark.ml.tuning.CrossValidatorModel tuned = new org.apache.spark.ml.tuning.CrossValidator()
                .setEstimator(SparkMlPipelineTest.pipeline(classifier))
                .setEstimatorParamMaps(new org.apache.spark.ml.tuning.ParamGridBuilder()
                        .addGrid(classifier.regParam(), new double[] {0.003, 0.3}).build())
                .setEvaluator(new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator().setMetricName("logLoss"))
                .setNumFolds(2).setSeed(7).fit(penguins);
        assertThat(tuned.avgMetrics()).hasSize(2);
        DescentClassificationModel best = (DescentClassificationModel) ((org.apache.spark.ml.PipelineModel) tuned.bestModel())
                .stages()[4];
        assertThat(best.getRegParam()).isEqualTo(0.003);
    }
}
