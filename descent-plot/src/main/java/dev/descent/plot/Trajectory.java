package dev.descent.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path to draw: its label (optimizer, learning rate, stop reason, iterations) and its points in
 * order, the start first.
 *
 * @param label the legend text
 * @param points the points, each {x, y}
 * @param color the colour, or null to take the next from the palette
 */
public record Trajectory(String label, List<double[]> points, Color color) {

    /** Validates and copies. */
    public Trajectory {
        Objects.requireNonNull(label, "label");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a trajectory needs at least its start point");
        }
        List<double[]> copy = new ArrayList<>(points.size());
        for (double[] p : points) {
            if (p.length < 2) {
                throw new IllegalArgumentException("trajectory points need two coordinates");
            }
            copy.add(new double[] {p[0], p[1]});
        }
        points = List.copyOf(copy);
    }

    /** A trajectory coloured from the palette. */
    public Trajectory(String label, List<double[]> points) {
        this(label, points, null);
    }
}
