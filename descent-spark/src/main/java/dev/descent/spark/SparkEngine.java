package dev.descent.spark;

import dev.descent.ml.DataRequest;
import dev.descent.ml.Engine;
import dev.descent.ml.Pipeline;
import dev.descent.ml.train.InvalidSetting;
import java.io.IOException;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline's Spark engine. Spark reads the data where it is (a CSV file or folder, Parquet,
 * anything Spark reads by URL: local files, HDFS, S3; or a {@code Dataset<Row>} handed in with
 * {@link #over}), and the rows are split, standardized in one distributed pass and cached as blocks
 * of {@link RowBlocks#DEFAULT_BLOCK_ROWS} rows over {@code partitions} partitions ({@link SparkData}).
 * The trainer runs on the driver over a {@link SparkObjective}: the same loop, stops, early
 * stopping and checkpoints as local training, and the same rows in every split and mini-batch.
 *
 * <pre>{@code
 * Pipeline.of("hdfs:///data/houses.csv", ModelSpec.parse("linear")).target("price")
 *         .engine(new SparkEngine("spark://head:7077", 16)).run();
 * Pipeline.of("sales", ModelSpec.parse("logistic")).target("bought")
 *         .engine(SparkEngine.over(salesFrame, 0)).run();    // a Dataset<Row> of the caller's session
 * }</pre>
 *
 * <p>The engine starts its own session on {@code master} (embedded {@code local[*]} by default, or
 * a cluster by URL) and stops it when the run ends; {@link #over} uses the table's session and
 * leaves it running.
 */
public final class SparkEngine implements Engine {
    /** The default master: embedded local mode on every core. */
    public static final String DEFAULT_MASTER = "local[*]";

    private final String master;
    private final int partitions;
    private final SparkSession session;
    private final org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table;

    /**
     * @param master a Spark master URL ({@code local[*]}, {@code local[N]}, {@code spark://host:port}),
     *     or null for the one spark-submit sets ({@code spark.master}), else {@link #DEFAULT_MASTER}
     * @param partitions partitions of the cached rows, at least 1, or 0 for Spark's default parallelism
     */
    public SparkEngine(String master, int partitions) {
        this(master != null ? master : System.getProperty("spark.master", DEFAULT_MASTER), partitions, null, null);
    }

    private SparkEngine(String master, int partitions, SparkSession session,
                        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be at least 1 (or 0 for Spark's default): " + partitions);
        }
        this.master = master;
        this.partitions = partitions;
        this.session = session;
        this.table = table;
    }

    /**
     * An engine that reads the pipeline's data in {@code session} (a caller's own, left running).
     *
     * @param partitions partitions of the cached rows, or 0 for the session's default parallelism
     */
    public static SparkEngine in(SparkSession session, int partitions) {
        java.util.Objects.requireNonNull(session, "session");
        return new SparkEngine(session.sparkContext().master(), partitions, session, null);
    }

    /**
     * An engine that trains on {@code table}'s rows, in its session, with columns chosen by name as
     * for a file; the pipeline's data string then only names the table in messages.
     *
     * @param partitions partitions of the cached rows, or 0 for the session's default parallelism
     */
    public static SparkEngine over(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table, int partitions) {
        java.util.Objects.requireNonNull(table, "table");
        return new SparkEngine(table.sparkSession().sparkContext().master(), partitions, table.sparkSession(), table);
    }

    @Override
    public Engine.Data load(DataRequest request) throws IOException {
        if (session != null) {
            return SparkData.load(session, false, request, table, parts(session));
        }
        reachable(master);
        SparkConf conf = new SparkConf().setMaster(master).setAppName("descent train")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession own = SparkSession.builder().config(conf).getOrCreate();
        own.sparkContext().setLogLevel("WARN");
        return SparkData.load(own, true, request, null, parts(own));
    }

    private int parts(SparkSession session) {
        return partitions > 0 ? partitions : session.sparkContext().defaultParallelism();
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
                throw new InvalidSetting("master", "the Spark master " + master + " has no port number after '" + host + ":'");
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 3000);
                return;
            } catch (IOException e) {
                failure = host + ":" + port + " (" + e.getMessage() + ")";
            }
        }
        throw new InvalidSetting("master", "cannot reach the Spark master at " + failure
                + ": is it running, and is the URL right?");
    }

    @Override
    public String describe() {
        return "spark " + master + (partitions > 0 ? ", " + partitions + " partitions" : "");
    }
}
