#!/usr/bin/python3
"""Records torch 1.13's learning rates for PolynomialLR, OneCycleLR and CyclicLR.

Run with Debian's PyTorch:  /usr/bin/python3 tools/reference/torch_schedule_reference.py

For each setting a dummy SGD optimizer (momentum 0, one parameter) is wrapped in the scheduler and
get_last_lr()[0] is written before the first scheduler.step() (step 0) and after each of the following
steps, one "step rate" pair a line with repr() doubles, to
descent-core/src/test/resources/torch-schedules/<name>.txt. Header lines start with '#' and give
key=value pairs that TorchScheduleTest reads to build the matching schedule. cycle_momentum=False
throughout: descent's schedules shape the learning rate only.
"""
import os
import warnings

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "descent-core", "src", "test", "resources",
                   "torch-schedules")
S = torch.optim.lr_scheduler


def record(name, lr, steps, make, header):
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=lr, momentum=0.0)
    scheduler = make(optimizer)
    rates = [scheduler.get_last_lr()[0]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(steps):
            optimizer.step()
            scheduler.step()
            rates.append(scheduler.get_last_lr()[0])
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write("# torch=%s\n" % torch.__version__)
        f.write("# lr=%r\n" % lr)
        for key, value in header.items():
            f.write("# %s=%s\n" % (key, value))
        for t, rate in enumerate(rates):
            f.write("%d %r\n" % (t, rate))


def polynomial(name, lr, total, power, steps=240):
    record(name, lr, steps, lambda o: S.PolynomialLR(o, total_iters=total, power=power),
           {"schedule": "polynomial", "total": total, "power": repr(power)})


def onecycle(name, lr, total, pct=0.3, anneal="cos", div=25.0, final_div=1e4, three_phase=False):
    # torch refuses to step past total_steps; the last recorded rate is that of step total_steps
    record(name, lr, total, lambda o: S.OneCycleLR(o, max_lr=lr, total_steps=total, pct_start=pct,
                                                   anneal_strategy=anneal, cycle_momentum=False,
                                                   div_factor=div, final_div_factor=final_div,
                                                   three_phase=three_phase),
           {"schedule": "onecycle", "total": total, "pct": repr(pct), "anneal": anneal, "div": repr(div),
            "final-div": repr(final_div), "three-phase": three_phase})


def cyclic(name, lr, base, up, down=None, mode="triangular", gamma=1.0, steps=240):
    record(name, lr, steps, lambda o: S.CyclicLR(o, base_lr=base, max_lr=lr, step_size_up=up,
                                                 step_size_down=down, mode=mode, gamma=gamma,
                                                 cycle_momentum=False),
           {"schedule": "cyclic", "base": repr(base), "up": up, "down": up if down is None else down,
            "mode": mode, "gamma": repr(gamma)})


def main():
    os.makedirs(OUT, exist_ok=True)
    polynomial("polynomial-linear", 0.1, 200, 1.0)
    polynomial("polynomial-square", 0.05, 150, 2.0)
    polynomial("polynomial-sqrt", 1.0, 210, 0.5)
    polynomial("polynomial-short", 0.3, 7, 3.0)
    onecycle("onecycle-cos", 0.1, 240)
    onecycle("onecycle-linear", 0.01, 230, anneal="linear")
    onecycle("onecycle-three-phase-cos", 0.2, 250, three_phase=True)
    onecycle("onecycle-three-phase-linear", 1.0, 210, pct=0.25, anneal="linear", three_phase=True)
    onecycle("onecycle-factors", 0.05, 203, pct=0.45, div=10.0, final_div=100.0)
    cyclic("cyclic-triangular", 0.1, 0.001, 20)
    cyclic("cyclic-triangular-asymmetric", 0.5, 0.05, 13, down=27)
    cyclic("cyclic-triangular2", 0.1, 0.01, 15, down=10, mode="triangular2")
    cyclic("cyclic-exp-range", 1.0, 0.1, 25, mode="exp_range", gamma=0.99)
    cyclic("cyclic-exp-range-asymmetric", 0.2, 0.0, 7, down=30, mode="exp_range", gamma=0.995)


if __name__ == "__main__":
    main()
