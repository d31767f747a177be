package dev.descent.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block tree against its definition computed independently: the nodes a range sends against
 * every node of the tree tested for completeness and maximality one by one, and the root against a
 * top-down recursive pairwise sum over halves of a power-of-two span (Higham's pairwise
 * summation), on values whose sum depends on the order (1e16, 1, -1e16), for random block counts
 * and random cuts into contiguous ranges.
 */
class BlockTreeTest {
    /** Values whose sums depend on the order of the additions. */
    private static final double[] AWKWARD = {1e16, 1, -1e16, 3, -1, 0.5, 1e-3, 7e15};

    /** The blocks of node (level, index), brute force: {@code [k 2^L, (k + 1) 2^L) ∩ [0, B)}. */
    private static Set<Integer> blocksOf(int blocks, int level, int index) {
        Set<Integer> out = new HashSet<>();
        for (long b = (long) index << level; b < Math.min((long) (index + 1) << level, blocks); b++) {
            out.add((int) b);
        }
        return out;
    }

    private static boolean inside(Set<Integer> set, int from, int to) {
        return !set.isEmpty() && set.stream().allMatch(b -> b >= from && b < to);
    }

    /** The maximal complete nodes of [from, to) by testing every node of the tree against the definition. */
    private static Set<List<Integer>> maximalNodes(int blocks, int from, int to) {
        int height = 0;
        while ((1L << height) < blocks) {
            height++;
        }
        Set<List<Integer>> out = new HashSet<>();
        for (int level = 0; level <= height; level++) {
            for (int index = 0; ((long) index << level) < blocks; index++) {
                boolean complete = inside(blocksOf(blocks, level, index), from, to);
                boolean parentComplete = level < height && inside(blocksOf(blocks, level + 1, index >> 1), from, to);
                if (complete && !parentComplete) {
                    out.add(List.of(level, index));
                }
            }
        }
        return out;
    }

    /**
     * The pairwise sum over {@code [lo, lo + span)}, span a power of two, top-down: a half holding no
     * block with a value is left out, and a lone half is taken as it is.
     */
    private static Double pairwise(Double[] values, long lo, long span) {
        if (lo >= values.length) {
            return null;
        }
        if (span == 1) {
            return values[(int) lo];
        }
        Double left = pairwise(values, lo, span / 2);
        Double right = pairwise(values, lo + span / 2, span / 2);
        return left == null ? right : right == null ? left : Double.valueOf(left + right);
    }

    private static Double pairwise(Double[] values) {
        long span = 1;
        while (span < values.length) {
            span *= 2;
        }
        return pairwise(values, 0, span);
    }

    private static Double[] randomValues(SplittableRandom random, int blocks, double emptyShare) {
        Double[] values = new Double[blocks];
        for (int b = 0; b < blocks; b++) {
            values[b] = random.nextDouble() < emptyShare ? null : AWKWARD[random.nextInt(AWKWARD.length)]
                    * (random.nextBoolean() ? 1 : -1);
        }
        return values;
    }

    /** Random cuts of [0, blocks) into contiguous ranges: the starts, 0 first, blocks last. */
    private static List<Integer> randomCuts(SplittableRandom random, int blocks) {
        int ranges = 1 + random.nextInt(Math.min(blocks, 9));
        Set<Integer> inner = new HashSet<>();
        while (inner.size() < ranges - 1) {
            inner.add(1 + random.nextInt(blocks - 1));
        }
        List<Integer> cuts = new ArrayList<>(inner);
        cuts.add(0);
        cuts.add(blocks);
        Collections.sort(cuts);
        return cuts;
    }

    @Test
    void aRangeSendsExactlyItsMaximalCompleteNodesWithTheirBlocksInOrder() {
        for (int blocks = 1; blocks <= 40; blocks++) {
            int height = BlockTree.height(blocks);
            for (int from = 0; from < blocks; from++) {
                for (int to = from + 1; to <= blocks; to++) {
                    List<List<Integer>> leaves = new ArrayList<>();
                    for (int b = from; b < to; b++) {
                        leaves.add(List.of(b));
                    }
                    List<BlockTree.Node<List<Integer>>> nodes = BlockTree.nodes(blocks, from, leaves, (a, b) -> {
                        List<Integer> both = new ArrayList<>(a);
                        both.addAll(b);
                        return both;
                    });
                    Set<List<Integer>> sent = new HashSet<>();
                    long next = from;
                    for (BlockTree.Node<List<Integer>> node : nodes) {
                        sent.add(List.of(node.level(), node.index()));
                        List<Integer> expected = new ArrayList<>(blocksOf(blocks, node.level(), node.index()));
                        Collections.sort(expected);
                        assertThat(node.value()).as("node (%d, %d) of %d blocks", node.level(), node.index(), blocks)
                                .isEqualTo(expected);
                        assertThat((long) expected.get(0)).isEqualTo(next);
                        next = expected.get(expected.size() - 1) + 1;
                    }
                    assertThat(next).isEqualTo(to);
                    assertThat(sent).as("[%d, %d) of %d blocks", from, to, blocks).isEqualTo(maximalNodes(blocks, from, to));
                    assertThat(nodes.size()).isLessThanOrEqualTo(2 * height + 2);
                }
            }
        }
    }

