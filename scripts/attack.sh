#!/usr/bin/env bash
# Runs the hostile-client attacks of issue #14 against a fresh pieslicer-server with its
# defaults, and checks during each that /ping answers within 100 ms, that a normal upload
# succeeds, and that the server's RSS stays under a bound; then that SIGTERM ends it
# within 5 s while a client drips. Usage: scripts/attack.sh [build-dir]
# Needs python3 (scripts/setup.sh installs it). Everything binds 127.0.0.1.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
exec python3 "$here/scripts/attack.py" --server "$build/app/pieslicer-server" \
    --images "$here/sample_images"
