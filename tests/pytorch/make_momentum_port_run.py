"""Makes resources/runs/momentum-port.bnlab, the recorded run of lesson 9 (the momentum-port
mistake): the digits CNN trained once with PyTorch momentum=0.1 (what was intended), recorded
with shadow running statistics for momentum=0.9 (a port that wrote PyTorch 0.9 where Keras 0.9,
i.e. PyTorch 0.1, was meant). Training never reads the running statistics, so one run serves
both: every 10 steps the model is evaluated with each momentum's statistics swapped in, and
every 50 steps with exact population statistics.

    /usr/bin/python3 tests/pytorch/make_momentum_port_run.py resources/runs/momentum-port.bnlab
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
import bnlab_record  # noqa: E402
import digits_cnn  # noqa: E402

STEPS, BATCH, LR = 600, 8, 0.05


def main(path):
    torch.set_num_threads(1)
    data = digits_cnn.load_digits()
    model = digits_cnn.make_cnn(momentum=0.1)
    val = lambda m: digits_cnn.accuracy_and_loss(m, data[2], data[3])  # noqa: E731
    config = {"steps": STEPS, "batch_size": BATCH, "lr": LR, "sgd_momentum": 0.9,
              "bn_momentum": 0.1, "shadow_momenta": [0.1, 0.9], "seed": 0}
    with bnlab_record.Recorder(model, path, dataset="digits 8x8 (1437 train, 360 validation)",
                               config=config, shadow_momenta=[0.1, 0.9]) as rec:
        def on_step(step, loss, lr):
            rec.log(loss=loss, lr=lr)
            if step % 10 == 0:
                rec.evaluate(val, momenta=[0.1, 0.9])
                rec.evaluate(val, mode="batch")
            if step % 50 == 0:
                rec.population_pass([data[0]], evaluate_fn=val)
        digits_cnn.train(model, data, STEPS, batch_size=BATCH, lr=LR, on_step=on_step)
    # The model's own buffers (momentum 0.1) and the 0.9 shadow at the end, for the C++ test
    # that replays the committed run without Python (tests/test_recorded_run.cpp).
    bns = [layer.module for layer in rec.layers]
    expected = {"steps": STEPS,
                "alpha_0.1": [{"mean": b.running_mean.tolist(), "var": b.running_var.tolist()}
                              for b in bns],
                "alpha_0.9": [{"mean": layer.shadows[0.9].mean.tolist(),
                               "var": layer.shadows[0.9].var.tolist()} for layer in rec.layers]}
    with open(os.path.join(HERE, "..", "fixtures", "momentum-port-buffers.json"), "w") as f:
        json.dump(expected, f, indent=1)
    ev = bnlab_record.read_run(path)["evaluations"]
    for mode, est, name in ((1, 0, "alpha=0.1"), (1, 1, "alpha=0.9"), (0, -1, "batch"),
                            (2, -1, "population")):
        sel = (ev["mode"] == mode) & (ev["estimator"] == est)
        acc = ev["accuracy"][sel]
        half = acc[len(acc) // 2:]
        print("%-11s last %.4f  mean over 2nd half %.4f  min over 2nd half %.4f"
              % (name, acc[-1].item(), half.mean().item(), half.min().item()))
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


if __name__ == "__main__":
    main(sys.argv[1])
