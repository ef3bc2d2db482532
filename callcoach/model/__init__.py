"""Immutable data objects. Nothing here imports anything else of callcoach."""

from callcoach.model.analysis import Analysis
from callcoach.model.call import Call, IngestWarning, Segment, Speaker, Utterance
from callcoach.model.deal import Deal, DealLink
from callcoach.model.finding import Evidence, Finding, Metric
from callcoach.model.roles import Role, RoleAssignment
from callcoach.model.scorecard import CriterionScore, KeyMoment, MeasuredValue, Scorecard

__all__ = [
    "Analysis",
    "Call",
    "CriterionScore",
    "Deal",
    "DealLink",
    "Evidence",
    "Finding",
    "IngestWarning",
    "KeyMoment",
    "MeasuredValue",
    "Metric",
    "Role",
    "RoleAssignment",
    "Scorecard",
    "Segment",
    "Speaker",
    "Utterance",
]
