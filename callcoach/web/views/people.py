"""The rep page (scores over time, biggest gap, their calls) and the team page (reps side by
side next to the revenue they won).

Per-rep means, gaps and trends come from ``callcoach.scoring.team`` and the gap wording from
``callcoach.report.team``, as in ``callcoach report --team``; revenue comes from
``callcoach.insights.revenue``, as in ``callcoach insights``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Any

from markupsafe import Markup

from callcoach.insights.build import synthetic_notice
from callcoach.insights.report import money
from callcoach.insights.revenue import CallActivity, RepRow, rep_rows
from callcoach.model import Deal, DealLink
from callcoach.report import charts
from callcoach.report.schema import ScorecardOut
from callcoach.report.team import RepOut, gap_story, trend_note
from callcoach.schema.team import scored_call
from callcoach.scoring.team import (
    RepSummary,
    ScoredCall,
    is_diarization_label,
    summarize_team,
)
from callcoach.storage.repository import StoredCall
from callcoach.web.views.calls import CallRow, stored_rows
from callcoach.web.views.charts import Series, score_lines

__all__ = [
    "RepPage",
    "ScorePoint",
    "TeamPage",
    "TeamRow",
    "main_rubric",
    "rep_page",
    "same_rep",
    "team_page",
]


def same_rep(a: str, b: str) -> bool:
    """Rep names compare case- and space-insensitively, as everywhere in callcoach."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def main_rubric(cards: Mapping[str, Mapping[str, Any]], wanted: str | None = None) -> str | None:
    """``wanted`` if some card uses it, else the rubric that scored the most calls."""
    counts = Counter(str(card["rubric_id"]) for card in cards.values())
    if wanted and wanted in counts:
        return wanted
    return min(counts, key=lambda r: (-counts[r], r)) if counts else None


@dataclass(frozen=True, slots=True)
class ScorePoint:
    call_id: str
    date: date | None
    overall: float | None
    scores: Mapping[str, int | None]


@dataclass(frozen=True, slots=True)
class RepPage:
    name: str
    rubric: str | None
    rubrics: tuple[str, ...]  # rubrics that scored this rep's calls
    summary: RepOut | None
    titles: Mapping[str, str]
    gap: str
    trend: str | None
    history: tuple[ScorePoint, ...]  # oldest first
    chart: Markup | None
    calls: tuple[CallRow, ...]  # newest first
    unscored: int  # calls without a scorecard of ``rubric``


def rep_page(
    name: str,
    calls: Sequence[StoredCall],
    cards: Mapping[str, Mapping[str, Any]],
    scores: Mapping[str, tuple[str, float | None]],
    rubric: str | None = None,
) -> RepPage:
    """The page of rep ``name`` from their ``calls`` and those calls' scorecards ``cards``."""
    mine = [c for c in calls if any(same_rep(r, name) for r in c.reps)]
    # As the calls spell the name (the address may be in any case).
    name = next((r for c in mine for r in c.reps if same_rep(r, name)), name)
    used = main_rubric({c.id: cards[c.id] for c in mine if c.id in cards}, rubric)
    scored = [
        (call, ScorecardOut.model_validate(cards[call.id]))
        for call in mine
        if call.id in cards and cards[call.id]["rubric_id"] == used
    ]
    scored.sort(key=lambda pair: (pair[0].date is None, pair[0].date or date.min, pair[0].id))
    titles: dict[str, str] = {}
    for _, card in scored:
        for c in card.criteria:
            titles.setdefault(c.id, c.title)
    summary = _summary(name, scored)
    history = tuple(
        ScorePoint(
            call_id=call.id,
            date=call.date,
            overall=card.overall,
            scores={c.id: c.score for c in card.criteria},
        )
        for call, card in scored
    )
    rows = stored_rows(mine, scores)
    return RepPage(
        name=summary.rep if summary else name,
        rubric=used,
        rubrics=tuple(sorted({str(cards[c.id]["rubric_id"]) for c in mine if c.id in cards})),
        summary=summary,
        titles=titles,
        gap=gap_story(summary, titles) if summary else "No scored calls yet.",
        trend=trend_note(summary) if summary else None,
        history=history,
        chart=_history_chart(history, titles) if history else None,
        calls=tuple(rows),
        unscored=len(mine) - len(scored),
    )


def _summary(name: str, scored: Sequence[tuple[StoredCall, ScorecardOut]]) -> RepOut | None:
    calls = [_scored_call(call, card, (name,)) for call, card in scored]
    summary = summarize_team(calls)
    return _rep_out(summary.reps[0]) if summary.reps else None


def _scored_call(call: StoredCall, card: ScorecardOut, reps: tuple[str, ...]) -> ScoredCall:
    return scored_call(card, call.id, call.source, call.date, reps)


def _rep_out(rep: RepSummary) -> RepOut:
    return RepOut.model_validate(rep)


def _history_chart(history: Sequence[ScorePoint], titles: Mapping[str, str]) -> Markup:
    ticks = [p.date.isoformat() if p.date else f"call {i + 1}" for i, p in enumerate(history)]
    series = [
        Series(title, tuple(p.scores.get(cid) for p in history)) for cid, title in titles.items()
    ]
    return score_lines(ticks, series, "criterion scores over time")


