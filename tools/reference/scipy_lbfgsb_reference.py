#!/usr/bin/python3
"""SciPy L-BFGS-B on the bound-constrained problems descent-core's LbfgsBReferenceTest runs.

Run with Debian's /usr/bin/python3 (scipy 1.10):

    /usr/bin/python3 tools/reference/scipy_lbfgsb_reference.py \
        > descent-core/src/test/resources/scipy-lbfgsb/reference.txt

Every problem is minimized with scipy.optimize.minimize(method='L-BFGS-B', jac=True, bounds=...)
and default options (m=10, ftol=2.22e-9, gtol=1e-5, maxiter=15000, maxfun=15000). One line per
problem: name, nfev, nit, f*, then x* (repr of each double). The objectives here and in the Java
test (BoundedProblems.java) are written out the same way, term by term.
"""
import math
import sys

import numpy as np
import scipy
from scipy.optimize import minimize

INF = math.inf


def rosenbrock(x):
    f = 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2
    g = np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])
    return f, g


def hs3(x):
    r = x[1] - x[0]
    return x[1] + 1e-5 * r * r, np.array([-2e-5 * r, 1 + 2e-5 * r])


def hs4(x):
    return (x[0] + 1) ** 3 / 3 + x[1], np.array([(x[0] + 1) ** 2, 1.0])


def hs5(x):
    c = math.cos(x[0] + x[1])
    f = math.sin(x[0] + x[1]) + (x[0] - x[1]) ** 2 - 1.5 * x[0] + 2.5 * x[1] + 1
    return f, np.array([c + 2 * (x[0] - x[1]) - 1.5, c - 2 * (x[0] - x[1]) + 2.5])


def hs38(x):
    a = x[1] - x[0] ** 2
    b = x[3] - x[2] ** 2
    f = (100 * a * a + (1 - x[0]) ** 2 + 90 * b * b + (1 - x[2]) ** 2
         + 10.1 * ((x[1] - 1) ** 2 + (x[3] - 1) ** 2) + 19.8 * (x[1] - 1) * (x[3] - 1))
    g = np.array([-400 * x[0] * a - 2 * (1 - x[0]),
                  200 * a + 20.2 * (x[1] - 1) + 19.8 * (x[3] - 1),
                  -360 * x[2] * b - 2 * (1 - x[2]),
                  180 * b + 20.2 * (x[3] - 1) + 19.8 * (x[1] - 1)])
    return f, g


def hs45(x):
    p = float(np.prod(x))
    g = np.array([-np.prod(np.delete(x, i)) / 120 for i in range(5)])
    return 2 - p / 120, g


def hs110(x):
    p = float(np.prod(x))
    f = float(np.sum(np.log(x - 2) ** 2 + np.log(10 - x) ** 2)) - p ** 0.2
    g = 2 * np.log(x - 2) / (x - 2) - 2 * np.log(10 - x) / (10 - x) - 0.2 * p ** 0.2 / x
    return f, g


def beale(x):
    t = [1.5, 2.25, 2.625]
    f = 0.0
    g = np.zeros(2)
    for i in range(3):
        k = i + 1
        r = t[i] - x[0] * (1 - x[1] ** k)
        f += r * r
        g[0] += 2 * r * -(1 - x[1] ** k)
        g[1] += 2 * r * x[0] * k * x[1] ** (k - 1)
    return f, g


def extended_rosenbrock(x):
    f = 0.0
    g = np.zeros(len(x))
    for i in range(0, len(x), 2):
        a = x[i + 1] - x[i] ** 2
        f += 100 * a * a + (1 - x[i]) ** 2
        g[i] = -400 * x[i] * a - 2 * (1 - x[i])
        g[i + 1] = 200 * a
    return f, g


def powell_singular(x):
    a = x[0] + 10 * x[1]
    b = x[2] - x[3]
    c = x[1] - 2 * x[2]
    d = x[0] - x[3]
    f = a * a + 5 * b * b + c ** 4 + 10 * d ** 4
    g = np.array([2 * a + 40 * d ** 3, 20 * a + 4 * c ** 3, 10 * b - 8 * c ** 3, -10 * b - 40 * d ** 3])
    return f, g


def wood(x):
    return hs38(x)


PROBLEMS = [
    ("hs1", rosenbrock, [-2, 1], [(-INF, INF), (-1.5, INF)]),
    ("hs2", rosenbrock, [-2, 1], [(-INF, INF), (1.5, INF)]),
    ("hs3", hs3, [10, 1], [(-INF, INF), (0, INF)]),
    ("hs4", hs4, [1.125, 0.125], [(1, INF), (0, INF)]),
    ("hs5", hs5, [0, 0], [(-1.5, 4), (-3, 3)]),
    ("hs38", hs38, [-3, -1, -3, -1], [(-10, 10)] * 4),
    ("hs45", hs45, [2] * 5, [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)]),
    ("hs110", hs110, [9] * 10, [(2.001, 9.999)] * 10),
    ("rosenbrock-box", rosenbrock, [-1.2, 1], [(-2, 0.5), (-1, 2)]),
    ("beale-box", beale, [1, 1], [(-4.5, 2.5), (-1, 0.4)]),
    ("extended-rosenbrock-10", extended_rosenbrock, [-1.2, 1] * 5, [(-INF, 0.8), (-INF, 2)] * 5),
    ("powell-singular-box", powell_singular, [3, -1, 0, 1], [(0.1, 100), (-INF, INF), (-INF, INF), (-INF, INF)]),
    ("wood-box", wood, [-3, -1, -3, -1], [(-INF, 0.9), (-INF, INF), (-INF, INF), (-INF, INF)]),
    # no finite bound: L-BFGS-B skips the Cauchy point once it has pairs
    ("rosenbrock-free", rosenbrock, [-1.2, 1], [(-INF, INF), (-INF, INF)]),
    ("extended-rosenbrock-10-free", extended_rosenbrock, [-1.2, 1] * 5, [(-INF, INF)] * 10),
]


def main():
    print("# SciPy %s L-BFGS-B, default options; name nfev nit f x..." % scipy.__version__)
    for name, fun, x0, bounds in PROBLEMS:
        r = minimize(fun, np.array(x0, dtype=float), method="L-BFGS-B", jac=True, bounds=bounds)
        print(name, r.nfev, r.nit, repr(float(r.fun)), " ".join(repr(float(v)) for v in r.x), file=sys.stdout)
        print(name, r.message, file=sys.stderr)


if __name__ == "__main__":
    main()
