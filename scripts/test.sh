#!/usr/bin/env bash
# Sets up, builds and runs every test headless, then the core and model tests again under
# AddressSanitizer + UndefinedBehaviorSanitizer. Usage: scripts/test.sh [build-dir]
# PIESLICER_SKIP_ASAN=1 skips the sanitizer pass.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
"$here/scripts/setup.sh" "$build"
export QT_QPA_PLATFORM=offscreen
(cd "$build" && ctest --output-on-failure -j 2 --timeout 600)

if [ "${PIESLICER_SKIP_ASAN:-0}" != "1" ]; then
    asan="$build-asan"
    cmake -S "$here" -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPIESLICER_ASAN=ON \
        -DPIESLICER_BUILD_UI=OFF -DPIESLICER_BUILD_BENCH=OFF -DPIESLICER_MODELS=mobilenet_v2,nasnet_mobile
    cmake --build "$asan" -j "$(nproc)"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    (cd "$asan" && ctest --output-on-failure -j 2 --timeout 900)
fi
