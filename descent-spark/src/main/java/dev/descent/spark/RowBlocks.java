package dev.descent.spark;

import dev.descent.ml.data.Dataset;
import dev.descent.ml.model.Model;
import dev.descent.ml.model.Task;
import dev.descent.ml.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Cuts training rows into fixed {@link RowBlock}s and caches them in Spark, persisted
 * MEMORY_AND_DISK so data larger than memory still trains.
 */
public final class RowBlocks {
    /**
     * Rows per block by default, {@link Model#SUM_BLOCK_ROWS}: the fused losses' local chunk, so that
     * the sums over blocks are local training's to the last bit (16,384 rows of 50 features: 6.5 MB).
     */
    public static final int DEFAULT_BLOCK_ROWS = Model.SUM_BLOCK_ROWS;

    private RowBlocks() {}

    /**
     * The rows of {@code data} (already standardized) for {@code model}'s task, as blocks of
     * {@code blockRows} rows (the last takes what is left) spread over {@code partitions}
     * partitions, cached.
     */
    public static JavaRDD<RowBlock> of(JavaSparkContext spark, Dataset data, Model model, int blockRows, int partitions) {
        if (blockRows < 1) {
            throw new IllegalArgumentException("rows per block must be at least 1: " + blockRows);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        var batch = Trainer.batchOf(model, data);
        int d = data.columns();
        double[] x = batch.features();
        List<RowBlock> blocks = new ArrayList<>();
        for (int from = 0, index = 0; from < data.rows(); from += blockRows, index++) {
            int rows = Math.min(blockRows, data.rows() - from);
            double[] features = java.util.Arrays.copyOfRange(x, from * d, (from + rows) * d);
            double[] targets = batch.targets() == null ? null
                    : java.util.Arrays.copyOfRange(batch.targets(), from, from + rows);
            int[] labels = batch.labels() == null || model.task() == Task.REGRESSION ? null
                    : java.util.Arrays.copyOfRange(batch.labels(), from, from + rows);
            blocks.add(new RowBlock(index, rows, d, features, targets, labels));
        }
        return spark.parallelize(blocks, partitions).persist(StorageLevel.MEMORY_AND_DISK());
    }
}
