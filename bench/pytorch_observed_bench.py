#!/usr/bin/python3
"""What a user would write instead of BN Lab: a PyTorch script that trains the same network and
observes it the same way, for comparison with bnlab_bench_observed.

Per step: one SGD step (lr 0.05, momentum 0.9) on the next batch; the batch mean and biased
variance of every BN layer recorded (forward hooks); four running averages of them kept
(Keras β = 0.5, 0.9, 0.99, 0.999). Every P = 10 steps: the exact population statistics (one pass
over the whole training set, every BN layer normalizing by its own exact statistics) and a
PreciseBN estimate from 20 random training batches (weights frozen, one batch after another, as
fvcore's update_bn_stats does). Every V = 50 steps: validation accuracy and loss with batch
statistics, with the population statistics and with each running average, and a copy of the
weights. Everything in torch.no_grad() except training; one thread.

Workloads (the same as bnlab_bench_observed's):
  default   moons (1000 samples, noise 0.15, 80 % training), 2-16-16-2, batch 32, observed
  digits    the bundled digits (80 % training), 64-32-32-10, batch 32, observed
  small     moons 2000, 2-64-64-2, batch 32, training alone (no observation)

Usage: /usr/bin/python3 bench/pytorch_observed_bench.py [--workload NAME,...] [--seconds S]
                                                        [--dtype float32|float64] [--json]
"""
import argparse
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from pytorch_bench import blas_libraries, load_digits, make_moons, training_split, DEFAULT_DIGITS  # noqa: E402

import torch  # noqa: E402
from torch import nn  # noqa: E402

MOMENTA = (0.5, 0.9, 0.99, 0.999)


def make_model(widths, classes):
    layers = []
    for i in range(len(widths) - 1):
        layers += [nn.Linear(widths[i], widths[i + 1]), nn.BatchNorm1d(widths[i + 1]), nn.ReLU()]
    layers.append(nn.Linear(widths[-1], classes))
    return nn.Sequential(*layers)


def forward_with(model, x, stats):
    """Inference with the given per-BN-layer (mean, biased var); stats=None: each BN layer uses
    the exact statistics of its own input over all of x, which are returned."""
    found = []
    k = 0
    for layer in model:
        if isinstance(layer, nn.BatchNorm1d):
            if stats is None:
                mean, var = x.mean(0), x.var(0, unbiased=False)
                found.append((mean, var))
            else:
                mean, var = stats[k]
            k += 1
            x = (x - mean) * torch.rsqrt(var + layer.eps) * layer.weight + layer.bias
        else:
            x = layer(x)
    return x, found


