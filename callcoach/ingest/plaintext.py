"""Plain-text transcripts: ``Name: text``, timestamped variants, Otter-style headers, or none.

Every line is tried against the turn-opening styles (``_text_labels.opening``); a label only
counts as a speaker if the whole file supports it (``_accepted_speakers``). Any other
non-blank line continues the current turn, so hard-wrapped text stays with its speaker.
The rules are written out in ``docs/formats.md``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from callcoach.errors import IngestError
from callcoach.ingest._text_labels import Opening, is_diarization_label, opening
from callcoach.ingest.base import ParsedTranscript, RawSegment
from callcoach.model import IngestWarning

__all__ = ["parse"]

# Typical conversational pace (150 words per minute), used to estimate a missing end time.
SECONDS_PER_WORD = 0.4


def parse(text: str, *, source: str) -> ParsedTranscript:
    """Parse a plain-text transcript into raw segments, one per turn or paragraph.

    >>> parsed = parse("[00:00:03] Ana Ruiz: Hi Tom.\\n[00:00:05] Tom: Hi.", source="x")
    >>> [(s.speaker, s.start, s.end) for s in parsed.segments]
    [('Ana Ruiz', 3.0, 5.0), ('Tom', 5.0, None)]

    Raises ``IngestError`` only when there is no text at all.
    """
    lines = [line.strip() for line in text.split("\n")]
    openings = {n: o for n, line in enumerate(lines, 1) if line and (o := opening(line))}
    speakers, warnings = _accepted_speakers(openings)
    builder = _SegmentBuilder(line_per_segment=not speakers and not _has_paragraphs(lines))
    for number, line in enumerate(lines, 1):
        found = openings.get(number)
        if not line:
            builder.paragraph_break()
        elif found is not None and found.name is None:
            builder.open(number, builder.speaker, found.start, found.text)
        elif found is not None and found.name in speakers:
            builder.open(number, found.name, found.start, found.text)
        else:
            builder.add(number, line)
    segments = builder.finish()
    if not segments:
        raise IngestError(source, "no text found")
    if builder.estimated_end_line is not None:
        warnings.append(
            IngestWarning(
                "the last turn has a start time but no end; its end is estimated at "
                f"{60 / SECONDS_PER_WORD:.0f} words per minute",
                builder.estimated_end_line,
            )
        )
    return ParsedTranscript(tuple(segments), tuple(warnings), {})


def _accepted_speakers(openings: dict[int, Opening]) -> tuple[set[str], list[IngestWarning]]:
    """Labels that name a speaker: used at least twice, or backed by other labels.

    A label seen once is accepted when it is a diarization label, or when the file has at
    least two distinct labels but fewer than two that repeat (a short exchange such as
    "Ana: …" / "Tom: …"). Otherwise it is most likely a heading inside someone's turn
    ("Overall: …") or a lone "Word: text" line, and stays text, with a warning.
    """
    named = [(number, o.name) for number, o in openings.items() if o.name is not None]
    counts = Counter(name for _, name in named)
    repeated = {name for name, count in counts.items() if count > 1}
    accepted = set(repeated)
    warnings = []
    for number, name in named:
        if name in repeated:
            continue
        if is_diarization_label(name) or (len(repeated) < 2 and len(counts) > 1):
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
        self._line: int | None = None
        self.estimated_end_line: int | None = None

    def open(self, number: int, speaker: str | None, start: float | None, text: str) -> None:
        self._close()
        if start is not None:
            self._end_previous(start)
        self.speaker, self._start, self._line = speaker, start, number
        self._parts = [text] if text else []

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
            self._done.append(RawSegment(text, self.speaker, self._start, None, self._line))
        self._parts, self._start, self._line = [], None, None

    def _end_previous(self, start: float) -> None:
        if not self._done:
            return
        last = self._done[-1]
        if last.end is None and (last.start is None or last.start <= start):
            self._done[-1] = replace(last, end=start)
