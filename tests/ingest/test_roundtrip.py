"""Render a Call back to WebVTT/SRT and read it again: the same segments come back."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcoach.ingest import load_call, load_text
from callcoach.model import Call

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
Row = tuple[str | None, str, float | None, float | None]


def _timestamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{separator}{rest % 1000:03d}"


def _rows(call: Call) -> list[Row]:
    return [(u.speaker, s.text, s.start, s.end) for u in call.utterances for s in u.segments]


def render_vtt_prefixed(rows: list[Row]) -> str:
    cues = [
        f"{_timestamp(start or 0, '.')} --> {_timestamp(end or 0, '.')}\n"
        + (f"{speaker}: " if speaker else "")
        + html.escape(text, quote=False)
        for speaker, text, start, end in rows
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def render_vtt_voices(rows: list[Row]) -> str:
    cues = [
        f"{i}\n{_timestamp(start or 0, '.')} --> {_timestamp(end or 0, '.')}\n"
        + (f"<v {speaker}>" if speaker else "")
        + html.escape(text, quote=False)
        + ("</v>" if speaker else "")
        for i, (speaker, text, start, end) in enumerate(rows, 1)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def render_srt(rows: list[Row]) -> str:
    cues = [
        f"{i}\n{_timestamp(start or 0, ',')} --> {_timestamp(end or 0, ',')}\n"
        + (f"{speaker}: " if speaker else "")
        + text
        for i, (speaker, text, start, end) in enumerate(rows, 1)
    ]
    return "\r\n\r\n".join(cues).replace("\n", "\r\n") + "\r\n"


RENDERERS: dict[str, Callable[[list[Row]], str]] = {
    "vtt-prefixed": render_vtt_prefixed,
    "vtt-voices": render_vtt_voices,
    "srt": render_srt,
}


def _same(rows: list[Row], again: list[Row]) -> None:
    assert [(s, t) for s, t, _, _ in again] == [(s, t) for s, t, _, _ in rows]
    for (_, _, start, end), (_, _, start2, end2) in zip(rows, again, strict=True):
        assert start2 == pytest.approx(start, abs=5e-4)
        assert end2 == pytest.approx(end, abs=5e-4)


@pytest.mark.parametrize(
    ("fixture", "renderer"),
    [
        (fixture, renderer)
        for fixture in ("vtt/zoom.vtt", "vtt/teams.vtt", "vtt/tags_entities.vtt", "srt/named.srt")
        for renderer in sorted(RENDERERS)
        # SRT has no escape for a literal "<b>": players (and we) read it as formatting.
        if (fixture, renderer) != ("vtt/tags_entities.vtt", "srt")
    ],
)
def test_fixture_round_trip(fixture: str, renderer: str) -> None:
    rows = _rows(load_call(DATA / fixture))
    _same(rows, _rows(load_text(RENDERERS[renderer](rows))))


_NAMES = st.sampled_from(["Ana", "Dr. Chen", "SPEAKER_00", "Tom O'Neil", "B", "Jan de Vries"])
_WORD = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters="'.,?!:&-"),
    min_size=1,
    max_size=8,
).filter(lambda w: "-->" not in w and not w.startswith("-"))
_TEXT = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(_NAMES, _TEXT, st.integers(0, 20_000)), min_size=1, max_size=8),
    st.sampled_from(sorted(RENDERERS)),
)
def test_random_round_trip(cues: list[tuple[str, str, int]], renderer: str) -> None:
    rows: list[Row] = []
    clock = 0.0
    for speaker, text, millis in cues:
        # Cues a second apart: close repeats of one line would rightly be taken for
        # rolling captions and de-duplicated.
        start = clock + 1.0
        clock = start + millis / 1000
        rows.append((speaker, text, start, clock))
    _same(rows, _rows(load_text(RENDERERS[renderer](rows))))
