#!/usr/bin/python3
"""Reference trajectories of torch.optim under momentum-cycling schedules (OneCycleLR, CyclicLR).

Runs each configuration below for 200 steps in float64 on the objectives of
torch_optim_reference.py and writes descent-core/src/test/resources/torch-scheduled/<name>.txt:

    # optimizer=adam            the optimizer and its options, repr() so they read back exactly
    # schedule=onecycle         the schedule and its options, with descent's names
    # spec=onecycle:total=200   the same schedule as descent's --schedule
    0 nan nan x0 x1 ...         the start
    t lr momentum x0 x1 ...     the rate and momentum step t used, then the parameters after it

The rate and momentum are those torch's scheduler put into the optimizer's param group before
optimizer.step(): group['lr'], and group['momentum'] or group['betas'][0].

Torch 1.13's CyclicLR refuses optimizers with betas; torch 2.0 and later cycle their beta1. The
Adam-under-CyclicLR case therefore takes torch 1.13's CyclicLR rates and momenta from a shadow SGD
optimizer and writes them into Adam's param group before each step, which is what torch 2's CyclicLR
does for Adam.

Re-run with Debian's PyTorch (python3-torch, 1.13):  /usr/bin/python3 tools/reference/torch_scheduled_reference.py
Never run by the tests; the generated files are committed.
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(__file__))
from torch_optim_reference import OBJECTIVES, PAIRS  # noqa: E402  (sets float64 as the default dtype)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "descent-core", "src", "test", "resources",
                   "torch-scheduled")
S = torch.optim.lr_scheduler
STEPS = 200


def onecycle(total=STEPS, pct=0.3, anneal="cos", div=25.0, final_div=1e4, three_phase=False, base=0.85, high=0.95):
    def make(optimizer, lr):
        return S.OneCycleLR(optimizer, max_lr=lr, total_steps=total, pct_start=pct, anneal_strategy=anneal,
                            div_factor=div, final_div_factor=final_div, three_phase=three_phase,
                            cycle_momentum=True, base_momentum=base, max_momentum=high)
    header = {"schedule": "onecycle", "total": total, "pct": repr(pct), "anneal": anneal, "div": repr(div),
              "final-div": repr(final_div), "three-phase": three_phase, "base-momentum": repr(base),
              "max-momentum": repr(high)}
    spec = (f"onecycle:total={total},pct={pct!r},anneal={anneal},div={div!r},final-div={final_div!r},"
            f"base-momentum={base!r},max-momentum={high!r}" + (",three-phase" if three_phase else ""))
    return make, header, spec


def cyclic(base_lr, up, down=None, mode="triangular", gamma=1.0, base=0.8, high=0.9):
    def make(optimizer, lr):
        return S.CyclicLR(optimizer, base_lr=base_lr, max_lr=lr, step_size_up=up, step_size_down=down, mode=mode,
                          gamma=gamma, cycle_momentum=True, base_momentum=base, max_momentum=high)
    down_steps = up if down is None else down
    header = {"schedule": "cyclic", "base": repr(base_lr), "up": up, "down": down_steps, "mode": mode,
              "gamma": repr(gamma), "base-momentum": repr(base), "max-momentum": repr(high)}
    spec = (f"cyclic:base={base_lr!r},up={up},down={down_steps},mode={mode.replace('_', '-')},gamma={gamma!r},"
            f"base-momentum={base!r},max-momentum={high!r}")
    return make, header, spec


# name -> (objective, torch optimizer, kwargs, schedule); rates keep Rosenbrock finite over 200 steps
CONFIGS = {
    # SGD without momentum: the schedule turns momentum on, as torch's OneCycleLR does
    "sgd-onecycle": ("rosenbrock", "SGD", dict(lr=5e-4), onecycle()),
    "sgd-nesterov-onecycle-three-phase": ("quadratic", "SGD", dict(lr=0.01, momentum=0.9, nesterov=True),
                                          onecycle(anneal="linear", three_phase=True)),
    "sgd-dampening-onecycle": ("quadratic", "SGD", dict(lr=0.01, momentum=0.5, dampening=0.3, weight_decay=0.05),
                               onecycle(pct=0.25, div=10.0, final_div=100.0, base=0.7, high=0.9)),
    "adam-onecycle": ("rosenbrock", "Adam", dict(lr=0.02), onecycle()),
    "adamw-onecycle": ("quadratic", "AdamW", dict(lr=0.02, weight_decay=0.1, betas=(0.9, 0.99)),
                       onecycle(pct=0.4, base=0.8, high=0.9)),
    "rmsprop-onecycle": ("quadratic", "RMSprop", dict(lr=1e-3), onecycle()),
    "rmsprop-centered-onecycle": ("rosenbrock", "RMSprop", dict(lr=1e-3, momentum=0.5, centered=True),
                                  onecycle(anneal="linear")),
    "nadam-onecycle": ("rosenbrock", "NAdam", dict(lr=0.02), onecycle()),
    "radam-onecycle": ("quadratic", "RAdam", dict(lr=5e-4), onecycle(three_phase=True)),
    "adamax-onecycle": ("rosenbrock", "Adamax", dict(lr=0.02), onecycle(anneal="linear", pct=0.35)),
    "sgd-cyclic": ("rosenbrock", "SGD", dict(lr=5e-4), cyclic(1e-4, 20)),
    "sgd-cyclic-exp-range": ("quadratic", "SGD", dict(lr=0.01, momentum=0.9),
                             cyclic(1e-3, 13, down=27, mode="exp_range", gamma=0.995)),
    "rmsprop-cyclic-triangular2": ("quadratic", "RMSprop", dict(lr=1e-3), cyclic(1e-4, 15, down=10, mode="triangular2")),
    # torch 2's CyclicLR on Adam, from torch 1.13's CyclicLR on a shadow SGD (see the module's text)
    "adam-cyclic": ("rosenbrock", "Adam", dict(lr=0.02), cyclic(1e-3, 25, base=0.85, high=0.95)),
}


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def run(objective, start, cls, kwargs, make):
    p = torch.tensor(start, requires_grad=True)
    opt = getattr(torch.optim, cls)([p], **kwargs)
    shadow = None
    if cls != "SGD" and cls != "RMSprop" and make.__qualname__.startswith("cyclic"):
        shadow_param = torch.zeros(1, requires_grad=True)
        shadow_opt = torch.optim.SGD([shadow_param], lr=kwargs["lr"], momentum=0.0)
        shadow = (shadow_opt, make(shadow_opt, kwargs["lr"]))
        scheduler = None
    else:
        scheduler = make(opt, kwargs["lr"])
    rows = [(float("nan"), float("nan"), p.detach().clone())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(STEPS):
            group = opt.param_groups[0]
            if shadow is not None:
                shadow_group = shadow[0].param_groups[0]
                group["lr"] = shadow_group["lr"]
                group["betas"] = (shadow_group["momentum"], group["betas"][1])
            lr, momentum = group["lr"], momentum_of(group)
            opt.zero_grad()
            loss = objective(p)
            loss.backward()
            opt.step()
            rows.append((lr, momentum, p.detach().clone()))
            if shadow is not None:
                shadow[0].step()
                shadow[1].step()
            else:
                scheduler.step()
    return rows


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (oname, cls, kwargs, (make, header, spec)) in CONFIGS.items():
        objective, start = OBJECTIVES[oname]
        rows = run(objective, start, cls, kwargs, make)
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write(f"# torch={torch.__version__}\n# objective={oname}\n# optimizer={cls.lower()}\n")
            for key, value in kwargs.items():
                if isinstance(value, tuple):
                    first, second = PAIRS[key]
                    f.write(f"# {first}={value[0]!r}\n# {second}={value[1]!r}\n")
                else:
                    f.write(f"# {key}={value!r}\n")
            for key, value in header.items():
                f.write(f"# {key}={value}\n")
            f.write(f"# spec={spec}\n")
            for step, (lr, momentum, point) in enumerate(rows):
                f.write(f"{step} {lr!r} {momentum!r} " + " ".join(repr(float(v)) for v in point) + "\n")


if __name__ == "__main__":
    main()
