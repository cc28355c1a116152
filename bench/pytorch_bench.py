#!/usr/bin/python3
"""The BN Lab benchmark models in PyTorch on the CPU, for comparison with bnlab_bench_engine.

Models (identical to the engine's):
  small   nn.Sequential(Linear(2,64), BatchNorm1d(64), ReLU, Linear(64,64), BatchNorm1d(64), ReLU,
          Linear(64,2)), batch 32, two-moons data (2000 samples, 80 % for training)
  digits  the same with 64-128-128-10, batch 64, the bundled digits CSV (80 % for training)
CrossEntropyLoss, torch.optim.SGD(lr=0.05, momentum=0.9).

One training step = select the next batch by slicing a pre-shuffled copy of the training set
(reshuffled every epoch, the last incomplete batch dropped, as BN Lab does), zero_grad, forward,
loss, backward, optimizer.step(). No .item() or other host synchronization per step.

Each model is timed in float32 (PyTorch's default dtype) and in float64 (BN Lab computes in
double, so that is the like-for-like comparison), with torch.set_num_threads(1), with PyTorch's
default thread count, and with one thread per CPU if that differs from the default.

Usage: /usr/bin/python3 bench/pytorch_bench.py [--model small|digits|all] [--seconds S]
                                               [--digits PATH] [--json]
"""
import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIGITS = os.path.join(HERE, os.pardir, "resources", "data", "digits.csv")

try:
    import torch
    from torch import nn
except ImportError as error:  # reported by compare.sh
    print(f"pytorch_bench.py: PyTorch is not available to {sys.executable}: {error}",
          file=sys.stderr)
    sys.exit(3)


def make_moons(samples, noise, generator):
    """Two interleaving half circles (as scikit-learn's make_moons), labels 0/1."""
    outer = samples // 2
    inner = samples - outer
    t_out = torch.linspace(0, math.pi, outer, dtype=torch.float64)
    t_in = torch.linspace(0, math.pi, inner, dtype=torch.float64)
    x = torch.cat([torch.stack([torch.cos(t_out), torch.sin(t_out)], 1),
                   torch.stack([1 - torch.cos(t_in), 1 - torch.sin(t_in) - 0.5], 1)])
    x += noise * torch.randn(x.shape, dtype=torch.float64, generator=generator)
    y = torch.cat([torch.zeros(outer, dtype=torch.long), torch.ones(inner, dtype=torch.long)])
    return x, y


