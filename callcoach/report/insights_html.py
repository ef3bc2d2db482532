"""Insights as HTML: win rate by band with 95% CI whiskers, per behaviour; revenue vs activity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from callcoach.insights.report import (
    FeatureInsight,
    InsightsReport,
    band_values,
    criteria_titles,
    feature_label,
    money,
    money_header,
    note_words,
)
from callcoach.report import charts
from callcoach.report.html import environment, stylesheet


@dataclass(frozen=True)
class _FeatureView:
    feature: str
    label: str
    kind: str
    deals: int
    won: int
    conclusion: str
    effect: Any
    chart: Markup


def feature_views(report: InsightsReport) -> list[_FeatureView]:
    titles = criteria_titles(report.rubric_id)
    return [_view(f, titles) for f in report.features if f.bands]


def _view(f: FeatureInsight, titles: dict[str, str]) -> _FeatureView:
    bands = [
        (_band(b.label, b.low, b.high, b.deals), b.win_rate, b.ci_low, b.ci_high) for b in f.bands
    ]
    label = feature_label(f.feature, titles)
    chart = Markup(charts.win_rates(bands, f"win rate by band of {label}"))
    return _FeatureView(f.feature, label, f.kind, f.deals, f.won, f.conclusion, f.effect, chart)


def _band(name: str, low: float, high: float, deals: int) -> str:
    return f"{name} ({band_values(low, high)}), {deals} deals"


def context(report: InsightsReport) -> dict[str, Any]:
    """What the insights templates need besides the report: labels in words, money."""
    titles = criteria_titles(report.rubric_id)
    return {
        "features": feature_views(report),
        "notes": [note_words(n, titles) for n in report.notes],
        "money": lambda value: money(value, report.currency),
        "money_header": money_header(report.currency),
        "measure_label": lambda measure: feature_label(measure, titles),
    }


def render_insights(report: InsightsReport) -> str:
    """A standalone insights page."""
    return (
        environment()
        .get_template("insights.html.j2")
        .render(insights=report, css=stylesheet(), **context(report))
    )
