"""Renderings of an analysis: JSON (versioned schema), Markdown and a terminal table."""

from callcoach.report.schema import SCHEMA_VERSION, AnalysisReport, build_report

__all__ = ["SCHEMA_VERSION", "AnalysisReport", "build_report"]
