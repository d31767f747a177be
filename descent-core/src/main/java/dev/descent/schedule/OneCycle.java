package dev.descent.schedule;

import dev.descent.Check;

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
 * <p>The momentum coefficient ({@link dev.descent.optim.Optimizer#momentum()}) moves against the rate
 * over the same phases and with the same annealing, as torch's default {@code cycle_momentum=True}:
 * from {@code max} down to {@code base} in the first phase, back to {@code max} in the second, and at
 * {@code max} through the third; past the cycle it stays at {@code max}. Torch sets it on every rule
 * with a {@code momentum} or {@code betas} option, so plain SGD becomes momentum SGD. A
 * {@code null} cycle leaves the optimizer's momentum alone ({@code cycle_momentum=False}).
 *
 * @param total total_steps, at least 1
 * @param pct pct_start, the fraction of the cycle spent raising the rate, in [0, 1]; torch's default 0.3;
 *            {@code pct * total} must not be 1 (torch's first phase would be empty and divide 0 by 0)
 * @param linear anneal_strategy: true for 'linear', false for torch's default 'cos'
 * @param div div_factor, in (0, inf); torch's default 25
 * @param finalDiv final_div_factor, in (0, inf); torch's default 1e4
 * @param threePhase three_phase: the paper's three phases instead of torch's default two
 * @param momentum base_momentum and max_momentum, or null for the rate alone; torch's default 0.85 and 0.95
 */
public record OneCycle(long total, double pct, boolean linear, double div, double finalDiv, boolean threePhase,
                       MomentumCycle momentum) implements Schedule {

    /** Validates. */
    public OneCycle {
        Check.atLeast("total", total, 1);
        Check.unitClosed("pct", pct);
        if (pct * total == 1) {
            throw new IllegalArgumentException("pct * total must not be 1 (the first phase would have no steps): "
                    + pct + " * " + total);
        }
        Check.positive("div", div);
        Check.positive("finalDiv", finalDiv);
    }

    /** Torch's defaults: pct 0.3, cosine annealing, div 25, finalDiv 1e4, two phases, momentum 0.85 to 0.95. */
    public static OneCycle of(long total) {
        return new OneCycle(total, 0.3, false, 25, 1e4, false, MomentumCycle.oneCycleDefault());
    }

    /** @return a copy that cycles the momentum in {@code cycle}, or leaves it alone for null */
    public OneCycle withMomentum(MomentumCycle cycle) {
        return new OneCycle(total, pct, linear, div, finalDiv, threePhase, cycle);
    }

    /** @return a copy that shapes the rate only ({@code cycle_momentum=False}) */
    public OneCycle withoutMomentum() {
        return withMomentum(null);
    }

    @Override
    public boolean cyclesMomentum() {
        return momentum != null;
    }

    @Override
    public double momentum(long step) {
        Check.atLeast("step", step, 0);
        if (momentum == null) {
            return Double.NaN;
        }
        double high = momentum.max();
        double low = momentum.base();
        if (step >= total) {
            return high;
        }
        return anneal(step, high, low, low, high, high, high);
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        double initial = baseRate / div;
        double minimum = initial / finalDiv;
        if (step >= total) {
            return minimum;
        }
        return threePhase ? anneal(step, initial, baseRate, baseRate, initial, initial, minimum)
                : anneal(step, initial, baseRate, baseRate, minimum, Double.NaN, Double.NaN);
    }

    /**
     * The value at {@code step} of the phases going from {@code fromK} to {@code toK} (the third pair
     * is read with three phases only), without allocating: the schedule is read at every step.
     */
    private double anneal(long step, double from0, double to0, double from1, double to1, double from2, double to2) {
        double firstEnd = pct * total - 1;
        double secondEnd = threePhase ? 2 * pct * total - 2 : total - 1;
        double start;
        double end;
        double from;
        double to;
        if (step <= firstEnd) {
            start = 0;
            end = firstEnd;
            from = from0;
            to = to0;
        } else if (!threePhase || step <= secondEnd) {
            start = firstEnd;
            end = secondEnd;
            from = from1;
            to = to1;
        } else {
            start = secondEnd;
            end = total - 1;
            from = from2;
            to = to2;
        }
        double p = (step - start) / (end - start);
        return linear ? (to - from) * p + from : to + (from - to) / 2.0 * (Math.cos(Math.PI * p) + 1);
    }
}
