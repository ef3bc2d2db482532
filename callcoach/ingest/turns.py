"""Raw segments → utterances: consecutive segments of one speaker become one turn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from callcoach.ingest._text_labels import normalize_label
from callcoach.ingest.base import RawSegment
from callcoach.model import IngestWarning, Segment, Speaker, Utterance

# Two same-speaker segments further apart than this are separate turns (a long silence
# is a turn boundary even without a speaker change).
MAX_MERGE_GAP_S = 5.0
# Typical conversational pace (150 words per minute), used to estimate a missing last end.
SECONDS_PER_WORD = 0.4


def complete_times(
    segments: Sequence[RawSegment],
) -> tuple[tuple[RawSegment, ...], tuple[IngestWarning, ...]]:
    """Keep every time a file gives; fill what can be inferred; say what is missing.

    A segment with a start but no end ends where the next timed segment starts (or, for the
    last one, after its words at 150 per minute). Segments still without times stay
    untimed (``None``): the timed part of the call keeps its times, and one warning names
    how many segments have none and the first one's line, so time-based figures can say
    they cover part of the call.
    """
    out = list(segments)
    filled: list[int] = []
    next_start: float | None = None
    for index in range(len(out) - 1, -1, -1):
        seg = out[index]
        if seg.start is not None and seg.end is None and seg.text.strip():
            if next_start is not None and next_start >= seg.start:
                end = next_start
            else:
                end = seg.start + max(1.0, len(seg.text.split()) * SECONDS_PER_WORD)
            out[index] = replace(seg, end=end)
            filled.append(index)
        if seg.start is not None:
            next_start = seg.start
    spoken = [i for i, seg in enumerate(out) if seg.text.strip()]
    untimed = [i for i in spoken if out[i].start is None or out[i].end is None]
    warnings = []
    if filled:
        first = min(filled)
        warnings.append(
            IngestWarning(
                f"{len(filled)} segment(s) have a start but no end ({_where(out, first)}); "
                "each ends where the next one starts, the last after its words at 150 per "
                "minute",
                out[first].line,
            )
        )
    if untimed and len(untimed) < len(spoken):
        first = untimed[0]
        warnings.append(
            IngestWarning(
                f"{len(untimed)} of {len(spoken)} segment(s) have no times "
                f"(first: {_where(out, first)}); times are kept where the file gives them, and "
                "time-based figures cover the timed part only",
                out[first].line,
            )
        )
    return tuple(out), tuple(warnings)


def _where(segments: Sequence[RawSegment], index: int) -> str:
    line = segments[index].line
    return f"line {line}" if line is not None else f"segment {index + 1}"


def merge_turns(
    segments: Sequence[RawSegment], max_gap: float = MAX_MERGE_GAP_S
) -> tuple[tuple[Utterance, ...], tuple[IngestWarning, ...]]:
    """Merge consecutive same-speaker segments into utterances, keeping each segment.

    Segments with no text are dropped; whitespace inside text is collapsed. Segments stay in
    file order. One warning per kind of timing problem (reversed times, a start earlier than
    the previous segment's) names how many there were and the first line.

    >>> utterances, _ = merge_turns([RawSegment("Hi.", "A", 0, 1), RawSegment("Bye.", "A", 1, 2)])
    >>> utterances[0].text
    'Hi. Bye.'
    """
    groups: list[list[RawSegment]] = []
    reversed_at: list[int | None] = []
    out_of_order_at: list[int | None] = []
    previous: RawSegment | None = None
    for raw in segments:
        text = " ".join(raw.text.split())
        if not text:
            continue
        speaker = normalize_label(raw.speaker) if raw.speaker else None
        speaker = speaker or None
        seg = RawSegment(text, speaker, raw.start, raw.end, raw.line)
        if seg.start is not None and seg.end is not None and seg.end < seg.start:
            reversed_at.append(seg.line)
        if previous is not None and _starts_earlier(seg, previous):
            out_of_order_at.append(seg.line)
        if groups and _same_turn(groups[-1][-1], seg, max_gap):
            groups[-1].append(seg)
        else:
            groups.append([seg])
        previous = seg
    utterances = tuple(_utterance(i, group) for i, group in enumerate(groups))
    warnings = [
        _summary(reversed_at, "segment(s) end before they start; kept as is"),
        _summary(out_of_order_at, "segment(s) start before the previous one; kept in file order"),
    ]
    return utterances, tuple(w for w in warnings if w is not None)


_SENTENCE_END = (".", "?", "!", "…")


def speakers_of(
    utterances: Sequence[Utterance], emails: Mapping[str, str] | None = None
) -> tuple[Speaker, ...]:
    """The distinct speakers in order of first appearance, with emails where known."""
    emails = emails or {}
    seen: dict[str, Speaker] = {}
    for u in utterances:
        if u.speaker is not None and u.speaker not in seen:
            seen[u.speaker] = Speaker(u.speaker, emails.get(u.speaker))
    return tuple(seen.values())


def _starts_earlier(seg: RawSegment, previous: RawSegment) -> bool:
    return previous.start is not None and seg.start is not None and seg.start < previous.start


def _same_turn(last: RawSegment, seg: RawSegment, max_gap: float) -> bool:
    if last.speaker != seg.speaker:
        return False
    # Without speaker labels a turn boundary is unknowable; join only a sentence that runs on
    # into the next segment (rolling captions), so a Whisper call is not one giant utterance.
    if last.speaker is None and last.text.rstrip().endswith(_SENTENCE_END):
        return False
    return not (last.end is not None and seg.start is not None and seg.start - last.end > max_gap)


def _summary(lines: list[int | None], what: str) -> IngestWarning | None:
    # One warning per kind: a file with every cue reversed must not bury the report.
    if not lines:
        return None
    return IngestWarning(f"{len(lines)} {what}", lines[0])


def _utterance(index: int, group: list[RawSegment]) -> Utterance:
    starts = [s.start for s in group if s.start is not None]
    ends = [s.end for s in group if s.end is not None]
    return Utterance(
        id=f"u{index:04d}",
        index=index,
        speaker=group[0].speaker,
        text=" ".join(s.text for s in group),
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        segments=tuple(Segment(s.text, s.start, s.end, s.line) for s in group),
    )
