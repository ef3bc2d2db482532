"""Build the evidence heads' training rows from the invented scenario sources.

Sources live in ``training/heads/src/<head>.rows`` (written by hand from the labels' general
forms, never from a sales call). Format: ``## group`` starts an invented scenario; ``+ [kind] text``
is a positive, ``- [kind] text`` a negative; ``#`` lines are comments. About one written row in
eight is also turned into ASR style (lower case, no punctuation, numbers as words, a filler) in
place, chosen by a hash of its text so the output is deterministic; rows already written in ASR
style keep their text. Output: ``training/heads/<head>.jsonl`` with
``{"text", "label", "group", "note"}`` per line.

    python scripts/build_evidence_heads.py            # write all evidence heads
    python scripts/build_evidence_heads.py --check    # fail if a .jsonl is out of date
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADS = ("quantified_pain", "summarize", "self_talk")
_ROW = re.compile(r"^([+-])\s*\[([^\]]+)\]\s*(.+)$")
_ONES = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_FILLERS = ("um", "you know", "like", "uh", "so yeah", "i mean")
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros", "R": "rand"}


def _words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    for size, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            head = _words(n // size) + " " + name
            return head if rest == 0 else head + " " + _words(rest)
    rest = n % 100
    head = _ONES[n // 100] + " hundred"
    return head if rest == 0 else head + " and " + _words(rest)


def _number(match: re.Match[str]) -> str:
    cur, digits, frac, suffix = match.group(1), match.group(2), match.group(3), match.group(4)
    value = int(digits.replace(",", ""))
    text = _words(value)
    if frac:
        text += " point " + " ".join(_ONES[int(d)] for d in frac[1:])
    if suffix in ("k", "K"):
        text += " k"
    elif suffix == "%":
        text += " percent"
    elif suffix in ("m", "M"):
        text += " million"
    if cur:
        text += " " + _CURRENCY.get(cur, "")
    return text.strip()


_ORDINAL = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
    "twenty": "twentieth",
    "thirty": "thirtieth",
}


def _ordinal(match: re.Match[str]) -> str:
    words = _words(int(match.group(1))).split()
    last = words[-1]
    words[-1] = _ORDINAL.get(last, last + "th")
    return " ".join(words)


def asr_style(text: str, seed: int) -> str:
    """Lower case, numbers as words, no punctuation, one filler: how ASR exports read."""
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", _ordinal, text)
    text = re.sub(r"([$£€]|\bR)?(\d[\d,]*)(\.\d+)?([kKmM%]?)", _number, text)
    text = text.replace("-", " ").replace("—", " ").replace("’", "'")
    text = re.sub(r"[^\w\s']", "", text.lower())
    words = text.split()
    at = seed % max(1, len(words))
    words.insert(at, _FILLERS[seed % len(_FILLERS)])
    return " ".join(words)


def build(head: str) -> list[dict[str, object]]:
    src = ROOT / "training" / "heads" / "src" / f"{head}.rows"
    rows: list[dict[str, object]] = []
    group = ""
    for number, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or (line.startswith("#") and not line.startswith("##")):
            continue
        if line.startswith("## "):
            group = line[3:].strip()
            continue
        match = _ROW.match(line)
        if match is None or not group:
            raise SystemExit(f"{src}:{number}: not a '+|- [kind] text' row inside a group")
        sign, kind, text = match.groups()
        seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
        note = kind
        if kind != "asr" and seed % 8 == 0:
            text, note = asr_style(text, seed), f"{kind}; asr"
        rows.append({"text": text, "label": int(sign == "+"), "group": group, "note": note})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if an output is out of date")
    args = parser.parse_args()
    stale = []
    for head in HEADS:
        src = ROOT / "training" / "heads" / "src" / f"{head}.rows"
        if not src.exists():
            continue
        out = ROOT / "training" / "heads" / f"{head}.jsonl"
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in build(head))
        if args.check:
            if not out.exists() or out.read_text(encoding="utf-8") != body:
                stale.append(str(out))
            continue
        out.write_text(body, encoding="utf-8")
        rows = build(head)
        positives = sum(1 for row in rows if row["label"] == 1)
        print(f"{out.relative_to(ROOT)}: {len(rows)} rows, {positives} positives")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
