"""WebVTT (Zoom, Microsoft Teams, YouTube auto-captions) → raw segments, in one pass.

Our own parser rather than webvtt-py: that library rejects files with no ``WEBVTT`` line,
drops the speaker from ``<v>`` spans it cannot close, keeps rolling-caption repeats and
raises on the first odd cue instead of naming the line. docs/formats.md lists every variant
and what we decided for it.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from callcoach.errors import IngestError
from callcoach.ingest.base import (
    CuePart,
    ParsedTranscript,
    RawSegment,
    is_timing_line,
    looks_like_timing,
    parse_timing,
    prefix_parts,
    recurring_labels,
    timed_segments,
)
from callcoach.model import IngestWarning

_HEADER = re.compile(r"^WEBVTT(?:[ \t]+(.*))?$")
_HEADER_FIELD = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$")
_NON_CUE_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>|</v[ \t]*>")
# Only WebVTT's own tags and inline timestamps: a bare "<" in sloppy text is kept.
_TAGS = re.compile(r"</?(?:c|i|b|u|v|lang|ruby|rt)(?:[.\s][^>]*)?>|<(?:\d+:)?\d{1,2}:\d{2}\.\d{3}>")
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
            offset += reader.block(first + offset, block[offset:])
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
    if "<" not in raw and "&" not in raw:
        return " ".join(raw.split())
    # Tags first, entities second: "&lt;b&gt;" must survive as the literal text "<b>".
    return " ".join(html.unescape(_TAGS.sub("", raw)).split())


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
        self.stray: list[int] = []
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
                self.metadata[field.group(1).lower()] = field.group(2).strip()
            index += 1
        return index

    def block(self, first: int, block: list[str]) -> int:
        """Read one block starting at line index ``first``; return how many lines it used."""
        head = block[0]
        if head[:1] in "NSR" and _NON_CUE_BLOCK.match(head):
            return len(block)
        if "-->" in head:
            timing = 0
        elif len(block) > 1 and "-->" in block[1]:
            timing = 1
        else:
            for i in range(min(2, len(block))):
                if looks_like_timing(block[i]):
                    parse_timing(block[i], source=self.source, line_number=first + i + 1)
            self.stray.append(first + 1)
            return len(block)
        start, end = parse_timing(block[timing], source=self.source, line_number=first + timing + 1)
        # A well-formed timing line inside a payload starts the next cue (the spec's rule,
        # and what files missing a blank line between cues need).
        stop = len(block)
        for i in range(timing + 1, len(block)):
            if is_timing_line(block[i]):
                stop = i
                break
        payload = [(first + i + 1, block[i]) for i in range(timing + 1, stop)]
        self.cue(start, end, payload, first + timing + 1)
        return stop

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
        if self.stray:
            warnings.append(
                IngestWarning(
                    f"{len(self.stray)} block(s) without a timing line ignored", self.stray[0]
                )
            )
        return ParsedTranscript(tuple(self.segments), tuple(warnings), dict(self.metadata))


def _voice_parts(payload: list[tuple[int, str]]) -> list[CuePart]:
    """Split a cue at ``<v Name>`` spans; a span may lack its ``</v>`` (Teams often does)."""
    spans: list[tuple[str | None, list[int], list[str]]] = [(None, [], [])]
    for number, raw in payload:
        position = 0
        for match in _VOICE.finditer(raw):
            _add_text(spans[-1], number, raw[position : match.start()])
            speaker = None if match.group(0).startswith("</") else _voice_name(match.group(1))
            spans.append((speaker, [], []))
            position = match.end()
        _add_text(spans[-1], number, raw[position:])
    return [CuePart(speaker, " ".join(texts), lines[0]) for speaker, lines, texts in spans if texts]


def _add_text(span: tuple[str | None, list[int], list[str]], number: int, raw: str) -> None:
    text = _clean(raw)
    if text:
        span[1].append(number)
        span[2].append(text)


def _voice_name(annotation: str | None) -> str | None:
    name = " ".join(html.unescape(annotation or "").split())
    return name or None
