package dev.descent.schedule;

/** {@code lr_t = lr}: the optimizer's rate at every step. Get it with {@link Schedule#constant()}. */
final class Constant implements Schedule {
    static final Constant INSTANCE = new Constant();

    private Constant() {}

    @Override
    public double at(double baseRate, long step) {
        Rates.step(step);
        return baseRate;
    }

    @Override
    public String toString() {
        return "constant";
    }
}
