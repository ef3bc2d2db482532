"""The JSON output of ``callcoach drill run --format json``: a played sales drill.

Bump ``DRILL_SCHEMA_VERSION`` (major.minor) when a field changes, and regenerate
``callcoach/schema/json/drill.v<version>.json`` with ``python scripts/regenerate_schemas.py``.
The drill itself is ``callcoach.drills``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from callcoach.schema.analysis import AnalysisReport
from callcoach.schema.base import FrozenModel

__all__ = [
    "DRILL_SCHEMA_VERSION",
    "CueOut",
    "DrillReport",
    "DrillTurnOut",
    "ScenarioOut",
    "SignalOut",
    "json_schema",
]

DRILL_SCHEMA_VERSION = "1.1"


class CueOut(FrozenModel):
    signal: str
    tone: str = Field(description="good, warn or info.")
    text: str


class SignalOut(FrozenModel):
    signal: str
    detector: str = Field(description="The detector whose finding shows it.")
    version: str
    label: str
    quote: str


class DrillTurnOut(FrozenModel):
    utterance_id: str
    speaker: str
    role: str
    text: str
    node: str | None = Field(description="The script node this line belongs to.")
    signals: list[str] = Field(description="What the reply did (trainee turns only).")
    evidence: list[SignalOut] = Field(description="Each signal's detector finding.")
    cues: list[CueOut]
    cue_line: str | None = Field(description="The one-line cue shown after the reply.")


class ScenarioOut(FrozenModel):
    id: str
    title: str
    goal: str
    prospect: str
    prospect_role: str
    company: str
    problem: str
    cost: str
    assumptions: list[str]
    stalls: list[dict[str, str]]


class DrillReport(FrozenModel):
    """A played drill: the top-level object of ``callcoach drill run --format json``."""

    schema_version: str = DRILL_SCHEMA_VERSION
    generator: str
    scenario: ScenarioOut
    trainee: str
    ending: str = Field(description="advanced, stalled, lost, neutral, out_of_time, unfinished.")
    ending_reason: str
    replies: int
    turns: list[DrillTurnOut]
    analysis: AnalysisReport = Field(description="The drill's transcript analysed and scored.")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``DrillReport``, with its version in ``$id``."""
    schema = DrillReport.model_json_schema()
    schema["$id"] = f"urn:callcoach:schema:drill:{DRILL_SCHEMA_VERSION}"
    return schema
