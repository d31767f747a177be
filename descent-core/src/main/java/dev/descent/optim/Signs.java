package dev.descent.optim;

/** The sign function without a branch on the data. */
final class Signs {
    private Signs() {}

    /**
     * {@link Math#signum}'s value, bit for bit (1, -1, a signed 0, or NaN), from a clamp of the value
     * scaled past the largest double: a comparison the JIT compiles to min and max instructions and
     * vectorizes, where {@code Math.signum} compiles to a branch that data of random sign mispredicts
     * half the time. Scaling twice by 1e308 carries the smallest subnormal past 1 and keeps signed
     * zeros and NaN.
     */
    static double of(double value) {
        return Math.max(-1.0, Math.min(1.0, value * 1e308 * 1e308));
    }

    /**
     * torch's {@code sign()} of a float32 value, without a branch: 1, -1, or +0 for either zero (torch
     * computes {@code (0 < x) - (x < 0)}). Scaling twice by 1e38 carries the smallest subnormal past 1;
     * adding +0 turns -0 into +0. NaN stays NaN, where torch gives 0.
     */
    static float torch(float value) {
        return Math.max(-1.0f, Math.min(1.0f, value * 1e38f * 1e38f)) + 0.0f;
    }
}
