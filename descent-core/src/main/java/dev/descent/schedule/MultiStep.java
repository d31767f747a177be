package dev.descent.schedule;

import dev.descent.Check;
import java.util.Arrays;

/**
 * {@code lr_t = lr * gamma^(number of milestones <= t)}, PyTorch's {@code MultiStepLR}.
 *
 * @param milestones strictly increasing steps at which the rate is multiplied by gamma
 * @param gamma the decay factor, in (0, 1]
 */
public record MultiStep(long[] milestones, double gamma) implements Schedule {
    /** Validates and copies the milestones. */
    public MultiStep {
        Check.unitOpenClosed("gamma", gamma);
        milestones = milestones.clone();
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("milestones must be positive and strictly increasing: "
                        + Arrays.toString(milestones));
            }
        }
    }

    /** The steps at which the rate is multiplied by {@code gamma}, a copy. */
    @Override
    public long[] milestones() {
        return milestones.clone();
    }

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= step) {
            passed++;
        }
        return baseRate * Math.pow(gamma, passed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MultiStep that && gamma == that.gamma
                && Arrays.equals(milestones, that.milestones);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(milestones) * 31 + Double.hashCode(gamma);
    }

    @Override
    public String toString() {
        return "MultiStep[milestones=" + Arrays.toString(milestones)
                + ", gamma=" + gamma + "]";
    }
}
