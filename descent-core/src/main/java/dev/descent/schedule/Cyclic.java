package dev.descent.schedule;

import dev.descent.Check;
import java.util.Objects;

/**
 * Cyclical learning rates (Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017)
 * as PyTorch 1.13's {@code CyclicLR(base_lr=base, max_lr=lr, step_size_up=up, step_size_down=down,
 * mode, gamma)} computes them, where {@code max_lr} is the optimizer's {@code lr}:
 *
 * <pre>
 * cycle = floor(1 + t / (up + down)),   x = 1 + t / (up + down) - cycle,   r = up / (up + down)
 * s     = x / r              if x &lt;= r   (rising for up steps)
 *         (x - 1) / (r - 1)  otherwise   (falling for down steps)
 * lr_t  = base + (lr - base) * s * scale
 * scale = 1                  triangular
 *         1 / 2^(cycle - 1)  triangular2  (the amplitude halves each cycle)
 *         gamma^t            exp_range
 * </pre>
 *
 * <p>The momentum coefficient ({@link dev.descent.optim.Optimizer#momentum()}) moves against the rate,
 * as torch's default {@code cycle_momentum=True}:
 * {@code momentum_t = max_m - (max_m - base_m) * s * scale}. Torch 1.13 cycles SGD's and RMSprop's
 * {@code momentum} and refuses rules with {@code betas}; descent cycles their {@code beta1}, as torch
 * 2.0 and later do. A {@code null} cycle leaves the optimizer's momentum alone
 * ({@code cycle_momentum=False}).
 *
 * @param base base_lr, the rate at the start of each cycle, in [0, inf)
 * @param up step_size_up, the steps of the rise, at least 1
 * @param down step_size_down, the steps of the fall, at least 0 (torch's default is {@code up})
 * @param mode the amplitude's scaling
 * @param gamma the per-step factor of {@link Mode#EXP_RANGE}, in (0, 1]; torch's default 1
 * @param momentum base_momentum and max_momentum, or null for the rate alone; torch's default 0.8 and 0.9
 */
public record Cyclic(double base, long up, long down, Mode mode, double gamma, MomentumCycle momentum)
        implements Schedule {

    /** How the amplitude {@code lr - base} is scaled, torch's {@code mode}. */
    public enum Mode {
        /** Torch's 'triangular': no scaling. */
        TRIANGULAR,
        /** Torch's 'triangular2': halved each cycle. */
        TRIANGULAR2,
        /** Torch's 'exp_range': multiplied by {@code gamma^t}. */
        EXP_RANGE
    }

    /** Validates. */
    public Cyclic {
        Check.nonNegative("base", base);
        Check.atLeast("up", up, 1);
        Check.atLeast("down", down, 0);
        Objects.requireNonNull(mode, "mode");
        Check.unitOpenClosed("gamma", gamma);
    }

    /** Torch's default: triangular, as long down as up, momentum 0.8 to 0.9. */
    public static Cyclic triangular(double base, long up) {
        return new Cyclic(base, up, up, Mode.TRIANGULAR, 1.0, MomentumCycle.cyclicDefault());
    }

    /** @return a copy that cycles the momentum in {@code cycle}, or leaves it alone for null */
    public Cyclic withMomentum(MomentumCycle cycle) {
        return new Cyclic(base, up, down, mode, gamma, cycle);
    }

    /** @return a copy that shapes the rate only ({@code cycle_momentum=False}) */
    public Cyclic withoutMomentum() {
        return withMomentum(null);
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        double baseHeight = (baseRate - base) * scaleFactor(step);
        return base + baseHeight * scale(step);
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
        double baseHeight = (momentum.max() - momentum.base()) * scaleFactor(step);
        return momentum.max() - baseHeight * scale(step);
    }

    /** {@code s}: the position in the cycle, 0 at its ends and 1 at the peak. */
    private double scaleFactor(long step) {
        double totalSize = (double) up + (double) down;
        double stepRatio = up / totalSize;
        double cycle = Math.floor(1 + step / totalSize);
        double x = 1. + step / totalSize - cycle;
        return x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    }

    /** The amplitude's scale of the mode. */
    private double scale(long step) {
        return switch (mode) {
            case TRIANGULAR -> 1.;
            case TRIANGULAR2 -> 1 / Math.pow(2., Math.floor(1 + step / ((double) up + (double) down)) - 1);
            case EXP_RANGE -> Math.pow(gamma, step);
        };
    }
}
