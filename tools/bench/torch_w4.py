#!/usr/bin/env python3
"""PyTorch (CPU, float64) version of workload W4 of ../shared/BENCHMARKS.md: one epoch of an MLP
784 -> 256 -> ReLU -> 10 with softmax cross-entropy, Adam lr 1e-3, batch 128, on 60,000 x 784
uniform data. Prints one line of JSON: {"W4": [ms per epoch, ...], "threads": N}.
Usage: /usr/bin/python3 tools/bench/torch_w4.py REPS
"""
import json
import sys
import time

import torch


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    torch.manual_seed(1)
    dtype = torch.float64
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

    epoch()  # warm-up
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        epoch()
        times.append((time.perf_counter() - start) * 1e3)
    print(json.dumps({"W4": times, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
