#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL: a fresh cluster in a temporary directory on a free
# loopback port, exported as DATABASE_URL (and RAPPORT_TEST_DATABASE_URL). The cluster is stopped and
# removed afterwards, also when the command fails or is interrupted. As root, the server runs as the
# 'postgres' OS user (PostgreSQL refuses root).
#   scripts/with-test-postgres.sh swift test
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/ensure-postgres.sh"

bindir=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && bindir="$dir"; done
[ -n "$bindir" ] || { echo "error: no PostgreSQL server programs found" >&2; exit 1; }

tmp=$(mktemp -d /tmp/rapport-test-pg.XXXXXX)
chmod 755 "$tmp"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  run_as=(runuser -u postgres --)
  chown postgres "$tmp"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"${run_as[@]}" "$bindir/initdb" -D "$tmp/data" -U rapport --auth=trust --encoding=UTF8 --locale=C --no-instructions >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
# A test cluster: durability off for speed, enough connections for parallel tests.
cat >>"$tmp/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 500
shared_buffers = 256MB
CONF
"${run_as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/data/server.log" -w -t 60 start >/dev/null \
  || { cat "$tmp/data/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://rapport@127.0.0.1:$port/postgres"
export RAPPORT_TEST_DATABASE_URL="$DATABASE_URL"
export RAPPORT_TEST_PG_BINDIR="$bindir"
echo "test PostgreSQL on 127.0.0.1:$port (data in $tmp)" >&2
set +e
"$@"
status=$?
set -e
exit $status
