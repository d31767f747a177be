package dev.descent.ml.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * The one order in which the sums of {@code B} blocks of rows are added, wherever the blocks are:
 * the aligned dyadic tree over the block indices. Node {@code (L, k)} covers the blocks
 *
 * <pre>
 * S(L, k) = [k 2^L, (k + 1) 2^L) ∩ [0, B),     sum(0, k) = the sum of block k,
 * sum(L, k) = sum(L-1, 2k) + sum(L-1, 2k+1)   when both children cover blocks with a sum,
 *           = the child that does, as it is    otherwise (no "+ 0", which would turn -0 into +0),
 * </pre>
 *
 * <p>and the total is the root {@code sum(H, 0)}, {@code H = ceil(log2 B)}. A block without a sum
 * (a mini-batch with no rows in it) is left out, as its node is. The tree is fixed by {@code B}
 * alone, so the total is the same bits however the blocks are spread over threads, partitions or
 * machines: an engine that holds a contiguous range of blocks {@code [a, b)} reduces it to its
 * maximal complete nodes ({@link #nodes(int, int, List, BinaryOperator)}: the nodes with
 * {@code S(L, k) ⊆ [a, b)} whose parent's blocks are not inside the range, at most
 * {@code 2 H} of them), sends those, and whoever receives the nodes of all the ranges adds them up
 * the same tree ({@link #root}). This is pairwise summation (Higham, "The accuracy of floating point
 * summation", SIAM J. Sci. Comput. 14(4), 1993), whose error grows as {@code log2 B} rather than
 * {@code B}, with the pairs fixed by the block indices rather than by the partitions, as MLlib's
 * {@code treeAggregate} fixes them. Local code sums its chunks of {@link Model#SUM_BLOCK_ROWS} rows
 * by the same tree ({@link #sum(double[][])}), so an engine summing the same blocks gets its bits.
 *
 * <p>The vectors summed are {@code double[]} whose every entry is added elementwise
 * ({@link #add}), or any value with an associative-in-shape merge that keeps left before right
 * (a tally: {@code left.merge(right)}).
 */
public final class BlockTree {
    private BlockTree() {}

    /**
     * One node of the tree with its sum: what a partition sends for a range of blocks it holds.
     * Serializable only to travel from Spark's executors, which run the same build: its serialized
     * form is no stored format.
     *
     * @param level the node's level {@code L}, 0 for a block
     * @param index its index {@code k} on that level
     * @param value the sum of its blocks
     * @param <T> the sum's type
     * @serial exclude
     */
    public record Node<T>(int level, int index, T value) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The first block the node covers, {@code k 2^L}. */
        public long first() {
            return (long) index << level;
        }
    }

    /** The root's level {@code H = ceil(log2 B)}: 0 for one block. */
    public static int height(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("the tree needs at least one block: " + blocks);
        }
        return blocks == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(blocks - 1);
    }

    /** {@code right} added into {@code left} entry by entry; returns {@code left}. The vectors' sum. */
    public static double[] add(double[] left, double[] right) {
        if (left.length != right.length) {
            throw new IllegalArgumentException("sums of " + left.length + " and " + right.length + " entries");
        }
        for (int j = 0; j < left.length; j++) {
            left[j] += right[j];
        }
        return left;
    }

    /**
     * The maximal complete nodes of blocks {@code [from, from + leaves.size())} of {@code blocks}, in
     * block order, with their sums: {@code leaves.get(i)} is block {@code from + i}'s sum, or null for
     * a block without one; a node whose blocks have no sum is left out. {@code add} may reuse its left
     * operand (as {@link #add} does), so the leaves are consumed.
     */
    public static <T> List<Node<T>> nodes(int blocks, int from, List<T> leaves, BinaryOperator<T> add) {
        if ((long) from + leaves.size() > blocks) {
            throw new IllegalArgumentException("blocks [" + from + ", " + ((long) from + leaves.size())
                    + ") are not blocks of " + blocks);
        }
        Accumulator<T> sums = new Accumulator<>(blocks, from, add);
        for (T leaf : leaves) {
            sums.push(leaf);
        }
        return sums.nodes();
    }

    /**
     * The sums of consecutive blocks {@code from, from + 1, ...} pushed one at a time, kept as the
     * maximal complete nodes of the blocks pushed so far: a node is added up as soon as its blocks
     * are all in, so at most {@code 2 H + 2} sums are held however many blocks pass (a partition's
     * blocks, or local code's chunks streamed through one buffer each). A block pushed out of turn
     * ({@link #push(int, Object)}) starts a new run: the nodes of the runs before are kept as they are,
     * so blocks arriving in any order still give nodes whose root is the same bits, only more of them.
     *
     * @param <T> the sums' type
     */
    public static final class Accumulator<T> {
        private final int blocks;
        private final int height;
        private final BinaryOperator<T> add;
        private final int[] levels;
        private final int[] indices;
        private final List<T> values = new ArrayList<>();
        /** The nodes of the runs before the current one. */
        private final List<Node<T>> done = new ArrayList<>();
        private int next;

        /**
         * @param blocks the tree's blocks {@code B}
         * @param from the first block pushed
         * @param add the sum of two nodes' sums, left then right; may reuse its left operand
         */
        public Accumulator(int blocks, int from, BinaryOperator<T> add) {
            this.height = height(blocks);
            if (from < 0 || from >= blocks) {
                throw new IllegalArgumentException("block " + from + " is not one of " + blocks);
            }
            this.blocks = blocks;
            this.add = Objects.requireNonNull(add, "add");
            this.levels = new int[2 * height + 3];
            this.indices = new int[2 * height + 3];
            this.next = from;
        }

        /**
         * Adds block {@code block}'s sum (null for a block without one); a block other than the one
         * after the last starts a new run. Each block is pushed at most once.
         */
        public void push(int block, T leaf) {
            if (block < 0 || block >= blocks) {
                throw new IllegalArgumentException("block " + block + " is not one of " + blocks);
            }
            if (block != next) {
                done.addAll(runNodes());
                values.clear();
                next = block;
            }
            push(leaf);
        }

        /** Adds the next block's sum (null for a block without one). */
        public void push(T leaf) {
            if (next >= blocks) {
                throw new IllegalStateException("all " + blocks + " blocks are in");
            }
            int level = 0;
            int index = next++;
            T value = leaf;
            int top = values.size();
            while (true) {
                if (level < height && (index & 1) == 0 && ((long) index + 1 << level) >= blocks) {
                    // the right child covers no block: the parent is this node, as it is
                    level++;
                    index >>= 1;
                } else if ((index & 1) == 1 && top > 0 && levels[top - 1] == level) {
                    // the node beneath ends where this one starts and has its level: it is the left sibling
                    T left = values.remove(--top);
                    value = left == null ? value : value == null ? left : add.apply(left, value);
                    level++;
                    index >>= 1;
                } else {
                    break;
                }
            }
            levels[top] = level;
            indices[top] = index;
            values.add(value);
        }

        /**
         * The maximal complete nodes of each run of blocks pushed, runs in the order pushed, nodes
         * without a sum left out: for blocks pushed in block order, the maximal complete nodes of
         * the range they make.
         */
        public List<Node<T>> nodes() {
            List<Node<T>> out = new ArrayList<>(done);
            out.addAll(runNodes());
            return out;
        }

        private List<Node<T>> runNodes() {
            List<Node<T>> out = new ArrayList<>(values.size());
            for (int t = 0; t < values.size(); t++) {
                if (values.get(t) != null) {
                    out.add(new Node<>(levels[t], indices[t], values.get(t)));
                }
            }
            return out;
        }

        /** The root's sum once every block from 0 is in (null when none had a sum): the tree's total. */
        public T total() {
            if (!done.isEmpty() || next != blocks || values.size() != 1 || levels[0] != height) {
                throw new IllegalStateException("the total needs every block from 0 to " + (blocks - 1) + " pushed");
            }
            return values.get(0);
        }
    }

    /**
     * The maximal complete nodes of each run of consecutive blocks among {@code indices} (distinct, in
     * any order; {@code leaves.get(i)} is block {@code indices[i]}'s sum or null): what a partition
     * holding those blocks sends. A range-partitioned partition holds one run, so it sends at most
     * {@code 2 H} nodes; a partition holding scattered blocks sends more, with the same total.
     */
    public static <T> List<Node<T>> nodes(int blocks, int[] indices, List<T> leaves, BinaryOperator<T> add) {
        if (indices.length != leaves.size()) {
            throw new IllegalArgumentException(indices.length + " block indices for " + leaves.size() + " sums");
        }
        Integer[] order = new Integer[indices.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> indices[i]));
        List<Node<T>> out = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            while (end < order.length && indices[order[end]] == indices[order[end - 1]] + 1) {
                end++;
            }
            if (end < order.length && indices[order[end]] == indices[order[end - 1]]) {
                throw new IllegalArgumentException("block " + indices[order[end]] + " appears twice");
            }
            List<T> run = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                run.add(leaves.get(order[i]));
            }
            out.addAll(nodes(blocks, indices[order[start]], run, add));
            start = end;
        }
        return out;
    }

    /**
     * The root's sum from disjoint nodes of the tree over {@code blocks} blocks (what the partitions
     * sent, in any order), each node's sum taken as it is and the rest added up the tree; null when
     * there are none. Blocks no node covers count as blocks without a sum.
     *
     * @throws IllegalArgumentException when a node is not one of the tree's or two overlap
     */
    public static <T> T root(int blocks, Collection<Node<T>> nodes, BinaryOperator<T> add) {
        int height = height(blocks);
        List<Node<T>> sorted = new ArrayList<>(nodes);
        for (Node<T> node : sorted) {
            if (node.level() < 0 || node.level() > height || node.index() < 0 || node.first() >= blocks) {
                throw new IllegalArgumentException("node (" + node.level() + ", " + node.index() + ") is not in the tree of "
                        + blocks + " blocks");
            }
            Objects.requireNonNull(node.value(), "a node's sum");
        }
        sorted.sort(Comparator.comparingLong(Node::first));
        int[] next = {0};
        T total = combine(blocks, height, 0, sorted, next, add);
        if (next[0] != sorted.size()) {
            Node<T> extra = sorted.get(next[0]);
            throw new IllegalArgumentException("node (" + extra.level() + ", " + extra.index() + ") overlaps another");
        }
        return total;
    }

    /** Node (level, index)'s sum from the sorted nodes from {@code next[0]} on that lie in it, or null. */
    private static <T> T combine(int blocks, int level, int index, List<Node<T>> sorted, int[] next,
                                 BinaryOperator<T> add) {
        long end = Math.min((long) index + 1 << level, blocks);
        if (next[0] == sorted.size() || sorted.get(next[0]).first() >= end) {
            return null;
        }
        Node<T> node = sorted.get(next[0]);
        if (node.level() == level && node.index() == index) {
            next[0]++;
            return node.value();
        }
        if (node.level() >= level || node.first() < (long) index << level) {
            throw new IllegalArgumentException("node (" + node.level() + ", " + node.index() + ") overlaps another");
        }
        T left = combine(blocks, level - 1, 2 * index, sorted, next, add);
        T right = ((long) 2 * index + 1 << level - 1) < blocks
                ? combine(blocks, level - 1, 2 * index + 1, sorted, next, add) : null;
        return left == null ? right : right == null ? left : add.apply(left, right);
    }

    /**
     * The root's sum of {@code leaves} ({@code leaves.get(k)} block k's sum, or null), the tree over
     * {@code leaves.size()} blocks; null when no block has a sum. {@code add} may reuse its left operand.
     */
    public static <T> T reduce(List<T> leaves, BinaryOperator<T> add) {
        List<T> level = new ArrayList<>(leaves);
        for (int step = 1; step < level.size(); step *= 2) {
            for (int k = 0; k + step < level.size(); k += 2 * step) {
                T left = level.get(k);
                T right = level.get(k + step);
                level.set(k, left == null ? right : right == null ? left : add.apply(left, right));
            }
        }
        return level.isEmpty() ? null : level.get(0);
    }

    /**
     * The tree's sum of the vectors {@code leaves[k]} (block or chunk k's sums), entry by entry:
     * local code's reduction of its chunks, the bits an engine summing the same blocks gets. Adds in
     * place: the leaves are consumed, and the sum is {@code leaves[0]}.
     */
    public static double[] sum(double[][] leaves) {
        for (int step = 1; step < leaves.length; step *= 2) {
            for (int k = 0; k + step < leaves.length; k += 2 * step) {
                add(leaves[k], leaves[k + step]);
            }
        }
        return leaves[0];
    }

    /** The tree's sum of the numbers {@code leaves[k]}, {@link #sum(double[][])} of one entry; {@code leaves} is consumed. */
    public static double sum(double[] leaves) {
        for (int step = 1; step < leaves.length; step *= 2) {
            for (int k = 0; k + step < leaves.length; k += 2 * step) {
                leaves[k] += leaves[k + step];
            }
        }
        return leaves[0];
    }
}
