"""Renderings of an analysis: Markdown, HTML and the terminal (the JSON models live in
``callcoach.schema``).

The names below load on first use, so ``callcoach --help`` does not import pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callcoach.schema.analysis import SCHEMA_VERSION, AnalysisReport, build_report

__all__ = ["SCHEMA_VERSION", "AnalysisReport", "build_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from callcoach.schema import analysis

        return getattr(analysis, name)
    raise AttributeError(f"module 'callcoach.report' has no attribute {name!r}")
