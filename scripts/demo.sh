#!/usr/bin/env bash
# Set up .venv (only python3 needed) and analyze every bundled sample call in examples/:
# an HTML, Markdown and JSON report per call, scored with the expert-not-friend rubric, and a
# team report (team.html), written into reports/ (or the folder given).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-reports}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/callcoach analyze examples/ --rep-roster examples/team.yaml \
    --manifest examples/manifest.yaml --rubric expert-not-friend \
    --format html --format md --format json --out "$out"
echo "Open $out/team.html for the team view; each call has its own .html, .md and .json."
