"""Moved to ``callcoach.schema.analysis``; this name stays for existing imports."""

from __future__ import annotations

from callcoach.schema.analysis import (
    SCHEMA_VERSION,
    AnalysisReport,
    CallOut,
    CriterionOut,
    EvidenceOut,
    FindingOut,
    KeyMomentOut,
    MeasuredValueOut,
    MetricOut,
    RolesOut,
    ScorecardOut,
    SpeakerOut,
    UtteranceOut,
    build_report,
    json_schema,
)
from callcoach.schema.base import FrozenModel, timestamp

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisReport",
    "CallOut",
    "CriterionOut",
    "EvidenceOut",
    "FindingOut",
    "FrozenModel",
    "KeyMomentOut",
    "MeasuredValueOut",
    "MetricOut",
    "RolesOut",
    "ScorecardOut",
    "SpeakerOut",
    "UtteranceOut",
    "build_report",
    "json_schema",
    "timestamp",
]
