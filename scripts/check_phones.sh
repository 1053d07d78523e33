#!/usr/bin/env bash
# Issues 10 and 16's acceptance check: the paper's phones, emulated both ways, on images the
# project never calibrated on. The folders given are pooled (up to PER_FOLDER files of each,
# spread over its file sizes) and split in two halves, alternating by size: each phone in
# each mode is calibrated on one half at 8 Mbit/s, then pieslicer, both statics and the
# oracle run on the other half at every link. Targets per row: regret <= 2% of the oracle's
# total, decisive F1 >= 0.95, median APE of the chosen order <= 12%, and pieslicer's p50 and
# p99 no worse than the better static strategy's (a loss whose bootstrap interval spans zero
# is "no difference measured", which passes).
# Run it on a quiet machine: every figure is a measured time. Needs python3 for the table.
#
# Usage: scripts/check_phones.sh OUTDIR IMAGES...
#   e.g. scripts/fetch_unseen_images.sh /tmp/unseen; scripts/fetch_unseen_kinds.sh /tmp/kinds
#        scripts/check_phones.sh /tmp/phones /tmp/unseen /tmp/kinds/*
# Env: PIESLICER_CLI (default build/app/pieslicer-cli), PHONES ("pixel2 motox nexus5"),
#      MODES ("scaled paper-model"), LINKS ("2mbit/40ms 8mbit/40ms 32mbit/40ms campus": campus is the
#      paper's campus Wi-Fi, 52 Mbit/s and 93 ms), PER_FOLDER (12), TCP (linux).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: check_phones.sh OUTDIR IMAGES...}"
shift
[ $# -gt 0 ] || { echo "usage: check_phones.sh OUTDIR IMAGES..." >&2; exit 2; }
cli="${PIESLICER_CLI:-$here/build/app/pieslicer-cli}"
[ -x "$cli" ] || { echo "check_phones.sh: $cli not built (scripts/test.sh builds it)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "check_phones.sh: needs python3" >&2; exit 1; }
phones="${PHONES:-pixel2 motox nexus5}"
modes="${MODES:-scaled paper-model}"
links="${LINKS:-2mbit/40ms 8mbit/40ms 32mbit/40ms campus}"
tcp="${TCP:-linux}"
mkdir -p "$out"

# The two halves, as symbolic links (names prefixed by their folder, so none collide).
python3 - "$out" "${PER_FOLDER:-12}" "$@" <<'PY'
import os, sys
out, per, folders = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
exts = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")
pool = []
for folder in folders:
    files = sorted((os.path.getsize(os.path.join(d, f)), os.path.join(d, f))
                   for d, _, fs in os.walk(folder) for f in fs if f.lower().endswith(exts))
    if len(files) > per:  # evenly spread over the sizes
        files = [files[round(i * (len(files) - 1) / (per - 1))] for i in range(per)]
    tag = os.path.basename(os.path.normpath(folder))
    pool += [(size, path, tag) for size, path in files]
pool.sort()
for half in ("calibrate", "test"):
    d = os.path.join(out, half)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
for i, (size, path, tag) in enumerate(pool):
    half = "calibrate" if i % 2 == 0 else "test"
    os.symlink(os.path.abspath(path), os.path.join(out, half, tag + "_" + os.path.basename(path)))
print(f"{len(pool)} images: {(len(pool) + 1) // 2} to calibrate on, {len(pool) // 2} to test on")
PY

link_args() {
    case "$1" in
        campus) echo "--uplink 52mbit --rtt 93ms" ;;
        */*) echo "--uplink ${1%/*} --rtt ${1#*/}" ;;
        *) echo "check_phones.sh: bad link '$1' (RATE/RTT or campus)" >&2; exit 2 ;;
    esac
}