def load_digits(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append([float(v) for v in line.split(",")])
    data = torch.tensor(rows, dtype=torch.float64)
    return data[:, :-1].contiguous(), data[:, -1].long()


def training_split(x, y, generator, fraction=0.8):
    perm = torch.randperm(x.shape[0], generator=generator)
    n = int(round(x.shape[0] * fraction))
    return x[perm[:n]].contiguous(), y[perm[:n]].contiguous()


def make_model(widths, classes):
    layers = []
    for i in range(len(widths) - 1):
        layers += [nn.Linear(widths[i], widths[i + 1]), nn.BatchNorm1d(widths[i + 1]), nn.ReLU()]
    layers.append(nn.Linear(widths[-1], classes))
    return nn.Sequential(*layers)


def time_training(spec, x_all, y_all, dtype, threads, seconds):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(2)
    model = make_model(spec["widths"], spec["classes"]).to(dtype)
    model.train()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x_all = x_all.to(dtype)
    batch = spec["batch"]
    n = x_all.shape[0]
    per_epoch = n // batch
    state = {"xs": None, "ys": None, "k": per_epoch}

    def step():
        if state["k"] == per_epoch:  # new epoch: a pre-shuffled copy of the training set
            perm = torch.randperm(n, generator=generator)
            state["xs"], state["ys"], state["k"] = x_all[perm], y_all[perm], 0
        k = state["k"]
        state["k"] = k + 1
        xb = state["xs"][k * batch:(k + 1) * batch]
        yb = state["ys"][k * batch:(k + 1) * batch]
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss

    # Warm-up (also calibrates how many steps to run between clock readings: ~1 ms).
    warmup = min(0.5, max(0.05, seconds / 5))
    calls, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < warmup:
        step()
        calls += 1
    chunk = max(1, int(1e-3 * calls / (time.perf_counter() - t0)))

    # As the C++ bench: the whole duration, and the rate in each of ~10 slices (the spread).
    steps, cpu0, t0 = 0, time.process_time(), time.perf_counter()
    elapsed = slice_start = 0.0
    slice_steps, slice_rates = 0, []
    while elapsed < seconds:
        for _ in range(chunk):
            last = step()
        steps += chunk
        slice_steps += chunk
        elapsed = time.perf_counter() - t0
        if elapsed - slice_start >= seconds / 10 or elapsed >= seconds:
            slice_rates.append(slice_steps / (elapsed - slice_start))
            slice_start, slice_steps = elapsed, 0
    cpu = time.process_time() - cpu0  # all threads of the process
    if not math.isfinite(float(last)):
        print(f"warning: {spec['name']} {dtype} loss not finite", file=sys.stderr)
    return {"steps_per_sec": steps / elapsed, "us_per_step": elapsed * 1e6 / steps,
            "median_slice_steps_per_sec": statistics.median(slice_rates),
            "best_slice_steps_per_sec": max(slice_rates),
            "worst_slice_steps_per_sec": min(slice_rates),
            "cpu_us_per_step": cpu * 1e6 / steps, "cpu_steps_per_sec": steps / cpu,
            "iterations": steps, "seconds": elapsed}


def blas_libraries():
    """The BLAS shared libraries loaded into this process (Debian's python3-torch uses whichever
    libblas.so.3 the alternatives system points to: reference netlib, OpenBLAS, BLIS, …)."""
    torch.ones(4, 4) @ torch.ones(4, 4)  # make sure the BLAS is loaded
    found = set()
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path)
                if any(key in name for key in ("blas", "blis", "mkl", "lapack")):
                    found.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["small", "digits", "all"], default="all")
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="duration of each measurement after warm-up (default 3)")
    parser.add_argument("--digits", default=DEFAULT_DIGITS, help="the digits CSV")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    if not args.seconds > 0:
        parser.error("--seconds must be > 0")

    default_threads = torch.get_num_threads()  # before anything changes it
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    thread_settings = [("1", 1), ("default", default_threads)]
    if cpus != default_threads and cpus != 1:
        thread_settings.append(("all_cpus", cpus))

    generator = torch.Generator().manual_seed(1)
    specs = []
    if args.model in ("small", "all"):
        x, y = make_moons(2000, 0.15, generator)
        x, y = training_split(x, y, generator)
        specs.append(({"name": "small", "widths": [2, 64, 64], "classes": 2, "batch": 32}, x, y))
    if args.model in ("digits", "all"):
        x, y = load_digits(args.digits)
        x, y = training_split(x, y, generator)
        specs.append(({"name": "digits", "widths": [64, 128, 128], "classes": 10, "batch": 64},
                      x, y))

    result = {"tool": "pytorch_bench", "torch": torch.__version__,
              "python": platform.python_version(), "seconds": args.seconds,
              "default_threads": default_threads, "cpus": cpus, "blas": blas_libraries(),
              "float32_note": "float32 is PyTorch's default dtype; BN Lab computes in float64",
              "models": {}}
    if not args.json:
        print(f"PyTorch {torch.__version__} (CPU), default threads {default_threads}, "
              f"{cpus} CPUs, {args.seconds:g} s per measurement\n"
              f"BLAS: {', '.join(result['blas']) or 'not found in /proc/self/maps'}\n"
              f"float32 is PyTorch's default dtype; float64 is like-for-like with BN Lab")
    for spec, x, y in specs:
        name = spec["name"]
        entry = {"widths": spec["widths"] + [spec["classes"]], "batch": spec["batch"],
                 "training_samples": int(x.shape[0])}
        for dtype_name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
            measured = {}
            for label, threads in thread_settings:
                if threads in measured:  # e.g. the default is 1 thread: the same measurement
                    r = dict(measured[threads], same_as=f"threads_{measured[threads]['label']}")
                else:
                    r = time_training(spec, x, y, dtype, threads, args.seconds)
                    r["threads"], r["label"] = threads, label
                    measured[threads] = r
                    if not args.json:
                        print(f"{name:7s} {dtype_name}  {threads} thread(s) ({label:8s}) "
                              f"{r['steps_per_sec']:10.0f} steps/s {r['us_per_step']:9.2f} µs  "
                              f"(slices {r['worst_slice_steps_per_sec']:.0f}–"
                              f"{r['best_slice_steps_per_sec']:.0f}/s; CPU {r['cpu_us_per_step']:.2f} µs)",
                              flush=True)
                entry[f"{dtype_name}_threads_{label}"] = r
        result["models"][name] = entry
    torch.set_num_threads(default_threads)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()


if __name__ == "__main__":
    main()
