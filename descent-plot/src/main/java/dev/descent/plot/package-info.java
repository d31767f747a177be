/**
 * Pictures of gradient descent: {@link dev.descent.plot.ContourPlot} (filled contours with the
 * path of every step, single or side by side), {@link dev.descent.plot.LossCurves} and
 * {@link dev.descent.plot.RangeTestPlot} (the learning-rate range test); PNG and SVG
 * through {@link dev.descent.plot.Figure}, headless. {@link dev.descent.plot.Pictures} draws the
 * lessons from real runs (the step size, local against global minima) on a
 * {@link dev.descent.plot.Landscape}, a function of two variables with its known minima.
 */
package dev.descent.plot;
