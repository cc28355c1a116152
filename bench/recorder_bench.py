"""Overhead of python/bnlab_record.py on a training step of the small digits CNN on CPU
(tests/pytorch/digits_cnn.py: two BatchNorm2d, one BatchNorm1d, batch 32, one thread).
Alternates blocks of steps with and without the recorder so that machine load hits both alike,
and prints the median step time of each and the overhead. Target: at most 10 %.

    /usr/bin/python3 bench/recorder_bench.py
"""
import os
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

BLOCK, BLOCKS = 100, 10


def main():
    torch.set_num_threads(1)
    data = digits_cnn.load_digits()
    x, y = data[0], data[1]
    model = digits_cnn.make_cnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    it = digits_cnn.batches(len(y), 32, 0)

    def block():
        t0 = time.perf_counter()
        for _ in range(BLOCK):
            idx = next(it)
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        return (time.perf_counter() - t0) / BLOCK

    block()  # warm up
    plain, recorded = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(BLOCKS):
            plain.append(block())
            rec = bnlab_record.Recorder(model, os.path.join(tmp, "bench%d.bnlab" % i))
            recorded.append(block())
            t0 = time.perf_counter()
            rec.close()  # writing the file is outside the step: reported separately
            write = time.perf_counter() - t0
    p, r = statistics.median(plain), statistics.median(recorded)
    print("step without recorder: %.3f ms (median of %d blocks of %d steps)"
          % (1e3 * p, BLOCKS, BLOCK))
    print("step with recorder:    %.3f ms" % (1e3 * r))
    print("overhead: %.1f %% (target <= 10 %%); writing %d steps took %.1f ms at close()"
          % (100 * (r / p - 1), BLOCK, 1e3 * write))


if __name__ == "__main__":
    main()
