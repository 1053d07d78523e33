#!/usr/bin/env bash
# Issue 11's own check of what-if replay, on a sweep: a sweep over three uplinks x two
# devices, replayed at a fourth uplink (each device's records re-decided with that device's
# own profile, from the sweep's profile cache), held against a real sweep at that uplink
# on the same images with the same profiles. Targets, per replayed cell against the real
# cell of its device: p50 and p99 of every strategy within 5%, the same decision on at least
# 95% of images (for the oracle, images whose two orders were within 10% in the real run
# are left out: a coin flip between any two runs).
# Every figure is a measured time: run it on a quiet machine.
#
# Usage: scripts/check_sweep_replay.sh IMAGES [OUTDIR]
# Env: PIESLICER_CLI (default build/app/pieslicer-cli), UPLINKS (2mbit,8mbit,32mbit),
#      REPLAY_AT (4mbit), DEVICES ("Pixel 2,Nexus 5"), RTT (40ms), TCP (ideal),
#      STRATEGIES (pieslicer,static-device,static-cloud,oracle).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
images="${1:?usage: check_sweep_replay.sh IMAGES [OUTDIR]}"
out="${2:-$(mktemp -d -t pieslicer-sweep-replay-XXXX)}"
cli="${PIESLICER_CLI:-$here/build/app/pieslicer-cli}"
uplinks="${UPLINKS:-2mbit,8mbit,32mbit}" at="${REPLAY_AT:-4mbit}"
common=(--images "$images" --rtts "${RTT:-40ms}" --devices "${DEVICES:-Pixel 2,Nexus 5}"
    --tcp "${TCP:-ideal}" --strategies "${STRATEGIES:-pieslicer,static-device,static-cloud,oracle}"
    --bootstrap 0 --profile-cache "$out/profiles")
