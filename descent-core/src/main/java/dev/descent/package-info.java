/**
 * The vocabulary of the one loop: {@link dev.descent.Objective} (value and gradient in one call)
 * and its adapters in {@link dev.descent.Objectives}; {@link dev.descent.BatchedObjective} (a mean
 * over data visited a batch at a time, for training); {@link dev.descent.Result} with its
 * {@link dev.descent.StopReason} and trace; {@link dev.descent.Progress}, the view of a run that
 * stopping rules and {@link dev.descent.Listener}s see at every step and epoch;
 * {@link dev.descent.RunSnapshot} for checkpoints; {@link dev.descent.GradientClipping};
 * {@link dev.descent.Bounds}, a box the iterates keep to. The loop itself,
 * {@link dev.descent.loop.Minimizer} (objective -&gt; gradient -&gt; update rule -&gt; new point -&gt;
 * stopping rule -&gt; result, for a function or an epoch of batches), lives in {@code loop}, so that
 * this package imports none of the packages that import it. Sub-packages: {@code loop},
 * {@code optim} (update rules), {@code linesearch}, {@code schedule}, {@code stop}, {@code functions}
 * (standard test functions), {@code check} (gradient checker), {@code multistart}, {@code rangetest}
 * (the learning-rate range test), {@code vector} (kernels), {@code average} (weight averaging: EMA
 * and SWA of the iterates, fed by the listener hooks), {@code parallel} (the worker team),
 * {@code io} (atomic files).
 */
package dev.descent;
