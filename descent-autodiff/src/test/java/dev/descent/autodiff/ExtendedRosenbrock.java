package dev.descent.autodiff;

/** Extended Rosenbrock written with vector slicing: sum over pairs of 100 (x_2i^2 - x_2i+1)^2 + (x_2i - 1)^2. */
final class ExtendedRosenbrock {
    private ExtendedRosenbrock() {}

    static Tensor value(Tensor x) {
        int n = x.size();
        Tensor even = x.slice(0, n, 2);
        Tensor odd = x.slice(1, n, 2);
        return even.square().sub(odd).square().mul(100).add(even.sub(1).square()).sum();
    }
}
