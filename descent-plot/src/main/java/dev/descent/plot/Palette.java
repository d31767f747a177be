package dev.descent.plot;

import java.awt.Color;

/** The colours paths are drawn in by default, chosen to stand out on viridis. */
public final class Palette {
    private Palette() {}

    /** The {@code index}-th palette colour, cycling. */
    public static Color color(int index) {
        return Style.palette(index);
    }
}
