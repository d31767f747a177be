/**
 * Multi-start: one method from many seeded starts, and the distinct local minima it reached
 * ({@link dev.descent.multistart.MultiStart}, which of them are global and which minimum each run
 * reached); {@link dev.descent.multistart.BasinMap}, the basin of every cell of a grid.
 */
package dev.descent.multistart;
