package dev.descent.schedule;

import dev.descent.Check;

/** {@code lr_t = lr}: the optimizer's rate at every step. Get it with {@link Schedule#constant()}. */
final class Constant implements Schedule {
    static final Constant INSTANCE = new Constant();

    private Constant() {}

    @Override
    public double at(double baseRate, long step) {
        Check.atLeast("step", step, 0);
        return baseRate;
    }

    @Override
    public String toString() {
        return "constant";
    }
}
