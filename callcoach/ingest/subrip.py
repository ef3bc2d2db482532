"""SubRip (.srt) → raw segments, in one pass.

Our own parser rather than the ``srt`` library: ``srt.parse`` requires an index on every cue,
reports corruption as a character offset instead of a line, and knows nothing of speaker
labels. Tolerant of what exporters really write (missing or zero-based indexes, no blank line
at the end or between cues, "." for ",", times without milliseconds, blank payloads); strict
about real corruption: a garbage timing line is an ``IngestError`` naming its line.
"""

from __future__ import annotations

from callcoach.errors import IngestError
from callcoach.ingest.base import (
    ParsedTranscript,
    RawSegment,
    TimingRangeError,
    is_timing_line,
    line_list,
    parse_timing,
    prefix_parts,
    recurring_labels,
    timed_segments,
)
from callcoach.ingest.cue_markup import tokens
from callcoach.model import IngestWarning


def parse(text: str, *, source: str) -> ParsedTranscript:
    """Parse SRT text; ``IngestError`` names the line of anything that is not a cue."""
    lines = text.lstrip("\ufeff").split("\n")
    known_labels = recurring_labels(lines)
    segments: list[RawSegment] = []
    reversed_lines: list[int] = []
    out_of_range: list[int] = []
    last_timing = max((i for i, line in enumerate(lines) if "-->" in line), default=-1)
    trailing: int | None = None
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        if index > last_timing and segments and not lines[index].strip().isdigit():
            # Text after the last cue ("Summary", notes) that is not a broken cue (a cue
            # number): not subtitles; left out, with a warning, instead of refusing the file.
            trailing = index + 1
            break
        index = _expect_timing(lines, index, source)
        timing_line = index + 1
        try:
            start, end = parse_timing(lines[index], source=source, line_number=timing_line)
        except TimingRangeError:
            start, end = 0.0, -1.0
            out_of_range.append(timing_line)
        index += 1
        payload: list[tuple[int, str]] = []
        while index < len(lines) and lines[index].strip() and not _next_cue_at(lines, index):
            payload.append((index + 1, _strip_formatting(lines[index])))
            index += 1
        if timing_line in out_of_range[-1:]:
            continue
        if end < start:
            reversed_lines.append(timing_line)
            continue
        segments.extend(timed_segments(prefix_parts(payload, known_labels), start, end))
    warnings: list[IngestWarning] = []
    if reversed_lines:
        warnings.append(
            IngestWarning(
                f"{len(reversed_lines)} cue(s) end before they start; skipped", reversed_lines[0]
            )
        )
    if trailing is not None:
        left_out = sum(1 for line in lines[trailing - 1 :] if line.strip())
        warnings.append(
            IngestWarning(
                f"{left_out} line(s) after the last cue are not subtitles (notes?); left out",
                trailing,
            )
        )
    if out_of_range:
        warnings.append(
            IngestWarning(
                f"{len(out_of_range)} cue(s) with minutes or seconds of 60 or more skipped "
                f"({line_list(out_of_range)})",
                out_of_range[0],
            )
        )
    return ParsedTranscript(tuple(segments), tuple(warnings))


def _strip_formatting(line: str) -> str:
    """Formatting that players render but that is not speech: <i>, <b>, <u>, <s>, <font …>,
    {\\an8}; the shared linear tokenizer (``cue_markup``), no entities (SRT has none)."""
    if "<" not in line and "{" not in line:
        return line
    return "".join(t for t in tokens(line, "srt") if isinstance(t, str))


def _expect_timing(lines: list[str], index: int, source: str) -> int:
    """Skip an optional cue number; return the index of the timing line or raise."""
    head = lines[index].strip()
    if head.isdigit():
        following = index + 1
        if following < len(lines) and lines[following].strip():
            return following
        raise IngestError(source, f"cue number {head} is not followed by a timing line", index + 1)
    if "-->" in head:
        return index
    raise IngestError(
        source,
        f"expected a cue number or a timing line, found {head[:60]!r}",
        index + 1,
    )


def _next_cue_at(lines: list[str], index: int) -> bool:
    """True if a new cue starts at ``index`` although no blank line ended the previous one."""
    if is_timing_line(lines[index]):
        return True
    following = index + 1
    return (
        lines[index].strip().isdigit()
        and following < len(lines)
        and is_timing_line(lines[following])
    )
