"""Team view: scorecards aggregated per rep, with trends and each rep's biggest gap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from callcoach.model import Scorecard

MIN_CALLS_FOR_TREND = 3
_Date = date  # ScoredCall has a field named ``date``


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    title: str
    weight: float
    score: int | None


@dataclass(frozen=True, slots=True)
class ScoredCall:
    """What the team view needs of one scored call."""

    call_id: str
    source: str
    date: date | None
    reps: tuple[str, ...]
    rubric_id: str
    overall: float | None
    criteria: tuple[CriterionResult, ...]

    @classmethod
    def of(
        cls, scorecard: Scorecard, source: str, call_date: _Date | None, reps: tuple[str, ...]
    ) -> ScoredCall:
        return cls(
            call_id=scorecard.call_id,
            source=source,
            date=call_date,
            reps=reps,
            rubric_id=scorecard.rubric_id,
            overall=scorecard.overall,
            criteria=tuple(
                CriterionResult(c.id, c.title, c.weight, c.score) for c in scorecard.criteria
            ),
        )


@dataclass(frozen=True, slots=True)
class CriterionStats:
    id: str
    title: str
    weight: float
    mean: float | None
    observed: int
    distribution: tuple[int, int, int, int, int]  # calls scoring 1, 2, 3, 4, 5
    trend_per_30_days: float | None
    trend_reason: str


@dataclass(frozen=True, slots=True)
class RepSummary:
    rep: str
    calls: int
    first_date: date | None
    last_date: date | None
    overall_mean: float | None
    criteria: tuple[CriterionStats, ...]
    biggest_gap: str | None
    biggest_gap_reason: str


@dataclass(frozen=True, slots=True)
class TeamSummary:
    rubric_id: str
    calls: int
    reps: tuple[RepSummary, ...]
    criteria: tuple[tuple[str, str], ...]  # (id, title) in rubric order


def summarize_team(calls: Sequence[ScoredCall]) -> TeamSummary:
    """Per-rep means, score distributions and trends (an AE + SE call counts for both)."""
    if not calls:
        return TeamSummary(rubric_id="", calls=0, reps=(), criteria=())
    order: dict[str, tuple[str, float]] = {}
    for call in calls:
        for c in call.criteria:
            order.setdefault(c.id, (c.title, c.weight))
    by_rep: dict[str, list[ScoredCall]] = {}
    for call in calls:
        for rep in call.reps or ("(rep unknown)",):
            by_rep.setdefault(rep, []).append(call)
    reps = tuple(_rep(rep, items, order) for rep, items in sorted(by_rep.items()))
    return TeamSummary(
        rubric_id=calls[0].rubric_id,
        calls=len(calls),
        reps=reps,
        criteria=tuple((cid, title) for cid, (title, _) in order.items()),
    )


def _rep(rep: str, calls: list[ScoredCall], order: dict[str, tuple[str, float]]) -> RepSummary:
    dates = sorted(d for d in (c.date for c in calls) if d is not None)
    stats = tuple(_criterion(cid, title, weight, calls) for cid, (title, weight) in order.items())
    overall = [c.overall for c in calls if c.overall is not None]
    gaps = [(s.weight * (5 - s.mean), s) for s in stats if s.mean is not None]
    if gaps:
        shortfall, worst = max(gaps, key=lambda g: (g[0], g[1].id))
        gap, why = (
            worst.id,
            (
                f"largest weighted shortfall from 5: {worst.weight:g} × (5 − {worst.mean:.2f}) "
                f"= {shortfall:.2f}"
            ),
        )
    else:
        gap, why = None, "no criterion observed in this rep's calls"
    return RepSummary(
        rep=rep,
        calls=len(calls),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        overall_mean=round(fmean(overall), 2) if overall else None,
        criteria=stats,
        biggest_gap=gap,
        biggest_gap_reason=why,
    )


def _criterion(cid: str, title: str, weight: float, calls: list[ScoredCall]) -> CriterionStats:
    points: list[tuple[date | None, int]] = []
    for call in calls:
        score = next((c.score for c in call.criteria if c.id == cid), None)
        if score is not None:
            points.append((call.date, score))
    scores = [s for _, s in points]
    distribution = tuple(scores.count(band) for band in range(1, 6))
    trend, reason = _trend([(d, s) for d, s in points if d is not None])
    return CriterionStats(
        id=cid,
        title=title,
        weight=weight,
        mean=round(fmean(scores), 2) if scores else None,
        observed=len(scores),
        distribution=(
            distribution[0],
            distribution[1],
            distribution[2],
            distribution[3],
            distribution[4],
        ),
        trend_per_30_days=trend,
        trend_reason=reason,
    )


def _trend(points: list[tuple[date, int]]) -> tuple[float | None, str]:
    """Least-squares slope of score over time, in score points per 30 days."""
    if len(points) < MIN_CALLS_FOR_TREND:
        return None, f"needs ≥ {MIN_CALLS_FOR_TREND} dated calls with this criterion observed"
    xs = [d.toordinal() for d, _ in points]
    ys = [float(s) for _, s in points]
    mean_x, mean_y = fmean(xs), fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None, "all calls are on the same day"
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return round(slope * 30, 3), f"least-squares slope over {len(points)} dated calls"
