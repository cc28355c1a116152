"""PyTorch proves BN Lab's replay: a small CNN (BatchNorm2d twice, a BatchNorm1d head) trains on
the bundled digits with python/bnlab_record.py recording it; BN Lab opens the run headless and
its replay in PyTorch convention must equal the model's own running_mean / running_var
(unbiased with n = N*H*W) at checkpoints and at the end, for momentum=0.1 and momentum=None.
Also: the recorder never changes the model's numbers, and its shadow running statistics for
other momenta are what a model trained with that momentum holds.

    /usr/bin/python3 tests/pytorch/test_pytorch_proof.py --bnlab build/app/bnlab

Exits 77 (CTest's SKIP_RETURN_CODE) with a message when torch cannot be imported.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile

try:
    import torch
except ImportError as e:  # pragma: no cover - depends on the machine
    print("SKIPPED: this Python (%s) cannot import torch (%s); install Debian's python3-torch"
          % (sys.executable, e))
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
import bnlab_record  # noqa: E402
import digits_cnn  # noqa: E402

STEPS = 300
CHECKPOINTS = (1, 45, 46, 150, STEPS)  # 45 and 46 straddle the first epoch's short batch
RELATIVE = 1e-5
failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def record_run(momentum, path, data, shadow_momenta=()):
    """Trains with the recorder; returns the model, the recorder and the buffers at checkpoints."""
    model = digits_cnn.make_cnn(momentum=momentum)
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    snapshots = {}
    with bnlab_record.Recorder(model, path, dataset="digits 8x8",
                               config={"momentum": momentum, "steps": STEPS},
                               shadow_momenta=shadow_momenta) as rec:
        def on_step(step, loss, lr):
            rec.log(loss=loss, lr=lr)
            if step in CHECKPOINTS:
                snapshots[step] = [(b.running_mean.clone(), b.running_var.clone()) for b in bns]
        digits_cnn.train(model, data, STEPS, on_step=on_step)
    return model, rec, snapshots


def bnlab_trace(bnlab, run, momentum_text, out):
    cmd = [bnlab, "--headless", "--open-run", run, "--convention", "pytorch", "--momenta",
           momentum_text, "--outputs", "trace", "--out", out]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        raise SystemExit("bnlab failed: " + " ".join(cmd))
    values = {}  # (step, layer, channel) -> (ema mean, ema var)
    with open(os.path.join(out, "trace.csv"), newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        mean_col = header.index("ema_mean@" + momentum_text)
        var_col = header.index("ema_var@" + momentum_text)
        for row in reader:
            step = int(row[0])
            if step in CHECKPOINTS:
                values[(step, int(row[1]), int(row[2]))] = (float(row[mean_col]),
                                                            float(row[var_col]))
    return values


def compare(label, trace, snapshots):
    worst = 0.0
    for step, layers in snapshots.items():
        for layer, (mean, var) in enumerate(layers):
            for c in range(len(mean)):
                got_mean, got_var = trace[(step, layer, c)]
                # Relative to the statistic's scale: the variance itself, and for the mean the
                # channel's standard deviation (a mean near 0 has no relative digits of its own).
                scale_var = abs(var[c].item())
                scale_mean = max(abs(mean[c].item()), var[c].item() ** 0.5)
                worst = max(worst, abs(got_mean - mean[c].item()) / scale_mean,
                            abs(got_var - var[c].item()) / scale_var)
    check(worst <= RELATIVE, "%s: BN Lab's replay equals PyTorch's running buffers at steps %s "
          "(max relative error %.2e, tolerance %.0e)" % (label, list(snapshots), worst, RELATIVE))


def test_replay(bnlab, tmp, data):
    run = os.path.join(tmp, "alpha01.bnlab")
    model, rec, snapshots = record_run(0.1, run, data)
    compare("momentum=0.1", bnlab_trace(bnlab, run, "0.1", os.path.join(tmp, "a")), snapshots)
    layers = bnlab_record.read_run(run)["layers"]
    check([l["type"] for l in layers] == ["BatchNorm2d", "BatchNorm2d", "BatchNorm1d"],
          "the run names its layers' types")
    check(layers[0]["count"][0].item() == 32 * 8 * 8 and layers[2]["count"][0].item() == 32,
          "n = N*H*W for BatchNorm2d (2048) and N for BatchNorm1d (32)")
    check(layers[0]["count"][44].item() == 29 * 64, "the epoch's short last batch has n = 29*64")

    run_none = os.path.join(tmp, "none.bnlab")
    _, _, snapshots_none = record_run(None, run_none, data)
    compare("momentum=None (cumulative average)",
            bnlab_trace(bnlab, run_none, "none", os.path.join(tmp, "n")), snapshots_none)


def test_recorder_changes_nothing(tmp, data):
    plain = digits_cnn.train(digits_cnn.make_cnn(), data, 60)
    model = digits_cnn.make_cnn()
    with bnlab_record.Recorder(model, os.path.join(tmp, "same.bnlab"),
                               shadow_momenta=[0.9]) as rec:
        digits_cnn.train(model, data, 60)
        rec.evaluate(lambda m: digits_cnn.accuracy_and_loss(m, data[2], data[3]))
        rec.evaluate(lambda m: digits_cnn.accuracy_and_loss(m, data[2], data[3]), momenta=[0.9])
        rec.evaluate(lambda m: digits_cnn.accuracy_and_loss(m, data[2], data[3]), mode="batch")
        rec.population_pass([data[0]])
    a, b = plain.state_dict(), model.state_dict()
    check(a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a),
          "recording (with evaluations, shadow swaps and a population pass) leaves every "
          "parameter and buffer bit-identical")
    check(model.training, "the model is back in training mode")


def bn_inputs(data):
    """The BN layers' inputs in a few training steps of the CNN (one a short batch), and shapes
    and layouts the CNN does not make: BatchNorm1d over (N, C, L), BatchNorm3d, channels-last,
    a mean 1000 times the spread, float64."""
    model = digits_cnn.make_cnn()
    seen = []
    handles = [m.register_forward_pre_hook(lambda m, i: seen.append(i[0].detach().clone()))
               for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    digits_cnn.train(model, data, 3)
    model(data[0][:29])
    for h in handles:
        h.remove()
    g = torch.Generator().manual_seed(3)
    seen += [torch.randn(16, 6, 20, generator=g), torch.randn(4, 3, 5, 6, 7, generator=g) * 3,
             torch.randn(8, 5, 9, 9, generator=g).contiguous(memory_format=torch.channels_last),
             torch.randn(64, 4, generator=g) + 1000.0,
             torch.randn(32, 7, 6, 6, generator=g, dtype=torch.float64) * 0.01 - 2.0]
    return seen


def two_pass(x):
    dims = [0] + list(range(2, x.dim()))
    mean = x.mean(dim=dims)
    return mean, (x - mean.view([1, -1] + [1] * (x.dim() - 2))).square().mean(dim=dims)


def test_batch_statistics(data):
    """The recorder takes PyTorch's own batch statistics kernel (one pass over the input, no
    temporary); its numbers must be the two-pass mean and biased variance, to float32 rounding."""
    worst_mean = worst_var = worst_f32 = 0.0
    same_as_layer = True
    for x in bn_inputs(data):
        mean, var = bnlab_record._batch_stats(x)
        exact_mean, exact_var = two_pass(x.double())
        f32_mean, f32_var = two_pass(x)
        scale = exact_var.sqrt() + exact_mean.abs()  # the mean relative to the data's size
        worst_mean = max(worst_mean, ((mean.double() - exact_mean).abs() / scale).max().item())
        worst_var = max(worst_var, ((var.double() - exact_var).abs() / exact_var).max().item())
        worst_f32 = max(worst_f32, ((var - f32_var).abs() / f32_var).max().item(),
                        ((mean - f32_mean).abs() / scale.to(x.dtype)).max().item())
        # The layer's own training forward puts exactly this mean into running_mean.
        running_mean, running_var = torch.zeros(x.shape[1], dtype=x.dtype), torch.ones(
            x.shape[1], dtype=x.dtype)
        torch.nn.functional.batch_norm(x, running_mean, running_var, training=True, momentum=1.0)
        same_as_layer = same_as_layer and torch.equal(mean, running_mean)
    check(worst_mean <= 1e-6 and worst_var <= 1e-6,
          "recorded batch statistics equal the exact two-pass ones (max relative error: mean "
          "%.1e, variance %.1e; tolerance 1e-6)" % (worst_mean, worst_var))
    check(worst_f32 <= 1e-6, "and the float32 two-pass ones (max relative difference %.1e)"
          % worst_f32)
    check(same_as_layer, "the recorded batch mean is bit-identical to the one BatchNorm's own "
          "training forward puts into running_mean")
    half = (torch.randn(32, 4, 5, 5) + 2).half()
    mean, var = bnlab_record._batch_stats(half)
    exact_mean, exact_var = two_pass(half.double())
    check(mean.dtype == torch.float32 and
          ((var.double() - exact_var).abs() / exact_var).max().item() <= 1e-6,
          "float16 inputs are measured in float32 (by the two-pass fallback)")


def test_shadow_momenta(tmp, data):
    x_val, y_val = data[2], data[3]
    model = digits_cnn.make_cnn(momentum=0.1)
    path = os.path.join(tmp, "shadow.bnlab")
    with bnlab_record.Recorder(model, path, shadow_momenta=[0.1, 0.9]) as rec:
        digits_cnn.train(model, data, 200)
        own = rec.evaluate(lambda m: digits_cnn.accuracy_and_loss(m, x_val, y_val))
        shadows = rec.evaluate(lambda m: digits_cnn.accuracy_and_loss(m, x_val, y_val),
                               momenta=[0.1, 0.9])
    # Training never reads the running statistics: a model trained with momentum 0.9 has the
    # same weights, and its buffers are what the shadow kept.
    other = digits_cnn.train(digits_cnn.make_cnn(momentum=0.9), data, 200)
    other.eval()
    with torch.no_grad():
        truth = digits_cnn.accuracy_and_loss(other, x_val, y_val)
    check(abs(shadows[0.9][0] - truth[0]) <= 1.0 / len(y_val) and
          abs(shadows[0.9][1] - truth[1]) <= 1e-4 * abs(truth[1]),
          "shadow momentum 0.9 evaluates like a model trained with 0.9 (accuracy %.4f vs %.4f, "
          "loss %.6f vs %.6f)" % (shadows[0.9][0], truth[0], shadows[0.9][1], truth[1]))
    check(abs(shadows[0.1][1] - own[1]) <= 1e-4 * abs(own[1]),
          "shadow momentum 0.1 evaluates like the model's own buffers")
    ev = bnlab_record.read_run(path)["evaluations"]
    check(ev["mode"].tolist() == [1, 1, 1] and len(ev["step"]) == 3,
          "the three evaluations are in the file")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bnlab", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    data = digits_cnn.load_digits()
    with tempfile.TemporaryDirectory() as tmp:
        test_replay(args.bnlab, tmp, data)
        test_recorder_changes_nothing(tmp, data)
        test_batch_statistics(data)
        test_shadow_momenta(tmp, data)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
