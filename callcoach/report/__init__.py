"""Renderings of an analysis: JSON (versioned schema), Markdown, HTML and the terminal.

The names below load on first use, so ``callcoach --help`` does not import pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from callcoach.report.schema import SCHEMA_VERSION, AnalysisReport, build_report

__all__ = ["SCHEMA_VERSION", "AnalysisReport", "build_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from callcoach.report import schema

        return getattr(schema, name)
    raise AttributeError(f"module 'callcoach.report' has no attribute {name!r}")
