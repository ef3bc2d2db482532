"""Rows for insights: one per closed deal with its outcome, size, rep and behaviour features
averaged over the calls linked to it. Pure functions; storage and corpora both feed them.

Feature names and rules are those of ``features.call_features``: metric names
(``talk_ratio_words``), ``score:overall`` and ``criterion:<id>`` rubric scores,
``count:<detector>:<label>`` finding counts, ``duration_minutes`` and ``small_talk_minutes``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean
from types import MappingProxyType

from callcoach.insights.features import call_features
from callcoach.model import Deal, DealLink
from callcoach.model.analysis import Analysis

__all__ = ["DealRow", "build_rows", "features_from_analysis", "fill_missing_counts"]

Features = Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class DealRow:
    """One closed deal as the statistics see it."""

    deal_id: str
    won: bool
    amount: float | None
    rep: str | None
    calls: int
    features: Mapping[str, float | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", MappingProxyType(dict(self.features)))


def build_rows(
    deals: Sequence[Deal],
    links: Iterable[DealLink],
    call_features: Mapping[str, Features],
    call_reps: Mapping[str, Sequence[str]] | None = None,
) -> list[DealRow]:
    """A row per closed deal with at least one linked call that has features.

    A feature is the mean of its non-missing values over the deal's calls (None when all are
    missing). The rep is the deal owner, else the rep seen on most of its calls.
    """
    calls_of: dict[str, list[str]] = defaultdict(list)
    for link in links:
        if link.call_id in call_features:
            calls_of[link.deal_id].append(link.call_id)
    rows = []
    for deal in deals:
        call_ids = calls_of.get(deal.id)
        if deal.won is None or not call_ids:
            continue
        rows.append(
            DealRow(
                deal_id=deal.id,
                won=deal.won,
                amount=deal.amount,
                rep=deal.owner or _most_common_rep(call_ids, call_reps or {}),
                calls=len(call_ids),
                features=_mean_features([call_features[c] for c in call_ids]),
            )
        )
    return rows


def _most_common_rep(call_ids: Sequence[str], call_reps: Mapping[str, Sequence[str]]) -> str | None:
    seen = Counter(rep for c in call_ids for rep in call_reps.get(c, ()))
    return min(seen, key=lambda r: (-seen[r], r)) if seen else None


def _mean_features(per_call: Sequence[Features]) -> dict[str, float | None]:
    names = sorted({name for features in per_call for name in features})
    means: dict[str, float | None] = {}
    for name in names:
        # A detector that found nothing in a call leaves no count key: that is a zero.
        absent = 0.0 if name.startswith("count:") else None
        values = [v for f in per_call if (v := f.get(name, absent)) is not None]
        means[name] = fmean(values) if values else None
    return means


def fill_missing_counts(
    call_features: Mapping[str, Features],
) -> dict[str, dict[str, float | None]]:
    """Every ``count:`` key seen on any call, set to 0 on the calls that lack it.

    ``features_from_analysis`` only knows the labels a detector produced on that call; when all
    calls ran the same detectors, a label missing on one call was found zero times there.
    (``Repository.call_features`` already does this per detector that ran.)
    """
    counts = {name for features in call_features.values() for name in features}
    counts = {name for name in counts if name.startswith("count:")}
    filled: dict[str, dict[str, float | None]] = {}
    for call_id, features in call_features.items():
        filled[call_id] = {**dict.fromkeys(sorted(counts), 0.0), **features}
    return filled


def features_from_analysis(analysis: Analysis) -> dict[str, float | None]:
    """The feature dict of one analysed call, by the rules of ``features.call_features`` (the
    same numbers ``Repository.call_features`` gives once the call is stored).

    Counts are per detector label found on this call (see ``fill_missing_counts`` for the
    zeros); small-talk minutes need timestamps (None without).
    """
    return call_features(
        metrics=analysis.metrics,
        detectors=analysis.findings.keys(),
        findings=[f for items in analysis.findings.values() for f in items],
        scorecard=analysis.scorecard,
        duration_seconds=analysis.call.duration,
    )
