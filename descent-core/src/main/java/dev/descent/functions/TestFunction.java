package dev.descent.functions;

import dev.descent.Objective;
import java.util.List;

/**
 * A standard optimization test function: an objective with an analytic gradient, its usual start,
 * its known global minima and its usual search box. References: Moré, Garbow &amp; Hillstrom,
 * "Testing Unconstrained Optimization Software", ACM TOMS 7 (1981); Jamil &amp; Yang, "A literature
 * survey of benchmark functions for global optimisation problems", IJMMNO 4 (2013); Surjanovic &amp;
 * Bingham, Virtual Library of Simulation Experiments (sfu.ca/~ssurjano).
 */
public interface TestFunction extends Objective {

    /** The lower-case name used by {@link TestFunctions#byName}, such as {@code "rosenbrock"}. */
    String name();

    /** The customary starting point; a fresh copy. */
    double[] standardStart();

    /** Every known global minimizer; fresh copies. */
    List<double[]> globalMinima();

    /** The value at the global minima. */
    double minimumValue();

    /** The lower corner of the usual search box; a fresh copy. */
    double[] lowerBounds();

    /** The upper corner of the usual search box; a fresh copy. */
    double[] upperBounds();
}
