"""The JSON output of ``callcoach screen --format json``: a screened hiring interview.

Bump ``SCREEN_SCHEMA_VERSION`` (major.minor) when a field changes, and regenerate
``callcoach/schema/json/screen.v<version>.json`` with ``python scripts/regenerate_schemas.py``.
The screen itself is ``callcoach.drills.screen``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from callcoach.schema.base import FrozenModel

__all__ = [
    "SCREEN_SCHEMA_VERSION",
    "BehaviourOut",
    "CountsOut",
    "RoleplayOut",
    "ScreenReport",
    "StatementOut",
    "json_schema",
]

SCREEN_SCHEMA_VERSION = "1.0"


class StatementOut(FrozenModel):
    stance: str = Field(description="relationship_first or problem_first.")
    quote: str
    phrase: str = Field(description="The words that decided the stance.")
    utterance_id: str
    timestamp: str | None = Field(description="[h:]mm:ss; null when the file has no times.")
    start: float | None
    line: int | None
    in_roleplay: bool
    detector: str
    version: str


class BehaviourOut(FrozenModel):
    signal: str
    tone: str = Field(description="good (the method's behaviour) or warn (its opposite).")
    text: str
    quote: str
    utterance_id: str
    timestamp: str | None
    start: float | None
    line: int | None
    detector: str


class RoleplayOut(FrozenModel):
    found: bool
    how: str = Field(description="How the role-play was located (or why it was not).")
    start: str | None
    end: str | None
    candidate_turns: int


class CountsOut(FrozenModel):
    relationship_statements: int
    value_statements: int
    good_behaviours: int
    warn_behaviours: int


class ScreenReport(FrozenModel):
    """A screened interview: the top-level object of ``callcoach screen --format json``."""

    schema_version: str = SCREEN_SCHEMA_VERSION
    generator: str
    source: str
    candidate: str
    interviewers: list[str]
    has_timestamps: bool
    lean: str = Field(description="value-first, relationship-first, mixed or not enough evidence.")
    lean_rule: str
    summary: str
    counts: CountsOut
    statements: list[StatementOut]
    roleplay: RoleplayOut
    behaviours: list[BehaviourOut]
    caveats: list[str]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``ScreenReport``, with its version in ``$id``."""
    schema = ScreenReport.model_json_schema()
    schema["$id"] = f"urn:callcoach:schema:screen:{SCREEN_SCHEMA_VERSION}"
    return schema
