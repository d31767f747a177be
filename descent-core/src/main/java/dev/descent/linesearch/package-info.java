/**
 * Line searches: {@link dev.descent.linesearch.LineSearch} at the root of the package, Armijo
 * backtracking and the strong Wolfe search of Nocedal &amp; Wright beside it. Used by gradient descent
 * with line search and by L-BFGS.
 */
package dev.descent.linesearch;
