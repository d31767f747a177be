/**
 * The learning-rate range test (Smith 2017): {@link dev.descent.rangetest.LearningRateFinder} runs
 * an optimizer through the one loop with an exponentially rising rate and suggests a rate from the
 * smoothed loss; {@link dev.descent.rangetest.RangeTest} holds the recorded curve and the suggestion.
 * {@link dev.descent.rangetest.LearningRateRegimes} picks gradient descent's too small, too large and
 * good rates at a start from the curvature there, the lesson of the step size.
 */
package dev.descent.rangetest;
