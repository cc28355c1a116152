"""Record the BatchNorm statistics of any PyTorch model into a BN Lab run file (.bnlab).

Copy this one file into your project (it needs only the standard library and torch)::

    from bnlab_record import Recorder
    with Recorder(model, "run.bnlab", model_description="my CNN") as rec:
        for x, y in loader:
            loss = train_step(model, x, y)             # your usual step
            rec.log(loss=loss.item(), lr=optimizer.param_groups[0]["lr"])

then open run.bnlab in BN Lab (File > Open run..., or `bnlab run.bnlab`).

Every training-mode forward of every torch.nn.modules.batchnorm._BatchNorm (BatchNorm1d/2d/3d,
SyncBatchNorm, ...) is one recorded step of that layer: its per-channel batch mean, biased
batch variance and normalization count n (N for BatchNorm1d, N*H*W for BatchNorm2d). Training
never reads the running statistics, so BN Lab replays any momentum in either convention from
this record. The recorder only reads the layers' inputs (detached): the model's
parameters and buffers are exactly what they would be without it.

Optional extras: rec.evaluate(...) records validation accuracy with the model's running
statistics, with shadow running statistics for other momenta (shadow_momenta=...), or with
exact population statistics (rec.population_pass(...)). The format is documented in
docs/run-format.md of BN Lab; read_run() below reads it back without BN Lab.
"""

import json
import math
import struct
import sys

import torch

FORMAT_VERSION = 1
PROGRAM = "bnlab_record.py 1"
MAGIC = b"BNLABRUN"
MODE_BATCH, MODE_RUNNING, MODE_POPULATION = 0, 1, 2

__all__ = ["Recorder", "read_run", "FORMAT_VERSION"]


def _bn_layers(model):
    return [(name, m) for name, m in model.named_modules()
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]


def _reduce_dims(x):
    return [0] + list(range(2, x.dim()))  # every dimension but the channels


def _two_pass_stats(x):
    """Per-channel mean and biased variance, two-pass (x - mean first, so no cancellation), in
    float32 at least: the fallback where PyTorch's own statistics kernel does not run."""
    x = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    dims = _reduce_dims(x)
    mean = x.mean(dim=dims)
    centered = x - mean.view([1, -1] + [1] * (x.dim() - 2))
    return mean, centered.square_().mean(dim=dims)


# PyTorch's own batch statistics kernel, the one BatchNorm's training forward uses: one call,
# no temporary the size of the input, and the mean comes out bit-identical to the one the
# layer puts into running_mean. torch.batch_norm_update_stats(x, None, None, 0) returns the
# per-channel mean and *biased* variance and updates nothing. Measured on CPU with PyTorch 1.13
# inside training steps of the digits CNN: about half the CPU time of a two-pass mean/variance
# (whose input-sized temporaries cost more there than in isolation); torch.var_mean over
# (0, 2, 3) takes 6-7x the two-pass time. bench/recorder_bench.py times the whole recorder.
# Used on CPU for float32/float64 only, where it is measured and tested; elsewhere (GPUs,
# float16/bfloat16, whose results would come back rounded to the input's type) the two-pass
# computation runs.
_native_stats = getattr(torch, "batch_norm_update_stats", None)
_NATIVE_TYPES = (torch.float32, torch.float64)


def _batch_stats(x):
    """Per-channel batch mean and biased batch variance of a BatchNorm input (N, C, ...)."""
    if _native_stats is not None and x.is_cpu and x.dtype in _NATIVE_TYPES:
        try:
            return _native_stats(x, None, None, 0.0)
        except (RuntimeError, TypeError, NotImplementedError):
            pass  # a PyTorch whose kernel refuses this input: computed below instead
    return _two_pass_stats(x)


class _Shadow:
    """PyTorch-convention running statistics for one momentum, beside the model's own."""

    def __init__(self, momentum, channels):
        self.momentum = momentum  # PyTorch alpha, or None for the cumulative average
        self.mean = torch.zeros(channels, dtype=torch.float32)
        self.var = torch.ones(channels, dtype=torch.float32)
        self.batches = 0

    def update(self, mean, var, n):
        self.batches += 1
        a = 1.0 / self.batches if self.momentum is None else self.momentum
        unbiased = var * (n / (n - 1))
        self.mean.mul_(1 - a).add_(mean, alpha=a)
        self.var.mul_(1 - a).add_(unbiased, alpha=a)


