#!/usr/bin/env bash
# The observed workload: BN Lab (observation serial and beside training) against a PyTorch script
# that trains the same networks and observes them the same way, in the same run, repeated.
#
#   bench/compare_observed.sh            builds bnlab_bench_observed in ./build and compares
#
# Environment: BUILD_DIR (default build), BENCH_SECONDS (default 3), REPEAT (default 3),
#   PYTHON (default /usr/bin/python3, Debian's python3-torch), TORCH_DTYPE (default float32),
#   LARGE_CSV (a CSV for the large-data workload; default: a generated 200 000-row file).
# Prints, per repetition, the steps/s and the ratios, then the median and range of each ratio.
# Targets: observed ≥ 20× PyTorch on the default and digits setups, training alone ≥ 10×, and
# observed ≥ 70 % of training alone.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir="$repo/$build_dir"
seconds=${BENCH_SECONDS:-3}
repeat=${REPEAT:-3}
python=${PYTHON:-/usr/bin/python3}
dtype=${TORCH_DTYPE:-float32}

cmake --build "$build_dir" --target bnlab_bench_observed >/dev/null
exe=$build_dir/bench/bnlab_bench_observed
results=$build_dir/bench_results
mkdir -p "$results"
large=${LARGE_CSV:-$results/large-200000.csv}
[[ -f $large ]] || python3 "$here/make_large_csv.py" --rows 200000 "$large"

echo "== machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
runs=()
for ((i = 1; i <= repeat; ++i)); do
    stamp=$(date +%Y%m%d-%H%M%S)-$i
    "$exe" --seconds "$seconds" --workload default,digits,small,large --large "$large" --json \
        >"$results/observed-$stamp.json"
    "$python" "$here/pytorch_observed_bench.py" --seconds "$seconds" --dtype "$dtype" --json \
        >"$results/pytorch-observed-$stamp.json"
    runs+=("$results/observed-$stamp.json" "$results/pytorch-observed-$stamp.json")
done

python3 - "${runs[@]}" <<'PY'
import json, statistics, sys
files = sys.argv[1:]
rows = []
for bn_file, pt_file in zip(files[0::2], files[1::2]):
    bn = json.load(open(bn_file))["workloads"]
    pt = json.load(open(pt_file))
    w = pt["workloads"]
    r = {
        "default observed ÷ PyTorch": bn["default"]["parallel"] / w["default"]["steps_per_sec"],
        "digits observed ÷ PyTorch": bn["digits"]["parallel"] / w["digits"]["steps_per_sec"],
        "small training alone ÷ PyTorch": bn["small"]["alone"] / w["small"]["steps_per_sec"],
        "default observed ÷ alone": bn["default"]["parallel"] / bn["default"]["alone"],
        "digits observed ÷ alone": bn["digits"]["parallel"] / bn["digits"]["alone"],
        "large observed ÷ alone": bn["large"]["parallel"] / bn["large"]["alone"],
        "default serial ÷ alone": bn["default"]["serial"] / bn["default"]["alone"],
        "digits serial ÷ alone": bn["digits"]["serial"] / bn["digits"]["alone"],
    }
    rows.append(r)
    print(f"BN Lab kernels: {json.load(open(bn_file)).get('kernels', '?')}")
    print(f"run: BN Lab default {bn['default']['alone']:.0f} alone / {bn['default']['serial']:.0f} "
          f"serial / {bn['default']['parallel']:.0f} parallel; digits {bn['digits']['alone']:.0f} / "
          f"{bn['digits']['serial']:.0f} / {bn['digits']['parallel']:.0f}; small {bn['small']['alone']:.0f}; "
          f"large {bn['large']['alone']:.0f} / {bn['large']['parallel']:.0f} (P {bn['large']['population_every']}, "
          f"V {bn['large']['evaluate_every']}, ×{bn['large']['spacing']}) steps/s")
    print(f"     PyTorch {pt['torch']} {pt['dtype']} 1 thread: default {w['default']['steps_per_sec']:.0f}, "
          f"digits {w['digits']['steps_per_sec']:.0f}, small {w['small']['steps_per_sec']:.0f} steps/s; "
          f"BLAS: {', '.join(pt['blas'])}")
targets = {"default observed ÷ PyTorch": 20, "digits observed ÷ PyTorch": 20,
           "small training alone ÷ PyTorch": 10, "default observed ÷ alone": 0.7,
           "digits observed ÷ alone": 0.7, "large observed ÷ alone": 0.7}
print()
for key in rows[0]:
    values = [r[key] for r in rows]
    t = targets.get(key)
    verdict = "" if t is None else f"  target ≥ {t}: {'MET' if statistics.median(values) >= t else 'MISSED'}"
    print(f"{key:32s} median {statistics.median(values):7.2f}  range {min(values):.2f}–{max(values):.2f}{verdict}")
PY
