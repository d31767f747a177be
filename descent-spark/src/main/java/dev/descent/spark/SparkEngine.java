package dev.descent.spark;

import dev.descent.ml.Pipeline;
import dev.descent.ml.data.Dataset;
import dev.descent.ml.train.Trainer;
import dev.descent.ml.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The pipeline's Spark engine: starts a Spark context on {@code master} (embedded {@code local[*]}
 * by default, or a cluster by URL), caches the standardized training rows as blocks of
 * {@link RowBlocks#DEFAULT_BLOCK_ROWS} rows over {@code partitions} partitions, and runs the trainer
 * over a {@link SparkObjective}: the same loop, stops, early stopping and checkpoints as local
 * training, and for linear and logistic models on the full batch the same bits.
 */
public final class SparkEngine implements Pipeline.Engine {
    /** The default master: embedded local mode on every core. */
    public static final String DEFAULT_MASTER = "local[*]";

    private final String master;
    private final int partitions;

    /**
     * @param master a Spark master URL ({@code local[*]}, {@code local[N]}, {@code spark://host:port}),
     *     or null for the one spark-submit sets ({@code spark.master}), else {@link #DEFAULT_MASTER}
     * @param partitions partitions of the cached rows, at least 1, or 0 for Spark's default parallelism
     */
    public SparkEngine(String master, int partitions) {
        this.master = master != null ? master : System.getProperty("spark.master", DEFAULT_MASTER);
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be at least 1 (or 0 for Spark's default): " + partitions);
        }
        this.partitions = partitions;
    }

    @Override
    public TrainingResult train(Trainer trainer, Dataset train, Dataset validation, Path resume) throws IOException {
        reachable(master);
        SparkConf conf = new SparkConf().setMaster(master).setAppName("descent train")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            int parts = partitions > 0 ? partitions : spark.defaultParallelism();
            RowBlocks blocks = RowBlocks.of(spark, train, trainer.model(), RowBlocks.DEFAULT_BLOCK_ROWS, parts);
            try {
                SparkObjective objective = SparkObjective.of(spark, blocks, trainer);
                return resume != null ? trainer.resume(resume, objective, validation) : trainer.fit(objective, validation);
            } finally {
                blocks.unpersist();
            }
        }
    }

    /**
     * Refuses a standalone master that does not answer within three seconds: Spark itself retries its
     * registration for a minute before it gives up.
     */
    static void reachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String failure = "";
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new Pipeline.InvalidSetting("master", "the Spark master " + master + " has no port number after '" + host + ":'");
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 3000);
                return;
            } catch (IOException e) {
                failure = host + ":" + port + " (" + e.getMessage() + ")";
            }
        }
        throw new Pipeline.InvalidSetting("master", "cannot reach the Spark master at " + failure
                + ": is it running, and is the URL right?");
    }

    @Override
    public String describe() {
        return "spark " + master + (partitions > 0 ? ", " + partitions + " partitions" : "");
    }
}