class _LayerRecord:
    """One layer's per-step statistics. The latest steps are kept as the small tensors the
    hook got (appending is the cheapest thing a hook can do); every BLOCK steps they are stacked
    into one [C, BLOCK] float64 block, so a long run holds a few large tensors rather than
    millions of small ones (which Python's garbage collector would walk again and again)."""

    BLOCK = 256

    def __init__(self, name, module):
        self.name = name
        self.module = module
        # The latest steps, not yet in a block. Cleared in place, never replaced: the hook
        # holds their append methods.
        self.means, self.vars, self.counts = [], [], []
        self.mean_blocks, self.var_blocks = [], []
        self.shadows = {}

    @property
    def steps(self):
        return len(self.counts)

    def seal(self):
        if self.means:
            self.mean_blocks.append(torch.stack(self.means, dim=1).to(torch.float64))
            self.var_blocks.append(torch.stack(self.vars, dim=1).to(torch.float64))
            self.means.clear()
            self.vars.clear()

    def columns(self):
        """(batch_mean, batch_var): [C, steps] float64, channel-major as the file stores them."""
        self.seal()
        return torch.cat(self.mean_blocks, dim=1), torch.cat(self.var_blocks, dim=1)


class Recorder:
    """Records every BatchNorm layer's batch statistics while `model` trains.

    model: any torch.nn.Module. path: where the run is written on close() (or at the end of a
    `with` block). model_description: text shown in BN Lab (default: str(model)). dataset and
    config: free text and a JSON-serializable dict describing the run. shadow_momenta: PyTorch
    momenta (alpha; None = cumulative) to keep shadow running statistics for, so that
    evaluate(momenta=...) can evaluate the model as if it had trained with them.
    """

    def __init__(self, model, path, model_description=None, dataset="", config=None,
                 shadow_momenta=()):
        self.model = model
        self.path = str(path)
        self.model_description = str(model) if model_description is None else model_description
        self.dataset = dataset
        self.config = dict(config or {})
        self.layers = [_LayerRecord(n, m) for n, m in _bn_layers(model)]
        if not self.layers:
            raise ValueError("the model has no BatchNorm layer (torch.nn.modules.batchnorm._BatchNorm)")
        for layer in self.layers:
            for a in shadow_momenta:
                layer.shadows[a] = _Shadow(a, layer.module.num_features)
        self.train_log = {}       # step -> {"loss", "accuracy", "lr"}
        self.evaluations = []     # (step, mode, estimator index, accuracy, loss)
        self.estimators = []      # (kind, decay, unbiased, label) referred to by evaluations
        self.population = []      # (step, [(mean, var) per layer])
        self._handles = [layer.module.register_forward_pre_hook(self._hook_for(layer))
                         for layer in self.layers]
        self._paused = False
        self._closed = False

    # ---- recording -----------------------------------------------------------------------
    def _hook_for(self, layer):
        # Runs at every forward of the layer, so it is kept to the bare minimum: one statistics
        # call, three list appends (bound once here), no per-channel Python.
        add_mean, add_var, add_count = layer.means.append, layer.vars.append, layer.counts.append
        pending, block, shadows = layer.means, _LayerRecord.BLOCK, layer.shadows

        def hook(module, inputs):
            if self._paused or not module.training:
                return None
            # Exactly when PyTorch updates running statistics: training mode with tracking on,
            # or training mode without running stats (batch statistics used either way).
            # The input is detached, so nothing here enters autograd (no torch.no_grad needed).
            x = inputs[0].detach()
            mean, var = _batch_stats(x)
            n = x.numel() // x.shape[1]
            add_mean(mean)
            add_var(var)
            add_count(n)
            if len(pending) == block:
                layer.seal()
            for shadow in shadows.values():
                shadow.update(mean, var, n)
            return None
        return hook

    @property
    def step(self):
        """The number of training steps recorded so far (training forwards of the first layer)."""
        return self.layers[0].steps

    def log(self, step=None, loss=None, accuracy=None, lr=None):
        """Per-step training loss, accuracy and learning rate (any may be left out)."""
        step = self.step if step is None else int(step)
        entry = self.train_log.setdefault(step, {})
        for key, value in (("loss", loss), ("accuracy", accuracy), ("lr", lr)):
            if value is not None:
                entry[key] = float(value)

    def _estimator_index(self, momentum):
        if momentum is None:
            key = ("cumulative", 1.0, True, "PyTorch momentum=None")
        else:
            key = ("ema", 1.0 - float(momentum), True, "PyTorch α=%g" % momentum)
        if key not in self.estimators:
            self.estimators.append(key)
        return self.estimators.index(key)

    def evaluate(self, evaluate_fn, momenta=None, mode="running"):
        """Evaluates the model and records the result at the current step.

        evaluate_fn(model) -> (accuracy, loss) runs your validation; it is called with the model
        in eval() mode, and the model's mode is restored afterwards. mode="running" uses the
        model's own running statistics (recorded under the layers' momentum); with
        momenta=[...], each shadow momentum's statistics are swapped in in turn (see
        shadow_momenta) and the model's own buffers restored after. mode="batch" evaluates in
        training mode with batch statistics (the running statistics are saved and restored).
        Returns {momentum: (accuracy, loss)} or the single (accuracy, loss).
        """
        if mode == "batch":
            return self._evaluate_with_batch_statistics(evaluate_fn)
        if momenta is None:
            own = self.layers[0].module.momentum
            result = self._evaluate_eval_mode(evaluate_fn)
            self._add_evaluation(MODE_RUNNING, self._estimator_index(own), result)
            return result
        results = {}
        for a in momenta:
            shadows = [layer.shadows.get(a) for layer in self.layers]
            if any(s is None for s in shadows):
                raise ValueError("momentum %r has no shadow statistics: pass it in "
                                 "Recorder(..., shadow_momenta=[...])" % (a,))
            with self._swapped([(s.mean, s.var) for s in shadows]):
                results[a] = self._evaluate_eval_mode(evaluate_fn)
            self._add_evaluation(MODE_RUNNING, self._estimator_index(a), results[a])
        return results

    def population_pass(self, batches, evaluate_fn=None):
        """Exact population statistics at the current weights, recorded at the current step.

        batches: an iterable (re-iterated once per BN layer) of input tensors or (input, ...)
        tuples covering the data, e.g. the whole training set. Layer k's statistics are
        computed over all of it with layers before k normalizing by their own population
        statistics (eval mode), as BN Lab computes its population. Variances are biased. With
        evaluate_fn, also records the accuracy with these statistics swapped in.
        """
        stats = []
        was_training = self.model.training
        self._paused = True
        try:
            for k, layer in enumerate(self.layers):
                sums = {"n": 0, "s": None, "ss": None}

                def grab(module, inputs, sums=sums):
                    x = inputs[0].detach().to(torch.float64)
                    dims = _reduce_dims(x)
                    s, ss = x.sum(dim=dims), (x * x).sum(dim=dims)
                    sums["s"] = s if sums["s"] is None else sums["s"] + s
                    sums["ss"] = ss if sums["ss"] is None else sums["ss"] + ss
                    sums["n"] += x.numel() // x.shape[1]

                handle = layer.module.register_forward_pre_hook(grab)
                try:
                    with self._swapped([(m.float(), v.float()) for m, v in stats]
                                       + [None] * (len(self.layers) - k)):
                        self.model.eval()
                        with torch.no_grad():
                            for batch in batches:
                                x = batch[0] if isinstance(batch, (tuple, list)) else batch
                                self.model(x)
                finally:
                    handle.remove()
                mean = sums["s"] / sums["n"]
                var = (sums["ss"] / sums["n"] - mean * mean).clamp_min(0.0)
                stats.append((mean, var))
        finally:
            self._paused = False
            self.model.train(was_training)
        self.population.append((self.step, [(m.clone(), v.clone()) for m, v in stats]))
        if evaluate_fn is not None:
            with self._swapped([(m.float(), v.float()) for m, v in stats]):
                result = self._evaluate_eval_mode(evaluate_fn)
            self._add_evaluation(MODE_POPULATION, -1, result)
            return result
        return None

    # ---- helpers -------------------------------------------------------------------------
    def _add_evaluation(self, mode, estimator, result):
        accuracy, loss = result
        self.evaluations.append((self.step, mode, estimator, float(accuracy), float(loss)))

    def _evaluate_eval_mode(self, evaluate_fn):
        was_training = self.model.training
        self._paused = True
        try:
            self.model.eval()
            with torch.no_grad():
                return evaluate_fn(self.model)
        finally:
            self.model.train(was_training)
            self._paused = False

    def _evaluate_with_batch_statistics(self, evaluate_fn):
        saved = [(l.module.running_mean.clone(), l.module.running_var.clone(),
                  l.module.num_batches_tracked.clone()) for l in self.layers
                 if l.module.running_mean is not None]
        was_training = self.model.training
        self._paused = True
        try:
            self.model.train()
            with torch.no_grad():
                result = evaluate_fn(self.model)
        finally:
            i = 0
            for l in self.layers:
                if l.module.running_mean is not None:
                    l.module.running_mean.copy_(saved[i][0])
                    l.module.running_var.copy_(saved[i][1])
                    l.module.num_batches_tracked.copy_(saved[i][2])
                    i += 1
            self.model.train(was_training)
            self._paused = False
        self._add_evaluation(MODE_BATCH, -1, result)
        return result

    class _Swap:
        def __init__(self, recorder, stats):
            self.recorder, self.stats, self.saved = recorder, stats, []

        def __enter__(self):
            for layer, s in zip(self.recorder.layers, self.stats):
                m = layer.module
                if s is None:
                    self.saved.append(None)
                    continue
                if m.running_mean is None:
                    raise ValueError("layer %s has track_running_stats=False: there are no "
                                     "running statistics to swap" % layer.name)
                self.saved.append((m.running_mean.clone(), m.running_var.clone()))
                m.running_mean.copy_(s[0].to(m.running_mean))
                m.running_var.copy_(s[1].to(m.running_var))
            return self

        def __exit__(self, *exc):
            for layer, saved in zip(self.recorder.layers, self.saved):
                if saved is not None:
                    layer.module.running_mean.copy_(saved[0])
                    layer.module.running_var.copy_(saved[1])
            return False

    def _swapped(self, stats):
        """Swaps the given (mean, var) per layer (None: keep) into the running buffers."""
        return Recorder._Swap(self, stats)

    # ---- writing -------------------------------------------------------------------------
    def close(self):
        """Removes the hooks and writes the run file (once)."""
        if self._closed:
            return
        self._closed = True
        for h in self._handles:
            h.remove()
        write_run(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _Data:
    """The data section of a run file: arrays appended at 8-byte aligned offsets."""

    def __init__(self):
        self.chunks, self.size = [], 0

    def add(self, raw, dtype, shape):
        pad = (-self.size) % 8
        if pad:
            self.chunks.append(b"\0" * pad)
            self.size += pad
        ref = {"dtype": dtype, "shape": list(shape), "offset": self.size}
        self.chunks.append(raw)
        self.size += len(raw)
        return ref

    def tensor(self, t, dtype):
        torch_type = {"<f8": torch.float64, "<i8": torch.int64}[dtype]
        t = t.to(torch_type).contiguous().cpu()
        raw = t.numpy().tobytes() if _has_numpy() else _tensor_bytes(t)
        return self.add(raw, dtype, t.shape)

    def doubles(self, values):
        return self.add(struct.pack("<%dd" % len(values), *values), "<f8", [len(values)])

    def integers(self, values):
        return self.add(struct.pack("<%dq" % len(values), *values), "<i8", [len(values)])


def _has_numpy():
    try:
        import numpy  # noqa: F401  (only to speed up writing; not required)
        return True
    except ImportError:
        return False


def _tensor_bytes(t):
    fmt = "<%d%s" % (t.numel(), "d" if t.dtype == torch.float64 else "q")
    return struct.pack(fmt, *t.flatten().tolist())


def write_run(rec):
    steps = rec.step
    for layer in rec.layers:
        if layer.steps != steps:
            raise RuntimeError("BN layer %s ran %d training forwards, the first layer %d: each "
                               "layer must run once per step" % (layer.name, layer.steps, steps))
    if steps == 0:
        raise RuntimeError("no training step was recorded (the model never ran in train() mode)")
    data = _Data()
    layers = []
    for layer in rec.layers:
        m = layer.module
        momentum = m.momentum
        batch_mean, batch_var = layer.columns()
        layers.append({
            "name": layer.name,
            "type": type(m).__name__,
            "channels": m.num_features,
            "momentum": None if momentum is None else float(momentum),
            "eps": float(m.eps),
            # channel-major: each channel's steps are contiguous, as BN Lab replays them
            "batch_mean": data.tensor(batch_mean, "<f8"),
            "batch_var": data.tensor(batch_var, "<f8"),
            "count": data.integers(layer.counts),
        })
    nan = float("nan")
    training = {}
    for key in ("loss", "accuracy", "lr"):
        if any(key in e for e in rec.train_log.values()):
            values = [rec.train_log.get(t, {}).get(key, nan) for t in range(1, steps + 1)]
            training[key] = data.doubles(values)
    manifest = {
        "format": "bnlab-run",
        "version": FORMAT_VERSION,
        "producer": {"program": PROGRAM, "torch": torch.__version__,
                     "python": sys.version.split()[0]},
        "model": rec.model_description,
        "dataset": rec.dataset,
        "config": rec.config,
        "steps": steps,
        "layers": layers,
        "training": training,
        "estimators": [{"kind": k, "decay": d, "unbiased_variance": u, "init_mean": 0.0,
                        "init_var": 1.0, "label": label} for k, d, u, label in rec.estimators],
    }
    if rec.population:
        pop_layers = []
        for k in range(len(rec.layers)):
            pop_layers.append({
                "mean": data.tensor(torch.stack([p[1][k][0] for p in rec.population]), "<f8"),
                "var": data.tensor(torch.stack([p[1][k][1] for p in rec.population]), "<f8"),
            })
        manifest["population"] = {"step": data.integers([p[0] for p in rec.population]),
                                  "layers": pop_layers}
    ev = rec.evaluations
    manifest["evaluations"] = {
        "step": data.integers([e[0] for e in ev]), "mode": data.integers([e[1] for e in ev]),
        "estimator": data.integers([e[2] for e in ev]),
        "accuracy": data.doubles([e[3] for e in ev]), "loss": data.doubles([e[4] for e in ev]),
    }
    header = json.dumps(manifest, ensure_ascii=False, allow_nan=False).encode("utf-8")
    with open(rec.path, "wb") as f:
        f.write(MAGIC + struct.pack("<IIQ", FORMAT_VERSION, 0, len(header)))
        f.write(header)
        f.write(b"\0" * ((-(24 + len(header))) % 8))
        for chunk in data.chunks:
            f.write(chunk)


def read_run(path):
    """Reads a .bnlab run without BN Lab: the manifest (a dict) with every array replaced by a
    torch tensor of its dtype and shape."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:8] != MAGIC:
        raise ValueError("%s: not a BN Lab run (it does not start with BNLABRUN)" % path)
    version, _, length = struct.unpack_from("<IIQ", raw, 8)
    if version > FORMAT_VERSION:
        raise ValueError("%s: format version %d is newer than this reader (%d)"
                         % (path, version, FORMAT_VERSION))
    manifest = json.loads(raw[24:24 + length].decode("utf-8"))
    start = 24 + length + (-(24 + length)) % 8
    types = {"<f8": torch.float64, "<f4": torch.float32, "<i8": torch.int64, "<i4": torch.int32}
    sizes = {"<f8": 8, "<f4": 4, "<i8": 8, "<i4": 4}

    def load(node):
        if isinstance(node, dict):
            if set(node) == {"dtype", "shape", "offset"}:
                count = math.prod(node["shape"])
                begin = start + node["offset"]
                chunk = bytearray(raw[begin:begin + count * sizes[node["dtype"]]])
                if count == 0:
                    return torch.zeros(node["shape"], dtype=types[node["dtype"]])
                return torch.frombuffer(chunk, dtype=types[node["dtype"]]).reshape(node["shape"])
            return {k: load(v) for k, v in node.items()}
        if isinstance(node, list):
            return [load(v) for v in node]
        return node

    return load(manifest)
