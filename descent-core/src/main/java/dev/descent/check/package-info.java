/**
 * Checks: {@link dev.descent.check.GradientChecker} (a gradient against finite differences) and
 * {@link dev.descent.check.Curvature} (the largest Hessian eigenvalue, for choosing step sizes).
 */
package dev.descent.check;
