/**
 * The minimize loop and its vocabulary: {@link dev.descent.Objective} (value and gradient in one
 * call) and its adapters in {@link dev.descent.Objectives}; {@link dev.descent.Minimizer} (objective
 * -&gt; gradient -&gt; update rule -&gt; new point -&gt; stopping rule -&gt; result); {@link dev.descent.Result}
 * with its {@link dev.descent.StopReason} and trace; {@link dev.descent.Listener}s that see every
 * step; {@link dev.descent.GradientClipping}. Sub-packages: {@code optim} (update rules),
 * {@code linesearch}, {@code schedule}, {@code stop}, {@code functions} (standard test functions),
 * {@code check} (gradient checker), {@code multistart}, {@code vector} (kernels).
 */
package dev.descent;
