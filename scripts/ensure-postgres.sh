#!/usr/bin/env bash
# Makes sure PostgreSQL 15+ server programs and contrib (pg_trgm, fuzzystrmatch, unaccent) are
# installed, installing them from Debian's packages when they are missing (saying so).
set -euo pipefail

have_server() {
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] || continue
    version=$(basename "$(dirname "$dir")")
    [ "${version%%.*}" -ge 15 ] 2>/dev/null || continue
    [ -f "/usr/share/postgresql/$version/extension/pg_trgm.control" ] || continue
    [ -f "/usr/share/postgresql/$version/extension/fuzzystrmatch.control" ] || continue
    echo "$dir"
    return 0
  done
  return 1
}

if bindir=$(have_server); then
  exit 0
fi

echo "PostgreSQL 15+ with contrib is not installed: installing postgresql-15 and postgresql-contrib from Debian's packages..." >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: apt-get is not available. Install PostgreSQL 15 or newer with its contrib modules by hand, or set DATABASE_URL." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: need root (or sudo) to run: apt-get install postgresql-15 postgresql-contrib" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Debian's postgresql-common creates and starts a default cluster; Rapport runs its own, so stop that one.
$SUDO apt-get install -y -qq postgresql-15 postgresql-contrib >/dev/null || $SUDO apt-get install -y -qq postgresql postgresql-contrib >/dev/null
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | while read -r ver name _; do $SUDO pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true; done
fi
have_server >/dev/null || { echo "error: PostgreSQL server programs still not found after installing" >&2; exit 1; }
echo "PostgreSQL installed." >&2
