"""Write the two-turn challenge head's training rows from their invented source (1.11).

    python scripts/build_stance_exchanges.py [--check]

``training/heads/src/challenge_exchanges.txt`` holds invented exchanges grouped by invented
scenario: a buyer's turn (``P``) and rep sentences that could follow it, each tagged ``C``
(a challenge of what the buyer just said) or ``N`` (not; the kind names the trap: agreement,
price-objection handling, a correction of logistics, a pitch, the rep conceding to the
buyer's pushback, disagreement in small talk, an insight given in answer to a question …).
Every row is written as ``{"text", "label", "group", "note", "context"}`` with the buyer's
turn as ``context`` (``train_head.py --pair``), and every second row also as an ASR-style
copy (``build_stance_heads.asr_copy``: lower case, no punctuation, a filler), its context
copied the same way. ``--check`` fails when the written file differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_stance_heads import asr_copy

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "training" / "heads" / "src" / "challenge_exchanges.txt"
OUT = ROOT / "training" / "heads" / "challenge_exchange.jsonl"


def rows(source: Path = SOURCE) -> list[dict[str, object]]:
    """The source's rows in file order, each with its buyer turn, and the ASR copies."""
    out: list[dict[str, object]] = []
    group = context = ""
    index = 0
    for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("##")):
            continue
        if line.startswith("##"):
            group = line[2:].split("|")[0].strip()
            context = ""
            continue
        tag, _, rest = line.partition(" ")
        if tag == "P":
            context = rest.strip()
            continue
        kind, sep, text = rest.partition("|")
        if tag not in ("C", "N") or not sep or not group or not context:
            raise SystemExit(f"{source}:{number}: expected 'C|N kind | sentence' under a P line")
        note = f"{'challenge' if tag == 'C' else 'neg'}:{kind.strip()}"
        row = {"text": text.strip(), "label": int(tag == "C"), "group": group, "note": note}
        out.append({**row, "context": context})
        if index % 2 == 1 and (copy := asr_copy(text.strip(), index // 2)) is not None:
            plain = asr_copy(context, index // 2) or context
            out.append({**row, "text": copy, "note": note + ":asr", "context": plain})
        index += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the file differs")
    args = parser.parse_args(argv)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows())
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run scripts/build_stance_exchanges.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(text.splitlines())} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
