"""Plain-text transcripts: ``Name: text``, timestamped variants, Otter-style headers, or none.

Every line is tried against the turn-opening styles (``_text_labels.opening``); a label only
counts as a speaker if the whole file supports it (``_accepted_speakers``). Any other
non-blank line continues the current turn, so hard-wrapped text stays with its speaker.
The rules are written out in ``docs/formats.md``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from callcoach.errors import IngestError
from callcoach.ingest._text_labels import (
    Opening,
    is_diarization_label,
    opening,
    strip_invisible,
)
from callcoach.ingest.base import ParsedTranscript, RawSegment
from callcoach.model import IngestWarning

__all__ = ["parse", "parse_lines"]

# Typical conversational pace (150 words per minute), used to estimate a missing end time.
SECONDS_PER_WORD = 0.4


def parse(text: str, *, source: str) -> ParsedTranscript:
    """Parse a plain-text transcript into raw segments, one per turn or paragraph.

    >>> parsed = parse("[00:00:03] Ana Ruiz: Hi Tom.\\n[00:00:05] Tom: Hi.", source="x")
    >>> [(s.speaker, s.start, s.end) for s in parsed.segments]
    [('Ana Ruiz', 3.0, 5.0), ('Tom', 5.0, 6.0)]

    A turn ends where the next one starts; the last one's end is estimated from its words
    (at least a second, 150 words a minute), with a warning. Raises ``IngestError`` only
    when there is no text at all.
    """
    return parse_lines(text.split("\n"), source=source)


def parse_lines(
    raw_lines: list[str],
    *,
    source: str,
    metadata: dict[str, str] | None = None,
    section_breaks: Mapping[int, str] | None = None,
    strong_lines: frozenset[int] = frozenset(),
    warnings: tuple[IngestWarning, ...] = (),
) -> ParsedTranscript:
    """The plain-text parser over lines already split (the Markdown parser shares it).

    ``section_breaks`` maps 1-based numbers of lines the caller knows to be headings or
    rules (Markdown ``## Analysis``, blanked in ``raw_lines``) to their text: each ends a
    paragraph, and after the last turn one of them starts trailing notes. ``strong_lines``
    are lines whose label the layout marks unmistakably (Markdown bold): a speaker even if
    it speaks once.
    """
    breaks = section_breaks or {}
    lines = [strip_invisible(line).strip() for line in raw_lines]
    openings = {n: o for n, line in enumerate(lines, 1) if line and (o := opening(line))}
    meta = dict(metadata or {})
    _read_header_block(lines, openings, meta)
    # Every non-blank line (bar a title) opens a turn: a label used once is a turn too.
    prose = sum(1 for number, line in enumerate(lines, 1) if line and number not in openings)
    speakers, label_warnings = _accepted_speakers(openings, strong_lines, prose <= 1)
    all_warnings = [*warnings, *label_warnings]
    cut = _trailing_notes(lines, openings, speakers, breaks)
    left_out = sum(1 for line in lines[cut - 1 :] if line) if cut is not None else 0
    if cut is not None and left_out:
        heading = breaks.get(cut) or lines[cut - 1]
        all_warnings.append(
            IngestWarning(
                f"{left_out} line(s) from {heading[:40]!r} on, after the last turn, look like "
                "notes, not speech; left out of the transcript",
                cut,
            )
        )
        lines = lines[: cut - 1]
    builder = _SegmentBuilder(line_per_segment=not speakers and not _has_paragraphs(lines))
    for number, line in enumerate(lines, 1):
        found = openings.get(number)
        if not line or number in breaks:
            builder.paragraph_break()
        elif found is not None and found.name is None:
            builder.open(number, builder.speaker, found)
        elif found is not None and found.name in speakers:
            builder.open(number, found.name, found)
        else:
            builder.add(number, line)
    segments = builder.finish()
    if not segments:
        raise IngestError(source, "no text found")
    if builder.estimated_end_line is not None:
        all_warnings.append(
            IngestWarning(
                "the last turn has a start time but no end; its end is estimated at "
                f"{60 / SECONDS_PER_WORD:.0f} words per minute",
                builder.estimated_end_line,
            )
        )
    return ParsedTranscript(tuple(segments), tuple(all_warnings), meta)


# ``Key: value`` lines at the top of a file that describe the call rather than say anything.
_HEADER_KEYS = {
    "date": "date",
    "call date": "date",
    "meeting date": "date",
    "title": "title",
    "meeting": "title",
    "call": "title",
    "subject": "title",
    "topic": "title",
    "participants": "participants",
    "attendees": "participants",
    "speakers": "participants",
    "duration": "duration",
    "length": "duration",
    "time": "time",
    "location": "location",
    "recorded": "recorded",
    "recording": "recording",
    "language": "language",
    "company": "account",
    "account": "account",
    "deal id": "deal_id",
    "deal": "deal_id",
    "host": "host",
    "organizer": "host",
    "organiser": "host",
    "platform": "platform",
    "source": "source",
}
_HEADER_VALUE_CHARS = 2000
# Header keys whose value names people or a company, never a sentence.
_NAME_VALUED = frozenset({"participants", "host", "account"})


def _read_header_block(
    lines: list[str], openings: dict[int, Opening], metadata: dict[str, str]
) -> None:
    """Move ``Date: …``/``Participants: …`` lines above the first turn into ``metadata``.

    Only a block of such lines at the very top (one title line and blank lines may come
    first), only keys in ``_HEADER_KEYS``, and never a label that opens two or more lines
    (``Host: …`` said twice is a speaker). The lines become blank and leave ``openings``.
    """
    label_counts = Counter(o.name for o in openings.values() if o.name is not None)
    seen_title = False
    for index, line in enumerate(lines):
        if not line:
            continue
        found = openings.get(index + 1)
        if found is not None and (found.name is None or label_counts[found.name] > 1):
            return  # the first turn
        key, colon, value = line.partition(":")
        name = _HEADER_KEYS.get(" ".join(key.split()).casefold()) if colon else None
        if name in _NAME_VALUED and value.rstrip().endswith((".", "?", "!")):
            name = None  # "Host: Welcome, everyone." is someone speaking, not a header
        if name is None:
            if seen_title or found is not None:
                return
            seen_title = True  # a title line stays text
            continue
        if value.strip() and name not in metadata:
            metadata[name] = value.strip()[:_HEADER_VALUE_CHARS]
        lines[index] = ""
        openings.pop(index + 1, None)


# Headings of what tools and people append after a transcript: notes, not speech.
_SECTION_WORDS = frozenset(
    {"analysis", "summary", "summaries", "notes", "recap", "takeaways", "takeaway", "highlights",
     "keywords", "outline", "overview", "chapters", "feedback", "coaching", "scorecard",
     "evaluation", "assessment", "review", "sentiment", "insights", "observations", "comments",
     "commentary", "debrief", "appendix"}
)  # fmt: skip
_SECTION_PHRASES = frozenset(
    {"action items", "next steps", "key points", "key moments", "questions asked", "follow-up",
     "follow up", "end of transcript", "transcript ends", "end transcript"}
)  # fmt: skip
_RULE = re.compile(r"[-=*_~]{3,}")
_MAX_HEADING_WORDS = 6
_MAX_SHORT_HEADING_WORDS = 3
_LAYOUT_MIN_TURNS = 4


def _trailing_notes(
    lines: list[str],
    openings: dict[int, Opening],
    speakers: set[str],
    section_breaks: Mapping[int, str],
) -> int | None:
    """The 1-based line where notes appended after the last turn begin, or None.

    Two signs: a heading or rule after the last turn (``Analysis``, ``## Summary``,
    ``Next steps:``, ``---``); or, in a file where every turn fits on its opening line,
    a paragraph after a blank line below the last turn.
    """
    turns = sorted(n for n, o in openings.items() if o.name is None or o.name in speakers)
    if not turns:
        return None
    last = turns[-1]
    for number in range(last + 1, len(lines) + 1):
        line = lines[number - 1]
        if number in section_breaks or (line and _is_section_heading(line)):
            return number
    if len(turns) < _LAYOUT_MIN_TURNS or any(
        lines[n - 1] for a, b in itertools.pairwise(turns) for n in range(a + 1, b)
    ):
        return None
    after = [n for n in range(last + 1, len(lines) + 1) if lines[n - 1]]
    if after and not lines[after[0] - 2]:
        return after[0]
    return None


def _is_section_heading(line: str) -> bool:
    if _RULE.fullmatch(line.replace(" ", "")):
        return True
    head, colon, _ = line.partition(":")
    title = " ".join(head.strip("#*_=- \t").split()).casefold()
    if not title or len(title.split()) > _MAX_HEADING_WORDS:
        return False
    if title in _SECTION_PHRASES or title in _SECTION_WORDS:
        return True
    # "Call analysis", "Post-call notes", "AI summary": a short heading that begins or ends
    # with a section word, without sentence punctuation.
    words = title.replace("-", " ").split()
    return (
        not colon
        and len(words) <= _MAX_SHORT_HEADING_WORDS
        and (words[0] in _SECTION_WORDS or words[-1] in _SECTION_WORDS)
        and not line.rstrip("*_ ").endswith((".", "?", "!", ","))
    )


def _accepted_speakers(
    openings: dict[int, Opening],
    strong_lines: frozenset[int] = frozenset(),
    line_per_turn: bool = False,
) -> tuple[set[str], list[IngestWarning]]:
    """Labels that name a speaker: used at least twice, or backed by other labels.

    A label seen once is accepted when it is a diarization label; when its line has the
    layout of the file's turns (a timestamp in the same style, where at least 80 % of the
    repeated labels' lines have one; a Markdown bold label, ``strong_lines``; or any label
    in a file where every line opens a turn, ``line_per_turn``); or when the file has at
    least two distinct labels but fewer than two that repeat (a short exchange such as
    "Ana: …" / "Tom: …"). Otherwise it is most likely a heading inside someone's turn
    ("Overall: …") or a lone "Word: text" line, and stays text, with a warning.
    """
    named = [(number, o, o.name) for number, o in openings.items() if o.name is not None]
    counts = Counter(name for _, _, name in named)
    repeated = {name for name, count in counts.items() if count > 1}
    repeated_openings = [o for _, o, name in named if name in repeated]
    timed_layout = bool(repeated_openings) and sum(
        o.start is not None for o in repeated_openings
    ) >= 0.8 * len(repeated_openings)
    turn_styles = {o.style for o in repeated_openings}
    accepted = set(repeated)
    warnings = []
    for number, found, name in named:
        if name in repeated:
            continue
        if (
            is_diarization_label(name)
            or number in strong_lines
            or (timed_layout and found.start is not None and found.style in turn_styles)
            or (line_per_turn and bool(repeated) and not timed_layout)
            or (len(repeated) < 2 and len(counts) > 1)
        ):
            accepted.add(name)
        else:
            warnings.append(
                IngestWarning(
                    f"{name!r} looks like a speaker label but appears only once and is not "
                    "backed by other labels; kept as text",
                    number,
                )
            )
    return accepted, warnings


def _has_paragraphs(lines: list[str]) -> bool:
    """True if a blank line separates two text lines (leading/trailing blanks don't count)."""
    seen_text = False
    blank_after_text = False
    for line in lines:
        if line and blank_after_text:
            return True
        if line:
            seen_text = True
        elif seen_text:
            blank_after_text = True
    return False


class _SegmentBuilder:
    """Collects lines into segments; the previous segment ends where a timed turn starts."""

    def __init__(self, *, line_per_segment: bool) -> None:
        self.line_per_segment = line_per_segment
        self.speaker: str | None = None
        self._done: list[RawSegment] = []
        self._parts: list[str] = []
        self._start: float | None = None
        self._end: float | None = None
        self._line: int | None = None
        self.estimated_end_line: int | None = None

    def open(self, number: int, speaker: str | None, found: Opening) -> None:
        self._close()
        if found.start is not None:
            self._end_previous(found.start)
        self.speaker, self._start, self._end, self._line = speaker, found.start, found.end, number
        self._parts = [found.text] if found.text else []

    def add(self, number: int, line: str) -> None:
        if self.line_per_segment:
            self._close()
        if self._line is None:
            self._line = number
        self._parts.append(line)

    def paragraph_break(self) -> None:
        # A header line ("Ana  0:01") followed by a blank line still owns the text below it.
        if self._parts:
            self._close()

    def finish(self) -> list[RawSegment]:
        self._close()
        self._estimate_last_end()
        return self._done

    def _estimate_last_end(self) -> None:
        # Only starts are written in these formats; without an end for the last turn the call
        # would count as untimed and every time-based metric would be lost.
        if not self._done:
            return
        last = self._done[-1]
        if last.start is not None and last.end is None:
            seconds = max(1.0, len(last.text.split()) * SECONDS_PER_WORD)
            self._done[-1] = replace(last, end=last.start + seconds)
            self.estimated_end_line = last.line

    def _close(self) -> None:
        if self._parts:
            text = " ".join(self._parts)
            self._done.append(RawSegment(text, self.speaker, self._start, self._end, self._line))
        self._parts, self._start, self._end, self._line = [], None, None, None

    def _end_previous(self, start: float) -> None:
        if not self._done:
            return
        last = self._done[-1]
        if last.end is None and (last.start is None or last.start <= start):
            self._done[-1] = replace(last, end=start)
