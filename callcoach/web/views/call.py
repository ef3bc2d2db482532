"""The call page: header, timeline, scorecard with evidence, key moments, transcript, tips.

Built from the same ``AnalysisReport`` as ``callcoach analyze`` and with the same words and
charts as the HTML report (``callcoach.report``), so the page and the file never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from callcoach.report import html, words
from callcoach.report.html import TranscriptLine
from callcoach.report.schema import AnalysisReport, CriterionOut, ScorecardOut

__all__ = ["CallHeader", "CallPage", "Comment", "Moment", "Tip", "call_page"]

COMMENT_LIMIT = 2000  # characters in one comment


@dataclass(frozen=True, slots=True)
class Comment:
    """A manager's note on one line of a call (a key moment is anchored at its line)."""

    id: str
    utterance_id: str
    author: str
    created: datetime | None
    text: str

    @property
    def when(self) -> str:
        return self.created.strftime("%Y-%m-%d %H:%M") if self.created else ""


@dataclass(frozen=True, slots=True)
class Moment:
    kind: str
    title: str
    utterance_id: str
    timestamp: str | None
    speaker: str | None
    quote: str
    comments: tuple[Comment, ...]


@dataclass(frozen=True, slots=True)
class Tip:
    criterion_id: str
    title: str
    score: str
    text: str
    focus: bool


@dataclass(frozen=True, slots=True)
class CallHeader:
    call_id: str
    title: str
    source: str
    format: str
    reps: tuple[str, ...]
    prospects: tuple[str, ...]
    date: str
    duration: str
    overall: float | None
    overall_text: str
    rubric: str | None
    call_type: str | None


@dataclass(frozen=True, slots=True)
class CallPage:
    header: CallHeader
    report: AnalysisReport
    card: ScorecardOut | None
    titles: Mapping[str, str]
    focus: CriterionOut | None
    why_not_scored: str
    moments: tuple[Moment, ...]
    tips: tuple[Tip, ...]
    transcript: tuple[TranscriptLine, ...]
    charts: Mapping[str, Any]
    comments: Mapping[str, tuple[Comment, ...]]  # per utterance id, oldest first
    can_comment: bool
    warnings: tuple[str, ...] = field(default=())

    @property
    def comment_count(self) -> int:
        return sum(len(c) for c in self.comments.values())


def call_page(
    report: AnalysisReport, comments: Sequence[Comment] = (), can_comment: bool = False
) -> CallPage:
    """What the call page shows of ``report``; ``comments`` on lines that are not in the
    transcript (a stale anchor) are kept under the first line rather than dropped."""
    card = report.scorecard
    by_line = _comments_by_line(report, comments)
    focus = next((c for c in card.criteria if c.id == card.focus), None) if card else None
    return CallPage(
        header=_header(report),
        report=report,
        card=card,
        titles=MappingProxyType({c.id: c.title for c in card.criteria} if card else {}),
        focus=focus,
        why_not_scored=report.roles.unavailable_reason or (card.overall_derivation if card else ""),
        moments=_moments(card, by_line),
        tips=_tips(card),
        transcript=tuple(html.transcript_lines(report)),
        charts=MappingProxyType(html.call_charts(report)),
        comments=MappingProxyType(by_line),
        can_comment=can_comment,
        warnings=tuple(report.call.warnings),
    )


def _header(report: AnalysisReport) -> CallHeader:
    call, card = report.call, report.scorecard
    overall = card.overall if card else None
    if card is None:
        overall_text = "not scored (no rubric applied)"
    elif overall is None:
        overall_text = "not scored"
    else:
        overall_text = f"{overall:.1f} of 5"
    return CallHeader(
        call_id=call.id,
        title=call.title or call.source.rsplit("/", 1)[-1],
        source=call.source,
        format=call.format,
        reps=tuple(s.name for s in report.speakers if s.role == "rep"),
        prospects=tuple(s.name for s in report.speakers if s.role == "prospect"),
        date=call.date.isoformat() if call.date else "date unknown",
        duration=(
            words.seconds(call.duration_seconds)
            if call.duration_seconds is not None
            else "no timestamps"
        ),
        overall=overall,
        overall_text=overall_text,
        rubric=f"{card.rubric_id} v{card.rubric_version}" if card else None,
        call_type=card.call_type if card else None,
    )


def _comments_by_line(
    report: AnalysisReport, comments: Sequence[Comment]
) -> dict[str, tuple[Comment, ...]]:
    lines = [u.id for u in report.transcript]
    known = set(lines)
    grouped: dict[str, list[Comment]] = {}
    for comment in comments:
        anchor = comment.utterance_id if comment.utterance_id in known else None
        if anchor is None and lines:
            anchor = lines[0]
        if anchor is not None:
            grouped.setdefault(anchor, []).append(comment)
    return {
        line: tuple(sorted(items, key=lambda c: (c.created or datetime.min, c.id)))
        for line, items in grouped.items()
    }


def _moments(
    card: ScorecardOut | None, comments: Mapping[str, tuple[Comment, ...]]
) -> tuple[Moment, ...]:
    if card is None:
        return ()
    return tuple(
        Moment(
            kind=m.kind,
            title=m.title,
            utterance_id=m.evidence.utterance_id,
            timestamp=m.evidence.timestamp,
            speaker=m.evidence.speaker,
            quote=m.evidence.quote,
            comments=comments.get(m.evidence.utterance_id, ()),
        )
        for m in card.key_moments
    )


def _tips(card: ScorecardOut | None) -> tuple[Tip, ...]:
    """Each scored criterion's tip, the one thing to work on first, then lowest score first."""
    if card is None:
        return ()
    tips = [
        Tip(
            criterion_id=c.id,
            title=c.title,
            score=words.score(c),
            text=c.tip,
            focus=c.id == card.focus,
        )
        for c in card.criteria
        if c.tip
    ]
    scores = {c.id: c.score if c.score is not None else 6 for c in card.criteria}
    return tuple(sorted(tips, key=lambda t: (not t.focus, scores[t.criterion_id])))
