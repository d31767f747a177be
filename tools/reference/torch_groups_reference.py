#!/usr/bin/python3
"""Reference trajectories of torch.optim with two param groups, for descent's ParameterGroups.

The objectives of torch_optim_reference.py take their point as two tensors, one per param group:
Rosenbrock's x and y, the quadratic's first two coordinates and its third. The second group overrides
some of the defaults (its own lr, weight_decay, ...); a schedule, when named, is stepped after every
optimizer step. 200 steps in float64, written to
descent-core/src/test/resources/torch-groups/<name>.txt:

    # optimizer=adam            the defaults, repr() so they read back exactly
    # group=2                   the indices of the second group's parameters, '/'-separated
    # group.lr=0.01             the second group's overrides
    # schedule=step size=50 gamma=0.5   (optional)
    0 x0 x1 ...                 the start, then the parameters after each step

Re-run with Debian's PyTorch (python3-torch, 1.13):  /usr/bin/python3 tools/reference/torch_groups_reference.py
Never run by the tests; the generated files are committed.
"""
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(__file__))
from torch_optim_reference import OBJECTIVES, PAIRS  # noqa: E402  (sets float64 as the default dtype)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "descent-core", "src", "test", "resources", "torch-groups")
STEPS = 200
SPLIT = {"rosenbrock": 1, "quadratic": 2}  # the second group starts at this index

# name -> (objective, torch class, defaults, second group's overrides, schedule or None)
CONFIGS = {
    "sgd-momentum-no-decay": ("rosenbrock", "SGD", dict(lr=5e-4, momentum=0.9, weight_decay=0.05),
                              dict(lr=2.5e-4, weight_decay=0.0), None),
    "adam-no-decay": ("quadratic", "Adam", dict(lr=0.02, weight_decay=0.1), dict(lr=0.01, weight_decay=0.0), None),
    "adamw-no-decay": ("quadratic", "AdamW", dict(lr=0.02, weight_decay=0.1), dict(weight_decay=0.0), None),
    "rmsprop-rates": ("rosenbrock", "RMSprop", dict(lr=1e-3, momentum=0.5), dict(lr=5e-4, alpha=0.9), None),
    "nadam-betas": ("quadratic", "NAdam", dict(lr=0.02), dict(betas=(0.8, 0.99), weight_decay=0.05), None),
    "adam-step-schedule": ("rosenbrock", "Adam", dict(lr=0.02), dict(lr=0.005, weight_decay=0.01),
                           ("step", dict(size=50, gamma=0.5))),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (oname, cls, defaults, overrides, schedule) in CONFIGS.items():
        objective, start = OBJECTIVES[oname]
        split = SPLIT[oname]
        first = torch.tensor(start[:split], requires_grad=True)
        second = torch.tensor(start[split:], requires_grad=True)
        opt = getattr(torch.optim, cls)([{"params": [first]}, dict(params=[second], **overrides)], **defaults)
        scheduler = None
        if schedule is not None:
            kind, options = schedule
            assert kind == "step"
            scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=options["size"], gamma=options["gamma"])
        rows = [torch.cat([first, second]).detach().clone()]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(STEPS):
                opt.zero_grad()
                objective(torch.cat([first, second])).backward()
                opt.step()
                if scheduler is not None:
                    scheduler.step()
                rows.append(torch.cat([first, second]).detach().clone())
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write(f"# torch={torch.__version__}\n# objective={oname}\n# sign=1.0\n# optimizer={cls.lower()}\n")
            for key, value in defaults.items():
                f.write(f"# {key}={value!r}\n")
            f.write("# group=" + "/".join(str(i) for i in range(split, len(start))) + "\n")
            for key, value in overrides.items():
                if isinstance(value, tuple):
                    a, b = PAIRS[key]
                    f.write(f"# group.{a}={value[0]!r}\n# group.{b}={value[1]!r}\n")
                else:
                    f.write(f"# group.{key}={value!r}\n")
            if schedule is not None:
                f.write(f"# schedule={schedule[0]}\n")
                for key, value in schedule[1].items():
                    f.write(f"# schedule.{key}={value!r}\n")
            for step, p in enumerate(rows):
                f.write(str(step) + " " + " ".join(repr(float(v)) for v in p) + "\n")


if __name__ == "__main__":
    main()
