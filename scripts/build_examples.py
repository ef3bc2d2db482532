"""Render the sample calls in examples/ from their readable sources in examples/src/.

Run from anywhere: ``python scripts/build_examples.py [--out DIR]`` (default: examples/).
Each source is YAML with the call's facts, its speakers and a ``script`` of ``KEY: text``
lines, optionally ending in ``{4.5}`` (the speaking time in seconds; otherwise it follows
from the word count and the speaker's pace). Timing is deterministic per source ``seed``:
same sources, same files. Also writes examples/manifest.yaml.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
# Scripts run as files, so the repository root (holding benchmarks/) is not on sys.path.
sys.path.insert(0, str(ROOT))

from benchmarks.render import (  # noqa: E402
    DIARIZED_LABELS,
    Participant,
    Transcript,
    Turn,
    make_turn,
    render,
)

EXAMPLES = ROOT / "examples"
_LINE = re.compile(r"^(?P<key>\w+):\s*(?P<text>.+?)(?:\s*\{(?P<dur>\d+(?:\.\d+)?)\})?\s*$")


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    text: str
    duration: float | None


def parse_script(script: str, keys: set[str], source: Path) -> list[Line]:
    """``KEY: text {seconds}`` lines → ``Line``s; unknown keys and odd lines stop the build."""
    lines = []
    for number, raw in enumerate(script.splitlines(), 1):
        if not raw.strip():
            continue
        match = _LINE.match(raw.strip())
        if match is None or match["key"] not in keys:
            raise SystemExit(f"{source}: script line {number}: expected 'KEY: text', got {raw!r}")
        dur = float(match["dur"]) if match["dur"] else None
        lines.append(Line(match["key"], match["text"], dur))
    return lines


def _gap(rng: random.Random, style: str, to_rep: bool, words: int) -> float:
    """Silence before a turn; negative means the turn starts while the last one is ending."""
    if words <= 3 and rng.random() < 0.35:
        return -rng.uniform(0.2, 0.6)  # backchannels overlap the speaker they answer
    if to_rep and style == "friend":
        # Friend-style reps jump in: short gaps and the odd interruption.
        return -rng.uniform(0.3, 0.9) if rng.random() < 0.2 else rng.uniform(0.1, 0.5)
    if to_rep and style == "expert":
        return rng.uniform(0.7, 1.6)  # the patience a listener leaves before answering
    return rng.uniform(0.2, 1.5)


def lay_out(source: dict[str, Any], lines: list[Line]) -> tuple[Turn, ...]:
    """Give every line a start and end from speech rate and realistic pauses."""
    rng = random.Random(source["seed"])
    speakers = source["speakers"]
    pace = {key: rng.uniform(138, 168) for key in speakers}  # words per minute
    asr = bool(source.get("asr", False))
    turns: list[Turn] = []
    clock = rng.uniform(1.2, 3.5)
    previous_start = 0.0
    for line in lines:
        words = len(line.text.split())
        spoken = line.duration or max(0.6, words * 60.0 / pace[line.key] + rng.uniform(0.1, 0.5))
        to_rep = speakers[line.key]["role"] == "rep"
        start = max(previous_start + 0.3, clock + _gap(rng, source["style"], to_rep, words))
        end = start + spoken
        turns.append(make_turn(speakers[line.key]["name"], line.text, start, end, asr=asr))
        previous_start = start
        clock = max(clock, end)
    return tuple(turns)


def build(path: Path, out: Path) -> list[dict[str, Any]]:
    """Render one source into its output files under ``out``; returns their manifest entries."""
    source = yaml.safe_load(path.read_text(encoding="utf-8"))
    speakers = source["speakers"]
    lines = parse_script(source["script"], set(speakers), path)
    transcript = Transcript(
        title=source["title"],
        date=str(source["date"]),
        turns=lay_out(source, lines),
        participants=tuple(
            Participant(s["name"], s.get("email"), s["role"], s.get("title"))
            for s in speakers.values()
        ),
        seed=source["seed"],
    )
    entries = []
    for output in source["outputs"]:
        fmt = output["format"]
        (out / output["file"]).write_text(render(transcript, fmt), encoding="utf-8")
        entries.append(_manifest_entry(source, transcript, output["file"], fmt))
    return entries


def _manifest_entry(
    source: dict[str, Any], transcript: Transcript, file: str, fmt: str
) -> dict[str, Any]:
    people = source["speakers"].values()
    entry: dict[str, Any] = {
        "file": file,
        "format": fmt,
        "reps": [p["name"] for p in people if p["role"] == "rep"],
        "prospects": [p["name"] for p in people if p["role"] == "prospect"],
        "style": source["style"],
        "call_type": source["type"],
        "date": str(source["date"]),
        "company": source["company"],
        "description": source["description"],
        "turns": len(transcript.turns),
        "minutes": round(transcript.duration / 60, 1),
        "asr_text": bool(source.get("asr", False)),
    }
    if fmt in DIARIZED_LABELS:
        # Labels as callcoach names them after reading the file ("Speaker 0" for Deepgram's 0).
        spell = DIARIZED_LABELS[fmt]
        entry["speaker_labels"] = {
            _as_read(spell(i)): name for i, name in enumerate(transcript.speaker_order())
        }
    return entry


def _as_read(label: str) -> str:
    return f"Speaker {label}" if label.isdigit() else label


def build_all(out: Path) -> int:
    """Render every source in examples/src into ``out`` with its manifest; returns the count."""
    out.mkdir(parents=True, exist_ok=True)
    entries = [e for path in sorted((EXAMPLES / "src").glob("*.yaml")) for e in build(path, out)]
    header = (
        "# Generated by scripts/build_examples.py from examples/src/*.yaml; do not edit.\n"
        "# speaker_labels maps a diarization label in the file to the person speaking.\n"
    )
    body = yaml.safe_dump({"calls": entries}, sort_keys=False, allow_unicode=True, width=100)
    (out / "manifest.yaml").write_text(header + body, encoding="utf-8")
    return len(entries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=EXAMPLES, help="output folder")
    args = parser.parse_args(argv)
    count = build_all(args.out)
    print(f"wrote {count} files and {args.out / 'manifest.yaml'}")


if __name__ == "__main__":
    main()
