"""Raw segments → utterances: consecutive segments of one speaker become one turn."""

from __future__ import annotations

from collections.abc import Sequence

from callcoach.ingest.base import RawSegment
from callcoach.model import IngestWarning, Segment, Speaker, Utterance

# Two same-speaker segments further apart than this are separate turns (a long silence
# is a turn boundary even without a speaker change).
MAX_MERGE_GAP_S = 5.0


def merge_turns(
    segments: Sequence[RawSegment], max_gap: float = MAX_MERGE_GAP_S
) -> tuple[tuple[Utterance, ...], tuple[IngestWarning, ...]]:
    groups: list[list[RawSegment]] = []
    warnings: list[IngestWarning] = []
    previous: RawSegment | None = None
    for seg in segments:
        text = " ".join(seg.text.split())
        if not text:
            continue
        seg = RawSegment(text, seg.speaker, seg.start, seg.end, seg.line)
        warnings.extend(_timing_warnings(seg, previous))
        if groups and _same_turn(groups[-1][-1], seg, max_gap):
            groups[-1].append(seg)
        else:
            groups.append([seg])
        previous = seg
    utterances = tuple(_utterance(i, group) for i, group in enumerate(groups))
    return utterances, tuple(warnings)


def speakers_of(utterances: Sequence[Utterance]) -> tuple[Speaker, ...]:
    seen: dict[str, Speaker] = {}
    for u in utterances:
        if u.speaker is not None and u.speaker not in seen:
            seen[u.speaker] = Speaker(u.speaker)
    return tuple(seen.values())


def _same_turn(last: RawSegment, seg: RawSegment, max_gap: float) -> bool:
    if last.speaker != seg.speaker:
        return False
    return not (last.end is not None and seg.start is not None and seg.start - last.end > max_gap)


def _timing_warnings(seg: RawSegment, previous: RawSegment | None) -> list[IngestWarning]:
    out: list[IngestWarning] = []
    if seg.start is not None and seg.end is not None and seg.end < seg.start:
        out.append(
            IngestWarning(
                f"segment ends ({seg.end:.3f}s) before it starts ({seg.start:.3f}s); kept as is",
                seg.line,
            )
        )
    if (
        previous is not None
        and previous.start is not None
        and seg.start is not None
        and seg.start < previous.start
    ):
        out.append(
            IngestWarning(
                f"segment starts ({seg.start:.3f}s) before the previous one "
                f"({previous.start:.3f}s); kept in file order",
                seg.line,
            )
        )
    return out


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
