/**
 * Line searches: {@link dev.descent.linesearch.LineSearch} at the root of the package, Armijo
 * backtracking and the strong Wolfe search of Nocedal &amp; Wright beside it, used by gradient descent
 * with line search and by L-BFGS; {@link dev.descent.linesearch.MoreThuente}, the reverse-communication
 * search that L-BFGS-B drives within a box.
 */
package dev.descent.linesearch;
