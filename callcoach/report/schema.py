"""Moved to ``callcoach.schema.analysis``; this name stays for existing imports (and the
``*_out`` helpers of 0.1, now one ``model_validate(obj, from_attributes=True)`` each)."""

from __future__ import annotations

from callcoach.model import CriterionScore, Evidence, Finding, MeasuredValue, Metric, Scorecard
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
    "criterion_out",
    "evidence_out",
    "finding_out",
    "json_schema",
    "measured_out",
    "metric_out",
    "scorecard_out",
    "timestamp",
]


def evidence_out(evidence: Evidence) -> EvidenceOut:
    return EvidenceOut.model_validate(evidence, from_attributes=True)


def metric_out(metric: Metric) -> MetricOut:
    return MetricOut.model_validate(metric, from_attributes=True)


def finding_out(finding: Finding) -> FindingOut:
    return FindingOut.model_validate(finding, from_attributes=True)


def measured_out(value: MeasuredValue) -> MeasuredValueOut:
    return MeasuredValueOut.model_validate(value, from_attributes=True)


def criterion_out(criterion: CriterionScore) -> CriterionOut:
    return CriterionOut.model_validate(criterion, from_attributes=True)


def scorecard_out(card: Scorecard) -> ScorecardOut:
    return ScorecardOut.model_validate(card, from_attributes=True)
