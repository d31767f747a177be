package dev.descent.ml.data;

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

    /** {@link #parts}' mark of a training row. */
    public static final byte TRAIN = 0;
    /** {@link #parts}' mark of a validation row. */
    public static final byte VALIDATION = 1;
    /** {@link #parts}' mark of a test row. */
    public static final byte TEST = 2;

    /**
     * @param validationFraction in [0, 1)
     * @param testFraction in [0, 1), with the validation fraction below 1
     */
    public static Split of(Dataset data, double validationFraction, double testFraction, long seed) {
        byte[] parts = parts(data.rows(), data.hasClasses() ? data.labels() : null, data.classNames().size(),
                validationFraction, testFraction, seed);
        return new Split(data.subset(rowsOf(parts, TRAIN), ":train"), data.subset(rowsOf(parts, VALIDATION), ":validation"),
                data.subset(rowsOf(parts, TEST), ":test"));
    }

    /**
     * Where each of {@code rows} rows goes: {@link #TRAIN}, {@link #VALIDATION} or {@link #TEST}.
     * Each class (or, without labels, all rows) is shuffled by a {@link SplittableRandom} of the seed
     * (Fisher-Yates, from the last position down), then its first {@code round(n test)} rows go to
     * test and the next {@code round(n validation)} to validation. Engines that hold the rows
     * elsewhere split with this from the labels alone, to the rows a local split picks.
     *
     * @param labels each row's class, or null for one group of all rows
     * @param classes the number of classes (ignored without labels)
     * @throws IllegalArgumentException if the fractions are out of range or no training row is left
     */
    public static byte[] parts(int rows, int[] labels, int classes, double validationFraction, double testFraction,
                               long seed) {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validation and test fractions must be in [0, 1) with a sum below 1: "
                    + validationFraction + " and " + testFraction);
        }
        int groups = labels == null ? 1 : classes;
        int[] sizes = new int[groups];
        for (int i = 0; i < rows; i++) {
            sizes[labels == null ? 0 : labels[i]]++;
        }
        int[][] members = new int[groups][];
        for (int g = 0; g < groups; g++) {
            members[g] = new int[sizes[g]];
        }
        int[] filled = new int[groups];
        for (int i = 0; i < rows; i++) {
            int g = labels == null ? 0 : labels[i];
            members[g][filled[g]++] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] parts = new byte[rows];
        boolean anyTraining = false;
        for (int[] group : members) {
            for (int i = group.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = group[i];
                group[i] = group[j];
                group[j] = swap;
            }
            int n = group.length;
            int testCount = (int) Math.round(n * testFraction);
            int validationCount = (int) Math.round(n * validationFraction);
            for (int r = 0; r < n; r++) {
                parts[group[r]] = r < testCount ? TEST : r < testCount + validationCount ? VALIDATION : TRAIN;
            }
            anyTraining |= testCount + validationCount < n;
        }
        if (!anyTraining) {
            throw new IllegalArgumentException("the split leaves no training rows (" + rows + " rows in all)");
        }
        return parts;
    }

    private static int[] rowsOf(byte[] parts, byte part) {
        int count = 0;
        for (byte p : parts) {
            count += p == part ? 1 : 0;
        }
        int[] rows = new int[count];
        for (int i = 0, k = 0; i < parts.length; i++) {
            if (parts[i] == part) {
                rows[k++] = i;
            }
        }
        return rows;
    }
}
