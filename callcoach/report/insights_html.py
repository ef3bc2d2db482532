"""Insights as HTML: win rate by band with 95% CI whiskers, per behaviour; revenue vs activity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from callcoach.insights.report import FeatureInsight, InsightsReport
from callcoach.report import charts
from callcoach.report.html import environment, stylesheet


@dataclass(frozen=True)
class _FeatureView:
    feature: str
    kind: str
    deals: int
    won: int
    conclusion: str
    effect: Any
    chart: Markup


def feature_views(report: InsightsReport) -> list[_FeatureView]:
    return [_view(f) for f in report.features if f.bands]


def _view(f: FeatureInsight) -> _FeatureView:
    bands = [
        (f"{b.label} [{b.low:g}–{b.high:g}], n={b.deals}", b.win_rate, b.ci_low, b.ci_high)
        for b in f.bands
    ]
    chart = Markup(charts.win_rates(bands, f"win rate by band of {f.feature}"))
    return _FeatureView(f.feature, f.kind, f.deals, f.won, f.conclusion, f.effect, chart)


def render_insights(report: InsightsReport) -> str:
    """A standalone insights page."""
    return (
        environment()
        .get_template("insights.html.j2")
        .render(insights=report, features=feature_views(report), css=stylesheet())
    )
