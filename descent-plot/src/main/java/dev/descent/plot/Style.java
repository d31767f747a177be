package dev.descent.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/** Colours, fonts and strokes shared by every picture. */
final class Style {
    private Style() {}

    /**
     * Run colours for every picture, contour plots (on viridis) and loss curves (on white) alike, so
     * a run keeps its colour from one picture to the next: strong warm and cool hues that stand out
     * on both, no white or light grey.
     */
    static final Color[] PALETTE = {
        new Color(0xFF3B30), new Color(0xFF9F0A), new Color(0x5AC8FA), new Color(0xFF2D95), new Color(0x30D158),
        new Color(0xBF5AF2), new Color(0x111111), new Color(0xFFD60A), new Color(0x8E5A2B), new Color(0x0A84FF)
    };

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    static final Color INK = new Color(0x222222);
    static final Color GRID_LINE = new Color(255, 255, 255, 70);
    /** Over the points outside a feasible box: a dark veil that keeps the contours readable. */
    static final Color INFEASIBLE = new Color(20, 20, 20, 150);
    static final BasicStroke PATH = new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke THIN = new BasicStroke(1.0f);
    static final BasicStroke OUTLINE = new BasicStroke(1.2f);

    static Color palette(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** Black or white, whichever reads better on {@code background}. */
    static Color contrast(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen() + 0.0722 * background.getBlue();
        return luminance > 140 ? Color.BLACK : Color.WHITE;
    }
}
