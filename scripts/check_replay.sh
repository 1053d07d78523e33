#!/usr/bin/env bash
# Issue 11's check of what-if replay: real runs of a folder at two rates, each replayed at
# the other's rate, held against the real run there: p50 and p99 of every strategy within
# 5%, the same decision on at least 95% of images (for the oracle, images whose two orders
# were within 10% in the real run are left out: a coin flip between any two runs).
# Every figure is a measured time: run it on a quiet machine.
#
# Usage: scripts/check_replay.sh IMAGES [OUTDIR]
# Env: PIESLICER_CLI (default build/app/pieslicer-cli), RATE_A (8mbit), RATE_B (2mbit),
#      PROFILE (resources/profiles/pixel2-campus-wifi.json), RTT (40ms), TCP (ideal),
#      STRATEGIES (pieslicer,static-device,static-cloud,oracle).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
images="${1:?usage: check_replay.sh IMAGES [OUTDIR]}"
out="${2:-$(mktemp -d -t pieslicer-replay-XXXX)}"
cli="${PIESLICER_CLI:-$here/build/app/pieslicer-cli}"
a="${RATE_A:-8mbit}" b="${RATE_B:-2mbit}"
profile="${PROFILE:-$here/resources/profiles/pixel2-campus-wifi.json}"
common=(--strategies "${STRATEGIES:-pieslicer,static-device,static-cloud,oracle}"
    --profile "$profile" --rtt "${RTT:-40ms}" --tcp "${TCP:-ideal}" --bootstrap 0)
[ -x "$cli" ] || { echo "check_replay.sh: $cli not built (scripts/test.sh builds it)" >&2; exit 1; }
mkdir -p "$out"

for rate in "$a" "$b"; do
    echo "measuring $images at $rate ..." >&2
    "$cli" run --images "$images" --uplink "$rate" --out "$out/run_$rate.csv" \
        --sqlite "$out/run_$rate.db" --summary-json "$out/run_$rate.json" "${common[@]}" \
        >"$out/run_$rate.txt" 2>"$out/run_$rate.log"
done
"$cli" replay --records "$out/run_$a.db" --uplink "$b" --profile "$profile" \
    --out "$out/replay_${a}_at_$b.csv" --summary-json "$out/replay_${a}_at_$b.json" \
    --bootstrap 0 >/dev/null 2>&1
"$cli" replay --records "$out/run_$b.csv" --uplink "$a" --profile "$profile" \
    --out "$out/replay_${b}_at_$a.csv" --summary-json "$out/replay_${b}_at_$a.json" \
    --bootstrap 0 >/dev/null 2>&1

python3 - "$out" "$a" "$b" <<'PY'
import csv, json, sys
out, a, b = sys.argv[1:]
failed = False
for src, dst in ((a, b), (b, a)):
    rep = json.load(open(f"{out}/replay_{src}_at_{dst}.json"))
    real = json.load(open(f"{out}/run_{dst}.json"))
    rows_rep = list(csv.DictReader(open(f"{out}/replay_{src}_at_{dst}.csv")))
    rows_real = list(csv.DictReader(open(f"{out}/run_{dst}.csv")))
    print(f"\nreplay of the {src} run at {dst}, against the run at {dst}:")
    byname = {s["strategy"]: s for s in real["strategies"]}
    for s in rep["strategies"]:
        name, m = s["strategy"], byname[s["strategy"]]
        gaps = []
        for p in ("p50", "p99"):
            r, v = s["preexecution_ms"][p]["value"], m["preexecution_ms"][p]["value"]
            gaps.append(f"{p} {r:8.1f} vs {v:8.1f} ({100 * (r - v) / v:+5.1f}%)")
            failed |= abs(r - v) > 0.05 * v
        chosen, ties = {}, set()
        for row in rows_real:
            if row["strategy"] != name:
                continue
            chosen[row["image_name_orig"]] = row["preprocess_location"]
            t, o = float(row["preexecution_time"]), float(row["preexecution_time_other"] or 0)
            if o > 0 and o - t <= 0.10 * t:
                ties.add(row["image_name_orig"])
        judged = [r for r in rows_rep if r["strategy"] == name and r["image_name_orig"] not in ties]
        same = sum(chosen.get(r["image_name_orig"]) == r["preprocess_location"] for r in judged)
        share = same / len(judged) if judged else 0
        failed |= share < 0.95
        note = f" ({len(ties)} near-ties left out)" if ties else ""
        print(f"  {name:<16} {'  '.join(gaps)}  same decision {same}/{len(judged)}{note}")
print("\n" + ("MISSES a target" if failed else "meets the targets") + f" (files in {out})")
sys.exit(1 if failed else 0)
PY
