"""From deal rows to an ``InsightsReport``: bands, effects, multiple-comparison correction,
the minimum-data rule, and the per-rep revenue-vs-activity view."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev

from callcoach.insights.dataset import DealRow
from callcoach.insights.revenue import RepCorrelation, RepRow
from callcoach.insights.stats import (
    LogitResult,
    benjamini_hochberg,
    difference_ci,
    fit_logit,
    make_bands,
    wilson_ci,
)
from callcoach.schema.base import attributes
from callcoach.schema.insights import (
    BandStat,
    Correlation,
    Effect,
    FeatureInsight,
    InsightsReport,
    RepStat,
)

__all__ = ["InsightSettings", "compute_insights", "feature_kind"]

_BAND_LABELS = {
    2: ("bottom", "top"),
    3: ("bottom", "middle", "top"),
    4: ("bottom", "lower middle", "upper middle", "top"),
}
_ACTIVITY = {"duration_minutes", "small_talk_minutes"}


@dataclass(frozen=True, slots=True)
class InsightSettings:
    """The thresholds of the minimum-data rule and of banding."""

    min_closed_deals: int = 100
    min_events_per_variable: int = 10
    min_per_band: int = 10
    min_reps: int = 10
    alpha: float = 0.05  # false discovery rate for "relates to winning"


def feature_kind(name: str) -> str:
    if name.startswith(("criterion:", "score:")):
        return "criterion"
    if name.startswith("count:"):
        return "count"
    return "activity" if name in _ACTIVITY else "metric"


def compute_insights(
    rows: Sequence[DealRow],
    reps: Sequence[RepRow] = (),
    correlations: Sequence[RepCorrelation] = (),
    *,
    settings: InsightSettings | None = None,
    rubric_id: str | None = None,
    features: Sequence[str] | None = None,
    title: str = "Behaviour and revenue",
    notes: Sequence[str] = (),
) -> InsightsReport:
    """Win rate by band, effect sizes and conclusions per feature, plus the rep view.

    Below ``min_closed_deals`` closed deals no model is fitted and every conclusion says
    "not enough data to conclude"; bands and their CIs are still shown as description.
    """
    settings = settings or InsightSettings()
    won = sum(r.won for r in rows)
    enough = len(rows) >= settings.min_closed_deals
    names = sorted(features or {name for r in rows for name in r.features})
    notes_out = list(notes)
    drafts = []
    for name in names:
        draft = _feature(name, rows, settings, fit=enough)
        if draft is None:
            notes_out.append(f"`{name}`: fewer than two distinct values; not analysed")
        else:
            drafts.append(draft)
    q_values = benjamini_hochberg([d.effect.p_value if d.effect else None for d in drafts])
    insights = [
        d.finish(q, settings, enough, len(rows)) for d, q in zip(drafts, q_values, strict=True)
    ]
    if enough:
        verdict = (
            f"{len(rows)} closed deals with calls: effects are estimated and corrected for "
            f"{sum(q is not None for q in q_values)} comparisons (Benjamini–Hochberg)."
        )
    else:
        verdict = (
            f"Not enough data to conclude: {len(rows)} closed deals with calls, "
            f"at least {settings.min_closed_deals} are needed. Descriptive numbers only."
        )
    return InsightsReport(
        title=title,
        rubric_id=rubric_id,
        closed_deals=len(rows),
        won_deals=won,
        min_closed_deals=settings.min_closed_deals,
        min_events_per_variable=settings.min_events_per_variable,
        enough_data=enough,
        verdict=verdict,
        features=insights,
        reps=[_rep(r) for r in reps],
        rep_correlations=[_correlation(c) for c in correlations],
        notes=notes_out,
    )


@dataclass(frozen=True, slots=True)
class _Draft:
    name: str
    deals: int
    won: int
    bands: list[BandStat]
    difference: tuple[float, float, float] | None
    effect: Effect | None
    rep_adjusted: Effect | None

    def finish(
        self, q: float | None, settings: InsightSettings, enough: bool, total: int
    ) -> FeatureInsight:
        effect = self.effect.model_copy(update={"q_value": q}) if self.effect else None
        diff = self.difference
        return FeatureInsight(
            feature=self.name,
            kind=feature_kind(self.name),
            deals=self.deals,
            won=self.won,
            bands=self.bands,
            top_minus_bottom=diff[0] if diff else None,
            difference_ci_low=diff[1] if diff else None,
            difference_ci_high=diff[2] if diff else None,
            effect=effect,
            rep_adjusted=self.rep_adjusted,
            conclusion=_conclusion(effect, settings, enough, total),
        )


def _feature(
    name: str, rows: Sequence[DealRow], settings: InsightSettings, fit: bool
) -> _Draft | None:
    present = [(r, v) for r in rows if (v := r.features.get(name)) is not None]
    values = [v for _, v in present]
    if len(set(values)) < 2:
        return None
    outcomes = [r.won for r, _ in present]
    bands = make_bands(values, settings.min_per_band)
    band_stats: list[BandStat] = []
    difference = None
    if bands is not None:
        labels = _BAND_LABELS[bands.count]
        tallies = [(0, 0)] * bands.count
        for band, outcome in zip(bands.index, outcomes, strict=True):
            n, w = tallies[band]
            tallies[band] = (n + 1, w + int(outcome))
        for band, (n, w) in enumerate(tallies):
            low, high = wilson_ci(w, n)
            lo_value, hi_value = bands.ranges[band]
            band_stats.append(
                BandStat(
                    label=labels[band],
                    low=lo_value,
                    high=hi_value,
                    deals=n,
                    won=w,
                    win_rate=w / n,
                    ci_low=low,
                    ci_high=high,
                )
            )
        (n_bottom, w_bottom), (n_top, w_top) = tallies[0], tallies[-1]
        difference = difference_ci(w_top, n_top, w_bottom, n_bottom)
    effect = rep_adjusted = None
    rare = _rare(values, settings.min_per_band)
    if fit and rare is not None:
        effect = Effect(
            model="logit",
            adjusted_for=[],
            per="–",
            odds_ratio=None,
            ci_low=None,
            ci_high=None,
            p_value=None,
            deals=len(values),
            events=0,
            note=rare,
        )
    elif fit:
        effect, rep_adjusted = _effects(name, present, settings)
    return _Draft(name, len(present), sum(outcomes), band_stats, difference, effect, rep_adjusted)


def _rare(values: Sequence[float], minimum: int) -> str | None:
    """Why a model would say nothing: too few deals differ from the most common value (one or
    two deals with a behaviour give separation, not an effect)."""
    _, most = Counter(values).most_common(1)[0]
    differ = len(values) - most
    if differ >= minimum:
        return None
    return (
        f"not enough data to conclude: only {differ} deals differ from the most common "
        f"value (need ≥ {minimum})"
    )


def _effects(
    name: str, present: Sequence[tuple[DealRow, float]], settings: InsightSettings
) -> tuple[Effect, Effect | None]:
    values = [v for _, v in present]
    mean, sd = fmean(values), pstdev(values)
    per = f"1 SD (= {sd:.3g})"
    outcome = [r.won for r, _ in present]
    predictors: dict[str, list[float]] = {name: [(v - mean) / sd for v in values]}
    adjusted: list[str] = []
    amounts = [r.amount for r, _ in present]
    if all(a is not None and a > 0 for a in amounts) and len(set(amounts)) > 1:
        events = min(sum(outcome), len(outcome) - sum(outcome))
        if events >= 2 * settings.min_events_per_variable:
            predictors["log_deal_size"] = [math.log(a) for a in amounts if a is not None]
            adjusted.append("log deal size")
    effect = _effect(name, fit_logit(outcome, predictors), adjusted, per, settings, len(predictors))
    return effect, _rep_effect(name, present, predictors, adjusted, per, settings)


def _rep_effect(
    name: str,
    present: Sequence[tuple[DealRow, float]],
    predictors: dict[str, list[float]],
    adjusted: list[str],
    per: str,
    settings: InsightSettings,
) -> Effect | None:
    """The same model with the rep as a fixed effect, when at least two reps have both won
    and lost deals; None when the data have no reps to adjust for."""
    reps = [r.rep for r, _ in present]
    if any(rep is None for rep in reps):
        return None
    outcomes_by_rep: dict[str, set[bool]] = {}
    for (row, _), rep in zip(present, reps, strict=True):
        outcomes_by_rep.setdefault(str(rep), set()).add(row.won)
    mixed = {rep for rep, seen in outcomes_by_rep.items() if len(seen) == 2}
    if len(mixed) < 2:
        return None
    keep = [i for i, rep in enumerate(reps) if rep in mixed]
    outcome = [present[i][0].won for i in keep]
    subset = {k: [v[i] for i in keep] for k, v in predictors.items()}
    groups = [str(reps[i]) for i in keep]
    result = fit_logit(outcome, subset, groups=groups)
    return _effect(name, result, [*adjusted, "rep (fixed effect)"], per, settings, len(subset))


def _effect(
    name: str,
    result: LogitResult,
    adjusted: list[str],
    per: str,
    settings: InsightSettings,
    parameters: int,
) -> Effect:
    base = {
        "model": result.model,
        "adjusted_for": adjusted,
        "per": per,
        "deals": result.n,
        "events": result.events,
    }
    needed = settings.min_events_per_variable * parameters
    if result.events < needed:
        note = (
            f"not enough data to conclude: {result.events} events for {parameters} "
            f"parameter(s), need ≥ {needed}"
        )
        return Effect(**base, odds_ratio=None, ci_low=None, ci_high=None, p_value=None, note=note)
    term = result.terms.get(name)
    if term is None:
        return Effect(
            **base,
            odds_ratio=None,
            ci_low=None,
            ci_high=None,
            p_value=None,
            note=result.note or "not fitted",
        )
    return Effect(
        **base,
        odds_ratio=term.odds_ratio,
        ci_low=term.ci_low,
        ci_high=term.ci_high,
        p_value=term.p_value,
    )


def _conclusion(effect: Effect | None, settings: InsightSettings, enough: bool, total: int) -> str:
    if not enough:
        return f"not enough data to conclude ({total} closed deals < {settings.min_closed_deals})"
    if effect is None or effect.odds_ratio is None or effect.q_value is None:
        return effect.note if effect and effect.note else "not enough data to conclude"
    size = f"OR {effect.odds_ratio:.2f} ({effect.ci_low:.2f}–{effect.ci_high:.2f}) per {effect.per}"
    if effect.q_value < settings.alpha:
        direction = "more" if effect.odds_ratio > 1 else "fewer"
        q = "<0.001" if effect.q_value < 0.001 else f"={effect.q_value:.3f}"
        return f"higher values go with {direction} wins: {size}, q{q}"
    return f"no clear relation: {size}, q={effect.q_value:.2f}"


def _rep(row: RepRow) -> RepStat:
    low, high = row.win_rate_ci if row.win_rate_ci else (None, None)
    return RepStat.model_validate(
        attributes(row, RepStat, win_rate_ci_low=low, win_rate_ci_high=high)
    )


def _correlation(c: RepCorrelation) -> Correlation:
    # A join of the correlation and its (optional) Spearman result: spelled out.
    r = c.result
    return Correlation(
        measure=c.measure,
        kind=c.kind,
        reps=r.n if r else 0,
        rho=r.rho if r else None,
        ci_low=r.ci_low if r else None,
        ci_high=r.ci_high if r else None,
        p_value=r.p_value if r else None,
        descriptive=c.descriptive,
        reason=c.reason,
    )
