#!/usr/bin/env python3
"""PyTorch (CPU) version of workload W4 (docs/performance.md): one epoch of an MLP
784 -> 256 -> ReLU -> 10 with softmax cross-entropy, Adam lr 1e-3, batch 128, on 60,000 x 784
uniform data, in float64 (key "W4") or float32 (key "W4f"). Prints one line of JSON:
{"W4": [ms per epoch, ...], "threads": N, "kernel": ...}, for the faster of one thread and all cores.
Usage: /usr/bin/python3 tools/bench/torch_w4.py REPS [float64|float32]
"""
import json
import os
import sys
import time

import torch


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


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    single = len(sys.argv) > 2 and sys.argv[2] == "float32"
    torch.manual_seed(1)
    dtype = torch.float32 if single else torch.float64
    X = torch.rand(60_000, 784, dtype=dtype) * 2 - 1
    y = torch.randint(0, 10, (60_000,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).to(dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = torch.nn.CrossEntropyLoss()

    def epoch():
        order = torch.randperm(60_000)
        for start in range(0, 60_000, 128):
            idx = order[start:start + 128]
            optimizer.zero_grad()
            loss = loss_function(model(X[idx]), y[idx])
            loss.backward()
            optimizer.step()

    # PyTorch's best thread count here: one and all cores are both timed, the faster is reported
    # (on these shared VMs OpenMP on two threads has been slower than one)
    best = None
    for threads in sorted({1, os.cpu_count()}):
        torch.set_num_threads(threads)
        epoch()  # warm-up
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            epoch()
            times.append((time.perf_counter() - start) * 1e3)
        if best is None or sorted(times)[len(times) // 2] < sorted(best[0])[len(best[0]) // 2]:
            best = (times, threads)
    print(json.dumps({"W4f" if single else "W4": best[0], "threads": best[1], "kernel": blas_kernel()}))


if __name__ == "__main__":
    main()
