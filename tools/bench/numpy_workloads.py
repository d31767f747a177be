#!/usr/bin/env python3
"""NumPy versions of workloads W1-W3 (docs/performance.md), for descent bench to run beside
its own in the same session. Prints one line of JSON: {"W1": [ms, ...], ...} (every timed repetition).
Usage: python3 tools/bench/numpy_workloads.py REPS [W1 W2 W3]  (default: all three)
"""
import json
import sys
import time

import numpy as np


def blas_kernel():
    """The BLAS this process runs and its kernel, as threadpoolctl reports it (e.g. "openblas SkylakeX")."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "BLAS kernel unknown: no threadpoolctl"
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            return "%s %s" % (pool.get("internal_api"), pool.get("architecture", "?"))
    return "no BLAS loaded"


def timed(function, reps):
    function()  # warm-up
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1e3)
    return times


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    wanted = sys.argv[2:] or ["W1", "W2", "W3"]
    rng = np.random.default_rng(1)
    n, d = 500_000, 100
    X = rng.uniform(-1, 1, (n, d))
    w_star = rng.uniform(-1, 1, d)
    y_linear = X @ w_star
    y_logistic = (1 / (1 + np.exp(-(X @ w_star))) > 0.5).astype(float)
    w = np.zeros(d)
    lr = 0.1

    def w1():
        nonlocal w
        g = X.T @ (X @ w - y_linear) / n
        w -= lr * g

    def w2():
        nonlocal w
        g = X.T @ (1 / (1 + np.exp(-(X @ w))) - y_logistic) / n
        w -= lr * g

    def w3():
        nonlocal w
        order = rng.permutation(n)
        for start in range(0, n, 256):
            idx = order[start:start + 256]
            Xb = X[idx]
            g = Xb.T @ (1 / (1 + np.exp(-(Xb @ w))) - y_logistic[idx]) / len(idx)
            w -= lr * g

    workloads = {"W1": w1, "W2": w2, "W3": w3}
    timings = {name: timed(workloads[name], reps) for name in wanted}
    timings["kernel"] = blas_kernel()
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
