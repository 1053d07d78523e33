#!/usr/bin/env bash
# The endpoint side by side with a tuned Python peer (issue #13), in one run on this machine:
# pieslicer-server --threads 2 (no model) and scripts/python_peer.py under gunicorn with
# 2 workers, both on 127.0.0.1 ephemeral ports, loaded by wrk with the same multipart upload
# of the same 2560x1600 JPEG (made from a sample photo with ImageMagick), in alternating
# rounds. Prints requests/s, p50 and p99 latency per round, their medians and the ratios.
#   scripts/compare_peer.sh [--build DIR] [--rounds R] [--seconds S] [--connections C]
#                           [--workers W] [--peer-threads T] [--image FILE]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="$here/build"
rounds=3
seconds=8
connections=16
workers=2
peer_threads=1
image=""
while [ $# -gt 0 ]; do
    case "$1" in
        --build) build=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --workers) workers=$2; shift 2 ;;
        --peer-threads) peer_threads=$2; shift 2 ;;
        --image) image=$2; shift 2 ;;
        *) echo "compare_peer: unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in wrk gunicorn convert; do
    command -v "$tool" >/dev/null || { echo "compare_peer: $tool missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
server="$build/app/pieslicer-server"
[ -x "$server" ] || { echo "compare_peer: $server not built" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pieslicer-compare.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$image" ]; then
    # The issue's kind of upload: a 2560x1600 photo of about 580 KB (quality 70, 4:2:0).
    image="$work/upload_2560x1600.jpg"
    convert "$here/sample_images/mosaic_4000x3000_q95.jpg" -resize '2560x1600!' \
        -sampling-factor 4:2:0 -strip -quality 70 "$image"
fi

# The endpoint, without a model: the work is decode, resize, convert, as in the peer.
"$server" --port 0 --threads "$workers" >"$work/server.out" 2>"$work/server.err" &
pids+=($!)
# The peer under Debian's gunicorn: as many worker processes as the endpoint has workers
# (processes, so the GIL does not serialise them), gthread workers for keep-alive, and
# --peer-threads threads each (1: one upload at a time per process, as an endpoint worker).
/usr/bin/python3 -m gunicorn --bind 127.0.0.1:0 -w "$workers" -k gthread --threads "$peer_threads" \
    --chdir "$here/scripts" python_peer:app \
    >"$work/peer.out" 2>"$work/peer.err" &
pids+=($!)

endpoint_url="" peer_url=""
for _ in $(seq 100); do
    [ -z "$endpoint_url" ] && endpoint_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -1 || true)
    if [ -n "$endpoint_url" ] && curl -sf "$endpoint_url/ping" >/dev/null 2>&1; then break; fi
    sleep 0.1
done
for _ in $(seq 100); do
    peer_url=$(grep -o 'Listening at: http://127.0.0.1:[0-9]*' "$work/peer.err" | grep -o 'http.*' || true)
    if [ -n "$peer_url" ] && curl -sf "$peer_url/ping" >/dev/null 2>&1; then break; fi
    peer_url=""
    sleep 0.1
done
[ -n "$endpoint_url" ] || { echo "compare_peer: the endpoint did not start: $(cat "$work/server.err")" >&2; exit 1; }
[ -n "$peer_url" ] || { echo "compare_peer: the peer did not start: $(cat "$work/peer.err")" >&2; exit 1; }

# Both answer the same upload with the same keys before any load.
form=(-F "file=@$image;type=image/jpeg" -F t_sla=1000 -F t_device_prep=0 -F estimated_transfer_time=0)
for url in "$endpoint_url" "$peer_url"; do
    answer=$(curl -sf "${form[@]}" "$url/pieslicer") || { echo "compare_peer: $url/pieslicer failed" >&2; exit 1; }
    for key in load_time specific_resize_time convert_time post_network_time; do
        grep -q "\"$key\"" <<<"$answer" || { echo "compare_peer: $url answered without $key: $answer" >&2; exit 1; }
    done
done

echo "image: $image ($(stat -c %s "$image") bytes), wrk 1 thread, $connections connections, ${seconds} s per run, $rounds rounds"
echo "endpoint: $server --threads $workers at $endpoint_url; peer: python_peer.py under gunicorn -w $workers -k gthread --threads $peer_threads at $peer_url"
lua="$here/bench/wrk/post_upload.lua"
run() {  # name url -> "name rps p50 p99 requests non2xx socket_errors"
    wrk -t1 -c"$connections" -d"${seconds}s" -s "$lua" "$2" -- "$image" |
        awk -v name="$1" '/^RESULT/ { printf "%s %.1f %.1f %.1f %d %d %d\n", name, $2 / $5, $6, $7, $2, $3, $4 }'
}
results="$work/results"
: >"$results"
for ((r = 1; r <= rounds; r++)); do
    # Alternate which goes first, so a drift in the machine's load hits both alike.
    if ((r % 2)); then order=(endpoint peer); else order=(peer endpoint); fi
    for name in "${order[@]}"; do
        url=$endpoint_url; [ "$name" = peer ] && url=$peer_url
        line=$(run "$name" "$url")
        echo "$line" >>"$results"
        read -r _ rps p50 p99 n bad errs <<<"$line"
        printf "round %d %-8s %7.1f req/s  p50 %7.1f ms  p99 %7.1f ms  (%d requests, %d non-2xx, %d socket errors)\n" \
            "$r" "$name" "$rps" "$p50" "$p99" "$n" "$bad" "$errs"
    done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$results" | median; }
e_rps=$(col endpoint 2) p_rps=$(col peer 2)
e_p50=$(col endpoint 3) p_p50=$(col peer 3)
e_p99=$(col endpoint 4) p_p99=$(col peer 4)
bad=$(awk '{ s += $6 + $7 } END { print s + 0 }' "$results")
printf "medians  endpoint %.1f req/s, p50 %.1f ms, p99 %.1f ms | peer %.1f req/s, p50 %.1f ms, p99 %.1f ms\n" \
    "$e_rps" "$e_p50" "$e_p99" "$p_rps" "$p_p50" "$p_p99"
awk -v a="$e_rps" -v b="$p_rps" -v c="$e_p50" -v d="$p_p50" -v e="$e_p99" -v f="$p_p99" -v bad="$bad" 'BEGIN {
    printf "ratio    endpoint/peer throughput %.2fx; peer/endpoint latency p50 %.2fx, p99 %.2fx; %d non-2xx or socket errors in all runs\n",
        a / b, d / c, f / e, bad }'
