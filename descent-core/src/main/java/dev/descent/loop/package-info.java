/**
 * The one loop: {@link dev.descent.loop.Minimizer} runs objective -&gt; gradient -&gt; (clipping,)
 * update rule -&gt; new point -&gt; stopping rule -&gt; result, for a function or an epoch of batches,
 * and resumes a run from its {@link dev.descent.RunSnapshot}.
 *
 * <p>It has a package of its own because it is the one place that brings the others together: it
 * uses the update rules ({@code optim}), the schedules, the stopping rules and the line searches'
 * failures, while those use only the vocabulary at the root ({@link dev.descent.Objective},
 * {@link dev.descent.Progress}, {@link dev.descent.Bounds}, ...). With the loop at the root, the root
 * and those packages would import each other; here every dependency points one way, towards the root.
 * One run's mutable state stays package-private: the loop itself, the best point it keeps, and the
 * float32 mirror of the parameters that float32 rules step.
 */
package dev.descent.loop;
