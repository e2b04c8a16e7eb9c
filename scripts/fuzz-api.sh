#!/usr/bin/env bash
# Fuzzes the HTTP API against its contract with schemathesis: starts `rapport serve` on a scratch
# database (DATABASE_URL, e.g. from scripts/with-test-postgres.sh), seeds a few customers, makes a
# reader and a steward token, and runs schemathesis with each against the served /openapi.yaml.
# Fails on any server error (5xx) or any response that breaks the spec.
#   scripts/with-test-postgres.sh scripts/fuzz-api.sh
# Environment:
#   RAPPORT_BIN        the rapport binary (default: .build/debug/rapport, built if missing)
#   FUZZ_VENV          where schemathesis is installed (default: .venv-fuzz; made on first use)
#   FUZZ_MAX_EXAMPLES  examples per operation and phase (default: 50)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${DATABASE_URL:?run under scripts/with-test-postgres.sh or set DATABASE_URL}"
bin=${RAPPORT_BIN:-$root/.build/debug/rapport}
venv=${FUZZ_VENV:-$root/.venv-fuzz}
examples=${FUZZ_MAX_EXAMPLES:-50}

if [ ! -x "$bin" ]; then swift build --product rapport; fi
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi

# A scratch database so tokens and merges made here never touch anything else.
scratch="rapport_fuzz_$$"
admin_url="$DATABASE_URL"
psql "$admin_url" -qc "CREATE DATABASE $scratch" >/dev/null
export DATABASE_URL="${admin_url%/*}/$scratch"
work=$(mktemp -d /tmp/rapport-fuzz.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$bin" serve --host 127.0.0.1 --port "$port" --migrate --log-level error >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 150); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/readyz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

token() { "$bin" token create --name "fuzz-$1" --role "$1" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
reader=$(token reader)
steward=$(token steward)
ingest=$(token ingest)
# Some people to find, through the API itself.
curl -fsS -o /dev/null -H "Authorization: Bearer $ingest" -H 'Content-Type: text/csv' \
  --data-binary @Tests/RapportIngestTests/Fixtures/customers.csv "$base/v1/customers"
curl -fsS -o /dev/null -H "Authorization: Bearer $ingest" -H 'Content-Type: application/x-ndjson' \
  --data-binary @Tests/RapportIngestTests/Fixtures/interactions.jsonl "$base/v1/interactions"

status=0
cd "$work"   # schemathesis and hypothesis keep their caches in the working directory
for who in reader steward; do
  token=$([ "$who" = reader ] && echo "$reader" || echo "$steward")
  echo "== schemathesis as $who"
  "$venv/bin/schemathesis" run "$base/openapi.yaml" \
    --header "Authorization: Bearer $token" \
    --checks all --exclude-checks positive_data_acceptance \
    --max-examples "$examples" --workers 2 --seed 20261123 \
    --suppress-health-check all --warnings off \
    || status=1
done
if grep -q "request failed" "$work/server.log"; then
  echo "server logged errors:" >&2
  grep "request failed" "$work/server.log" >&2
  status=1
fi
exit $status
