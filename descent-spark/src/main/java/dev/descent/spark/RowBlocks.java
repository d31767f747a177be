package dev.descent.spark;

import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Batch;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.Task;
import dev.descent.ml.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Training rows cut into fixed {@link RowBlock}s and cached in Spark, persisted MEMORY_AND_DISK so
 * data larger than memory still trains: block {@code k} holds rows {@code [k B, (k + 1) B)} of the
 * data, {@code B = blockRows}, the last block what is left.
 *
 * @param blocks the cached blocks
 * @param rows the rows in all the blocks
 * @param blockRows rows per block (all but the last)
 */
public record RowBlocks(JavaRDD<RowBlock> blocks, long rows, int blockRows) {
    /**
     * Rows per block by default, {@link Model#SUM_BLOCK_ROWS}: the fused losses' local chunk, so that
     * the sums over blocks, added by the same tree ({@link dev.descent.ml.model.BlockTree}), are local
     * training's to the last bit (16,384 rows of 50 features: 6.5 MB).
     */
    public static final int DEFAULT_BLOCK_ROWS = Model.SUM_BLOCK_ROWS;

    /** Validates: blocks made elsewhere (on the executors, say) must hold rows {@code [k B, (k + 1) B)} of block k. */
    public RowBlocks {
        java.util.Objects.requireNonNull(blocks, "blocks");
        if (rows < 1) {
            throw new IllegalArgumentException("the blocks hold no rows: " + rows);
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("rows per block must be at least 1: " + blockRows);
        }
    }

    /**
     * The rows of {@code data} (already standardized) for {@code model}'s task, as blocks of
     * {@code blockRows} rows spread over {@code partitions} partitions, cached: {@code parallelize}
     * slices the blocks in order, so each partition holds a contiguous range of block indices and a
     * pass sends a few of the block tree's nodes from each, not a sum per block.
     */
    public static RowBlocks of(JavaSparkContext spark, Dataset data, Model model, int blockRows, int partitions) {
        if (blockRows < 1) {
            throw new IllegalArgumentException("rows per block must be at least 1: " + blockRows);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        Batch batch = Trainer.batchOf(model, data);
        int d = data.columns();
        double[] x = batch.features();
        List<RowBlock> blocks = new ArrayList<>();
        for (int from = 0, index = 0; from < data.rows(); from += blockRows, index++) {
            int rows = Math.min(blockRows, data.rows() - from);
            double[] features = Arrays.copyOfRange(x, from * d, (from + rows) * d);
            double[] targets = batch.targets() == null ? null : Arrays.copyOfRange(batch.targets(), from, from + rows);
            int[] labels = batch.labels() == null || model.task() == Task.REGRESSION ? null
                    : Arrays.copyOfRange(batch.labels(), from, from + rows);
            double[] weights = batch.weights() == null ? null : Arrays.copyOfRange(batch.weights(), from, from + rows);
            blocks.add(new RowBlock(index, rows, d, features, targets, labels, weights));
        }
        JavaRDD<RowBlock> rdd = spark.parallelize(blocks, partitions).persist(StorageLevel.MEMORY_AND_DISK());
        return new RowBlocks(rdd, data.rows(), blockRows);
    }

    /** Drops the cached blocks. */
    public void unpersist() {
        blocks.unpersist();
    }
}
