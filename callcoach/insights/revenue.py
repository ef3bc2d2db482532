"""Revenue vs vanity: per rep, what was won (revenue, win rate, deal size, cycle length) next
to how busy they were (calls, meetings, minutes, small talk), and how each relates to revenue
across reps. Activity that does not go with revenue is vanity.

Definitions (docs/crm.md): a *meeting* is a distinct (deal, day) with at least one call, so
three calls on one day about one deal are one meeting (an unlinked call is its own meeting);
*minutes talked* is the summed call duration; *sales cycle* is the median days from created
to close over the rep's closed deals with both dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean, median

from callcoach.insights.stats import Spearman, spearman, wilson_ci
from callcoach.model import Deal, DealLink

__all__ = [
    "ACTIVITY_MEASURES",
    "OUTCOME_MEASURES",
    "CallActivity",
    "RepCorrelation",
    "RepRow",
    "rep_correlations",
    "rep_rows",
]

ACTIVITY_MEASURES = ("calls", "meetings", "minutes_talked", "small_talk_minutes")
OUTCOME_MEASURES = ("win_rate", "average_deal_size", "sales_cycle_days")


@dataclass(frozen=True, slots=True)
class CallActivity:
    """One call as activity: who was the rep, when, and how long (minutes; None unknown)."""

    call_id: str
    reps: tuple[str, ...]
    date: date | None
    minutes: float | None
    small_talk_minutes: float | None


@dataclass(frozen=True, slots=True)
class RepRow:
    rep: str
    closed_deals: int
    won_deals: int
    revenue_won: float
    win_rate: float | None
    win_rate_ci: tuple[float, float] | None
    average_deal_size: float | None  # mean amount of won deals
    sales_cycle_days: float | None
    calls: int
    meetings: int
    minutes_talked: float | None  # None when no call has a duration
    small_talk_minutes: float | None

    def measure(self, name: str) -> float | None:
        value = getattr(self, name)
        return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class RepCorrelation:
    """Spearman's rho between one per-rep measure and revenue won, over reps that have it."""

    measure: str
    kind: str  # activity | outcome
    result: Spearman | None
    descriptive: bool  # too few reps to read as more than a description
    reason: str | None = None


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def rep_rows(
    deals: Sequence[Deal], links: Iterable[DealLink], calls: Sequence[CallActivity]
) -> list[RepRow]:
    """One row per rep seen as a deal owner or on a call (names compared case-insensitively)."""
    names: dict[str, str] = {}
    deals_of: dict[str, list[Deal]] = defaultdict(list)
    for deal in deals:
        if deal.owner:
            names.setdefault(_key(deal.owner), deal.owner)
            deals_of[_key(deal.owner)].append(deal)
    deal_of_call = {link.call_id: link.deal_id for link in links}
    calls_of: dict[str, list[CallActivity]] = defaultdict(list)
    for call in calls:
        for rep in call.reps:
            names.setdefault(_key(rep), rep)
            calls_of[_key(rep)].append(call)
    return [
        _row(names[key], deals_of.get(key, []), calls_of.get(key, []), deal_of_call)
        for key in sorted(names)
    ]


def _row(
    rep: str, deals: Sequence[Deal], calls: Sequence[CallActivity], deal_of_call: Mapping[str, str]
) -> RepRow:
    closed = [d for d in deals if d.won is not None]
    won = [d for d in closed if d.won]
    won_amounts = [d.amount for d in won if d.amount is not None]
    cycles = [
        (d.close_date - d.created).days
        for d in closed
        if d.created is not None and d.close_date is not None
    ]
    meetings = {(deal_of_call.get(c.call_id, c.call_id), c.date) for c in calls}
    minutes = [c.minutes for c in calls if c.minutes is not None]
    small_talk = [c.small_talk_minutes for c in calls if c.small_talk_minutes is not None]
    return RepRow(
        rep=rep,
        closed_deals=len(closed),
        won_deals=len(won),
        revenue_won=float(sum(won_amounts)),
        win_rate=len(won) / len(closed) if closed else None,
        win_rate_ci=wilson_ci(len(won), len(closed)) if closed else None,
        average_deal_size=fmean(won_amounts) if won_amounts else None,
        sales_cycle_days=float(median(cycles)) if cycles else None,
        calls=len(calls),
        meetings=len(meetings),
        minutes_talked=float(sum(minutes)) if minutes else None,
        small_talk_minutes=float(sum(small_talk)) if small_talk else None,
    )


def rep_correlations(rows: Sequence[RepRow], min_reps: int = 10) -> list[RepCorrelation]:
    """Each activity and outcome measure against revenue won, across reps with closed deals.

    Below ``min_reps`` reps a correlation is still shown but flagged descriptive.
    """
    ranked = [r for r in rows if r.closed_deals > 0]
    result = []
    for kind, measures in (("activity", ACTIVITY_MEASURES), ("outcome", OUTCOME_MEASURES)):
        for measure in measures:
            pairs = [(v, r.revenue_won) for r in ranked if (v := r.measure(measure)) is not None]
            rho = spearman([p[0] for p in pairs], [p[1] for p in pairs])
            reason = None
            if len(pairs) < 4:
                reason = f"{len(pairs)} reps with a value: too few for a rank correlation"
            elif rho is None:
                reason = "no variation across reps"
            elif len(pairs) < min_reps:
                reason = f"only {len(pairs)} reps (< {min_reps}): descriptive"
            result.append(
                RepCorrelation(measure, kind, rho, rho is None or len(pairs) < min_reps, reason)
            )
    return result
