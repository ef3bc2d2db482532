"""Several ``stance_rows_lobo.py`` settings in one process, the embeddings computed once (1.17).

    python scripts/stance_grid.py --detector candor --fresh open12 \\
        --run "A:--veto --on-main --pair --reply --cap 1" --run "B:--veto --on-main --pair --cap 1"

Each ``--run NAME:FLAGS`` is ``stance_rows_lobo.py``'s own flags (``--gates shipped`` unless
named); the output is one JSON object, by name, of what that script would print.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import stance_rows_lobo as lobo  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detector", default="candor")
    parser.add_argument("--fresh")
    parser.add_argument("--run", action="append", default=[], help="NAME:FLAGS")
    args = parser.parse_args(argv)
    shared = lobo.Texts()
    lobo.Texts = lambda: shared  # type: ignore[assignment,misc]
    out = {}
    for spec in args.run:
        name, _, flags = spec.partition(":")
        argv_one = ["--detector", args.detector, *shlex.split(flags)]
        if "--gates" not in argv_one:
            argv_one += ["--gates", "shipped"]
        if args.fresh:
            argv_one += ["--fresh", args.fresh]
        for key, value in (("ON_MAIN", False), ("ADD_CAP", 0), ("CAP", 0), ("REPLY", False)):
            setattr(lobo, key, value)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            lobo.main(argv_one)
        out[name] = json.loads(buffer.getvalue())
        sys.stderr.write(f"{name} done\n")
        sys.stdout.write(json.dumps({name: out[name]}, indent=1) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