[ -x "$cli" ] || { echo "check_sweep_replay.sh: $cli not built (scripts/test.sh builds it)" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out/sweep.csv" "$out/sweep.db" "$out/real.csv" "$out/replay.csv"

start=$(date +%s)
echo "sweep of $images over $uplinks (calibrates each device once) ..." >&2
"$cli" sweep --uplinks "$uplinks" --out "$out/sweep.csv" --sqlite "$out/sweep.db" \
    --summary-json "$out/sweep.json" "${common[@]}" >"$out/sweep.txt" 2>"$out/sweep.log"
echo "  $(($(date +%s) - start)) s; a real sweep at $at with the same profiles ..." >&2
"$cli" sweep --uplinks "$at" --out "$out/real.csv" --summary-json "$out/real.json" \
    "${common[@]}" >"$out/real.txt" 2>"$out/real.log"
echo "  $(($(date +%s) - start)) s; the first sweep replayed at $at ..." >&2
"$cli" replay --records "$out/sweep.db" --uplink "$at" --profile-cache "$out/profiles" \
    --out "$out/replay.csv" --summary-json "$out/replay.json" --bootstrap 0 \
    >"$out/replay.txt" 2>"$out/replay.log"
echo "  $(($(date +%s) - start)) s in all" >&2

python3 - "$out" <<'PY'
import csv, json, sys
from collections import defaultdict
out = sys.argv[1]
real = {c["device_label"]: c for c in json.load(open(f"{out}/real.json"))["cells"]}
replay = json.load(open(f"{out}/replay.json"))["cells"]
real_rows = defaultdict(dict)   # (device, strategy) -> image -> (location, near-tie)
for row in csv.DictReader(open(f"{out}/real.csv")):
    t, o = float(row["preexecution_time"] or 0), float(row["preexecution_time_other"] or 0)
    tie = o > 0 and o - t <= 0.10 * t
    real_rows[(row["device"], row["strategy"])][row["image_name_orig"]] = (row["preprocess_location"], tie)
rep_rows = defaultdict(list)    # (cell key, strategy) -> rows
for row in csv.DictReader(open(f"{out}/replay.csv")):
    rep_rows[(row["sweep_cell"], row["strategy"])].append(row)
# What a replay reuses as measured: this machine's own work on the device's stages and the
# endpoint's. When the machine was busier in one run than in the other, they differ, and the
# replay carries the source's load: printed per cell as the machine's witness.
def stage_sums(path, cell_key=None):
    sums = defaultdict(lambda: [0.0, 0.0])  # (device, sweep_cell) -> [host prep, server]
    for row in csv.DictReader(open(path)):
        if row["strategy"] != "static-device" or row["status"] != "ok":
            continue
        s = sums[(row["device"], row["sweep_cell"])]
        s[0] += float(row["time_local_preprocess_host"] or 0)
        s[1] += float(row["time_remote_post_network"] or 0)
    return sums
source_sums, real_sums = stage_sums(f"{out}/sweep.csv"), stage_sums(f"{out}/real.csv")
failed, worst = False, defaultdict(float)
for cell in replay:
    device = cell["device_label"]
    measured = real[device]
    source = cell["key"].split(" replayed from ")[-1]
    src = source_sums[(device, source)]
    dst = next(v for (d, _), v in real_sums.items() if d == device)
    load = (f"this machine's work on the device's stages {100 * (src[0] / dst[0] - 1):+.0f}%, "
            f"the endpoint's {100 * (src[1] / dst[1] - 1):+.0f}% against the real run")
    print(f"\n{source}\n  ({load})\n  replayed at {cell['uplink']} against the real run at {measured['uplink']}:")
    byname = {s["strategy"]: s for s in measured["summary"]["strategies"]}
    for s in cell["summary"]["strategies"]:
        name, m = s["strategy"], byname[s["strategy"]]
        gaps = []
        for p in ("p50", "p99"):
            r, v = s["preexecution_ms"][p]["value"], m["preexecution_ms"][p]["value"]
            gap = 100 * (r - v) / v
            worst[p] = max(worst[p], abs(gap))
            gaps.append(f"{p} {r:8.1f} vs {v:8.1f} ({gap:+5.1f}%)")
            failed |= abs(gap) > 5
        chosen = real_rows[(device, name)]
        judged = [r for r in rep_rows[(cell["key"], name)]
                  if r["image_name_orig"] in chosen and not chosen[r["image_name_orig"]][1]]
        ties = len(rep_rows[(cell["key"], name)]) - len(judged)
        same = sum(chosen[r["image_name_orig"]][0] == r["preprocess_location"] for r in judged)
        share = same / len(judged) if judged else 0
        worst["decisions"] = max(worst["decisions"], 1 - share)
        failed |= share < 0.95
        note = f" ({ties} near-ties left out)" if ties else ""
        print(f"  {name:<16} {'  '.join(gaps)}  same decision {same}/{len(judged)}{note}")
# The noise floor: a device's cells replayed at one uplink reuse the same images' stages, as
# measured in each cell; how far they differ from one another is the measurements' own noise.
spread = defaultdict(list)  # (device, strategy, percentile) -> values over the device's cells
for cell in replay:
    for st in cell["summary"]["strategies"]:
        for p in ("p50", "p99"):
            spread[(cell["device_label"], st["strategy"], p)].append(st["preexecution_ms"][p]["value"])
floor = defaultdict(float)
for (device, name, p), values in spread.items():
    floor[p] = max(floor[p], 100 * (max(values) / min(values) - 1))
print(f"\nnoise floor: replays of one device's cells differ among themselves by up to "
      f"{floor['p50']:.1f}% at p50, {floor['p99']:.1f}% at p99")
print(f"worst: p50 {worst['p50']:.1f}%, p99 {worst['p99']:.1f}%, "
      f"decisions differing {100 * worst['decisions']:.1f}%")
print(("MISSES a target" if failed else "meets the targets") + f" (files in {out})")
sys.exit(1 if failed else 0)
PY
