/**
 * The threads descent's kernels share: {@link dev.descent.parallel.Team} splits a product, an
 * optimizer's update or a loss's row chunks over the cores, with helpers that stay awake between
 * the short phases of a training step.
 */
package dev.descent.parallel;
