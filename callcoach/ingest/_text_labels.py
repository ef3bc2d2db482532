"""Plain-text lines that may open a speaker turn, and whether a label looks like a speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass

# h:mm:ss or m:ss (hours and fractions optional), as transcript tools write them.
_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# A label candidate: no colon, brackets or parentheses, and it cannot start with a digit
# (that would be a clock time such as "10:30").
_NAME = r"[^\s\d:\[\]()][^:\[\]()]{0,47}?"
_OPEN, _CLOSE = r"[\[(]?", r"[\])]?"

# Tried in this order; named groups: name, ts (optional), text (optional).
_LINE_PATTERNS = (
    # [00:01:02] Name: text   |   00:01:02 Name: text
    re.compile(rf"^{_OPEN}(?P<ts>{_TS}){_CLOSE}\s+(?P<name>{_NAME})\s*:(?:\s+(?P<text>.*))?$"),
    # Name (00:01:02): text   |   Name [0:05]: text
    re.compile(rf"^(?P<name>{_NAME})\s*[\[(](?P<ts>{_TS})[\])]\s*:?(?:\s+(?P<text>.*))?$"),
    # 00:01:02 Name   (header; the turn's text follows on the next lines)
    re.compile(rf"^{_OPEN}(?P<ts>{_TS}){_CLOSE}\s+(?:[-–]\s+)?(?P<name>{_NAME})$"),
    # Name  0:01   |   Name 00:01:02   (Otter-style header)   |   [Name] 00:01:02 (Zoom)
    re.compile(rf"^(?P<name>{_NAME})\s+(?P<ts>{_TS})$"),
    re.compile(rf"^\[(?P<name>{_NAME})\]\s+(?P<ts>{_TS})$"),
    # Name: text   |   Name:   (header)
    re.compile(rf"^(?P<name>{_NAME}):(?:\s+(?P<text>.*))?$"),
)
# [00:01:02] text — a timestamp without a name.
_TIMESTAMP_ONLY = re.compile(rf"^[\[(](?P<ts>{_TS})[\])]\s*(?P<text>.*)$")

_DIARIZATION = re.compile(r"(?i:speaker|spk)[ _-]?(?:\d+|[A-Za-z])|[A-Z]")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_MAX_NAME_WORDS = 4
# Lower-case words allowed inside a name ("Jan de Vries", "Ali bin Omar").
_PARTICLE_WORDS = "de da di del della der den van von la le du dos das bin al ibn"
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
# Capitalised words that label notes, headings and sounds, or open sentences, far more often
# than they name a person: "Note: the price is…" is not a speaker called Note.
_NOT_SPEAKER_WORDS = """
note notes nb ps fyi re fw fwd subject title topic agenda summary recap example examples
update reminder warning caution important tip tips question questions step action actions
next result results decision decisions owner status goal goals objective outcome problem
solution date time when where location duration recording transcript attendees
participants price pricing cost total budget link url email phone address edit source
also so well yes no okay ok but and because basically honestly look listen remember then
first second third finally plus here there now today tomorrow yesterday why what how who
which music laughter laughs applause inaudible crosstalk silence noise pause
"""
_NOT_SPEAKERS = frozenset(_NOT_SPEAKER_WORDS.split())


@dataclass(frozen=True, slots=True)
class Opening:
    """A line that may open a turn: ``name`` None for a bare ``[timestamp] text`` line."""

    name: str | None
    start: float | None
    text: str


def opening(line: str) -> Opening | None:
    """Match ``line`` (stripped) against the turn-opening styles; None when it is plain text."""
    if ":" not in line:  # every style has a colon (after the name or inside the time)
        return None
    for pattern in _LINE_PATTERNS:
        match = pattern.match(line)
        if match is None:
            continue
        groups = match.groupdict()
        name = " ".join(groups["name"].split())
        start = parse_timestamp(groups["ts"]) if groups.get("ts") else None
        if groups.get("ts") and start is None:
            continue
        if looks_like_speaker(name):
            return Opening(name, start, groups.get("text") or "")
    match = _TIMESTAMP_ONLY.match(line)
    if match is not None:
        start = parse_timestamp(match["ts"])
        if start is not None:
            return Opening(None, start, match["text"])
    return None


def looks_like_speaker(label: str) -> bool:
    """A diarization label, or 1–4 capitalised words (name particles allowed) not on the stoplist.

    >>> [looks_like_speaker(label) for label in ("Dr. Maria Lopez", "Note", "spk_0")]
    [True, False, True]
    """
    if _DIARIZATION.fullmatch(label):
        return True
    words = label.split()
    if not words or len(words) > _MAX_NAME_WORDS or label.casefold() in _NOT_SPEAKERS:
        return False
    if words[0].casefold().rstrip(".") in _NOT_SPEAKERS or not words[0][0].isupper():
        return False
    return all(_name_word(word, i) for i, word in enumerate(words))


def is_diarization_label(label: str) -> bool:
    return _DIARIZATION.fullmatch(label) is not None


def parse_timestamp(value: str) -> float | None:
    """``"1:02:03"`` → 3723.0, ``"0:05.5"`` → 5.5; None when minutes or seconds exceed 59."""
    clock, _, fraction = value.replace(",", ".").partition(".")
    parts = [int(p) for p in clock.split(":")]
    if any(p > 59 for p in parts[1:]):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds + (float(f"0.{fraction}") if fraction else 0.0)


def _name_word(word: str, position: int) -> bool:
    if position > 0 and (word.isdigit() or word in _PARTICLES):
        return True
    return _NAME_WORD.fullmatch(word) is not None and word[0].isupper()
