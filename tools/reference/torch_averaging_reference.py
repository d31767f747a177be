#!/usr/bin/python3
"""Reference averages of torch.optim.swa_utils.AveragedModel for descent's weight-averaging tests.

Run with Debian's PyTorch:  /usr/bin/python3 tools/reference/torch_averaging_reference.py

A small batched least-squares problem in float64: 3 parameters, 3 batches per epoch, batch b's
loss 0.5 * sum(a_b * (p - c_b)^2) with the fixed a_b, c_b below, visited in the same order every
epoch. Its gradient a_b * (p - c_b) is set by hand (p.grad), so descent computes the same bits.
torch.optim.SGD steps once per batch; after every step an AveragedModel with the EMA avg_fn
(decay * a + (1 - decay) * p) takes the parameters, and after every epoch e >= swa_start (epochs
counted from 1) an AveragedModel with the default avg_fn (the equal-weight mean) takes them.

One file per setting in descent-core/src/test/resources/torch-averaging/<name>.txt: '#' header
lines with key=value pairs (repr() doubles, lists comma-separated), then

    step k  x0 x1 x2  e0 e1 e2           (the parameters after update k and the EMA after it)
    epoch e n  x0 x1 x2  [s0 s1 s2]      (the parameters at the end of epoch e, SWA's n_averaged
                                          and, when n > 0, the SWA average)

TorchAveragingTest replays each with descent's Sgd and AveragedPoint. Never run by the tests; the
generated files are committed.
"""
import os

import torch
from torch.optim.swa_utils import AveragedModel

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "descent-core", "src", "test", "resources",
                   "torch-averaging")

A = [[1.0, 2.5, 0.5], [3.0, 0.75, 1.5], [0.25, 1.0, 4.0]]
C = [[1.0, -2.0, 0.5], [-0.5, 3.0, 2.0], [2.0, 0.25, -1.5]]
START = [0.3, -0.7, 1.1]


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def record(name, lr, momentum, decay, swa_start, epochs):
    module = torch.nn.Linear(3, 1, bias=False)   # a holder for one parameter vector of 3
    with torch.no_grad():
        module.weight.copy_(torch.tensor([START]))
    param = module.weight
    optimizer = torch.optim.SGD([param], lr=lr, momentum=momentum)
    ema = AveragedModel(module, avg_fn=lambda avg, p, n: decay * avg + (1 - decay) * p)
    swa = AveragedModel(module)
    a = [torch.tensor([row]) for row in A]
    c = [torch.tensor([row]) for row in C]
    lines = []
    step = 0
    for epoch in range(1, epochs + 1):
        for b in range(len(A)):
            optimizer.zero_grad()
            param.grad = a[b] * (param.detach() - c[b])
            optimizer.step()
            step += 1
            ema.update_parameters(module)
            lines.append("step %d %s %s" % (step, fmt(param.detach()[0]), fmt(ema.module.weight.detach()[0])))
        if epoch >= swa_start:
            swa.update_parameters(module)
        n = int(swa.n_averaged)
        average = (" " + fmt(swa.module.weight.detach()[0])) if n > 0 else ""
        lines.append("epoch %d %d %s%s" % (epoch, n, fmt(param.detach()[0]), average))
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write("# torch=%s\n" % torch.__version__)
        f.write("# lr=%r\n# momentum=%r\n# decay=%r\n# swa-start=%d\n# epochs=%d\n" % (lr, momentum, decay, swa_start,
                                                                                      epochs))
        f.write("# start=%s\n" % ",".join(repr(v) for v in START))
        for b in range(len(A)):
            f.write("# a%d=%s\n# c%d=%s\n" % (b, ",".join(repr(v) for v in A[b]), b, ",".join(repr(v) for v in C[b])))
        for line in lines:
            f.write(line + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    record("sgd-plain", 0.1, 0.0, 0.9, 3, 12)
    record("sgd-momentum", 0.05, 0.9, 0.99, 5, 30)
    record("sgd-slow-decay", 0.2, 0.5, 0.999, 1, 20)


if __name__ == "__main__":
    main()
