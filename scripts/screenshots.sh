#!/usr/bin/env bash
# Screenshots of the real window under Xvfb at classroom screen sizes, for docs/ and for
# judging the layout as a teacher at a projector would.
#
#   scripts/screenshots.sh OUTDIR [SIZE[:MODE] ...]
#
# SIZE is WIDTHxHEIGHT; MODE is normal (default), presentation or focus (presentation mode
# with plot 1 in focus). Each shot runs lesson 6 for a few seconds from a clean settings folder,
# so remembered window sizes never leak in. Needs xvfb, xdotool and imagemagick (installed on
# demand with scripts/deps.sh).
#   BNLAB=path/to/bnlab   the binary (default: build/app/bnlab)
#   LESSON=N              the lesson to show (default: 6)
#   PLAY_SECONDS=S        how long it trains before the shot (default: 6)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=${1:?usage: scripts/screenshots.sh OUTDIR [SIZE[:MODE] ...]}
shift
sizes=("$@")
((${#sizes[@]})) || sizes=(1366x768:normal 1366x768:presentation 1366x768:focus 1280x720:normal)
bnlab=${BNLAB:-$root/build/app/bnlab}
"$root/scripts/deps.sh" xvfb xdotool imagemagick >/dev/null
mkdir -p "$out"

display=:77
for entry in "${sizes[@]}"; do
  size=${entry%%:*}
  mode=normal
  [[ $entry == *:* ]] && mode=${entry#*:}
  config=$(mktemp -d)
  Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  args=(--lesson "${LESSON:-6}")
  [[ $mode != normal ]] && args+=(--presentation)
  DISPLAY=$display XDG_CONFIG_HOME=$config "$bnlab" "${args[@]}" >/dev/null 2>&1 &
  app=$!
  sleep 3
  # No window manager under Xvfb: give the window the keyboard focus by hand.
  win=$(DISPLAY=$display xdotool search --sync --onlyvisible --name "BN Lab" | head -n 1)
  DISPLAY=$display xdotool windowfocus --sync "$win" key space
  sleep "${PLAY_SECONDS:-6}"
  if [[ $mode == focus ]]; then
    DISPLAY=$display xdotool key 1
    sleep 1
  fi
  file="$out/bnlab-${size}-${mode}.png"
  DISPLAY=$display import -window root "$file"
  echo "$file"
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  rm -rf "$config"
done
