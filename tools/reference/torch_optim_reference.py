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
    # The replaying test computes the quadratic's gradient with its own sums, which differ from autograd's
    # matrix-vector products in the last bit for about one entry in ten; a few settings (Adamax betas
    # (0.8, 0.95) with eps 1e-6 or 1e-3, Adadelta rho 0.95 with eps 1e-4) amplify that past 1e-12 after
    # about 150 steps, so the settings below are ones that do not.
    "adamax-plain": ("Adamax", dict(lr=0.02)),
    "adamax-betas-eps": ("Adamax", dict(lr=0.01, betas=(0.85, 0.99), eps=1e-4)),
    "adamax-weight-decay": ("Adamax", dict(lr=0.02, weight_decay=0.1)),
    "adamax-maximize": ("Adamax", dict(lr=0.02, maximize=True, weight_decay=0.05)),
    "nadam-plain": ("NAdam", dict(lr=0.02)),
    "nadam-betas-eps": ("NAdam", dict(lr=0.01, betas=(0.8, 0.95), eps=1e-6)),
    "nadam-weight-decay": ("NAdam", dict(lr=0.02, weight_decay=0.1)),
    "nadam-momentum-decay": ("NAdam", dict(lr=0.02, momentum_decay=0.05)),
    # rho_t passes 5 after a few steps, so both branches of the rectification are replayed; the first
    # steps are momentum SGD (no adaptive denominator), so the rates are SGD's
    "radam-plain": ("RAdam", dict(lr=5e-4)),
    "radam-betas-eps": ("RAdam", dict(lr=3e-4, betas=(0.8, 0.9), eps=1e-6)),
    "radam-weight-decay": ("RAdam", dict(lr=5e-4, weight_decay=0.1)),
    "adadelta-plain": ("Adadelta", dict(lr=1.0)),
    "adadelta-rho-eps": ("Adadelta", dict(lr=1.0, rho=0.95, eps=1e-5)),
    "adadelta-weight-decay": ("Adadelta", dict(lr=0.5, weight_decay=0.1)),
    "adadelta-maximize": ("Adadelta", dict(lr=1.0, maximize=True)),
    "rprop-plain": ("Rprop", dict(lr=1e-2)),
    "rprop-etas": ("Rprop", dict(lr=1e-2, etas=(0.3, 1.5))),
    "rprop-step-sizes": ("Rprop", dict(lr=1e-2, step_sizes=(1e-3, 0.1))),
    "rprop-maximize": ("Rprop", dict(lr=1e-3, maximize=True)),
    "asgd-plain": ("ASGD", dict(lr=5e-4)),
    "asgd-lambd-alpha": ("ASGD", dict(lr=5e-4, lambd=0.01, alpha=0.5)),
    # t0 inside the run, so the average moves away from the iterate after step 50
    "asgd-t0": ("ASGD", dict(lr=5e-4, t0=50.0)),
    "asgd-weight-decay": ("ASGD", dict(lr=5e-4, weight_decay=0.05)),
    "asgd-maximize": ("ASGD", dict(lr=3e-4, maximize=True, t0=100.0)),
}
# configurations whose rows are the averaged point state['ax'] instead of the parameters
AVERAGED = {
    "asgd-t0-average": ("ASGD", dict(lr=5e-4, t0=50.0)),
    "asgd-maximize-average": ("ASGD", dict(lr=3e-4, maximize=True, t0=100.0)),
}
# header names of the two entries of a tuple-valued option
PAIRS = {"betas": ("beta1", "beta2"), "etas": ("etaminus", "etaplus"), "step_sizes": ("step_size_min", "step_size_max")}
STEPS = 200


def run(objective, start, cls, kwargs, averaged=False):
    p = torch.tensor(start, requires_grad=True)
    opt = getattr(torch.optim, cls)([p], **kwargs)
    sign = -1.0 if kwargs.get("maximize") else 1.0
    rows = [p.detach().clone()]
    for _ in range(STEPS):
        opt.zero_grad()
        loss = sign * objective(p)
        loss.backward()
        opt.step()
        rows.append((opt.state[p]["ax"] if averaged else p).detach().clone())
    return rows, sign


def main():
    os.makedirs(OUT, exist_ok=True)
    for oname, (objective, start) in OBJECTIVES.items():
        runs = [(c, v, False) for c, v in CONFIGS.items()] + [(c, v, True) for c, v in AVERAGED.items()]
        for cname, (cls, kwargs), averaged in runs:
            rows, sign = run(objective, start, cls, kwargs, averaged)
            path = os.path.join(OUT, f"{oname}-{cname}.txt")
            with open(path, "w") as f:
                f.write(f"# torch={torch.__version__}\n# objective={oname}\n# sign={sign!r}\n# optimizer={cls.lower()}\n")
                if averaged:
                    # row 0 is the start; ASGD's ax starts at zero but is first read after step 1
                    f.write("# record=ax\n")
                for key, value in kwargs.items():
                    if isinstance(value, tuple):
                        first, second = PAIRS[key]
                        f.write(f"# {first}={value[0]!r}\n# {second}={value[1]!r}\n")
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
