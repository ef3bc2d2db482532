"""Rewrite the committed JSON Schema files from the pydantic models of ``callcoach.schema``.

    python scripts/regenerate_schemas.py          # write the files
    python scripts/regenerate_schemas.py --check  # exit 1 when a file differs

Writes ``callcoach/schema/json/<output>.v<version>.json`` per output and the analysis schema's
documented copy ``docs/schema/analysis.schema.json``. A file of an older version stays: it
describes the files written then. Bump the version in the model module before regenerating
after a change to a field (see docs/schema.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from callcoach.schema import OUTPUTS, json_schema, schema_file

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = ROOT / "docs" / "schema" / "analysis.schema.json"


def render(schema: dict[str, object]) -> str:
    return json.dumps(schema, indent=2) + "\n"


def targets() -> dict[Path, str]:
    files = {schema_file(name): render(json_schema(name)) for name in OUTPUTS}
    files[DOCUMENTED] = render(json_schema("analysis"))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only report files that differ.")
    args = parser.parse_args(argv)
    stale = []
    for path, text in targets().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    for path in stale:
        print(f"{'differs' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
