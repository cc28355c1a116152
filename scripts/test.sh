#!/usr/bin/env bash
# Build BN Lab and run its CTest suite (headless, QT_QPA_PLATFORM=offscreen).
#
#   scripts/test.sh
#
# Defaults match scripts/run.sh (Release build in build/), so both share one
# build tree. Optional environment, used by .ci/run for sanitizer builds:
#   BUILD_DIR        build directory, relative to the repo root or absolute
#                    (default: build)
#   CMAKE_ARGS       extra configure arguments, whitespace-separated, e.g.
#                    "-DBNLAB_SANITIZE=address;undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo"
#                    (they come after -DCMAKE_BUILD_TYPE=Release, so they win)
#   CTEST_JOBS       parallel tests (default: 2)
#   CTEST_ARGS       extra ctest arguments, whitespace-separated (e.g. "-R csv")
#   CTEST_WRAPPER    a command to run ctest under, whitespace-separated (e.g. "taskset -c 0")
#   BNLAB_SKIP_DEPS  set to 1 to skip scripts/deps.sh (the caller already ran it)
# Exits non-zero if the build or any test fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ ${BNLAB_SKIP_DEPS:-0} != 1 ]]; then
  scripts/deps.sh
fi

build="${BUILD_DIR:-build}"
read -r -a cmake_args <<<"${CMAKE_ARGS:-}"
read -r -a ctest_args <<<"${CTEST_ARGS:-}"
read -r -a ctest_wrapper <<<"${CTEST_WRAPPER:-}"

generator=()
[[ -f $build/CMakeCache.txt ]] || generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "${cmake_args[@]}"
cmake --build "$build" --parallel

export QT_QPA_PLATFORM=offscreen
"${ctest_wrapper[@]}" ctest --test-dir "$build" --output-on-failure --no-tests=error -j "${CTEST_JOBS:-2}" "${ctest_args[@]}"
