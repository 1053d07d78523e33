#!/usr/bin/env bash
# Issue #9's acceptance check of the emulated link, end to end (libcurl, relay, endpoint):
# uploads every image of a folder as it is (--placement cloud) over a grid of uplinks,
# RTTs and TCP models, then reads each record's last-byte arrival at the endpoint
# (server_last_byte_after) against
#   ideal: bytes on the wire / rate + RTT/2, computed here (target: within 5%);
#   linux: the link model's slow-start time (link_modelled_ms; test_path_model holds it to
#          a round-by-round reference) (target: within 15%).
# Usage: scripts/check_link.sh IMAGES [build-dir]
# Env: CELLS (default "2:93 8:20 8:200 32:93 52:93 100:20 100:200", Mbit/s:RTT ms),
#      TCP_MODELS (default "ideal linux"). Run it on a quiet machine: a loaded one is
#      exactly what the link self-check flags.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
images="${1:?usage: scripts/check_link.sh IMAGES [build-dir]}"
build="${2:-$here/build}"
cli="$build/app/pieslicer-cli"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

printf "%-6s %8s %7s %6s %12s %12s %12s\n" tcp Mbit/s RTT uploads "p50 |err|" "max |err|" "smallest"
status=0
for tcp in ${TCP_MODELS:-ideal linux}; do
    for cell in ${CELLS:-2:93 8:20 8:200 32:93 52:93 100:20 100:200}; do
        rate="${cell%%:*}"; rtt="${cell##*:}"
        csv="$out/$tcp-$rate-$rtt.csv"
        "$cli" run --images "$images" --placement cloud --uplink "${rate}mbit" --rtt "${rtt}ms" \
            --tcp "$tcp" --out "$csv" > /dev/null 2>&1
        awk -F, -v tcp="$tcp" -v rate="$rate" -v rtt="$rtt" '
            NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
            $col["status"] == "ok" && $col["bytes_sent"] >= 10000 {
                got = $col["server_last_byte_after"]
                want = tcp == "ideal" ? $col["bytes_sent"] * 8 / (rate * 1e6) * 1000 + rtt / 2 \
                                      : $col["link_modelled_ms"]
                e = (got - want) / want * 100; if (e < 0) e = -e
                errs[n++] = e; if (e > worst) worst = e
                if (small == "" || $col["bytes_sent"] < small) small = $col["bytes_sent"]
            }
            END {
                for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
                    if (errs[j] < errs[i]) { t = errs[i]; errs[i] = errs[j]; errs[j] = t }
                limit = tcp == "ideal" ? 5 : 15
                over = (worst > limit) ? "  OVER " limit "%" : ""
                printf "%-6s %8s %7s %6d %11.2f%% %11.2f%% %10d B%s\n", tcp, rate, rtt, n,
                       errs[int(n / 2)], worst, small, over
                exit worst > limit
            }' "$csv" || status=1
    done
done
exit $status
