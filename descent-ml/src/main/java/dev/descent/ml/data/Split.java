package dev.descent.ml.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded train/validation/test split. For classification it is stratified: each class is
 * shuffled and divided in the same proportions, so every part keeps the class balance. The same
 * seed gives the same split.
 *
 * @param train the training rows
 * @param validation the validation rows (may be empty)
 * @param test the test rows (may be empty)
 */
public record Split(Dataset train, Dataset validation, Dataset test) {

    /**
     * @param validationFraction in [0, 1)
     * @param testFraction in [0, 1), with the validation fraction below 1
     */
    public static Split of(Dataset data, double validationFraction, double testFraction, long seed) {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validation and test fractions must be in [0, 1) with a sum below 1: "
                    + validationFraction + " and " + testFraction);
        }
        List<List<Integer>> groups = new ArrayList<>();
        if (data.hasClasses()) {
            int[] labels = data.labels();
            for (int c = 0; c < data.classNames().size(); c++) {
                groups.add(new ArrayList<>());
            }
            for (int i = 0; i < labels.length; i++) {
                groups.get(labels[i]).add(i);
            }
        } else {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < data.rows(); i++) {
                all.add(i);
            }
            groups.add(all);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> group : groups) {
            shuffle(group, random);
            int n = group.size();
            int testCount = (int) Math.round(n * testFraction);
            int validationCount = (int) Math.round(n * validationFraction);
            test.addAll(group.subList(0, testCount));
            validation.addAll(group.subList(testCount, testCount + validationCount));
            train.addAll(group.subList(testCount + validationCount, n));
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the split leaves no training rows (" + data.rows() + " rows in all)");
        }
        return new Split(data.subset(sorted(train), ":train"), data.subset(sorted(validation), ":validation"),
                data.subset(sorted(test), ":test"));
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }

    private static int[] sorted(List<Integer> indices) {
        return indices.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
