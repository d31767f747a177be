#!/usr/bin/env python3
"""Float32 trajectories of torch.optim.Adam and AdamW (PyTorch 1.13, CPU) for descent's float32
optimizer state (Float32StateTest). Each case starts from 37 float32 values and feeds the gradient
g = 3 (x - c), written the way descent's test computes it in float32, for 60 steps; every iterate is
recorded as the hex bits of its float32 values. 37 entries cover both PyTorch's vectorized body
and its scalar tail.
Besides Adam/AdamW it records every other torch.optim first-order rule (SGD, RMSprop, Adagrad,
Adamax, NAdam, RAdam, Adadelta, Rprop, ASGD; each taking its single-tensor path, foreach=None), a
plain case and cases with their options, plus Lion (Chen et al. 2023), which PyTorch 1.13 lacks and
this script implements below with the float32 tensor ops descent replays.
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


class Lion(torch.optim.Optimizer):
    """Lion, Algorithm 2 of Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms" (not in
    PyTorch 1.13). The float32 tensor ops, in this order, are what descent replays."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, maximize=False):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay, maximize=maximize))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, weight_decay, maximize = group["lr"], group["weight_decay"], group["maximize"]
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                exp_avg = state["exp_avg"]
                g = -p.grad if maximize else p.grad
                if weight_decay != 0:
                    p.mul_(1 - lr * weight_decay)
                update = exp_avg.mul(beta1).add_(g, alpha=1 - beta1).sign_()
                p.add_(update, alpha=-lr)
                exp_avg.mul_(beta2).add_(g, alpha=1 - beta2)


CASES.update({
    "sgd": (torch.optim.SGD, dict(lr=1e-2)),
    "sgd-momentum": (torch.optim.SGD, dict(lr=1e-2, momentum=0.9)),
    "sgd-nesterov-decay": (torch.optim.SGD, dict(lr=1e-2, momentum=0.8, nesterov=True, weight_decay=0.05)),
    "sgd-dampening-maximize": (torch.optim.SGD, dict(lr=1e-2, momentum=0.7, dampening=0.3, maximize=True)),
    "rmsprop": (torch.optim.RMSprop, dict(lr=1e-2)),
    "rmsprop-centered-momentum": (torch.optim.RMSprop, dict(lr=1e-2, centered=True, momentum=0.5, weight_decay=0.1)),
    "rmsprop-maximize": (torch.optim.RMSprop, dict(lr=1e-2, maximize=True, alpha=0.9, eps=1e-6, momentum=0.3)),
    "adagrad": (torch.optim.Adagrad, dict(lr=0.1)),
    "adagrad-decay": (torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.01, initial_accumulator_value=0.5, weight_decay=0.1, eps=1e-3)),
    "adagrad-maximize": (torch.optim.Adagrad, dict(lr=0.1, maximize=True)),
    "adamax": (torch.optim.Adamax, dict(lr=2e-2)),
    "adamax-decay-maximize": (torch.optim.Adamax, dict(lr=2e-2, betas=(0.85, 0.99), eps=1e-4, weight_decay=0.05, maximize=True)),
    "nadam": (torch.optim.NAdam, dict(lr=2e-2)),
    "nadam-decay": (torch.optim.NAdam, dict(lr=2e-2, weight_decay=0.1, momentum_decay=0.005, betas=(0.85, 0.99))),
    "radam": (torch.optim.RAdam, dict(lr=2e-2)),
    "radam-decay": (torch.optim.RAdam, dict(lr=2e-2, weight_decay=0.1, betas=(0.8, 0.99), eps=1e-6)),
    "adadelta": (torch.optim.Adadelta, dict(lr=1.0)),
    "adadelta-decay-maximize": (torch.optim.Adadelta, dict(lr=0.5, rho=0.95, eps=1e-4, weight_decay=0.1, maximize=True)),
    "rprop": (torch.optim.Rprop, dict(lr=1e-2)),
    "rprop-settings": (torch.optim.Rprop, dict(lr=1e-2, etas=(0.4, 1.3), step_sizes=(1e-4, 0.5), maximize=True)),
    "asgd": (torch.optim.ASGD, dict(lr=1e-2)),
    "asgd-settings": (torch.optim.ASGD, dict(lr=1e-2, lambd=1e-3, alpha=0.6, t0=5, weight_decay=0.05)),
    "lion": (Lion, dict(lr=1e-3)),
    "lion-decay-maximize": (Lion, dict(lr=1e-3, betas=(0.8, 0.95), weight_decay=0.5, maximize=True)),
})


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
