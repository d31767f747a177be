package dev.descent.plot;

import dev.descent.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A function of two variables as the pictures draw it: the function, the names of its two
 * variables (the axes) and its known minima (stars).
 *
 * @param objective the function, of two variables
 * @param variables the names of the two variables, the x axis's first
 * @param minima the known minimizers, each {x, y}; may be empty
 */
public record Landscape(Objective objective, List<String> variables, List<double[]> minima) {

    /** Validates and copies. */
    public Landscape {
        Objects.requireNonNull(objective, "objective");
        if (objective.dimension() != 2 || variables.size() != 2) {
            throw new IllegalArgumentException("a landscape is a function of two variables; this one has "
                    + objective.dimension() + " and names " + variables.size());
        }
        variables = List.copyOf(variables);
        List<double[]> copies = new ArrayList<>();
        for (double[] minimum : minima) {
            copies.add(minimum.clone());
        }
        minima = List.copyOf(copies);
    }

    /** The known minimizers, copies. */
    @Override
    public List<double[]> minima() {
        return minima.stream().map(double[]::clone).toList();
    }
}