@dataclass(frozen=True, slots=True)
class TeamRow:
    rep: str
    revenue_won: float | None  # None: no deals imported at all
    won_deals: int
    closed_deals: int
    win_rate: float | None
    overall: float | None
    criteria: Mapping[str, float | None]
    talk_ratio: float | None  # mean rep talk share, %
    questions: float | None  # mean rep questions per call
    stalls: int
    stalls_probed: int
    stalls_accepted: int
    calls: int
    meetings: int
    minutes_talked: float | None
    small_talk_minutes: float | None


@dataclass(frozen=True, slots=True)
class TeamPage:
    rubric: str | None
    rubrics: tuple[str, ...]
    titles: Mapping[str, str]
    rows: tuple[TeamRow, ...]  # most revenue won first
    chart: Markup | None
    has_deals: bool
    currency: str | None
    left_out: int  # calls whose rep is unknown or only a diarization label
    synthetic: str | None = None  # set when the deals say they are synthetic (demo data)

    def money(self, value: float | None) -> str:
        return money(value, self.currency)


def team_page(
    calls: Sequence[StoredCall],
    cards: Mapping[str, Mapping[str, Any]],
    features: Mapping[str, Mapping[str, float | None]],
    deals: Sequence[Deal] = (),
    links: Sequence[DealLink] = (),
    rubric: str | None = None,
) -> TeamPage:
    """Reps on ``calls`` side by side. ``features`` is ``Repository.call_features``;
    ``deals`` should be those of these reps only (a manager sees their team's revenue)."""
    used = main_rubric({c.id: cards[c.id] for c in calls if c.id in cards}, rubric)
    scored = [
        _scored_call(call, ScorecardOut.model_validate(cards[call.id]), call.reps)
        for call in calls
        if call.id in cards and cards[call.id]["rubric_id"] == used
    ]
    summary = summarize_team(scored)
    titles = dict(summary.criteria)
    by_name = {_key(r.rep): r for r in summary.reps}
    named = [c for c in calls if any(not is_diarization_label(r) for r in c.reps)]
    activity = [
        CallActivity(
            call_id=c.id,
            reps=tuple(r for r in c.reps if not is_diarization_label(r)),
            date=c.date,
            minutes=None if c.duration_seconds is None else c.duration_seconds / 60,
            small_talk_minutes=features.get(c.id, {}).get("small_talk_minutes"),
        )
        for c in named
    ]
    on_calls = {_key(r) for a in activity for r in a.reps}
    revenue = [r for r in rep_rows(deals, links, activity) if _key(r.rep) in on_calls]
    calls_of: dict[str, list[str]] = {}
    for a in activity:
        for r in a.reps:
            calls_of.setdefault(_key(r), []).append(a.call_id)
    rows = [
        _team_row(r, by_name.get(_key(r.rep)), calls_of.get(_key(r.rep), []), features, deals)
        for r in revenue
    ]
    rows.sort(key=lambda row: (-(row.revenue_won or 0.0), -(row.overall or 0.0), row.rep))
    currencies = {d.currency.upper() for d in deals if d.currency}
    heat = None
    if rows and titles:
        values = [[row.criteria.get(cid) for cid in titles] for row in rows]
        heat = Markup(
            charts.heatmap(
                [row.rep for row in rows], list(titles.items()), values, 5, "team comparison"
            )
        )
    return TeamPage(
        rubric=used,
        rubrics=tuple(sorted({str(card["rubric_id"]) for card in cards.values()})),
        titles=titles,
        rows=tuple(rows),
        chart=heat,
        has_deals=bool(deals),
        currency=currencies.pop() if len(currencies) == 1 else None,
        left_out=len(calls) - len(named),
        synthetic=synthetic_notice(deals),
    )


def _team_row(
    revenue: RepRow,
    summary: RepSummary | None,
    call_ids: Sequence[str],
    features: Mapping[str, Mapping[str, float | None]],
    deals: Sequence[Deal],
) -> TeamRow:
    def values(name: str) -> list[float]:
        found = (features.get(c, {}).get(name) for c in call_ids)
        return [v for v in found if v is not None]

    talk = values("talk_ratio_time") or values("talk_ratio_words")
    questions = values("rep_questions")
    probed = sum(values("count:stall_response:probed")) + sum(
        values("count:stall_response:reframed")
    )
    return TeamRow(
        rep=revenue.rep,
        revenue_won=revenue.revenue_won if deals else None,
        won_deals=revenue.won_deals,
        closed_deals=revenue.closed_deals,
        win_rate=revenue.win_rate,
        overall=summary.overall_mean if summary else None,
        criteria={c.id: c.mean for c in summary.criteria} if summary else {},
        talk_ratio=fmean(talk) if talk else None,
        questions=fmean(questions) if questions else None,
        stalls=round(sum(values("count:stall:stall"))),
        stalls_probed=round(probed),
        stalls_accepted=round(sum(values("count:stall_response:accepted"))),
        calls=revenue.calls,
        meetings=revenue.meetings,
        minutes_talked=revenue.minutes_talked,
        small_talk_minutes=revenue.small_talk_minutes,
    )


def _key(name: str) -> str:
    return " ".join(name.casefold().split())
