#!/usr/bin/env bash
# BN Lab's engine against the same models in PyTorch, on this machine, one after the other.
#
#   bench/compare.sh                      builds bnlab_bench_engine in ./build (Release) and compares
#   BUILD_DIR=/path/to/build bench/compare.sh
#
# Environment:
#   BUILD_DIR         CMake build directory (default: build, relative to the repository root);
#                     configured as Release if it has no CMakeCache.txt yet
#   BNLAB_BENCH_EXE   use this bnlab_bench_engine binary instead of building one
#   BENCH_SECONDS     duration of each measurement after warm-up (default 3)
#   BENCH_MODEL       small | digits | all (default all)
#   BENCH_STAT        figure compared: mean (steps/s over the whole duration, default) |
#                     median | best (of ~10 time slices) | cpu (steps per CPU-second of the
#                     process: robust on a busy machine, but counts all of PyTorch's threads)
#   PYTHON            interpreter with PyTorch (default /usr/bin/python3, Debian's python3-torch)
#
# Targets: BN Lab ≥ 10× PyTorch single-thread steps/s on the small model (judged against both
# float32 and float64 PyTorch); the digits step ≤ 2× the time of its own GEMMs.
# Raw JSON results are kept in $BUILD_DIR/bench_results/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir="$repo/$build_dir"
seconds=${BENCH_SECONDS:-3}
model=${BENCH_MODEL:-all}
stat=${BENCH_STAT:-mean}
python=${PYTHON:-/usr/bin/python3}

case $stat in mean | median | best | cpu) ;; *) echo "BENCH_STAT must be mean, median, best or cpu" >&2; exit 2 ;; esac

# ---- the engine benchmark ------------------------------------------------------------------------
if [[ -n ${BNLAB_BENCH_EXE:-} ]]; then
    exe=$BNLAB_BENCH_EXE
else
    if [[ ! -f $build_dir/CMakeCache.txt ]]; then
        echo "== configuring $build_dir (Release)"
        if [[ $build_dir == "$repo/build" && -f $repo/CMakePresets.json ]]; then
            (cd "$repo" && cmake --preset release) # the tree scripts/run.sh and test.sh share
        else
            cmake -S "$repo" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
        fi
    fi
    build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
    if [[ $build_type != Release ]]; then
        echo "warning: $build_dir is a '${build_type:-no build type}' build; timings are meaningful in Release" >&2
    fi
    echo "== building bnlab_bench_engine in $build_dir"
    cmake --build "$build_dir" --target bnlab_bench_engine
    exe=$build_dir/bench/bnlab_bench_engine
    if [[ ! -x $exe ]]; then
        exe=$(find "$build_dir" -type f -name bnlab_bench_engine -perm -u+x -print -quit)
    fi
fi
if [[ -z $exe || ! -x $exe ]]; then
    echo "bnlab_bench_engine not found (BUILD_DIR=$build_dir)" >&2
    exit 1
fi

results=$build_dir/bench_results
[[ -n ${BNLAB_BENCH_EXE:-} && ! -d $build_dir ]] && results=$(mktemp -d)
mkdir -p "$results"
stamp=$(date +%Y%m%d-%H%M%S)
engine_json=$results/engine-$stamp.json
torch_json=$results/pytorch-$stamp.json

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "== machine: ${cpu:-unknown CPU}, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
load1=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load1" 'BEGIN { exit !(l > 0.5) }'; then
    echo "warning: the machine is busy (load $load1): figures will be low and noisy; the slices show the spread" >&2
fi

echo "== BN Lab engine ($exe), $seconds s per measurement"
"$exe" --model "$model" --seconds "$seconds" --json >"$engine_json"

# ---- PyTorch --------------------------------------------------------------------------------------
if [[ -x $python ]] && "$python" -c 'import torch' 2>/dev/null; then
    echo "== PyTorch ($python), $seconds s per measurement"
    "$python" "$here/pytorch_bench.py" --model "$model" --seconds "$seconds" --json >"$torch_json"
else
    echo "== $python has no PyTorch (Debian: apt-get install python3-torch): BN Lab figures only"
    torch_json=
fi

# ---- the table ------------------------------------------------------------------------------------
formatter=python3
command -v "$formatter" >/dev/null || formatter=$python
if ! command -v "$formatter" >/dev/null; then
    echo "no python3 to format the results; raw JSON:"
    cat "$engine_json" ${torch_json:+"$torch_json"}
    exit 0
fi

"$formatter" - "$engine_json" "${torch_json:-}" "$stat" <<'PY'
import json
import sys

