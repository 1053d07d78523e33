#!/usr/bin/env bash
# Writes the project's own Mahimahi delivery traces (the recipe behind resources/traces/).
# Each line of a trace is a millisecond at which one 1500-byte packet may leave the
# bottleneck (12 Mbit/s = one line per ms); the trace repeats from its last line.
# Usage: scripts/make_traces.sh [out-dir]            (default: resources/traces)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/resources/traces}"
mkdir -p "$out"

# rate_trace SECONDS "RATE_EXPR": RATE_EXPR is an awk expression of t (ms from 0) giving
# Mbit/s. Fractional packets carry over, so any rate is exact on average.
rate_trace() {
    awk -v ms="$(( $1 * 1000 ))" -v seed=42 "
        BEGIN {
            srand(seed); credit = 0; walk = log(12)
            for (t = 0; t < ms; t++) {
                if (t % 100 == 0) {   # the random walk moves every 100 ms
                    walk += (rand() - 0.5) * 0.5
                    if (walk < log(1)) walk = log(1); if (walk > log(50)) walk = log(50)
                }
                credit += ($2) / 12.0     # packets this millisecond
                while (credit >= 1) { print t + 1; last = t + 1; credit -= 1 }
            }
            # The period is the last line: make it the trace's full length (an extra packet
            # at the end when the last millisecond had none).
            if (last != ms) print ms
        }"
}

# 12 Mbit/s: one packet every millisecond.
rate_trace 1 "12" > "$out/constant-12mbit.trace"
# A 10x step: 10 s at 24 Mbit/s, 10 s at 2.4 Mbit/s, then back up (the trace loops).
rate_trace 20 "(t < 10000 ? 24 : 2.4)" > "$out/step-10x.trace"
# A square wave: 1 s at 32 Mbit/s, 1 s at 4 Mbit/s.
rate_trace 2 "(t < 1000 ? 32 : 4)" > "$out/square-32-4mbit.trace"
# Cellular-like: the rate wanders in log space (seeded), between 1 and 50 Mbit/s, for 60 s.
rate_trace 60 "exp(walk)" > "$out/cellular-walk.trace"

for f in "$out"/*.trace; do
    awk -v name="$(basename "$f")" 'END { printf "%-26s %7d packets over %6d ms: mean %.2f Mbit/s\n", name, NR, $1, NR * 12 / $1 }' "$f"
done
