"""Write the challenge and candor heads' training rows from their one invented source file.

    python scripts/build_stance_heads.py [--check]

``training/heads/src/stance.txt`` holds invented rep and buyer sentences, grouped by invented
scenario, each tagged C (challenge), K (candor), CK (both) or N (neither: a hard negative whose
kind names the trap: polite agreement, the buyer's pushback, feature claims, "to be honest, it's
great", logistics apologies, small talk …). Every sentence was written from the general forms of
the labels (the labels README and the method), before any sales-call transcript or labels file
was opened, and none paraphrases a call.

1.11 adds ``training/heads/src/stance_r4.txt`` (round 4, written before open6 was opened:
negotiation talk as hard negatives, plain limits of our own), for the candor head only.

1.10 adds a second source, ``training/heads/src/stance_r3.txt`` (round 3: 26 more scenarios
by other "writers", written this stop, before open5 was opened except its last five), whose
every second row also gets an ASR-style copy (``asr_copy``: lower case, no punctuation, a
filler).

Each head gets every row of the files except some easy negatives (``LEFT_OUT``, to keep each
file within 800 rows and the positive share up): its own positives as 1, everything else as 0,
so the other head's positives are hard negatives ("we don't do payroll" is candor, not
challenge). Rows are written in file order as JSON lines
``{"text", "label", "group", "note"}``; ``--check`` fails when a written file differs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "training" / "heads" / "src" / "stance.txt"
# Round 3 (1.10): more writers, short context-dependent challenges, plain limits and the
# negations of a pitch; every second row also gets an ASR-style copy (``asr_copy``).
SOURCE_R3 = ROOT / "training" / "heads" / "src" / "stance_r3.txt"
# Round 4 (1.11): negotiation talk as hard negatives and plain limits of our own, for the
# candor head only (the challenge head's rows are unchanged); ASR copies as round 3.
SOURCE_R4 = ROOT / "training" / "heads" / "src" / "stance_r4.txt"
R4_HEADS = frozenset({"candor"})
_FILLERS = ("um", "you know", "uh", "like")
OUT = ROOT / "training" / "heads"
HEADS = {"challenge": "C", "candor": "K"}
# Easy negatives each head leaves out, to keep each file within 800 rows and the positive share
# up: small talk for both; logistics, praise dressed as candor, prices, plain answers and next
# steps for challenge; discovery questions, agreement and summaries for candor.
LEFT_OUT = {
    "challenge": frozenset(
        {"small_talk", "logistics", "fake_candor", "price", "answer", "next_step"}
    ),
    "candor": frozenset({"small_talk", "question", "agree", "summary"}),
}
TAGS = frozenset({"C", "K", "CK", "N"})


@dataclass(frozen=True)
class Row:
    tags: str
    kind: str
    text: str
    group: str
    line: int


def parse(path: Path) -> list[Row]:
    rows: list[Row] = []
    group = ""
    seen: set[str] = set()
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("## ")):
            continue
        if line.startswith("## "):
            group = line[3:].split("|", 1)[0].strip()
            if not group or group in seen:
                raise SystemExit(f"{path}:{n}: empty or repeated group {group!r}")
            seen.add(group)
            continue
        head, sep, text = line.partition("|")
        parts = head.split()
        if not sep or len(parts) != 2 or parts[0] not in TAGS or not text.strip():
            raise SystemExit(f"{path}:{n}: expected '<C|K|CK|N> <kind> | <sentence>'")
        if not group:
            raise SystemExit(f"{path}:{n}: row before the first '## group' line")
        rows.append(Row(parts[0], parts[1], text.strip(), group, n))
    texts = [r.text.lower() for r in rows]
    if len(set(texts)) != len(texts):
        dup = next(t for t in texts if texts.count(t) > 1)
        raise SystemExit(f"{path}: repeated sentence {dup!r}")
    return rows


def asr_copy(text: str, index: int) -> str | None:
    """``text`` as a transcriber without punctuation or casing would give it, with a filler
    after its third word; None when it is already written that way."""
    plain = re.sub(r"[^\w\s']", " ", text).lower()
    plain = " ".join(plain.split())
    if plain == text:
        return None
    words = plain.split()
    filler = _FILLERS[index % len(_FILLERS)]
    return " ".join([*words[:3], filler, *words[3:]])


def with_asr_copies(rows: list[Row]) -> list[Row]:
    """``rows`` and, after every second one, its ASR-style copy (same group, tags, kind)."""
    out: list[Row] = []
    for i, r in enumerate(rows):
        out.append(r)
        copy = asr_copy(r.text, i // 2) if i % 2 == 1 else None
        if copy is not None:
            out.append(Row(r.tags, r.kind, copy, r.group, r.line))
    return out


def head_rows(rows: list[Row], head: str) -> list[dict[str, object]]:
    tag = HEADS[head]
    out: list[dict[str, object]] = []
    for r in rows:
        if r.tags == "N" and r.kind in LEFT_OUT[head]:
            continue
        positive = tag in r.tags
        if positive:
            note = f"{head}:{r.kind}"
        elif r.tags == "N":
            note = f"neg:{r.kind}"
        else:
            other = next(h for h, t in HEADS.items() if t in r.tags)
            note = f"neg:{other}:{r.kind}"
        out.append({"text": r.text, "label": int(positive), "group": r.group, "note": note})
    return out


def render(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a written file differs")
    args = parser.parse_args(argv)
    rows = parse(SOURCE) + with_asr_copies(parse(SOURCE_R3))
    r4 = with_asr_copies(parse(SOURCE_R4))
    texts = [r.text.lower() for r in rows + r4]
    if len(set(texts)) != len(texts):
        raise SystemExit("a sentence of stance_r3.txt or stance_r4.txt repeats an earlier one")
    status = 0
    for head in HEADS:
        data = head_rows(rows + r4 if head in R4_HEADS else rows, head)
        text = render(data)
        path = OUT / f"{head}.jsonl"
        pos = sum(int(str(r["label"])) for r in data)
        groups = len({r["group"] for r in data})
        print(f"{head}: {len(data)} rows, {pos} positive ({pos / len(data):.0%}), {groups} groups")
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"  {path} differs from its source", file=sys.stderr)
                status = 1
        else:
            path.write_text(text, encoding="utf-8")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