    @Test
    void theRootIsThePairwiseSumForAnyCutIntoRangesToTheBit() {
        SplittableRandom random = new SplittableRandom(29);
        int orderMattered = 0;
        for (int trial = 0; trial < 3000; trial++) {
            int blocks = 1 + random.nextInt(trial < 2000 ? 70 : 1100);
            Double[] values = randomValues(random, blocks, trial % 3 == 0 ? 0.3 : 0);
            Double expected = pairwise(values);
            List<Integer> cuts = randomCuts(random, blocks);
            List<BlockTree.Node<double[]>> sent = new ArrayList<>();
            for (int r = 0; r + 1 < cuts.size(); r++) {
                List<double[]> leaves = new ArrayList<>();
                for (int b = cuts.get(r); b < cuts.get(r + 1); b++) {
                    leaves.add(values[b] == null ? null : new double[] {values[b], values[b] / 2});
                }
                sent.addAll(BlockTree.nodes(blocks, cuts.get(r), leaves, BlockTree::add));
            }
            BlockTree.Accumulator<double[]> streamed = new BlockTree.Accumulator<>(blocks, 0, BlockTree::add);
            for (Double value : values) {
                streamed.push(value == null ? null : new double[] {value});
            }
            double[] total = streamed.total();
            assertThat(total == null ? null : total[0]).isEqualTo(expected);
            Collections.shuffle(sent, new java.util.Random(trial));
            double[] root = BlockTree.root(blocks, sent, BlockTree::add);
            if (expected == null) {
                assertThat(root).isNull();
                continue;
            }
            assertThat(Double.doubleToRawLongBits(root[0])).as("%d blocks cut at %s", blocks, cuts)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
            Double[] halves = new Double[blocks];
            for (int b = 0; b < blocks; b++) {
                halves[b] = values[b] == null ? null : values[b] / 2;
            }
            assertThat(Double.doubleToRawLongBits(root[1])).isEqualTo(Double.doubleToRawLongBits(pairwise(halves)));
            // the local helpers, where every block has a value
            if (!java.util.Arrays.asList(values).contains(null)) {
                double[] scalars = new double[blocks];
                double[][] vectors = new double[blocks][];
                List<Double> boxed = new ArrayList<>();
                double sequential = 0;
                for (int b = 0; b < blocks; b++) {
                    scalars[b] = values[b];
                    vectors[b] = new double[] {values[b]};
                    boxed.add(values[b]);
                    sequential += values[b];
                }
                assertThat(BlockTree.sum(scalars)).isEqualTo(expected);
                assertThat(BlockTree.sum(vectors)[0]).isEqualTo(expected);
                assertThat(BlockTree.reduce(boxed, Double::sum)).isEqualTo(expected);
                if (sequential != expected) {
                    orderMattered++;
                }
            }
        }
        // the values make the order show: a sequential sum differs from the tree's in many trials
        assertThat(orderMattered).isGreaterThan(100);
    }

    @Test
    void aLoneChildIsTakenAsItIsSoMinusZeroStays() {
        double[] root = BlockTree.root(3, BlockTree.nodes(3, 0, java.util.Arrays.asList(null, null, new double[] {-0.0}),
                BlockTree::add), BlockTree::add);
        assertThat(Double.doubleToRawLongBits(root[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(BlockTree.sum(new double[] {-0.0}))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void scatteredBlocksAreSentRunByRunWithTheSameRoot() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int blocks = 1 + random.nextInt(200);
            Double[] values = randomValues(random, blocks, 0.1);
            int partitions = 1 + random.nextInt(6);
            List<BlockTree.Node<double[]>> sent = new ArrayList<>();
            List<BlockTree.Node<double[]>> streamed = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                List<Integer> mine = new ArrayList<>();
                for (int b = p; b < blocks; b += partitions) {
                    mine.add(b);
                }
                Collections.shuffle(mine, new java.util.Random(trial));
                int[] indices = mine.stream().mapToInt(Integer::intValue).toArray();
                List<double[]> leaves = new ArrayList<>();
                for (int b : indices) {
                    leaves.add(values[b] == null ? null : new double[] {values[b]});
                }
                sent.addAll(BlockTree.nodes(blocks, indices, leaves, BlockTree::add));
                // the same blocks streamed in the shuffled order they arrive in: runs as they come
                BlockTree.Accumulator<double[]> arriving = new BlockTree.Accumulator<>(blocks, 0, BlockTree::add);
                for (int b : indices) {
                    arriving.push(b, values[b] == null ? null : new double[] {values[b]});
                }
                streamed.addAll(arriving.nodes());
            }
            double[] root = BlockTree.root(blocks, sent, BlockTree::add);
            Double expected = pairwise(values);
            assertThat(root == null ? null : root[0]).isEqualTo(expected);
            double[] streamedRoot = BlockTree.root(blocks, streamed, BlockTree::add);
            assertThat(streamedRoot == null ? null : streamedRoot[0]).isEqualTo(expected);
        }
    }

    @Test
    void overlappingOrForeignNodesAreRefused() {
        List<BlockTree.Node<double[]>> overlapping = List.of(new BlockTree.Node<>(1, 0, new double[] {1}),
                new BlockTree.Node<>(0, 1, new double[] {1}));
        assertThatThrownBy(() -> BlockTree.root(4, overlapping, BlockTree::add)).isInstanceOf(IllegalArgumentException.class);
        List<BlockTree.Node<double[]>> twice = List.of(new BlockTree.Node<>(0, 2, new double[] {1}),
                new BlockTree.Node<>(0, 2, new double[] {1}));
        assertThatThrownBy(() -> BlockTree.root(4, twice, BlockTree::add)).isInstanceOf(IllegalArgumentException.class);
        List<BlockTree.Node<double[]>> outside = List.of(new BlockTree.Node<>(0, 4, new double[] {1}));
        assertThatThrownBy(() -> BlockTree.root(4, outside, BlockTree::add)).isInstanceOf(IllegalArgumentException.class);
    }
}
