"""The JSON output of ``callcoach insights --json``: behaviour vs. won deals, per-rep revenue.

Bump ``SCHEMA_VERSION`` (an integer: any change to a field) when a field changes, and
regenerate ``callcoach/schema/json/insights.v<version>.json`` with
``python scripts/regenerate_schemas.py``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from callcoach.schema.base import FrozenModel

__all__ = [
    "SCHEMA_VERSION",
    "BandStat",
    "Correlation",
    "Effect",
    "FeatureInsight",
    "InsightsReport",
    "RepStat",
    "json_schema",
]

SCHEMA_VERSION = "1"


class BandStat(FrozenModel):
    """Closed deals whose feature value falls in one quantile band."""

    label: str = Field(description="bottom, lower middle, middle, upper middle or top.")
    low: float
    high: float
    deals: int
    won: int
    win_rate: float
    ci_low: float = Field(description="Wilson 95% interval of the win rate, low end.")
    ci_high: float


class Effect(FrozenModel):
    """Odds ratio of winning per one standard deviation more of the feature."""

    model: str = Field(description="logit, or conditional-logit (the rep as a fixed effect).")
    adjusted_for: list[str]
    per: str = Field(
        description="What one unit of the odds ratio is, e.g. '1 SD (= 2.3 questions)'"
    )
    odds_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    q_value: float | None = Field(
        default=None, description="Benjamini–Hochberg over all features (primary model)"
    )
    deals: int
    events: int
    note: str | None = None


class FeatureInsight(FrozenModel):
    feature: str
    kind: str = Field(description="metric, criterion, count or activity.")
    deals: int
    won: int
    bands: list[BandStat]
    top_minus_bottom: float | None = Field(
        description="Win-rate difference, top band − bottom band"
    )
    difference_ci_low: float | None = Field(
        description="Newcombe 95% interval of the difference, low end."
    )
    difference_ci_high: float | None
    effect: Effect | None = Field(
        description="Primary: logit on the feature (+ log deal size where known)"
    )
    rep_adjusted: Effect | None = Field(
        description="Conditional logit with the rep as a fixed effect"
    )
    conclusion: str


class RepStat(FrozenModel):
    rep: str
    closed_deals: int
    won_deals: int
    revenue_won: float
    win_rate: float | None
    win_rate_ci_low: float | None
    win_rate_ci_high: float | None
    average_deal_size: float | None
    sales_cycle_days: float | None
    calls: int
    meetings: int
    minutes_talked: float | None
    small_talk_minutes: float | None


class Correlation(FrozenModel):
    """Spearman's rho of a per-rep measure with revenue won."""

    measure: str
    kind: str = Field(description="activity or outcome.")
    reps: int
    rho: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    descriptive: bool
    reason: str | None


class InsightsReport(FrozenModel):
    schema_version: str = SCHEMA_VERSION
    title: str = "Behaviour and revenue"
    rubric_id: str | None
    closed_deals: int = Field(description="Closed deals with at least one linked call")
    won_deals: int
    min_closed_deals: int
    min_events_per_variable: int
    enough_data: bool
    verdict: str
    features: list[FeatureInsight]
    reps: list[RepStat]
    rep_correlations: list[Correlation]
    notes: list[str]
    currency: str | None = Field(
        default=None, description="The deals' one currency (null when unknown or mixed)."
    )
    synthetic: str | None = Field(
        default=None, description="Set when the data says it is synthetic (demo data)"
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``InsightsReport``, with its version in ``$id``."""
    schema = InsightsReport.model_json_schema()
    schema["$id"] = f"urn:callcoach:schema:insights:{SCHEMA_VERSION}"
    return schema
