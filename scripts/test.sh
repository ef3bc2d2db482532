#!/usr/bin/env bash
# Set up .venv (only python3 needed) and run the whole test suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k ingest`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
exec .venv/bin/python -m pytest "$@"
