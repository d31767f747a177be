/**
 * Pictures of gradient descent: {@link dev.descent.plot.ContourPlot} (filled contours with the
 * path of every step, single or side by side), {@link dev.descent.plot.LossCurves} and
 * {@link dev.descent.plot.RangeTestPlot} (the learning-rate range test); PNG and SVG
 * through {@link dev.descent.plot.Figure}, headless.
 */
package dev.descent.plot;
