#!/usr/bin/env bash
# Set up .venv (only python3 needed) and analyze every bundled sample call in examples/,
# writing a Markdown and a JSON report per call into reports/ (or the folder given).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-reports}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/callcoach analyze examples/ --rep-roster examples/team.yaml \
    --format md --format json --out "$out"
echo "Reports are in $out/ (one .md and one .json per call)."
