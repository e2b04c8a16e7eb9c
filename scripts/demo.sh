#!/usr/bin/env bash
# `make demo`: start the embedded PostgreSQL, apply the schema, generate and load demo data, then show
# one customer's cross-channel timeline and the process-flaw report.
set -euo pipefail
bin=$1 dir=$2 customers=$3 seed=$4

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Starting Rapport's embedded PostgreSQL (under ${RAPPORT_HOME:-~/.local/share/rapport})"
"$bin" db start

step "Applying the schema"
"$bin" migrate

step "Generating demo data for $customers customers (seed $seed) in $dir"
"$bin" generate --customers "$customers" --seed "$seed" --out "$dir"

step "Importing the CRM export"
"$bin" import customers "$dir/customers.csv"

step "Ingesting interactions"
"$bin" ingest "$dir/interactions.jsonl"

showcase=$(cat "$dir/showcase.txt")
step "Timeline of $showcase (any of the customer's identifiers finds it)"
"$bin" timeline "$showcase" --limit 12

if "$bin" report --help >/dev/null 2>&1; then
  step "Process-flaw report for the last 7 days"
  "$bin" report nightly --since 7d --format text
fi

printf '\nTry: %s profile %s   |   %s timeline %s --format json   |   %s --help\n' "$bin" "$showcase" "$bin" "$showcase" "$bin"
