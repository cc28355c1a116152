#!/usr/bin/env bash
# Build BN Lab (Release, in build/) and start it.
#
#   scripts/run.sh [app arguments...]
#
# Builds only the app (the bnlab target); scripts/test.sh builds the rest.
# With a display ($DISPLAY or $WAYLAND_DISPLAY) the GUI starts. Without one
# the app runs headless and writes its figures to $BNLAB_OUT (default:
# ./bnlab-output, relative to the directory you called the script from):
# without arguments those of lesson 1, the lesson the window opens with.
# Works from any directory; app arguments that are relative paths are
# resolved against the directory you called it from.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build"

"$root/scripts/deps.sh"

# Same configuration as scripts/test.sh, so the two share one build tree.
# -G only on the first configure: an existing cache keeps its generator.
(
  cd "$root"
  generator=()
  [[ -f build/CMakeCache.txt ]] || generator=(-G Ninja)
  cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
  cmake --build build --parallel --target bnlab
)

app="$build/app/bnlab"
if [[ ! -x $app ]]; then
  echo "run.sh: $app was not built" >&2
  exit 1
fi

if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
  exec "$app" "$@"
fi

out="${BNLAB_OUT:-bnlab-output}"
[[ $out == /* ]] || out="$PWD/$out"
mkdir -p "$out"
echo "run.sh: no display (DISPLAY and WAYLAND_DISPLAY unset): running headless"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# Without arguments, the run the window would show first: lesson 1.
(($# > 0)) || set -- --lesson 01-stationary
"$app" --headless --out "$out" "$@"
echo "run.sh: figures written to $out"
