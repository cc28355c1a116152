#!/usr/bin/env bash
# Install the Debian 12 packages BN Lab needs to build, test and run, but only
# the ones that are missing.
#
#   scripts/deps.sh                 # base set
#   scripts/deps.sh xvfb shellcheck # base set plus extra packages
#   source scripts/deps.sh && bnlab_deps xvfb   # from another bash script
#
# When everything is already installed it prints a single line and never
# touches apt-get (safe to call from every script, offline too).
#
# Package notes (checked with `apt-cache depends` on Debian 12):
#  - qt6-base-dev pulls the Core/Gui/Widgets/PrintSupport/Concurrent/Test
#    libraries, qt6-qpa-plugins (the "offscreen" platform used by the tests),
#    and libgl-dev/libopengl-dev/libglx-dev which Qt6Gui's CMake config needs
#    (it requires WrapOpenGL). XKB and Vulkan headers are optional for it.
#  - qt6-svg-dev provides Qt6::Svg.
#  - libqcustomplot-dev ships QCustomPlotQt6Config.cmake (it also drags in
#    qtbase5-dev, which is harmless).
#  - libgl-dev is listed explicitly although qt6-base-dev depends on it.
#  - fonts-dejavu-core: the app and the offscreen tests render text.

# The base set; keep in sync with the README.
BNLAB_BASE_PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-svg-dev libqcustomplot-dev libeigen3-dev libgl-dev
  fonts-dejavu-core
)

bnlab_deps() {
  local pkg status
  local -a wanted=("${BNLAB_BASE_PACKAGES[@]}" "$@") missing=() sudo=()

  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: dpkg-query not found; this script supports Debian/Ubuntu only." >&2
    echo "deps.sh: install by hand: ${wanted[*]}" >&2
    return 1
  fi

  for pkg in "${wanted[@]}"; do
    # Only plain package names (optionally with :arch); never options.
    if [[ ! $pkg =~ ^[a-z0-9][a-z0-9+.-]*(:[a-z0-9]+)?$ ]]; then
      echo "deps.sh: not a Debian package name: '$pkg'" >&2
      return 2
    fi
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ $status != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done

  if ((${#missing[@]} == 0)); then
    echo "dependencies: all present"
    return 0
  fi

  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "deps.sh: missing packages: ${missing[*]}" >&2
      echo "deps.sh: need root to install them, and sudo is not available." >&2
      echo "deps.sh: run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
      return 1
    fi
  fi

  echo "dependencies: installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
  echo "dependencies: installed ${missing[*]}"
}

# Executed (not sourced): install now, extra packages from the arguments.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  bnlab_deps "$@"
fi
