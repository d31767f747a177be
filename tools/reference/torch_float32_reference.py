#!/usr/bin/env python3
"""Float32 trajectories of torch.optim.Adam and AdamW (PyTorch 1.13, CPU) for descent's float32
optimizer state (Float32StateTest). Each case starts from 37 float32 values and feeds the gradient
g = 3 (x - c), written the way descent's test computes it in float32, for 60 steps; every iterate is
recorded as the hex bits of its float32 values. 37 entries cover both PyTorch's vectorized body
and its scalar tail.
Usage: /usr/bin/python3 tools/reference/torch_float32_reference.py  (writes descent-core/src/test/resources/torch-float32)
"""
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "descent-core", "src", "test", "resources", "torch-float32")
CASES = {
    "adam": (torch.optim.Adam, dict(lr=1e-2)),
    "adam-amsgrad-decay": (torch.optim.Adam, dict(lr=1e-2, weight_decay=0.1, amsgrad=True)),
    "adam-maximize": (torch.optim.Adam, dict(lr=1e-2, maximize=True)),
    "adamw": (torch.optim.AdamW, dict(lr=1e-2)),
    "adamw-amsgrad": (torch.optim.AdamW, dict(lr=1e-2, weight_decay=0.05, amsgrad=True, betas=(0.8, 0.99), eps=1e-6)),
}


def bits(t):
    return " ".join(struct.pack(">f", float(v)).hex() for v in t)


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    for name, (rule, settings) in CASES.items():
        generator = torch.Generator().manual_seed(0)
        x = (torch.rand(37, generator=generator) * 4 - 2).float().requires_grad_(True)
        c = (torch.rand(37, generator=generator) - 0.5).float()
        optimizer = rule([x], **settings)
        lines = ["# %s=%s" % (k, v) for k, v in sorted(settings.items())]
        lines += ["# rule=%s" % rule.__name__, "c " + bits(c), bits(x.detach())]
        for _ in range(60):
            x.grad = (x.detach() - c) * 3.0
            optimizer.step()
            lines.append(bits(x.detach()))
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
