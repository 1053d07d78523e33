#!/usr/bin/env bash
# Issue 3's acceptance check: calibrate, then run pieslicer, both statics and the oracle over
# a folder at 2, 8 and 32 Mbit/s with the embedded endpoint, and hold the results against
# the targets: decision F1 >= 0.95, pieslicer's p50 and p99 within 3% of the better static
# strategy's, median absolute percentage error of its predictions <= 15%.
# Run it on a quiet machine: every figure is a measured time.
#
# Usage: scripts/check_models.sh IMAGES [CALIBRATION_IMAGES] [OUTDIR]
#   IMAGES              the folder to check on (e.g. from scripts/fetch_unseen_images.sh)
#   CALIBRATION_IMAGES  the folder to calibrate on                  [sample_images]
#   OUTDIR              profile, CSVs and summaries                 [a new temporary folder]
# Env: PIESLICER_CLI (default build/app/pieslicer-cli), RATES (default "2 8 32"),
#      CALIBRATION_UPLINK (default 8mbit).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
images="${1:?usage: check_models.sh IMAGES [CALIBRATION_IMAGES] [OUTDIR]}"
calibration="${2:-$here/sample_images}"
out="${3:-$(mktemp -d -t pieslicer-check-XXXX)}"
cli="${PIESLICER_CLI:-$here/build/app/pieslicer-cli}"
rates="${RATES:-2 8 32}"
[ -x "$cli" ] || { echo "check_models.sh: $cli not built (scripts/test.sh builds it)" >&2; exit 1; }
mkdir -p "$out"

echo "calibrating on $calibration at ${CALIBRATION_UPLINK:-8mbit} ..."
"$cli" calibrate --images "$calibration" --uplink "${CALIBRATION_UPLINK:-8mbit}" \
    --out "$out/profile.json" 2>&1 | grep -v '^calibrating \[' >"$out/calibration.txt"

failed=0
printf '\n%-8s %6s %9s %22s %22s  %s\n' uplink F1 "APE p50" "p50 vs best static" \
    "p99 vs best static" verdict
for rate in $rates; do
    summary="$out/run_${rate}mbit.txt"
    "$cli" run --images "$images" --strategies pieslicer,static-device,static-cloud,oracle \
        --profile "$out/profile.json" --uplink "${rate}mbit" --out "$out/run_${rate}mbit.csv" \
        2>&1 | grep -v '^\[' >"$summary"
    # Summary rows: name ok err | mean p50 p90 p99 | prec recall F1 acc judged | regret | APE p50 p90
    awk -v rate="$rate" '
        $4 == "|" && $9 == "|" { p50[$1] = $6; p99[$1] = $8; f1[$1] = $12; ape[$1] = $18 }
        END {
            b50 = p50["static-device"] < p50["static-cloud"] ? p50["static-device"] : p50["static-cloud"]
            b99 = p99["static-device"] < p99["static-cloud"] ? p99["static-device"] : p99["static-cloud"]
            d50 = 100 * (p50["pieslicer"] / b50 - 1); d99 = 100 * (p99["pieslicer"] / b99 - 1)
            a = ape["pieslicer"]; sub("%", "", a)
            ok = f1["pieslicer"] >= 0.95 && d50 <= 3 && d99 <= 3 && a + 0 <= 15
            printf "%-8s %6s %9s %8.1f vs %6.1f %+5.1f%% %8.1f vs %6.1f %+5.1f%%  %s\n",
                rate "mbit", f1["pieslicer"], ape["pieslicer"], p50["pieslicer"], b50, d50,
                p99["pieslicer"], b99, d99, ok ? "meets the targets" : "MISSES a target"
            exit ok ? 0 : 1
        }' "$summary" || failed=1
done
echo
echo "profile, CSVs and full summaries: $out"
exit $failed