for phone in $phones; do
    for mode in $modes; do
        profile="$out/$phone-$mode.json"
        if [ ! -f "$profile" ]; then
            echo "calibrating $phone ($mode) ..."
            "$cli" calibrate --images "$out/calibrate" --emulate "$phone" --emulation "$mode" \
                --uplink 8mbit --rtt 40ms --tcp "$tcp" --out "$profile" --csv "$out/$phone-$mode.calibration.csv" \
                >"$out/$phone-$mode.calibration.txt" 2>&1
        fi
        for link in $links; do
            name="$phone-$mode-${link//\//-}"
            echo "running $name ..."
            # shellcheck disable=SC2046
            "$cli" run --images "$out/test" --profile "$profile" --emulate "$phone" \
                --emulation "$mode" $(link_args "$link") --tcp "$tcp" \
                --strategies pieslicer,static-device,static-cloud,oracle \
                --out "$out/$name.csv" --summary-json "$out/$name.json" >"$out/$name.txt" 2>&1
        done
    done
done

python3 - "$out" $phones -- $modes -- $links <<'PY'
import csv, json, os, sys
args = sys.argv[2:]
first = args.index("--"); second = args.index("--", first + 1)
phones, modes, links = args[:first], args[first + 1:second], args[second + 1:]
out = sys.argv[1]

def probe_cell(path):
    try:
        rows = [r for r in csv.DictReader(open(path)) if r["strategy"] == "pieslicer" and r["status"] == "ok"]
    except OSError:
        return "?"
    charged = [float(r.get("time_local_content_probe") or 0) for r in rows]
    total = sum(float(r["preexecution_time"]) for r in rows)
    used = sum(1 for c in charged if c > 0)
    return f"{used:2d}/{len(rows):2d} {100 * sum(charged) / total if total else 0:4.1f}%"

print(f"\n{'phone':7} {'mode':11} {'link':12} {'regret':>7} {'dec F1':>7} {'dec':>4} {'ties':>4} "
      f"{'APE p50':>7}  {'p50 vs best static':>24}  {'p99 vs best static':>24}  {'probed':>12}  verdict")
failed = 0
for phone in phones:
    for mode in modes:
        for link in links:
            name = f"{phone}-{mode}-{link.replace('/', '-')}"
            try:
                s = {x["strategy"]: x for x in json.load(open(os.path.join(out, name + ".json")))["strategies"]}
                p = s["pieslicer"]
            except (OSError, KeyError, ValueError) as e:
                print(f"{phone:7} {mode:11} {link:12} no summary ({e})"); failed = 1; continue
            regret = p["regret"]["percent_of_oracle"]
            dec = p["counts"]["decisive"]; ties = p["counts"]["near_ties"]
            df1 = p["decisive_f1"]["value"] if p["decisive_f1"] else 1.0
            ape = p["prediction_ape_percent"]["p50"]
            ok = regret <= 2 and df1 >= 0.95 and ape <= 12
            cells = []
            for q in ("p50", "p99"):
                best = min(("static-device", "static-cloud"),
                           key=lambda k: s[k]["preexecution_ms"][q]["value"])
                saving = p["savings"][best][q]
                ms = saving["ms"]["value"]
                measured = saving["difference_measured"]
                worse = ms < 0 and measured
                ok = ok and not worse
                cells.append(f"{p['preexecution_ms'][q]['value']:7.0f} vs {s[best]['preexecution_ms'][q]['value']:6.0f}"
                             f" {'(=)' if not measured else f'{-ms:+.0f}'}")
            failed |= not ok
            print(f"{phone:7} {mode:11} {link:12} {regret:6.2f}% {df1:7.3f} {dec:4d} {ties:4d} {ape:6.1f}%"
                  f"  {cells[0]:>24}  {cells[1]:>24}  {probe_cell(os.path.join(out, name + '.csv')):>12}"
                  f"  {'meets the targets' if ok else 'MISSES a target'}")
print("\n(=): the difference's 95% interval spans zero: no difference measured")
print("probed: images pieslicer ran the content probe on, and what the probes cost the device as a"
      " share of pieslicer's total pre-execution time (counted in it)")
sys.exit(failed)
PY
