#!/usr/bin/env bash
# Build the Debian package of BN Lab: build/bnlab_<version>_<arch>.deb.
#
#   scripts/package.sh            # then: sudo apt-get install ./build/bnlab_*.deb
#
# Uses the Release build in build/ (shared with scripts/run.sh and scripts/test.sh).
# Depends: is computed by dpkg-shlibdeps (from dpkg-dev; CPack also needs `file`).
# Optional environment: BUILD_DIR (default: build), BNLAB_SKIP_DEPS=1.
# Prints the path of the package as the last line.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ ${BNLAB_SKIP_DEPS:-0} != 1 ]]; then
  scripts/deps.sh dpkg-dev file
fi

build="${BUILD_DIR:-build}"
generator=()
[[ -f $build/CMakeCache.txt ]] || generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
# The app and the files it installs (man page, icons); not the tests and benchmarks.
cmake --build "$build" --parallel --target bnlab bnlab_install_files

rm -f "$build"/bnlab_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/bnlab_*.deb)
if [[ ! -f ${debs[0]} ]]; then
  echo "package.sh: cpack wrote no bnlab_*.deb in $build" >&2
  exit 1
fi
echo "package.sh: built ${debs[0]}"
dpkg-deb --field "${debs[0]}" Package Version Architecture Section Installed-Size Depends
echo "${debs[0]}"
