"""Plain-text lines that may open a speaker turn, and whether a label looks like a speaker."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# h:mm:ss or m:ss (hours and fractions optional), as transcript tools write them.
_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# A label candidate: no colon, brackets or parentheses, and it cannot start with a digit
# (that would be a clock time such as "10:30").
_NAME = r"[^\s\d:：\[\]()][^:：\[\]()]{0,47}?"
# A colon that ends a label: ASCII followed by a space or the end ("https://" is no label),
# or the full-width colon Chinese and Japanese text uses, which needs no space after it.
_COLON = r"(?::(?=\s|$)|：)"
_OPEN, _CLOSE = r"[\[(]?", r"[\])]?"
# [00:01 - 00:05]: a time range (Descript, Riverside and similar exports).
_RANGE = rf"(?P<ts>{_TS})[ \t]*[-–—][ \t]*(?P<te>{_TS})"

# Whitespace between the parts of a label line: bounded, so that a line of a million spaces
# before a colon costs one scan, not one per possible name length.
_S1, _S0 = r"\s{1,16}", r"\s{0,16}"

# Tried in this order; named groups: name, ts (optional), te (optional), text (optional).
# Lines that start with a time or a bracket: only these can match them.
_TIME_FIRST = (
    # [00:01 - 00:05] Name: text   |   00:01 - 00:05 Name: text
    re.compile(rf"^{_OPEN}{_RANGE}{_CLOSE}{_S1}(?P<name>{_NAME}){_S0}{_COLON}\s*(?P<text>.*)$"),
    # [00:01 - 00:05] Name   (header; the turn's text follows on the next lines)
    re.compile(rf"^{_OPEN}{_RANGE}{_CLOSE}{_S1}(?:[-–]{_S1})?(?P<name>{_NAME})$"),
    # [00:01:02] Name: text   |   00:01:02 Name: text
    re.compile(
        rf"^{_OPEN}(?P<ts>{_TS}){_CLOSE}{_S1}(?P<name>{_NAME}){_S0}{_COLON}\s*(?P<text>.*)$"
    ),
    # 00:01:02 Name   (header; the turn's text follows on the next lines)
    re.compile(rf"^{_OPEN}(?P<ts>{_TS}){_CLOSE}{_S1}(?:[-–]{_S1})?(?P<name>{_NAME})$"),
    # [Name] 00:01:02 (Zoom)
    re.compile(rf"^\[(?P<name>{_NAME})\]{_S1}(?P<ts>{_TS})$"),
)
# Lines that start with anything else (a name cannot start with a digit or a bracket).
_NAME_FIRST = (
    # Name (00:01:02): text   |   Name [0:05]: text
    re.compile(
        rf"^(?P<name>{_NAME}){_S0}[\[(](?P<ts>{_TS})[\])]{_S0}(?:{_COLON}\s*|\s+|$)(?P<text>.*)$"
    ),
    # Name  0:01   |   Name 00:01:02   (Otter-style header)
    re.compile(rf"^(?P<name>{_NAME}){_S1}(?P<ts>{_TS})$"),
    # Name: text   |   Name:   (header)
    re.compile(rf"^(?P<name>{_NAME}){_COLON}\s*(?P<text>.*)$"),
)
_TIME_FIRST_CHARS = frozenset("[(0123456789")
_SENTENCE_END = frozenset(".!?。！？")
_TIME_FIRST_STYLES = tuple((f"t{i}", p) for i, p in enumerate(_TIME_FIRST))
_NAME_FIRST_STYLES = tuple((f"n{i}", p) for i, p in enumerate(_NAME_FIRST))
# [00:01:02] text — a timestamp (or a time range) without a name.
_TIMESTAMP_ONLY = re.compile(
    rf"^[\[(](?P<ts>{_TS})(?:[ \t]*[-–—][ \t]*(?P<te>{_TS}))?[\])]\s*(?P<text>.*)$"
)

_DIARIZATION = re.compile(r"(?i:speaker|spk)[ _-]?(?:\d+|[A-Za-z])|[A-Z]")
_MAX_NAME_WORDS = 4
# Scripts without letter case (Chinese, Japanese, Hebrew, Arabic, …) write names without
# capitals and, in CJK, without spaces: a label of uncased letters is a name if it is short.
_MAX_UNCASED_LETTERS = 12
_MAX_ABBREVIATION = 5  # "Prof." is the longest title with a period we expect
_NAME_PUNCTUATION = frozenset("'’.-‐_")
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
    end: float | None = None
    style: str = ""  # which layout matched (``_TIME_FIRST``/``_NAME_FIRST`` pattern)


def opening(line: str) -> Opening | None:
    """Match ``line`` (stripped) against the turn-opening styles; None when it is plain text."""
    if ":" not in line and "：" not in line:  # every style has a colon (label or time)
        return None
    if line[:1] in _TIME_FIRST_CHARS:
        patterns: tuple[tuple[str, re.Pattern[str]], ...] = _TIME_FIRST_STYLES
    elif line[-1:].isdigit():
        patterns = _NAME_FIRST_STYLES  # "Name  0:01" headers end in a digit
    elif "(" in line or "[" in line:
        patterns = _NAME_FIRST_STYLES[::2]  # "Name (0:05): text", else "Name: text"
    else:
        patterns = _NAME_FIRST_STYLES[2:]  # only "Name: text" can match
    for style, pattern in patterns:
        match = pattern.match(line)
        if match is None:
            continue
        groups = match.groupdict()
        name = normalize_label(groups["name"])
        start, end = _times(groups)
        if groups.get("ts") and start is None:
            continue
        if looks_like_speaker(name):
            return Opening(name, start, groups.get("text") or "", end, style)
    match = _TIMESTAMP_ONLY.match(line)
    if match is not None:
        start, end = _times(match.groupdict())
        if start is not None:
            return Opening(None, start, match["text"], end)
    return None


def _times(groups: dict[str, str | None]) -> tuple[float | None, float | None]:
    """Start and end of a matched line; an end that is invalid or before the start is None."""
    start_text = groups.get("ts")
    start = parse_timestamp(start_text) if start_text else None
    end_text = groups.get("te")
    end = parse_timestamp(end_text) if end_text and start is not None else None
    if end is not None and start is not None and end < start:
        end = None
    return start, end


# Invisible characters that change nothing a reader sees but break matching: zero-width
# space, word joiner, BOM, soft hyphen, directional marks and embeddings. (Zero-width
# joiner and non-joiner stay: they shape Persian, Indic and emoji text.)
_INVISIBLE = dict.fromkeys(
    [
        *(0x00AD, 0x061C, 0x200B, 0x200E, 0x200F, 0xFEFF),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
    ]
)


def strip_invisible(text: str) -> str:
    """``text`` without zero-width and directional format characters (see ``_INVISIBLE``)."""
    return text.translate(_INVISIBLE) if not text.isascii() else text


@lru_cache(maxsize=4096)
def normalize_label(label: str) -> str:
    """A speaker label as compared and shown: NFC, no invisible characters, single spaces.

    ``"Zoe\u0308  Mu\u0308ller"`` and ``"Zoë Müller"`` are the same person.
    """
    if label.isascii():
        return " ".join(label.split())
    return " ".join(unicodedata.normalize("NFC", strip_invisible(label)).split())


@lru_cache(maxsize=4096)
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
    if words[0].casefold().rstrip(".") in _NOT_SPEAKERS or not _capital(words[0][0]):
        return False
    # Only uncased letters (Chinese, Hebrew, Arabic, …): being short is the only test we have,
    # and a sentence's end mark, since no initial or title is abbreviated in those scripts
    # ("10:30 季度." is a line of speech that starts with a time, not a header).
    if not any(ch.isupper() or ch.islower() for ch in label) and (
        sum(ch.isalpha() for ch in label) > _MAX_UNCASED_LETTERS or label[-1] in _SENTENCE_END
    ):
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


def _capital(char: str) -> bool:
    """An upper-case letter, or a letter of a script without case (王, ד, م)."""
    return char.isupper() or (char.isalpha() and not char.islower())


def _name_word(word: str, position: int) -> bool:
    if position > 0 and (word.isdigit() or word in _PARTICLES):
        return True
    if not _capital(word[0]) or (word.endswith(".") and len(word) > _MAX_ABBREVIATION):
        return False  # "Tuesday." ends a sentence; "Dr." and "J." are fine
    # Letters, digits, combining marks (decomposed accents, Indic vowel signs), ' - .
    return all(
        ch.isalnum() or ch in _NAME_PUNCTUATION or unicodedata.category(ch)[0] == "M"
        for ch in word[1:]
    )
