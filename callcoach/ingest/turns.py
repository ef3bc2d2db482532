"""Raw segments → utterances: consecutive segments of one speaker become one turn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from callcoach.ingest.base import RawSegment
from callcoach.model import IngestWarning, Segment, Speaker, Utterance

# Two same-speaker segments further apart than this are separate turns (a long silence
# is a turn boundary even without a speaker change).
MAX_MERGE_GAP_S = 5.0


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
        speaker = " ".join((raw.speaker or "").split()) or None
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
