/**
 * Standard test functions with analytic gradients, known minima and search boxes:
 * {@link dev.descent.functions.TestFunction} at the root, one file per function, and
 * {@link dev.descent.functions.TestFunctions} to find them by name.
 */
package dev.descent.functions;