engine = json.load(open(sys.argv[1]))
torch = json.load(open(sys.argv[2])) if sys.argv[2] else None
stat = sys.argv[3]
key = {"mean": "steps_per_sec", "median": "median_slice_steps_per_sec",
       "best": "best_slice_steps_per_sec", "cpu": "cpu_steps_per_sec"}[stat]

def rate(entry):
    return entry[key] if entry else None

def fmt(v, width=10, digits=0):
    return f"{'—':>{width}}" if v is None else f"{v:{width},.{digits}f}"

def gemm_us(model):
    return model["gemm"][{"mean": "us", "median": "median_slice_us", "best": "best_slice_us",
                          "cpu": "cpu_us"}[stat]]

def ratio(a, b):
    return None if a is None or b is None else a / b

print()
label = {"mean": "over the whole duration", "median": "median time slice",
         "best": "best time slice", "cpu": "per CPU-second"}[stat]
print(f"steps per second ({label}), "
      f"BN Lab in float64 ({engine['simd']}), Eigen {engine['eigen']}")
if torch:
    default = torch["default_threads"]
    print(f"PyTorch {torch['torch']}: default threads = {default}, CPUs = {torch['cpus']}; "
          f"BLAS: {', '.join(torch['blas']) or 'unknown'}")
    print("float32 is PyTorch's default dtype; float64 is the like-for-like comparison "
          "(BN Lab computes in double)")
print()

rows = []
for name in ("small", "digits"):
    if name not in engine:
        continue
    bn = rate(engine[name]["step"])
    pt = torch["models"].get(name) if torch else None
    get = (lambda k: rate(pt.get(k)) if pt else None)
    rows.append((name, bn, get("float32_threads_1"), get("float64_threads_1"),
                 get("float32_threads_default"), get("float64_threads_default"),
                 get("float32_threads_all_cpus")))

if not torch:
    print(f"{'model':7} {'BN Lab':>10}")
    for name, bn, *_ in rows:
        print(f"{name:7} {fmt(bn)}")
    rows = []
head = (f"{'model':7} {'BN Lab':>10} │ {'PT 1t f32':>10} {'PT 1t f64':>10} "
        f"{'PT dflt f32':>11} {'PT dflt f64':>11}")
show_all = torch and any(r[6] is not None for r in rows)
if show_all:
    head += f" {'PT ' + str(torch['cpus']) + 't f32':>11}"
head += f" │ {'÷1t f32':>8} {'÷1t f64':>8} {'÷dflt f32':>9}"
if rows:
    print(head)
    print("─" * len(head))
for name, bn, f32, f64, d32, d64, a32 in rows:
    line = f"{name:7} {fmt(bn)} │ {fmt(f32)} {fmt(f64)} {fmt(d32, 11)} {fmt(d64, 11)}"
    if show_all:
        line += f" {fmt(a32, 11)}"
    line += (f" │ {fmt(ratio(bn, f32), 7, 1)}× {fmt(ratio(bn, f64), 7, 1)}× "
             f"{fmt(ratio(bn, d32), 8, 1)}×")
    print(line)
print()

verdicts = []
if "small" in engine:
    s = engine["small"]
    print(f"small  Trainer::step() {1e6 / rate(s['step']):.1f} µs; Mlp::trainStep alone "
          f"{1e6 / rate(s['train_step_only']):.1f} µs; its 8 GEMMs alone {gemm_us(s):.1f} µs; "
          f"with periodic work (info) {rate(s['step_with_periodic_work']):,.0f} steps/s")
    if torch:
        bn, f32, f64 = rows[0][1], rows[0][2], rows[0][3]
        for label, pt in (("float32", f32), ("float64", f64)):
            r = ratio(bn, pt)
            ok = r is not None and r >= 10.0
            verdicts.append(ok)
            print(f"target small: BN Lab ≥ 10× PyTorch 1-thread {label}: {r:.1f}×  "
                  f"{'PASS' if ok else 'MISS'}")
    else:
        print("target small: BN Lab ≥ 10× PyTorch 1-thread: not measured (no PyTorch)")
if "digits" in engine:
    d = engine["digits"]
    step_us = 1e6 / rate(d["step"])
    r = step_us / gemm_us(d)
    ok = r <= 2.0
    verdicts.append(ok)
    print(f"digits Trainer::step() {step_us:.1f} µs; Mlp::trainStep alone "
          f"{1e6 / rate(d['train_step_only']):.1f} µs; its 8 GEMMs alone {gemm_us(d):.1f} µs "
          f"({d['gemm']['gflops']:.1f} GFLOP/s)")
    print(f"target digits: step time / GEMM time = {r:.2f} ≤ 2  {'PASS' if ok else 'MISS'}")
PY
echo
echo "raw results: $engine_json${torch_json:+ $torch_json}"
