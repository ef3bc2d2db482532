"""Immutable data objects. Nothing here imports anything else of callcoach."""

from callcoach.model.call import Call, IngestWarning, Segment, Speaker, Utterance
from callcoach.model.finding import Evidence, Finding, Metric
from callcoach.model.roles import Role, RoleAssignment

__all__ = [
    "Call",
    "Evidence",
    "Finding",
    "IngestWarning",
    "Metric",
    "Role",
    "RoleAssignment",
    "Segment",
    "Speaker",
    "Utterance",
]
