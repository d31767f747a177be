package dev.descent.spec;

import java.util.ArrayList;
import java.util.List;

/** Values just outside a range as a spec table lists it, for the tests that hold the table to the records. */
public final class RangeProbes {
    private RangeProbes() {}

    /** {@code in [0, 1)} gives -1 and 1, {@code in (0, inf)} gives 0, {@code at least 1} gives 0. */
    public static List<Double> outside(String range) {
        if (range.startsWith("at least ")) {
            return List.of(Double.parseDouble(range.substring("at least ".length())) - 1);
        }
        String interval = range.substring("in ".length());
        String[] ends = interval.substring(1, interval.length() - 1).split(", ");
        List<Double> probes = new ArrayList<>();
        double low = Double.parseDouble(ends[0]);
        probes.add(interval.charAt(0) == '(' ? low : low - 1);
        if (!ends[1].equals("inf")) {
            double high = Double.parseDouble(ends[1]);
            probes.add(interval.charAt(interval.length() - 1) == ')' ? high : high + 1);
        }
        return probes;
    }
}
