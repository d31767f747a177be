/**
 * Stopping rules: {@link dev.descent.stop.StoppingRule} (a reason or nothing, composable with
 * {@code or}) and the standard rules in {@link dev.descent.stop.StoppingRules}.
 */
package dev.descent.stop;
