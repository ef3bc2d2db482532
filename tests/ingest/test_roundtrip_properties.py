"""Property: a call written in any layout a tool exports reads back with the same speakers,
words and start times. Generated calls only (invented names and words); bounded for CI."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcoach.ingest import load_text

NAMES = [
    "Dana Reyes", "Sam Patel", "Dr. Chen", "Jan de Vries", "Mary-Jane O'Neil", "Zoë Müller",
    "José Álvarez", "王伟", "李娜", "דוד כהן", "فاطمة حسن", "SPEAKER_00", "spk_1", "Ana",
]  # fmt: skip
WORDS = [
    "we", "spend", "nine", "days", "on", "the", "close", "budget", "approval", "really",
    "Tuesday", "pricing", "team", "numbers", "50%", "$12,000", "it's", "okay", "ça", "über",
    "季度", "תקציב", "ميزانية", "-", "(maybe)", "10:30", "e.g.", "x<y",
]  # fmt: skip


@st.composite
def calls(draw: st.DrawFn) -> list[tuple[str, str]]:
    """2–12 turns, speakers alternating, each turn 1–12 words ending in a period."""
    pool = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=3, unique=True))
    turns = []
    previous = None
    for _ in range(draw(st.integers(2, 12))):
        speaker = draw(st.sampled_from([n for n in pool if n != previous]))
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
        if words[0] == "-":
            words[0] = "so"  # "- text" is a subtitle's dialogue dash, dropped on purpose
        turns.append((speaker, " ".join(words) + "."))
        previous = speaker
    return turns


def _clock(seconds: int, sep: str = ".", hours: bool = True) -> str:
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    head = f"{h:02d}:{m:02d}:{s:02d}" if hours else f"{m:02d}:{s:02d}"
    return head + (f"{sep}000" if sep else "")


Turns = list[tuple[str, str]]


def _colon(turns: Turns) -> str:
    return "".join(f"{s}: {t}\n" for s, t in turns)


def _bracket(turns: Turns) -> str:
    return "".join(f"[{_clock(i * 7, '')}] {s}: {t}\n" for i, (s, t) in enumerate(turns))


def _ranges(turns: Turns) -> str:
    return "".join(
        f"[{_clock(i * 7, '', False)} - {_clock(i * 7 + 5, '', False)}] {s}: {t}\n"
        for i, (s, t) in enumerate(turns)
    )


def _otter(turns: Turns) -> str:
    return "".join(f"{s}  {_clock(i * 7, '', False)}\n{t}\n\n" for i, (s, t) in enumerate(turns))


def _markdown(turns: Turns) -> str:
    return "# A call\n\nDate: 2025-01-02\n\n" + "".join(f"**{s}:** {t}\n\n" for s, t in turns)


def _fathom(turns: Turns) -> str:
    return "".join(f"**{s}** `{_clock(i * 7, '')}`\n> {t}\n\n" for i, (s, t) in enumerate(turns))


def _headings(turns: Turns) -> str:
    return "# A call\n\n" + "".join(
        f"## {s} ({_clock(i * 7, '')})\n{t}\n\n" for i, (s, t) in enumerate(turns)
    )


def _italic(turns: Turns) -> str:
    return "".join(f"*{s}:* {t}\n\n" for s, t in turns)


def _zoom(turns: Turns) -> str:
    return "WEBVTT\n\n" + "".join(
        f"{i + 1}\n{_clock(i * 7)} --> {_clock(i * 7 + 5)}\n{s}: {t}\n\n"
        for i, (s, t) in enumerate(turns)
    )


def _teams(turns: Turns) -> str:
    return "WEBVTT\n\n" + "".join(
        f"{_clock(i * 7)} --> {_clock(i * 7 + 5)}\n<v {s}>{t.replace('<', '&lt;')}</v>\n\n"
        for i, (s, t) in enumerate(turns)
    )


def _srt(turns: Turns) -> str:
    return "".join(
        f"{i + 1}\n{_clock(i * 7, ',')} --> {_clock(i * 7 + 5, ',')}\n<i>{s}: {t}</i>\n\n"
        for i, (s, t) in enumerate(turns)
    )


# layout → (writer, file name, whether starts are written)
LAYOUTS: dict[str, tuple[Callable[[Turns], str], str, bool]] = {
    "colon": (_colon, "x.txt", False),
    "bracket-timestamps": (_bracket, "x.txt", True),
    "time-ranges": (_ranges, "x.txt", True),
    "otter": (_otter, "x.txt", True),
    "markdown": (_markdown, "x.md", False),
    "fathom": (_fathom, "x.md", True),
    "markdown-speaker-headings": (_headings, "x.md", True),
    "markdown-italic-labels": (_italic, "x.md", False),
    "zoom-vtt": (_zoom, "x.vtt", True),
    "teams-vtt": (_teams, "x.vtt", True),
    "srt": (_srt, "x.srt", True),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(turns=calls())
def test_every_layout_reads_back_the_same_call(layout: str, turns: Turns) -> None:
    write, name, timed = LAYOUTS[layout]
    call = load_text(write(turns), source=name)
    assert [(u.speaker, u.text) for u in call.utterances] == turns
    if timed:
        assert [u.start for u in call.utterances] == [i * 7.0 for i in range(len(turns))]
        assert call.has_timestamps
    assert not any("notes" in w.message or "no times" in w.message for w in call.warnings)
