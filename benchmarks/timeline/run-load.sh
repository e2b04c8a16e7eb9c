#!/usr/bin/env bash
# Timeline load: wrk against GET /v1/identities/{identifier}/timeline, then pgbench on the same SQL,
# same server, same connection count and duration, one after the other.
#   run-load.sh DATABASE_URL RAPPORT_BIN [connections] [seconds] [pool]
set -euo pipefail
url=$1; bin=$2; conns=${3:-64}; secs=${4:-60}; pool=${5:-64}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/rapport-load.XXXXXX)
export DATABASE_URL=$url
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
name="load-$$"
token=$("$bin" token create --name "$name" --role reader --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
cd "$here/../.."
"$bin" serve --port "$port" --pool-size "$pool" --log-level warning >"$work/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; "$bin" token revoke "$name" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
echo "== warm-up (10 s)"
RAPPORT_TOKEN=$token wrk -t2 -c"$conns" -d10s -s "$here/timeline.lua" "http://127.0.0.1:$port" >/dev/null
echo "== wrk: $conns connections, ${secs}s, server pool $pool"
RAPPORT_TOKEN=$token wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$here/timeline.lua" "http://127.0.0.1:$port" | tee "$work/wrk.txt"
kill -TERM $server; wait $server 2>/dev/null || true
trap '"$bin" token revoke "$name" >/dev/null 2>&1 || true' EXIT
echo "== pgbench: $conns clients, ${secs}s, extended protocol"
cd "$work"
pgbench -n -M extended -c "$conns" -j 2 -T "$secs" -f "$here/timeline.pgbench" -l --log-prefix=tx "$url" | tee "$work/pgbench.txt"
python3 - "$work" <<'PY'
import glob, sys
lat = []
for f in glob.glob(sys.argv[1] + "/tx.*"):
    for line in open(f):
        parts = line.split()
        lat.append(int(parts[2]))
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] / 1000.0
print(f"pgbench transactions {len(lat)}  p50 {q(0.50):.2f} ms  p99 {q(0.99):.2f} ms")
PY
rm -rf "$work"
