package dev.descent.ml.data;

import dev.descent.io.Printable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Weights per class that multiply each row's loss, as scikit-learn's {@code class_weight}:
 * {@code balanced} gives class {@code c} the weight {@code n / (k n_c)} from the training rows'
 * counts ({@code n} rows, {@code k} classes, {@code n_c} rows of class {@code c}), so that every
 * class weighs the same in the loss; {@code yes=5,no=1} names them, a class left out weighing 1. They
 * multiply the loss only, not the standardizer's moments, and combine with a weight column by
 * product.
 *
 * @param balanced whether the weights are {@code n / (k n_c)}
 * @param given the weight of each named class (empty when balanced)
 */
public record ClassWeights(boolean balanced, Map<String, Double> given) {

    /** Validates and copies: the weights named are finite and at least 0. */
    public ClassWeights {
        given = Map.copyOf(given);
        if (balanced && !given.isEmpty()) {
            throw new IllegalArgumentException("class weights are balanced or given, not both");
        }
        for (Map.Entry<String, Double> entry : given.entrySet()) {
            double weight = entry.getValue();
            if (!Double.isFinite(weight) || weight < 0) {
                throw new IllegalArgumentException("the weight of class " + Printable.quote(entry.getKey())
                        + " must be a finite number at least 0: " + weight);
            }
        }
    }

    /** {@code balanced}, or {@code class=weight,...}. */
    public static ClassWeights parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("balanced")) {
            return new ClassWeights(true, Map.of());
        }
        Map<String, Double> given = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            int equals = part.lastIndexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("class weights are 'balanced' or class=weight,...: "
                        + Printable.quote(text));
            }
            String name = part.substring(0, equals);
            double weight;
            try {
                weight = Double.parseDouble(part.substring(equals + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of class " + Printable.quote(name) + " is not a number: "
                        + Printable.quote(part.substring(equals + 1)));
            }
            if (given.put(name, weight) != null) {
                throw new IllegalArgumentException("class " + Printable.quote(name) + " is weighted twice");
            }
        }
        return new ClassWeights(false, given);
    }

    /**
     * The weight of each class, in the order of {@code classes}.
     *
     * @param counts the training rows of each class
     * @throws IllegalArgumentException naming a class that is not one of {@code classes}
     */
    public double[] of(List<String> classes, long[] counts) {
        double[] weights = new double[classes.size()];
        if (balanced) {
            long n = 0;
            for (long count : counts) {
                n += count;
            }
            for (int c = 0; c < weights.length; c++) {
                weights[c] = counts[c] == 0 ? 0 : (double) n / ((double) classes.size() * counts[c]);
            }
            return weights;
        }
        for (String name : given.keySet()) {
            if (!classes.contains(name)) {
                throw new IllegalArgumentException("no class " + Printable.quote(name) + " (classes: "
                        + String.join(", ", classes) + ")");
            }
        }
        for (int c = 0; c < weights.length; c++) {
            weights[c] = given.getOrDefault(classes.get(c), 1.0);
        }
        return weights;
    }

    @Override
    public String toString() {
        if (balanced) {
            return "balanced";
        }
        StringBuilder text = new StringBuilder();
        given.forEach((name, weight) -> text.append(text.length() == 0 ? "" : ",").append(name).append('=').append(weight));
        return text.toString();
    }
}
