package dev.descent.schedule;

import dev.descent.Check;

/**
 * The range a cycling schedule ({@link OneCycle}, {@link Cyclic}) moves the optimizer's momentum
 * coefficient in ({@link dev.descent.optim.Optimizer#momentum()}: SGD's and RMSprop's momentum, beta1
 * of the Adam family and Lion), PyTorch's {@code base_momentum} and {@code max_momentum}. The momentum
 * moves against the rate: it is at {@code max} where the rate is lowest and at {@code base} where the
 * rate peaks (Smith, "A disciplined approach to neural network hyper-parameters: Part 1", 2018).
 *
 * @param base the momentum at the rate's peak, in [0, 1)
 * @param max the momentum where the rate is lowest, in [0, 1)
 */
public record MomentumCycle(double base, double max) {

    /** Validates. */
    public MomentumCycle {
        Check.unitOpen("base momentum", base);
        Check.unitOpen("max momentum", max);
    }

    /** Torch's OneCycleLR defaults: 0.85 to 0.95. */
    public static MomentumCycle oneCycleDefault() {
        return new MomentumCycle(0.85, 0.95);
    }

    /** Torch's CyclicLR defaults: 0.8 to 0.9. */
    public static MomentumCycle cyclicDefault() {
        return new MomentumCycle(0.8, 0.9);
    }
}
