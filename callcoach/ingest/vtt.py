"""WebVTT (Zoom, Microsoft Teams, YouTube auto-captions) → raw segments, in one pass.

Our own parser rather than webvtt-py: that library rejects files with no ``WEBVTT`` line,
drops the speaker from ``<v>`` spans it cannot close, keeps rolling-caption repeats and
raises on the first odd cue instead of naming the line. docs/formats.md lists every variant
and what we decided for it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from callcoach.errors import IngestError
from callcoach.ingest.base import (
    CuePart,
    ParsedTranscript,
    RawSegment,
    TimingRangeError,
    is_timing_line,
    line_list,
    looks_like_timing,
    parse_timing,
    prefix_parts,
    recurring_labels,
    timed_segments,
)
from callcoach.ingest.cue_markup import Voice, plain_text, tokens
from callcoach.model import IngestWarning

_HEADER = re.compile(r"^WEBVTT(?:[ \t]+(.*))?$")
_HEADER_FIELD = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$")
_NON_CUE_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
# Header values (``Participants: …``) longer than this are cut, with a warning.
MAX_HEADER_VALUE_CHARS = 2000
# A cue starting this soon after the previous one ends may be a rolling-caption repeat.
ROLLING_TOLERANCE_S = 0.5


def parse(text: str, *, source: str) -> ParsedTranscript:
    """Parse WebVTT text; ``IngestError`` names the line of a malformed timing line."""
    lines = text.lstrip("\ufeff").split("\n")
    reader = _Reader(source, recurring_labels(lines))
    body = reader.header(lines)
    for first, block in _blocks(lines, body):
        offset = 0
        while offset < len(block):
            # A block may hold several cues when blank lines are missing between them; the
            # block is walked by offset, never sliced, so such a file stays linear.
            offset = reader.block(first, block, offset)
    return reader.result()


def _blocks(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks as (0-based index of the first line, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if not current:
                blocks.append((index, current))
            current.append(line)
        elif current:
            current = []
    return blocks


def _clean(raw: str) -> str:
    # Tags first, entities second (per text run): "&lt;b&gt;" survives as the text "<b>".
    return plain_text(raw, "vtt")


class _Reader:
    """Accumulates segments and warnings while ``parse`` walks the blocks once."""

    def __init__(self, source: str, known_labels: frozenset[str]) -> None:
        self.source = source
        self.known_labels = known_labels
        self.segments: list[RawSegment] = []
        self.warnings: list[IngestWarning] = []
        self.metadata: dict[str, str] = {}
        self.has_header = False
        self.cues = 0
        self.reversed: list[int] = []
        self.out_of_range: list[int] = []
        # Blocks without a timing line: (segments before it, cues before it, its lines).
        self.strays: list[tuple[int, int, list[tuple[int, str]]]] = []
        # End time and cleaned lines of the previous cue, for rolling-caption repeats.
        self.previous: tuple[float, list[str]] | None = None

    def header(self, lines: list[str]) -> int:
        """Read the WEBVTT line and its header fields; return the index where cues begin."""
        first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
        match = _HEADER.match(lines[first].rstrip()) if first < len(lines) else None
        if match is None:
            self.warnings.append(IngestWarning("no 'WEBVTT' header line; read as WebVTT", 1))
            return first
        self.has_header = True
        if match.group(1):
            self.metadata["header"] = match.group(1).strip().lstrip("-").strip()
        index = first + 1
        while index < len(lines) and lines[index].strip() and "-->" not in lines[index]:
            field = _HEADER_FIELD.match(lines[index].strip())
            if field is not None:
                value = field.group(2).strip()
                if len(value) > MAX_HEADER_VALUE_CHARS:
                    self.warnings.append(
                        IngestWarning(
                            f"header field {field.group(1)!r} is longer than "
                            f"{MAX_HEADER_VALUE_CHARS:,} characters; cut there",
                            index + 1,
                        )
                    )
                    value = value[:MAX_HEADER_VALUE_CHARS]
                self.metadata[field.group(1).lower()] = value
            index += 1
        return index

    def block(self, first: int, block: list[str], offset: int) -> int:
        """Read the cue at ``block[offset]`` (``first`` is the block's line index); return
        the offset where the next cue of the block starts."""
        head = block[offset]
        line = first + offset + 1  # 1-based line number of ``head``
        if head[:1] in "NSR" and _NON_CUE_BLOCK.match(head):
            return len(block)
        if "-->" in head:
            timing = offset
        elif offset + 1 < len(block) and "-->" in block[offset + 1]:
            timing = offset + 1
        else:
            for i in range(offset, min(offset + 2, len(block))):
                if looks_like_timing(block[i]):
                    self._timing(block[i], first + i + 1)
            self.stray_block(first, block, offset)
            return len(block)
        stop = len(block)
        for i in range(timing + 1, len(block)):
            if is_timing_line(block[i]):
                stop = i
                break
        times = self._timing(block[timing], first + timing + 1)
        if times is None:
            return stop
        # A well-formed timing line inside a payload starts the next cue (the spec's rule,
        # and what files missing a blank line between cues need).
        payload = [(first + i + 1, block[i]) for i in range(timing + 1, stop)]
        self.cue(times[0], times[1], payload, line if timing == offset else line + 1)
        return stop

    def _timing(self, text: str, line: int) -> tuple[float, float] | None:
        """The cue's times; None (cue skipped, line noted) when minutes/seconds are ≥ 60."""
        try:
            return parse_timing(text, source=self.source, line_number=line)
        except TimingRangeError:
            self.out_of_range.append(line)
            return None

    def stray_block(self, first: int, block: list[str], offset: int) -> None:
        """Text with no timing line: kept (see ``_settle_strays``), never dropped silently."""
        lines = [(first + i + 1, block[i]) for i in range(offset, len(block))]
        if len(lines) > 1 and lines[0][1].strip().isdigit():
            lines = lines[1:]  # a cue number whose timing line is missing
        self.strays.append((len(self.segments), self.cues, lines))

    def cue(self, start: float, end: float, payload: list[tuple[int, str]], line: int) -> None:
        self.cues += 1
        if end < start:
            self.reversed.append(line)
            return
        if any("<v" in raw for _, raw in payload):
            self.previous = None
            self.segments.extend(timed_segments(_voice_parts(payload), start, end))
            return
        cleaned = [(number, _clean(raw)) for number, raw in payload]
        repeated = self._repeated_lines(start, [text for _, text in cleaned])
        self.previous = (end, [text for _, text in cleaned])
        if repeated and repeated == len(cleaned) and self.segments:
            last = self.segments[-1]
            self.segments[-1] = replace(last, end=max(end, last.end or end))
            return
        parts = prefix_parts(cleaned[repeated:], self.known_labels)
        self.segments.extend(timed_segments(parts, start, end))

    def _repeated_lines(self, start: float, lines: list[str]) -> int:
        """How many leading lines repeat the previous cue's trailing lines (rolling captions)."""
        if self.previous is None or not lines:
            return 0
        previous_end, previous = self.previous
        if start > previous_end + ROLLING_TOLERANCE_S or lines[0] not in previous:
            return 0
        for k in range(min(len(previous), len(lines)), 0, -1):
            if previous[-k:] == lines[:k] and any(lines[:k]):
                return k
        return 0

    def result(self) -> ParsedTranscript:
        if not self.has_header and self.cues == 0:
            raise IngestError(self.source, "not WebVTT: no 'WEBVTT' header and no cue timings", 1)
        warnings = list(self.warnings)
        if self.reversed:
            warnings.append(
                IngestWarning(
                    f"{len(self.reversed)} cue(s) end before they start; skipped",
                    self.reversed[0],
                )
            )
        if self.out_of_range:
            warnings.append(
                IngestWarning(
                    f"{len(self.out_of_range)} cue(s) with minutes or seconds of 60 or more "
                    f"skipped ({line_list(self.out_of_range)})",
                    self.out_of_range[0],
                )
            )
        segments = self._settle_strays(warnings)
        return ParsedTranscript(tuple(segments), tuple(warnings), dict(self.metadata))

    def _settle_strays(self, warnings: list[IngestWarning]) -> list[RawSegment]:
        """Put the text of blocks without a timing line where it belongs, with warnings.

        Between cues: joined to the cue above when it names no other speaker (a blank line
        inside a cue ends it early in WebVTT, and exporters write such blank lines), else
        its own segment without times. Before the first cue: its own untimed segment.
        After the last cue: notes, not captions; left out.
        """
        if not self.strays:
            return self.segments
        out: list[RawSegment] = []
        joined: list[int] = []
        untimed: list[int] = []
        trailing: list[int] = []
        done = 0
        for before, cues_before, lines in self.strays:
            out.extend(self.segments[done:before])
            done = before
            if cues_before == self.cues > 0:
                trailing.append(lines[0][0])
                continue
            for part in self._stray_parts(lines):
                if out and before > 0 and part.speaker in (None, out[-1].speaker):
                    last = out[-1]
                    out[-1] = replace(last, text=f"{last.text} {part.text}")
                    joined.append(part.line)
                else:
                    out.append(RawSegment(part.text, part.speaker, None, None, part.line))
                    untimed.append(part.line)
        out.extend(self.segments[done:])
        for lines_of, what in (
            (joined, "joined to the cue above"),
            (untimed, "kept as text without times"),
            (trailing, "after the last cue left out (notes, not captions)"),
        ):
            if lines_of:
                warnings.append(
                    IngestWarning(
                        f"{len(lines_of)} block(s) without a timing line {what} "
                        f"({line_list(lines_of)})",
                        lines_of[0],
                    )
                )
        return out

    def _stray_parts(self, lines: list[tuple[int, str]]) -> list[CuePart]:
        if any("<v" in raw for _, raw in lines):
            return _voice_parts(lines)
        return prefix_parts([(n, _clean(raw)) for n, raw in lines], self.known_labels)


def _voice_parts(payload: list[tuple[int, str]]) -> list[CuePart]:
    """Split a cue at ``<v Name>`` spans; a span may lack its ``</v>`` (Teams often does)."""
    spans: list[tuple[str | None, list[int], list[str]]] = [(None, [], [])]
    for number, raw in payload:
        for token in tokens(raw, "vtt"):
            if isinstance(token, Voice):
                spans.append((None if token.end else token.name, [], []))
            else:
                _add_text(spans[-1], number, token)
    return [CuePart(speaker, " ".join(texts), lines[0]) for speaker, lines, texts in spans if texts]


def _add_text(span: tuple[str | None, list[int], list[str]], number: int, text: str) -> None:
    text = " ".join(text.split())
    if text:
        span[1].append(number)
        span[2].append(text)
