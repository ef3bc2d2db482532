"""A one-hour call (700 cues) ingests whole in each caption layout.

How fast is measured by benchmarks/ingest_metrics.py (docs/benchmarks.md), never asserted in a
unit test: a wall-clock bound depends on the machine's load.
"""

from __future__ import annotations

import pytest

from callcoach.ingest import load_text

CUES = 700


def _timestamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{separator}{rest % 1000:03d}"


def _hour_long_call(kind: str) -> bytes:
    separator = "," if kind == "srt" else "."
    cues = []
    for i in range(CUES):
        start = i * 5.1
        speaker = ("Dana Reyes", "Dr. Chen")[(i // 3) % 2]
        label = f"<v {speaker}>" if kind == "teams" else f"{speaker}: "
        cues.append(
            f"{i + 1}\n{_timestamp(start, separator)} --> {_timestamp(start + 5, separator)}\n"
            f"{label}Point {i}: here's the thing, we spend nine days on the close and\n"
            "nobody trusts the numbers at the end of it, so what would you do?"
        )
    header = "" if kind == "srt" else "WEBVTT\n\n"
    return (header + "\n\n".join(cues) + "\n").encode()


@pytest.mark.parametrize("kind", ["zoom", "teams", "srt"])
def test_hour_long_call_ingests_whole(kind: str) -> None:
    call = load_text(_hour_long_call(kind))
    assert sum(len(u.segments) for u in call.utterances) == CUES
    assert len(call.utterances) == -(-CUES // 3)
