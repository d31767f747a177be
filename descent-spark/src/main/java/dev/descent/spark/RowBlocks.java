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

    /** The blocks the rows are cut into: block k holds rows {@code [k B, (k + 1) B)}, the last what is left. */
    public int blockCount() {
        long count = (rows + blockRows - 1) / blockRows;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(rows + " rows make more blocks of " + blockRows + " rows than an int counts");
        }
        return (int) count;
    }

    /** A merge of two values that travels to the executors. */
    public interface Merge<T> extends java.util.function.BinaryOperator<T>, java.io.Serializable {}

    /**
     * What each partition computes per block: {@link #open} runs once per partition (to build a model,
     * say) and gives the function that makes a block's value, null for a block that adds nothing.
     */
    public interface Leaves<T> extends java.io.Serializable {
        /** The function of this partition's blocks. */
        java.util.function.Function<RowBlock, T> open();
    }

    /**
     * A value per block, added up the fixed tree over the block indices ({@link dev.descent.ml.model.BlockTree}):
     * each partition reduces its blocks to the tree's maximal complete nodes and sends only those, the
     * driver adds the nodes up the same tree. The result is the same bits for any partitioning, and the
     * driver receives a few values per partition, not one per block.
     *
     * @return the root, or null when every block gave null
     */
    public <T> T treeReduce(Leaves<T> leaves, Merge<T> add) {
        int count = blockCount();
        List<dev.descent.ml.model.BlockTree.Node<T>> nodes = blocks.mapPartitions((java.util.Iterator<RowBlock> part) -> {
            java.util.function.Function<RowBlock, T> leaf = leaves.open();
            dev.descent.ml.model.BlockTree.Accumulator<T> sums = new dev.descent.ml.model.BlockTree.Accumulator<>(count, 0, add);
            while (part.hasNext()) {
                RowBlock block = part.next();
                sums.push(block.index(), leaf.apply(block));
            }
            return sums.nodes().iterator();
        }).collect();
        return dev.descent.ml.model.BlockTree.root(count, nodes, add);
    }

    /** The rows' weights in row order, gathered on the driver; null when the blocks carry none. */
    public double[] weights() {
        List<scala.Tuple2<Integer, double[]>> parts = new ArrayList<>(blocks.filter(b -> b.weights() != null)
                .map(b -> new scala.Tuple2<>(b.index(), b.weights())).collect());
        if (parts.isEmpty()) {
            return null;
        }
        parts.sort(java.util.Comparator.comparingInt(scala.Tuple2::_1));
        double[] weights = new double[Math.toIntExact(rows)];
        int at = 0;
        for (scala.Tuple2<Integer, double[]> part : parts) {
            System.arraycopy(part._2(), 0, weights, at, part._2().length);
            at += part._2().length;
        }
        return weights;
    }

    /** Drops the cached blocks. */
    public void unpersist() {
        blocks.unpersist();
    }
}
