"""Team view: scorecards aggregated per rep, with trends and each rep's biggest gap."""

from __future__ import annotations

import re
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
    raised_by_floor: bool = False  # see CriterionScore.raised_by_floor


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
    focus: str | None = None  # the call report's "one thing to work on"

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
                CriterionResult(c.id, c.title, c.weight, c.score, c.raised_by_floor)
                for c in scorecard.criteria
            ),
            focus=scorecard.focus,
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
    raised: int = 0  # observed calls whose score an absence floor raised (nothing was found)

    @property
    def only_raised(self) -> bool:
        """Every observed score was raised by an absence floor: the mean says what the
        detector missed on strong calls more than what the rep did."""
        return self.observed > 0 and self.raised == self.observed


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
    # How often each criterion was the call report's "one thing to work on" (most first).
    call_focus: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A call the team numbers do not count, and why."""

    call_id: str
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class TeamSummary:
    rubric_id: str
    calls: int  # calls counted in the team numbers
    reps: tuple[RepSummary, ...]
    criteria: tuple[tuple[str, str], ...]  # (id, title) in rubric order
    left_out: tuple[LeftOut, ...] = ()


# SPEAKER_00, spk_0, Speaker 1, Speaker A, A, 0: labels a diarizer gives, not people's names.
_DIARIZATION = re.compile(
    r"(?:speaker|spkr|spk)[ _-]?(?:\d+|[a-z])(?:[ _-]?\d+)?|[a-z]|\d+|unknown",
    re.IGNORECASE,
)
HOW_TO_NAME = "give --rep, --rep-roster or --manifest"
NOTHING_SCORED = "nothing could be scored — its call report says why, such as no speaker labels"


def is_diarization_label(name: str) -> bool:
    """A speaker label such as ``SPEAKER_00``, ``spk_0``, ``Speaker A``, ``A`` or ``0``."""
    return _DIARIZATION.fullmatch(name.strip()) is not None


def canonical_reps(names: Sequence[str]) -> dict[str, str]:
    """One name per person: case and spacing variants ("dana  whitfield") and a first name
    that matches exactly one full name ("Dana" → "Dana Whitfield") map to the fullest form."""

    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    forms: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (-len(n.split()), n)):
        forms.setdefault(key(name), " ".join(name.split()))
    full = [f for f in forms.values() if len(f.split()) > 1]
    mapping: dict[str, str] = {}
    for name in names:
        form = forms[key(name)]
        if len(form.split()) == 1:
            matches = [f for f in full if f.split()[0].casefold() == form.casefold()]
            form = matches[0] if len(matches) == 1 else form
        mapping[name] = form
    return mapping


def _named_reps(call: ScoredCall, names: dict[str, str]) -> tuple[tuple[str, ...], str | None]:
    """The call's reps by their canonical names, or why the call has no named rep."""
    if not call.reps:
        # A call scored on nothing (no speaker labels: no roles) is not fixed by naming a
        # rep; "give --rep-roster" beside a run that gave one sent the reader the wrong way.
        if call.overall is None and all(c.score is None for c in call.criteria):
            return (), NOTHING_SCORED
        return (), f"rep unknown — {HOW_TO_NAME}"
    named = tuple(dict.fromkeys(names[r] for r in call.reps if not is_diarization_label(r)))
    if named:
        return named, None
    labels = ", ".join(call.reps)
    return (), f"rep known only as a diarization label ({labels}) — {HOW_TO_NAME}"


def summarize_team(calls: Sequence[ScoredCall]) -> TeamSummary:
    """Per-rep means, score distributions and trends (an AE + SE call counts for both).

    Calls without a named rep (no rep, or only a diarization label such as SPEAKER_00) are
    left out of every team number and listed with the reason."""
    if not calls:
        return TeamSummary(rubric_id="", calls=0, reps=(), criteria=())
    order: dict[str, tuple[str, float]] = {}
    for call in calls:
        for c in call.criteria:
            order.setdefault(c.id, (c.title, c.weight))
    names = canonical_reps([r for c in calls for r in c.reps if not is_diarization_label(r)])
    by_rep: dict[str, list[ScoredCall]] = {}
    left_out: list[LeftOut] = []
    for call in calls:
        reps, why = _named_reps(call, names)
        if why is not None:
            left_out.append(LeftOut(call.call_id, call.source, why))
        for rep in reps:
            by_rep.setdefault(rep, []).append(call)
    # Ranked as a manager reads a team: the highest mean overall score first (a rep with no
    # overall score last), then by name so the order never depends on input order.
    reps_summary = tuple(
        sorted(
            (_rep(rep, items, order) for rep, items in by_rep.items()),
            key=lambda r: (r.overall_mean is None, -(r.overall_mean or 0.0), r.rep),
        )
    )
    return TeamSummary(
        rubric_id=calls[0].rubric_id,
        calls=len(calls) - len(left_out),
        reps=reps_summary,
        criteria=tuple((cid, title) for cid, (title, _) in order.items()),
        left_out=tuple(left_out),
    )


def _rep(rep: str, calls: list[ScoredCall], order: dict[str, tuple[str, float]]) -> RepSummary:
    dates = sorted(d for d in (c.date for c in calls) if d is not None)
    stats = tuple(_criterion(cid, title, weight, calls) for cid, (title, weight) in order.items())
    overall = [c.overall for c in calls if c.overall is not None]
    # The same rule as a call's "one thing to work on" (lowest score; ties: larger weight),
    # applied to the means, so a one-call rep gets the same answer in both views.
    observed = [s for s in stats if s.mean is not None]
    gap: str | None = None
    why = "no criterion observed in this rep's calls"
    # As a call's focus (report 2.8.2): a mean made only of floor-raised scores is the gap
    # only when nothing measured is below 5.
    measured = [s for s in observed if not s.only_raised and (s.mean or 0.0) < 5] or observed
    if observed:
        worst = min(measured, key=lambda s: (s.mean or 0.0, -s.weight, s.id))
        if (worst.mean or 0.0) >= 5:
            why = "every observed criterion averages 5"
        else:
            gap = worst.id
            why = (
                f"lowest mean score: {worst.mean:.1f} of 5 over {worst.observed} "
                f"call{'s' if worst.observed != 1 else ''} (ties go to the larger weight, "
                "as in each call's 'one thing to work on')"
            )
    focus_counts: dict[str, int] = {}
    for call in calls:
        if call.focus is not None:
            focus_counts[call.focus] = focus_counts.get(call.focus, 0) + 1
    return RepSummary(
        rep=rep,
        calls=len(calls),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        overall_mean=round(fmean(overall), 2) if overall else None,
        criteria=stats,
        biggest_gap=gap,
        biggest_gap_reason=why,
        call_focus=tuple(sorted(focus_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def _criterion(cid: str, title: str, weight: float, calls: list[ScoredCall]) -> CriterionStats:
    points: list[tuple[date | None, int]] = []
    raised = 0
    for call in calls:
        result = next((c for c in call.criteria if c.id == cid), None)
        if result is not None and result.score is not None:
            points.append((call.date, result.score))
            raised += result.raised_by_floor
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
        raised=raised,
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
