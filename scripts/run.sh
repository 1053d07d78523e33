#!/usr/bin/env bash
# Sets up, builds and launches the dashboard on sample_images/ with the embedded endpoint.
# Extra arguments go to pieslicer-dashboard (see pieslicer-dashboard --help).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${PIESLICER_BUILD_DIR:-$here/build}"
"$here/scripts/setup.sh" "$build" >&2
app="$build/ui/pieslicer-dashboard"
[ -x "$app" ] || app="$build/app/pieslicer-dashboard"
args=(--images "$here/sample_images" "$@")
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run: no display found; starting the dashboard on a virtual X server (xvfb-run)" >&2
    exec xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "${args[@]}"
fi
exec "$app" "${args[@]}"
