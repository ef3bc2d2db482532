"""Behaviour ↔ revenue: which call behaviours go with won deals, with CIs and effect sizes,
and per-rep revenue next to activity counts. The statistics are pure functions over rows
(``dataset.DealRow``), so storage and the public-corpus validation share them; the features of
one call come from one extractor (``features.call_features``).

The names below load on first use: storage imports ``insights.features`` without the
statistics stack (numpy, statsmodels).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callcoach.insights.compute import InsightSettings, compute_insights
    from callcoach.insights.dataset import (
        DealRow,
        build_rows,
        features_from_analysis,
        fill_missing_counts,
    )
    from callcoach.insights.features import call_features
    from callcoach.insights.report import (
        InsightsReport,
        plot_data,
        render_terminal,
        to_markdown,
    )
    from callcoach.insights.revenue import CallActivity, rep_correlations, rep_rows

_HOMES = {
    "CallActivity": "revenue",
    "DealRow": "dataset",
    "InsightSettings": "compute",
    "InsightsReport": "report",
    "build_rows": "dataset",
    "call_features": "features",
    "compute_insights": "compute",
    "features_from_analysis": "dataset",
    "fill_missing_counts": "dataset",
    "plot_data": "report",
    "render_terminal": "report",
    "rep_correlations": "revenue",
    "rep_rows": "revenue",
    "to_markdown": "report",
}

__all__ = [
    "CallActivity",
    "DealRow",
    "InsightSettings",
    "InsightsReport",
    "build_rows",
    "call_features",
    "compute_insights",
    "features_from_analysis",
    "fill_missing_counts",
    "plot_data",
    "render_terminal",
    "rep_correlations",
    "rep_rows",
    "to_markdown",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'callcoach.insights' has no attribute {name!r}")
    return getattr(importlib.import_module(f"callcoach.insights.{home}"), name)
