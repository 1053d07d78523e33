#!/usr/bin/env bash
# Builds with ThreadSanitizer and runs the concurrency tests (endpoint, relay, runner).
# Timing assertions are not meaningful at TSan's 5-15x slowdown, so the link-timing test is
# left to the normal and ASan runs. Usage: scripts/tsan.sh [build-dir]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build-tsan}"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPIESLICER_TSAN=ON \
    -DPIESLICER_BUILD_UI=OFF -DPIESLICER_BUILD_BENCH=OFF
cmake --build "$build" -j "$(nproc)" --target pieslicer-server test_server_hardening test_experiment test_endpoint
export QT_QPA_PLATFORM=offscreen TSAN_OPTIONS="halt_on_error=1 die_after_fork=0 suppressions=$here/tests/tsan.supp"
for t in test_server_hardening test_experiment test_endpoint; do "$build/tests/$t"; done
