package dev.descent.ml.data;

import dev.descent.io.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * A table made ready to train on: the rows without a target left out (and counted), the rest split
 * (seeded, stratified: {@link Split#parts}), the columns encoded as the training rows teach
 * ({@link Encoding#fit}) and every split encoded alike.
 *
 * @param all every row with a target, encoded
 * @param split the split of {@code all}
 * @param encoding what the training rows taught
 * @param notes what the user should know about the data: rows skipped, cells filled in, columns left
 *     out or likely identifiers, categories the training rows did not have
 */
public record PreparedData(Dataset all, Split split, Encoding encoding, List<String> notes) {

    /** Copies the notes. */
    public PreparedData {
        notes = List.copyOf(notes);
    }

    /**
     * Prepares {@code table} for training.
     *
     * @param asClasses read a numeric target as classes
     */
    public static PreparedData of(Table table, boolean asClasses, double validation, double test, long seed) {
        List<String> notes = new ArrayList<>();
        Table.Target target = table.target(asClasses);
        if (target.missing() > 0) {
            int[] kept = present(target);
            if (kept.length == 0) {
                throw new DataException(table.source() + ": every row's target " + Printable.quote(table.targetName())
                        + " is missing");
            }
            notes.add(skipped(target.missing(), table));
            table = table.rows(kept);
            target = table.target(asClasses);
        }
        fewValues(table, target).ifPresent(notes::add);
        byte[] parts = Split.parts(table.rows(), target.labels(), target.classes().size(), validation, test, seed);
        int training = 0;
        for (byte part : parts) {
            training += part == Split.TRAIN ? 1 : 0;
        }
        int[] trainingRows = new int[training];
        for (int i = 0, k = 0; i < parts.length; i++) {
            if (parts[i] == Split.TRAIN) {
                trainingRows[k++] = i;
            }
        }
        Encoding.Fitted fitted = Encoding.fit(table, trainingRows);
        notes.addAll(fitted.notes());
        Encoding.Encoded encoded = fitted.encoding().apply(table);
        double[] weights = table.weights();
        if (weights != null) {
            double sum = 0;
            for (int row : trainingRows) {
                sum += weights[row];
            }
            if (!(sum > 0)) {
                throw new DataException(table.source() + ": every training row's weight " + Printable.quote(
                        table.options().weight()) + " is 0: there is nothing to learn from");
            }
        }
        Dataset all = new Dataset(table.name(), fitted.encoding().featureNames(), table.targetName(), encoded.features(),
                target.values(), target.classes(), target.labels(), weights);
        notes.addAll(filled(encoded, table.name()));
        Split split = Split.of(all, validation, test, seed);
        return new PreparedData(all, split, fitted.encoding(), notes);
    }

    /**
     * Rows of another file encoded as a trained model reads them, the classes named as the model's:
     * {@link Dataset#alignedTo} maps them.
     *
     * @param notes where what was filled in is said
     */
    public static Dataset encode(Table table, Encoding encoding, boolean asClasses, List<String> notes) {
        return encode(table, encoding, asClasses, notes, true);
    }

    /**
     * Rows of another file encoded as a trained model reads them; rows without a target, when it is
     * read, are left out and counted.
     *
     * @param withTarget whether the target column is read (for scoring) or ignored (for predicting)
     * @param notes where what was filled in is said
     */
    public static Dataset encode(Table table, Encoding encoding, boolean asClasses, List<String> notes,
                                 boolean withTarget) {
        if (!withTarget || table.target() == null) {
            Encoding.Encoded encoded = encoding.apply(table);
            notes.addAll(filled(encoded, table.name()));
            return new Dataset(table.name(), encoding.featureNames(), "(none)", encoded.features(),
                    new double[table.rows()], List.of(), null);
        }
        Table.Target target = table.target(asClasses);
        if (target.missing() > 0) {
            notes.add(skipped(target.missing(), table));
            table = table.rows(present(target));
            target = table.target(asClasses);
        }
        Encoding.Encoded encoded = encoding.apply(table);
        notes.addAll(filled(encoded, table.name()));
        Dataset rows = new Dataset(table.name(), encoding.featureNames(), table.targetName(), encoded.features(),
                target.values(), target.classes(), target.labels());
        return table.weights() == null ? rows : rows.withWeights(table.weights());
    }

    /** The most distinct whole numbers a numeric target may have before it is said to look like classes. */
    static final int FEW_VALUES = 10;

    /**
     * A numeric target read as numbers whose values are a few whole numbers (0/1, 1-5), each held by
     * several rows, looks like classes: said so, with the flag that reads it as classes.
     */
    private static java.util.Optional<String> fewValues(Table table, Table.Target target) {
        if (!target.classes().isEmpty()) {
            return java.util.Optional.empty();
        }
        return fewValues(table.targetName(), java.util.Arrays.stream(target.values()).boxed().toList(), table.rows());
    }

    /**
     * The note {@link #of} gives a numeric target whose values (each at least once in
     * {@code values}) are a few whole numbers, each held by several of the {@code rows} rows; empty
     * when they are not.
     */
    public static java.util.Optional<String> fewValues(String targetName, java.util.Collection<Double> values, long rows) {
        java.util.TreeSet<Double> distinct = new java.util.TreeSet<>();
        for (double value : values) {
            if (value != Math.rint(value) || distinct.add(value) && distinct.size() > FEW_VALUES) {
                return java.util.Optional.empty();
            }
        }
        if (distinct.size() < 2 || rows < 5L * distinct.size()) {
            return java.util.Optional.empty();
        }
        List<String> shown = new ArrayList<>();
        distinct.forEach(v -> shown.add(Long.toString(v.longValue())));
        return java.util.Optional.of("the target " + Printable.quote(targetName) + " has " + distinct.size()
                + " distinct values (" + String.join(", ", shown) + "), fitted as numbers: to train a classifier, read "
                + "it as classes (--classes)");
    }

    /** The rows whose target is present. */
    private static int[] present(Table.Target target) {
        int[] kept = new int[target.values().length - target.missing()];
        int k = 0;
        for (int i = 0; i < target.values().length; i++) {
            if (!Double.isNaN(target.values()[i])) {
                kept[k++] = i;
            }
        }
        return kept;
    }

    private static String skipped(int rows, Table table) {
        return skipped(rows, table.name(), table.targetName());
    }

    /** The note on {@code rows} rows of the table {@code name} left out for want of a target. */
    public static String skipped(long rows, String name, String targetName) {
        return rows + " row" + (rows == 1 ? "" : "s") + " of " + name + " without a target "
                + Printable.quote(targetName) + " left out";
    }

    /** What encoding had to fill in, in words: cells imputed, categories unseen in training. */
    private static List<String> filled(Encoding.Encoded encoded, String where) {
        return filled(encoded.imputed(), encoded.unseen(), encoded.firstUnseen(), where);
    }

    /**
     * The notes on what encoding the rows of {@code where} filled in: numeric cells imputed, category
     * cells unseen in training ({@code firstUnseen} where the first is and what it holds).
     */
    public static List<String> filled(long imputed, long unseen, String firstUnseen, String where) {
        List<String> notes = new ArrayList<>();
        if (imputed > 0) {
            notes.add(imputed + " missing numeric cell" + (imputed == 1 ? "" : "s") + " of " + where
                    + " filled with " + (imputed == 1 ? "its column's" : "their columns'") + " training mean");
        }
        if (unseen > 0) {
            notes.add(unseen + " cell" + (unseen == 1 ? "" : "s") + " of " + where + " held a category "
                    + "the training rows did not have, encoded as all zeros (the first: " + firstUnseen + ")");
        }
        return notes;
    }
}
