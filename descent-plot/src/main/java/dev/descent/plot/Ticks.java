package dev.descent.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tick positions at "nice" numbers (1, 2, 5 times a power of ten) and their labels. */
final class Ticks {
    private Ticks() {}

    /** About {@code count} ticks covering [low, high]. */
    static List<Double> linear(double low, double high, int count) {
        double span = high - low;
        double rough = span / Math.max(1, count);
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normalized = rough / magnitude;
        double step = (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10) * magnitude;
        List<Double> ticks = new ArrayList<>();
        double first = Math.ceil(low / step - 1e-9) * step;
        for (double t = first; t <= high + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return ticks;
    }

    /** Powers of ten covering [low, high] (both positive), every k-th so there are at most {@code count}. */
    static List<Double> decades(double low, double high, int count) {
        int first = (int) Math.ceil(Math.log10(low) - 1e-9);
        int last = (int) Math.floor(Math.log10(high) + 1e-9);
        int stride = Math.max(1, (int) Math.ceil((last - first + 1) / (double) count));
        List<Double> ticks = new ArrayList<>();
        for (int e = first; e <= last; e += stride) {
            ticks.add(Math.pow(10, e));
        }
        return ticks;
    }

    /** Three significant digits: {@code 100}, {@code 0.0102}, {@code -38.2}, {@code 1.2e+04}. */
    static String significant(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e5 || magnitude < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", value).replaceAll("\\.?0+e", "e");
        }
        String text = new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return text;
    }

    /** A short label: {@code 0.5}, {@code 120}, {@code 1e-06}. */
    static String label(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e5 || magnitude < 1e-3) {
            String text = String.format(Locale.ROOT, "%.0e", value);
            if (Math.abs(value / Math.pow(10, Math.floor(Math.log10(magnitude))) - 1) < 1e-9) {
                text = String.format(Locale.ROOT, "1e%d", (int) Math.floor(Math.log10(magnitude)));
                return value < 0 ? "-" + text : text;
            }
            return text;
        }
        String text = String.format(Locale.ROOT, "%.4f", value);
        text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        return text;
    }
}
