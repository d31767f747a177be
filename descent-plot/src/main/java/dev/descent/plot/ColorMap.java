package dev.descent.plot;

import java.awt.Color;

/**
 * Viridis, the perceptually uniform colour map of van der Walt and Smith (matplotlib, 2015), by
 * linear interpolation between nine of its published stops. Dark is low, yellow is high.
 */
final class ColorMap {
    private static final int[] STOPS = {
        0x440154, 0x472C7A, 0x3B518B, 0x2C718E, 0x21908D, 0x27AD81, 0x5CC863, 0xAADC32, 0xFDE725
    };

    private ColorMap() {}

    /** The colour at {@code t} in [0, 1] (clamped), as packed RGB. */
    static int rgb(double t) {
        if (!(t > 0)) {
            return STOPS[0];
        }
        if (t >= 1) {
            return STOPS[STOPS.length - 1];
        }
        double position = t * (STOPS.length - 1);
        int index = (int) position;
        double fraction = position - index;
        int a = STOPS[index];
        int b = STOPS[index + 1];
        int red = (int) Math.round(((a >> 16) & 0xFF) * (1 - fraction) + ((b >> 16) & 0xFF) * fraction);
        int green = (int) Math.round(((a >> 8) & 0xFF) * (1 - fraction) + ((b >> 8) & 0xFF) * fraction);
        int blue = (int) Math.round((a & 0xFF) * (1 - fraction) + (b & 0xFF) * fraction);
        return (red << 16) | (green << 8) | blue;
    }

    static Color color(double t) {
        return new Color(rgb(t));
    }
}
