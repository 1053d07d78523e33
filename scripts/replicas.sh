#!/usr/bin/env bash
# Starts N pieslicer-server replicas on 127.0.0.1 behind nginx (Debian's package), with
# least-connections balancing and limits consistent with the endpoint's own, and serves
# until interrupted (Ctrl-C, SIGTERM or SIGHUP stops nginx and every replica and waits for
# them; SIGKILL cannot be trapped and would leave them running).
#   scripts/replicas.sh N [--port P] [--build DIR] [--run-dir DIR] [-- SERVER ARGS...]
# Prints "replicas: nginx on http://127.0.0.1:P" and each replica's URL and pid (in
# RUN_DIR/replicas.txt), so a load test can kill one mid-load. nginx retries an upload on
# another replica when one fails before answering (proxy_next_upstream, non_idempotent):
# a killed replica costs no request. See README, "Production deployment", and
# docs/deploy/ for the same settings on a real machine and on Kubernetes.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:?usage: replicas.sh N [--port P] [--build DIR] [--run-dir DIR] [-- SERVER ARGS...]}
shift
port=8080
build="$here/build"
run_dir=""
server_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        --run-dir) run_dir=$2; shift 2 ;;
        --) shift; server_args=("$@"); break ;;
        *) echo "replicas: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 64 ]] || { echo "replicas: N must be 1 to 64" >&2; exit 2; }
if ! command -v nginx >/dev/null; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    echo "replicas: installing nginx" >&2
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nginx-light >&2 ||
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nginx >&2
fi
server="$build/app/pieslicer-server"
[ -x "$server" ] || { echo "replicas: $server not built" >&2; exit 1; }
own_run_dir=false
[ -n "$run_dir" ] || { run_dir=$(mktemp -d "${TMPDIR:-/tmp}/pieslicer-replicas.XXXXXX"); own_run_dir=true; }
mkdir -p "$run_dir"
chmod 755 "$run_dir"  # nginx's workers (nobody, when started as root) write its tmp/
: > "$run_dir/replicas.txt"
# Every process started here is a child of this script (nginx too: it does not daemonize),
# so stopping is killing them and waiting for each: nothing is left running, not even a
# zombie for an init that does not reap.
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ "$own_run_dir" = true ] && rm -rf "$run_dir"
    return 0
}
trap cleanup EXIT
trap 'exit 0' INT TERM HUP

# Behind nginx every client has nginx's address: the per-address cap is nginx's job.
upstreams=""
for ((i = 0; i < n; i++)); do
    # Its banner goes to a file, never a pipe: a closed pipe would kill it at its next write.
    "$server" --port 0 --max-per-client 100000 "${server_args[@]}" >"$run_dir/replica.$i.out" 2>"$run_dir/replica.$i.log" &
    pids+=($!)
    url=""
    for _ in $(seq 100); do
        url=$(grep -o 'http://127.0.0.1:[0-9]*' "$run_dir/replica.$i.out" || true)
        [ -n "$url" ] || ! kill -0 "${pids[-1]}" 2>/dev/null && break
        sleep 0.1
    done
    [ -n "$url" ] || { echo "replicas: replica $i did not start: $(cat "$run_dir/replica.$i.log")" >&2; exit 1; }
    echo "$url ${pids[-1]}" >>"$run_dir/replicas.txt"
    upstreams+="        server ${url#http://} max_fails=1 fail_timeout=2s;"$'\n'
done

sed -e "s|@RUN_DIR@|$run_dir|g" -e "s|@PORT@|$port|g" "$here/docs/deploy/nginx.conf.in" |
    awk -v ups="$upstreams" '{ if ($0 ~ /@UPSTREAMS@/) printf "%s", ups; else print }' >"$run_dir/nginx.conf"
mkdir -p "$run_dir/tmp"
nginx -p "$run_dir" -c "$run_dir/nginx.conf" -e "$run_dir/error.log" -g 'daemon off;' &
pids+=($!)
up=false
for _ in $(seq 50); do
    kill -0 "${pids[-1]}" 2>/dev/null || break
    curl -sf "http://127.0.0.1:$port/ping" >/dev/null 2>&1 && { up=true; break; }
    sleep 0.1
done
[ "$up" = true ] || { echo "replicas: nginx did not start on port $port: $(cat "$run_dir/error.log" 2>/dev/null)" >&2; exit 1; }
echo "replicas: nginx on http://127.0.0.1:$port, $n replicas (run dir $run_dir)"
cat "$run_dir/replicas.txt"
# Wait in the background so SIGTERM is handled at once, not after a foreground sleep.
sleep infinity &
pids+=($!)
wait "${pids[-1]}"
