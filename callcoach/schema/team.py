"""The team report (``team.json``): per-rep criterion means, distributions, trends and gaps.

``build_team_report`` summarizes the call reports with ``callcoach.scoring.team`` and turns the
summary into these models. Bump ``TEAM_SCHEMA_VERSION`` (major.minor, as the analysis schema)
when a field changes, and regenerate ``callcoach/schema/json/team.v<version>.json`` with
``python scripts/regenerate_schemas.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from pydantic import Field, model_validator

from callcoach.schema.analysis import AnalysisReport, ScorecardOut
from callcoach.schema.base import FrozenModel, attributes
from callcoach.scoring.team import (
    CriterionResult,
    RepSummary,
    ScoredCall,
    TeamSummary,
    summarize_team,
)

__all__ = [
    "TEAM_SCHEMA_VERSION",
    "CriterionStatsOut",
    "RepOut",
    "TeamCallOut",
    "TeamReport",
    "build_team_report",
    "json_schema",
    "relative_href",
    "scored_call",
    "scored_calls",
]

# Written as 1.0 since the team report has existed; it moves on its own from now on.
TEAM_SCHEMA_VERSION = "1.1"


class CriterionStatsOut(FrozenModel):
    id: str
    title: str
    weight: float
    mean: float | None
    observed: int = Field(description="Calls in which the criterion could be scored.")
    distribution: list[int] = Field(description="Number of calls scoring 1, 2, 3, 4 and 5.")
    trend_per_30_days: float | None = Field(description="Score points per 30 days; null if few.")
    trend_reason: str
    raised: int = Field(
        default=0,
        description="Observed calls whose score was raised to the rubric's absence floor "
        "(nothing found on an otherwise strong call; schema 1.1).",
    )


class RepOut(FrozenModel):
    rep: str
    calls: int
    first_date: date | None
    last_date: date | None
    overall_mean: float | None
    criteria: list[CriterionStatsOut]
    biggest_gap: str | None
    biggest_gap_reason: str
    call_focus: dict[str, int] = Field(
        default_factory=dict,
        description="How often each criterion was a call's 'one thing to work on'.",
    )

    @model_validator(mode="before")
    @classmethod
    def _of_summary(cls, data: Any) -> Any:
        if isinstance(data, RepSummary):  # call_focus: (id, count) pairs, most first
            return attributes(data, cls, call_focus=dict(data.call_focus))
        return data


class TeamCallOut(FrozenModel):
    call_id: str
    source: str
    date: date | None
    reps: list[str]
    overall: float | None
    report: str | None = Field(
        description="Relative link to the call's own report (./name, percent-encoded), if written."
    )
    left_out: str | None = Field(
        default=None, description="Why the team numbers leave this call out (no named rep)."
    )


class TeamReport(FrozenModel):
    schema_version: str = TEAM_SCHEMA_VERSION
    generator: str
    rubric_id: str
    calls: list[TeamCallOut]
    reps: list[RepOut]
    counted_calls: int = Field(default=0, description="Calls counted in the team numbers.")


def scored_calls(reports: Sequence[AnalysisReport]) -> list[ScoredCall]:
    return [
        scored_call(
            r.scorecard,
            r.call.id,
            r.call.source,
            r.call.date,
            tuple(s.name for s in r.speakers if s.role == "rep"),
        )
        for r in reports
        if r.scorecard is not None
    ]


def scored_call(
    card: ScorecardOut, call_id: str, source: str, day: date | None, reps: tuple[str, ...]
) -> ScoredCall:
    """A call's scorecard as ``summarize_team`` reads it (from a report or the database)."""
    return ScoredCall(
        call_id=call_id,
        source=source,
        date=day,
        reps=reps,
        rubric_id=card.rubric_id,
        overall=card.overall,
        criteria=tuple(
            CriterionResult(c.id, c.title, c.weight, c.score, c.raised_by_floor)
            for c in card.criteria
        ),
        focus=card.focus,
    )


def build_team_report(
    reports: Sequence[AnalysisReport], links: dict[str, str] | None = None
) -> TeamReport:
    """The team summary. ``links`` maps a call's source (its file) to its report's file name,
    which becomes a relative link (``./name``, percent-encoded: never a ``javascript:`` URL)."""
    from callcoach import __version__

    summary: TeamSummary = summarize_team(scored_calls(reports))
    links = {source: relative_href(name) for source, name in (links or {}).items()}
    left_out = {o.call_id: o.reason for o in summary.left_out}
    return TeamReport(
        generator=f"callcoach {__version__}",
        rubric_id=summary.rubric_id,
        counted_calls=summary.calls,
        calls=[
            TeamCallOut(
                call_id=r.call.id,
                source=r.call.source,
                date=r.call.date,
                reps=[s.name for s in r.speakers if s.role == "rep"],
                overall=r.scorecard.overall if r.scorecard else None,
                report=links.get(r.call.source),
                left_out=left_out.get(r.call.id),
            )
            for r in reports
        ],
        reps=[RepOut.model_validate(rep, from_attributes=True) for rep in summary.reps],
    )


def relative_href(name: str) -> str:
    """A link to the file ``name`` beside the page: "./" + the percent-encoded name, so a file
    named "javascript:alert(1).html" or "//host/x" can only ever be a relative path."""
    try:  # a file name with undecodable bytes: link to those very bytes
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "replace")
    return "./" + quote(raw, safe="")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``TeamReport``, with its version in ``$id``."""
    schema = TeamReport.model_json_schema()
    schema["$id"] = f"urn:callcoach:schema:team:{TEAM_SCHEMA_VERSION}"
    return schema
