#!/usr/bin/env python3
"""Reference trajectories of torch.optim for descent's optimizer tests.

Runs every optimizer configuration below for 200 steps in float64 on two objectives and writes
one text file per (objective, configuration) into
descent-core/src/test/resources/torch-reference/:

    # objective=rosenbrock
    # optimizer=adam
    # lr=0.02
    # ...hyper-parameters, repr() so they read back exactly...
    0 x0 x1 ...        (the start, then the parameters after each step; repr() of each double)
    1 ...

Objectives (gradients by torch autograd):
  rosenbrock: (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1)
  quadratic:  0.5 x^T A x - b^T x with the fixed A, b below, from (1, -2, 0.5)
For maximize=True the objective is negated, so the ascent follows the same valley.

Re-run with Debian's PyTorch (python3-torch, 1.13):  /usr/bin/python3 tools/reference/torch_optim_reference.py
Never run by the tests; the generated files are committed.
"""
import os
import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "descent-core", "src", "test", "resources", "torch-reference")

A = torch.tensor([[4.0, 1.0, 0.5], [1.0, 30.0, 2.0], [0.5, 2.0, 100.0]])
B = torch.tensor([1.0, -3.0, 2.0])


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


def quadratic(p):
    return 0.5 * p @ (A @ p) - B @ p


OBJECTIVES = {"rosenbrock": (rosenbrock, [-1.2, 1.0]), "quadratic": (quadratic, [1.0, -2.0, 0.5])}

# name -> (torch class name, kwargs); learning rates keep Rosenbrock finite for 200 steps
CONFIGS = {
    "sgd-plain": ("SGD", dict(lr=5e-4)),
    "sgd-momentum": ("SGD", dict(lr=5e-4, momentum=0.9)),
    "sgd-dampening": ("SGD", dict(lr=5e-4, momentum=0.9, dampening=0.5)),
    "sgd-nesterov": ("SGD", dict(lr=5e-4, momentum=0.8, nesterov=True)),
    "sgd-weight-decay": ("SGD", dict(lr=5e-4, momentum=0.5, weight_decay=0.05)),
    "sgd-maximize": ("SGD", dict(lr=3e-4, momentum=0.7, maximize=True)),
    "adam-plain": ("Adam", dict(lr=0.02)),
    "adam-betas-eps": ("Adam", dict(lr=0.01, betas=(0.8, 0.95), eps=1e-6)),
    "adam-amsgrad": ("Adam", dict(lr=0.02, amsgrad=True)),
    "adam-weight-decay": ("Adam", dict(lr=0.02, weight_decay=0.1)),
    "adam-maximize": ("Adam", dict(lr=0.02, maximize=True, amsgrad=True)),
    "adamw-default-decay": ("AdamW", dict(lr=0.02)),
    "adamw-decay": ("AdamW", dict(lr=0.02, weight_decay=0.1, betas=(0.85, 0.99))),
    "adamw-amsgrad": ("AdamW", dict(lr=0.02, weight_decay=0.05, amsgrad=True)),
    "adamw-maximize": ("AdamW", dict(lr=0.01, weight_decay=0.05, maximize=True)),
    "rmsprop-plain": ("RMSprop", dict(lr=1e-3)),
    "rmsprop-alpha-eps": ("RMSprop", dict(lr=1e-3, alpha=0.9, eps=1e-6)),
    "rmsprop-centered": ("RMSprop", dict(lr=1e-3, centered=True)),
    "rmsprop-momentum": ("RMSprop", dict(lr=1e-3, momentum=0.5)),
    "rmsprop-centered-momentum": ("RMSprop", dict(lr=1e-3, momentum=0.5, centered=True)),
    "rmsprop-weight-decay": ("RMSprop", dict(lr=1e-3, weight_decay=0.1)),
    "rmsprop-maximize": ("RMSprop", dict(lr=1e-3, maximize=True, momentum=0.3)),
    "adagrad-plain": ("Adagrad", dict(lr=0.1)),
    "adagrad-lr-decay": ("Adagrad", dict(lr=0.1, lr_decay=0.01)),
    "adagrad-initial-accumulator": ("Adagrad", dict(lr=0.1, initial_accumulator_value=0.5)),
    "adagrad-weight-decay": ("Adagrad", dict(lr=0.1, weight_decay=0.1)),
    "adagrad-eps": ("Adagrad", dict(lr=0.1, eps=1e-3)),
    "adagrad-maximize": ("Adagrad", dict(lr=0.1, maximize=True, lr_decay=0.001)),
}
STEPS = 200


def run(objective, start, cls, kwargs):
    p = torch.tensor(start, requires_grad=True)
    opt = getattr(torch.optim, cls)([p], **kwargs)
    sign = -1.0 if kwargs.get("maximize") else 1.0
    rows = [p.detach().clone()]
    for _ in range(STEPS):
        opt.zero_grad()
        loss = sign * objective(p)
        loss.backward()
        opt.step()
        rows.append(p.detach().clone())
    return rows, sign


def main():
    os.makedirs(OUT, exist_ok=True)
    for oname, (objective, start) in OBJECTIVES.items():
        for cname, (cls, kwargs) in CONFIGS.items():
            rows, sign = run(objective, start, cls, kwargs)
            path = os.path.join(OUT, f"{oname}-{cname}.txt")
            with open(path, "w") as f:
                f.write(f"# torch={torch.__version__}\n# objective={oname}\n# sign={sign!r}\n# optimizer={cls.lower()}\n")
                for key, value in kwargs.items():
                    if isinstance(value, tuple):
                        f.write(f"# beta1={value[0]!r}\n# beta2={value[1]!r}\n")
                    else:
                        f.write(f"# {key}={value!r}\n")
                for step, p in enumerate(rows):
                    f.write(str(step) + " " + " ".join(repr(float(v)) for v in p) + "\n")
    with open(os.path.join(OUT, "quadratic-matrix.txt"), "w") as f:
        f.write("# A (row-major) then b of 0.5 x^T A x - b^T x\n")
        f.write(" ".join(repr(float(v)) for v in A.flatten()) + "\n")
        f.write(" ".join(repr(float(v)) for v in B) + "\n")


if __name__ == "__main__":
    main()
