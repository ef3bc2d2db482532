"""Behaviour ↔ revenue: which call behaviours go with won deals, with CIs and effect sizes,
and per-rep revenue next to activity counts. The statistics are pure functions over rows
(``dataset.DealRow``), so storage and the public-corpus validation share them."""

from callcoach.insights.compute import InsightSettings, compute_insights
from callcoach.insights.dataset import (
    DealRow,
    build_rows,
    features_from_analysis,
    fill_missing_counts,
)
from callcoach.insights.report import InsightsReport, plot_data, render_terminal, to_markdown
from callcoach.insights.revenue import CallActivity, rep_correlations, rep_rows

__all__ = [
    "CallActivity",
    "DealRow",
    "InsightSettings",
    "InsightsReport",
    "build_rows",
    "compute_insights",
    "features_from_analysis",
    "fill_missing_counts",
    "plot_data",
    "render_terminal",
    "rep_correlations",
    "rep_rows",
    "to_markdown",
]
