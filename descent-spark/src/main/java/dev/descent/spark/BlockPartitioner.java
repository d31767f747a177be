package dev.descent.spark;

import org.apache.spark.Partitioner;

/**
 * Range-partitions the blocks of each part: block {@code k} of a part of {@code B} blocks goes to
 * partition {@code floor(k P / B)}, so every partition holds a contiguous range of each part's
 * block indices (ranges of equal size to within one block), and a pass sends the maximal complete
 * nodes of one range per partition ({@link dev.descent.ml.model.BlockTree}), not a sum per block.
 * Keys are block indices ({@code Long}), a part's number in the bits above the 40th when there are
 * several parts (train, validation, test).
 *
 * <p>Serializable only to travel to Spark's executors, which run the same build: its serialized
 * form is no stored format, so it is not documented.
 *
 * @serial exclude
 */
public final class BlockPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final int[] blocksPerPart;

    /**
     * @param partitions the partitions {@code P}
     * @param blocksPerPart each part's blocks, by its number
     */
    BlockPartitioner(int partitions, int[] blocksPerPart) {
        this.partitions = partitions;
        this.blocksPerPart = blocksPerPart.clone();
    }

    /**
     * The partitioner of one part's {@code blocks} blocks over {@code partitions} partitions, keyed by
     * the block index as a {@code Long}.
     */
    public static BlockPartitioner of(int partitions, int blocks) {
        return new BlockPartitioner(partitions, new int[] {blocks});
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long k = (Long) key;
        long index = k & ((1L << 40) - 1);
        int part = (int) (k >>> 40);
        return (int) (index * partitions / Math.max(1, blocksPerPart[part]));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockPartitioner p && p.partitions == partitions
                && java.util.Arrays.equals(p.blocksPerPart, blocksPerPart);
    }

    @Override
    public int hashCode() {
        return 31 * partitions + java.util.Arrays.hashCode(blocksPerPart);
    }
}
