#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan + UBSan), makes the seed corpora and runs
# both fuzzers side by side, each for SECONDS (default 1800), nice'd.
#   scripts/fuzz.sh [SECONDS]
# Logs: build-fuzz/fuzz-logs/<target>.log; crashes, leaks, timeouts and OOMs:
# build-fuzz/fuzz-logs/artifacts/; grown corpora: build-fuzz/fuzz-corpus/<target>/.
# Limits per input: -timeout=25 s, -rss_limit_mb=2048; leak detection on.
set -euo pipefail
seconds=${1:-1800}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
jobs=${JOBS:-2}

if [[ ! -f $build/build.ninja ]]; then
    CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DPIESLICER_FUZZ=ON \
        -DPIESLICER_ASAN=ON -DPIESLICER_BUILD_UI=OFF -DPIESLICER_BUILD_BENCH=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
nice -n 10 cmake --build "$build" -j"$jobs" --target fuzz_image_decode fuzz_request_handler

logs=$build/fuzz-logs
rm -rf "$build/fuzz-seeds"
"$root/fuzz/make_seeds.sh" "$build/fuzz-seeds"
mkdir -p "$logs/artifacts"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

run() {  # run TARGET MAX_LEN
    local target=$1 maxlen=$2
    mkdir -p "$build/fuzz-corpus/$target"
    nice -n 19 "$build/fuzz/$target" "$build/fuzz-corpus/$target" "$build/fuzz-seeds/$3" \
        -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len="$maxlen" \
        -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$logs/artifacts/$target-" \
        >"$logs/$target.log" 2>&1
}

echo "fuzzing for ${seconds}s each, logs in $logs"
status=0
run fuzz_image_decode $((2 << 20)) image &
p1=$!
run fuzz_request_handler $((256 << 10)) request &
p2=$!
wait $p1 || status=1
wait $p2 || status=1

for target in fuzz_image_decode fuzz_request_handler; do
    log=$logs/$target.log
    echo "== $target (corpus: $(ls "$build/fuzz-corpus/$target" | wc -l) files)"
    grep -E '^#[0-9]+' "$log" | tail -1 || true
    grep -E '^(stat::|Done |==[0-9]+==ERROR|SUMMARY)' "$log" || true
done
ls "$logs/artifacts"
exit $status
