"""Overhead of python/bnlab_record.py on a training step of the small digits CNN on CPU
(tests/pytorch/digits_cnn.py: two BatchNorm2d, one BatchNorm1d, batch 32, one thread).
Target: at most 10 % of a training step.

Identical models (same seed, same batches) train side by side, one without the recorder and
one with it (and one with a second version of the recorder given by --baseline FILE, to compare
two versions in the same run). Their steps are interleaved one by one, in a shuffled order, so
that load on a shared machine hits all of them alike, and each step is timed in process CPU time
(what the step costs; not inflated by other programs getting the CPU) and in wall-clock time.
The overhead is the ratio of the median CPU times; wall-clock medians are printed too.

    /usr/bin/python3 bench/recorder_bench.py [--steps 1000] [--baseline OLD_bnlab_record.py]
"""
import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "pytorch"))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import bnlab_record  # noqa: E402
import digits_cnn  # noqa: E402

WARM_UP = 50


def load_recorder(path):
    spec = importlib.util.spec_from_file_location("bnlab_record_baseline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=1000, help="timed steps per model")
    parser.add_argument("--baseline", help="another bnlab_record.py to time in the same run")
    args = parser.parse_args()

    torch.set_num_threads(1)
    data = digits_cnn.load_digits()
    x, y = data[0], data[1]
    recorders = [("recorder", bnlab_record)]
    if args.baseline:
        recorders.append(("baseline recorder (%s)" % args.baseline, load_recorder(args.baseline)))
    runs = []  # (name, model, optimizer, recorder module or None)
    for name, module in [("no recorder", None)] + recorders:
        model = digits_cnn.make_cnn()
        runs.append((name, model, torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9),
                     module))

    it = digits_cnn.batches(len(y), 32, 0)
    cpu = {name: [] for name, *_ in runs}
    wall = {name: [] for name, *_ in runs}
    shuffler = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        active = []
        for name, model, _, module in runs:
            if module is not None:
                path = os.path.join(tmp, "%d.bnlab" % len(active))
                active.append(module.Recorder(model, path))
        for step in range(WARM_UP + args.steps):
            idx = next(it)
            order = list(runs)
            shuffler.shuffle(order)
            for name, model, opt, _ in order:
                c0, w0 = time.process_time(), time.perf_counter()
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
                loss.backward()
                opt.step()
                c1, w1 = time.process_time(), time.perf_counter()
                if step >= WARM_UP:
                    cpu[name].append(c1 - c0)
                    wall[name].append(w1 - w0)
        writes = []
        for rec in active:
            t0 = time.perf_counter()
            rec.close()  # writing the file is outside the step: reported separately
            writes.append(time.perf_counter() - t0)

    plain_cpu = statistics.median(cpu["no recorder"])
    plain_wall = statistics.median(wall["no recorder"])
    print("%d interleaved steps per model (median per step; CPU time, wall-clock in brackets)"
          % args.steps)
    for name, *_ in runs:
        c, w = statistics.median(cpu[name]), statistics.median(wall[name])
        line = "  %-24s %.3f ms [%.3f ms]" % (name, 1e3 * c, 1e3 * w)
        if name != "no recorder":
            line += "  overhead %.1f %% [%.1f %%]" % (100 * (c / plain_cpu - 1),
                                                      100 * (w / plain_wall - 1))
        print(line)
    print("target: recorder overhead <= 10 %% of a step (CPU time); writing %d steps at close() "
          "took %.1f ms" % (WARM_UP + args.steps, 1e3 * writes[0]))


if __name__ == "__main__":
    main()