class Observed:
    def __init__(self, spec, x, y, xv, yv, dtype, observe):
        torch.manual_seed(1)
        self.gen = torch.Generator().manual_seed(2)
        self.model = make_model(spec["widths"], spec["classes"]).to(dtype)
        self.bns = [m for m in self.model if isinstance(m, nn.BatchNorm1d)]
        self.loss_fn = nn.CrossEntropyLoss()
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.05, momentum=0.9)
        self.x, self.y = x.to(dtype), y
        self.xv, self.yv = xv.to(dtype), yv
        self.batch = spec["batch"]
        self.observe = observe
        self.per_epoch = self.x.shape[0] // self.batch
        self.k = self.per_epoch
        self.t = 0
        self.record = []  # per step: [(mean, var) per BN layer]
        self.ema = [[(torch.zeros(b.num_features, dtype=dtype), torch.ones(b.num_features, dtype=dtype))
                     for b in self.bns] for _ in MOMENTA]
        self.population, self.evaluations = [], []
        self.current = []
        if observe:
            for bn in self.bns:
                bn.register_forward_hook(self.hook)

    def hook(self, module, inputs, output):
        if module.training and torch.is_grad_enabled():
            x = inputs[0].detach()
            self.current.append((x.mean(0), x.var(0, unbiased=False)))

    def step(self):
        if self.k == self.per_epoch:
            perm = torch.randperm(self.x.shape[0], generator=self.gen)
            self.xs, self.ys, self.k = self.x[perm], self.y[perm], 0
        xb = self.xs[self.k * self.batch:(self.k + 1) * self.batch]
        yb = self.ys[self.k * self.batch:(self.k + 1) * self.batch]
        self.k += 1
        self.model.train()
        self.current = []
        self.opt.zero_grad()
        loss = self.loss_fn(self.model(xb), yb)
        loss.backward()
        self.opt.step()
        self.t += 1
        if not self.observe:
            return
        self.record.append(self.current)
        with torch.no_grad():
            for e, beta in enumerate(MOMENTA):
                for l, (mean, var) in enumerate(self.current):
                    em, ev = self.ema[e][l]
                    em.mul_(beta).add_(mean, alpha=1 - beta)
                    ev.mul_(beta).add_(var, alpha=1 - beta)
            pop = None
            if self.t % 10 == 0:
                self.model.eval()
                _, pop = forward_with(self.model, self.x, None)
                self.model.train()
                sums = [[torch.zeros_like(m), torch.zeros_like(m)] for m, _ in pop]
                for _ in range(20):  # PreciseBN: 20 random batches, weights frozen
                    rows = torch.randperm(self.x.shape[0], generator=self.gen)[:self.batch]
                    self.current = []
                    h = self.x[rows]
                    stats = []
                    for layer in self.model:
                        if isinstance(layer, nn.BatchNorm1d):
                            stats.append((h.mean(0), h.var(0, unbiased=False)))
                        h = layer(h)
                    for l, (m, v) in enumerate(stats):
                        sums[l][0] += m
                        sums[l][1] += v
                self.population.append((self.t, pop, sums))
            if self.t % 50 == 0:
                self.model.eval()
                if pop is None:
                    _, pop = forward_with(self.model, self.x, None)
                result = {"step": self.t}
                # batch statistics: validation in chunks of the batch size, training-mode BN
                self.model.train()
                correct, total_loss = 0, 0.0
                for chunk_x, chunk_y in zip(self.xv.split(self.batch), self.yv.split(self.batch)):
                    if chunk_x.shape[0] < 2:
                        continue
                    out = self.model(chunk_x)
                    total_loss += float(self.loss_fn(out, chunk_y)) * chunk_x.shape[0]
                    correct += int((out.argmax(1) == chunk_y).sum())
                result["batch"] = correct / self.xv.shape[0]
                for name, stats in [("population", pop)] + [
                        (f"ema{b}", self.ema[e]) for e, b in enumerate(MOMENTA)]:
                    out, _ = forward_with(self.model, self.xv, stats)
                    result[name] = float((out.argmax(1) == self.yv).float().mean())
                result["weights"] = {k: v.clone() for k, v in self.model.state_dict().items()}
                self.evaluations.append(result)
                self.model.train()


def run(workload, seconds, dtype):
    gen = torch.Generator().manual_seed(1)
    if workload == "default":
        x, y = make_moons(1000, 0.15, gen)
        spec, observe = {"widths": [2, 16, 16], "classes": 2, "batch": 32}, True
    elif workload == "digits":
        x, y = load_digits(DEFAULT_DIGITS)
        spec, observe = {"widths": [64, 32, 32], "classes": 10, "batch": 32}, True
    else:
        x, y = make_moons(2000, 0.15, gen)
        spec, observe = {"widths": [2, 64, 64], "classes": 2, "batch": 32}, False
    perm = torch.randperm(x.shape[0], generator=gen)
    n = int(round(x.shape[0] * 0.8))
    xt, yt, xv, yv = x[perm[:n]], y[perm[:n]], x[perm[n:]], y[perm[n:]]
    job = Observed(spec, xt, yt, xv, yv, dtype, observe)
    for _ in range(100):  # warm-up
        job.step()
    steps, t0 = 0, time.perf_counter()
    while True:
        for _ in range(50):  # whole observation periods
            job.step()
        steps += 50
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return {"steps_per_sec": steps / elapsed, "steps": steps, "seconds": elapsed}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", default="default,digits,small")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    dtype = getattr(torch, args.dtype)
    result = {"tool": "pytorch_observed_bench", "torch": torch.__version__,
              "python": platform.python_version(), "dtype": args.dtype,
              "blas": blas_libraries(), "workloads": {}}
    for w in args.workload.split(","):
        r = run(w, args.seconds, dtype)
        result["workloads"][w] = r
        if not args.json:
            print(f"{w:8s} {r['steps_per_sec']:10.0f} steps/s", flush=True)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print("BLAS:", ", ".join(result["blas"]) or "unknown")


if __name__ == "__main__":
    main()
