package dev.descent.schedule;

/**
 * The 1cycle policy (Smith &amp; Topin, "Super-Convergence: Very Fast Training of Neural Networks Using
 * Large Learning Rates", 2017) as PyTorch 1.13's {@code OneCycleLR(max_lr=lr, total_steps=total,
 * pct_start=pct, anneal_strategy, div_factor=div, final_div_factor=finalDiv, three_phase)} computes the
 * learning rate, where {@code max_lr} is the optimizer's {@code lr}:
 *
 * <pre>
 * initial = lr / div,   min = initial / finalDiv
 * two phases:    initial -&gt; lr    up to step e1 = pct * total - 1,
 *                lr -&gt; min        up to step total - 1
 * three phases:  initial -&gt; lr    up to step e1 = pct * total - 1,
 *                lr -&gt; initial    up to step e2 = 2 * pct * total - 2,
 *                initial -&gt; min   up to step total - 1
 * in the phase from step s to step e (s = 0 or the previous phase's e), going from a to b:
 *   p = (t - s) / (e - s)
 *   cos:    lr_t = b + (a - b) / 2 * (cos(pi * p) + 1)
 *   linear: lr_t = (b - a) * p + a
 * </pre>
 *
 * <p>A step {@code t} belongs to the first phase with {@code t <= e}, or else to the last, exactly as in
 * torch (including torch's fractional phase ends and its floating-point order of operations). The
 * cycle covers the updates {@code 0 .. total - 1}; from step {@code total} on the rate stays at
 * {@code min}. There torch differs: at step {@code total} it extrapolates the last phase (with linear
 * annealing to a negative rate) and beyond it refuses to step.
 *
 * <p>This schedule shapes the learning rate only: momentum cycling is not applied, as with torch's
 * {@code cycle_momentum=False}.
 *
 * @param total total_steps, at least 1
 * @param pct pct_start, the fraction of the cycle spent raising the rate, in [0, 1]; torch's default 0.3;
 *            {@code pct * total} must not be 1 (torch's first phase would be empty and divide 0 by 0)
 * @param linear anneal_strategy: true for 'linear', false for torch's default 'cos'
 * @param div div_factor, in (0, inf); torch's default 25
 * @param finalDiv final_div_factor, in (0, inf); torch's default 1e4
 * @param threePhase three_phase: the paper's three phases instead of torch's default two
 */
public record OneCycle(long total, double pct, boolean linear, double div, double finalDiv, boolean threePhase)
        implements Schedule {

    /** Validates. */
    public OneCycle {
        Rates.positive("total", total);
        if (!(pct >= 0 && pct <= 1)) {
            throw new IllegalArgumentException("pct must be in [0, 1]: " + pct);
        }
        if (pct * total == 1) {
            throw new IllegalArgumentException("pct * total must not be 1 (the first phase would have no steps): "
                    + pct + " * " + total);
        }
        Rates.positive("div", div);
        Rates.positive("finalDiv", finalDiv);
    }

    /** Torch's defaults: pct 0.3, cosine annealing, div 25, finalDiv 1e4, two phases. */
    public static OneCycle of(long total) {
        return new OneCycle(total, 0.3, false, 25, 1e4, false);
    }

    @Override
    public double at(double baseRate, long step) {
        Rates.step(step);
        double initial = baseRate / div;
        double minimum = initial / finalDiv;
        if (step >= total) {
            return minimum;
        }
        double firstEnd = pct * total - 1;
        double[] ends;
        double[] from;
        double[] to;
        if (threePhase) {
            ends = new double[] {firstEnd, 2 * pct * total - 2, total - 1};
            from = new double[] {initial, baseRate, initial};
            to = new double[] {baseRate, initial, minimum};
        } else {
            ends = new double[] {firstEnd, total - 1};
            from = new double[] {initial, baseRate};
            to = new double[] {baseRate, minimum};
        }
        double start = 0;
        for (int i = 0; i < ends.length; i++) {
            if (step <= ends[i] || i == ends.length - 1) {
                double p = (step - start) / (ends[i] - start);
                return linear ? (to[i] - from[i]) * p + from[i]
                        : to[i] + (from[i] - to[i]) / 2.0 * (Math.cos(Math.PI * p) + 1);
            }
            start = ends[i];
        }
        throw new AssertionError("unreachable: the last phase takes every step");
    }
}
