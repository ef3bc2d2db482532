"""The JSON output of ``callcoach analyze``: one pydantic model per object, schema generated.

Bump ``SCHEMA_VERSION`` (major for removals/renames, minor for additions) whenever a field
changes, and regenerate the committed schema files with ``python scripts/regenerate_schemas.py``
(``callcoach/schema/json/analysis.v<version>.json`` and ``docs/schema/analysis.schema.json``).

Every model is built from the frozen dataclass it reports on with
``Model.model_validate(obj, from_attributes=True)``; the few fields that the dataclass has no
attribute for (a readable timestamp, a speaker's role) are derived in one validator each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, overload

from pydantic import Field, ValidationInfo, model_validator

from callcoach.model import (
    Call,
    Evidence,
    Finding,
    Metric,
    RoleAssignment,
    Scorecard,
    Speaker,
    Utterance,
)
from callcoach.model.analysis import Analysis
from callcoach.schema.base import FrozenModel, JsonObject, attributes, timestamp

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisReport",
    "CallOut",
    "CriterionOut",
    "EvidenceOut",
    "FindingOut",
    "KeyMomentOut",
    "MeasuredValueOut",
    "MetricOut",
    "RolesOut",
    "ScorecardOut",
    "SpeakerOut",
    "UtteranceOut",
    "build_report",
    "json_schema",
    "timing_warnings",
]

SCHEMA_VERSION = "1.1"


class EvidenceOut(FrozenModel):
    utterance_id: str = Field(description="Id of the utterance quoted, e.g. 'u0042'.")
    speaker: str | None = Field(description="Speaker as named in the transcript.")
    start: float | None = Field(description="Utterance start in seconds; null without times.")
    end: float | None = Field(description="Utterance end in seconds; null without times.")
    timestamp: str | None = Field(description="Start as [h:]mm:ss for people to read.")
    line: int | None = Field(description="1-based line of the source file, when known.")
    quote: str
    char_start: int
    char_end: int | None

    @model_validator(mode="before")
    @classmethod
    def _of_evidence(cls, data: Any) -> Any:
        if isinstance(data, Evidence):
            return attributes(data, cls, timestamp=timestamp(data.start))
        return data


class MetricOut(FrozenModel):
    name: str
    value: float | None = Field(description="null when unavailable; 'reason' then says why.")
    unit: str
    description: str
    reason: str | None
    evidence: list[EvidenceOut]
    details: JsonObject


class FindingOut(FrozenModel):
    detector: str
    version: str
    params: JsonObject
    label: str
    confidence: float
    evidence: list[EvidenceOut]
    attributes: JsonObject


def _role(data: object, name: str | None, info: ValidationInfo) -> str:
    roles = (info.context or {}).get("roles")
    if not isinstance(roles, RoleAssignment):
        raise ValueError(f"a {type(data).__name__}'s role needs context={{'roles': ...}}")
    return roles.role_of(name)


class SpeakerOut(FrozenModel):
    name: str
    email: str | None
    role: str = Field(description="rep, prospect or unknown.")

    @model_validator(mode="before")
    @classmethod
    def _of_speaker(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, Speaker):
            return attributes(data, cls, role=_role(data, data.name, info))
        return data


class RolesOut(FrozenModel):
    method: str = Field(description="explicit, roster, heuristic or none.")
    confidence: float
    reasons: list[str]
    unavailable_reason: str | None


class CallOut(FrozenModel):
    id: str = Field(description="SHA-256 of the source file's bytes.")
    source: str
    format: str
    title: str | None
    date: date | None
    duration_seconds: float | None
    utterance_count: int
    has_timestamps: bool
    warnings: list[str]

    @model_validator(mode="before")
    @classmethod
    def _of_call(cls, data: Any) -> Any:
        if isinstance(data, Call):
            return attributes(
                data,
                cls,
                duration_seconds=data.duration,
                utterance_count=len(data.utterances),
                warnings=[str(w) for w in data.warnings]
                + timing_warnings(len(data.timed_utterances), len(data.utterances)),
            )
        return data


class UtteranceOut(FrozenModel):
    id: str
    speaker: str | None
    role: str
    start: float | None
    end: float | None
    timestamp: str | None
    line: int | None
    text: str

    @model_validator(mode="before")
    @classmethod
    def _of_utterance(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, Utterance):
            return attributes(
                data,
                cls,
                role=_role(data, data.speaker, info),
                timestamp=timestamp(data.start),
            )
        return data


class MeasuredValueOut(FrozenModel):
    id: str
    description: str
    value: float | None
    unit: str
    reason: str | None
    evidence: list[EvidenceOut]


class CriterionOut(FrozenModel):
    id: str
    title: str
    weight: float
    score: int | None = Field(description="1–5; null when 'not observed' (see derivation).")
    derivation: str = Field(description="How the score follows from the measured values.")
    measures: list[MeasuredValueOut]
    evidence: list[EvidenceOut]
    to_improve: str | None
    tip: str | None
    raised_by_floor: bool = Field(
        default=False,
        description="Raised to the rubric's absence floor: nothing was found on an otherwise "
        "strong call, so the detector may have missed it (schema 1.1; false in 1.0 files).",
    )


class KeyMomentOut(FrozenModel):
    kind: str
    title: str
    evidence: EvidenceOut


class ScorecardOut(FrozenModel):
    rubric_id: str
    rubric_version: str
    call_type: str
    call_type_confidence: float
    call_type_reason: str
    overall: float | None = Field(
        description="Mean of the observed criteria, 1–5: weighted, or plain (overall_method)."
    )
    overall_derivation: str
    strengths: list[str] = Field(description="Ids of the (up to) two strongest criteria.")
    focus: str | None = Field(description="Id of the one criterion to work on next.")
    criteria: list[CriterionOut]
    key_moments: list[KeyMomentOut]
    overall_method: str = Field(
        default="weighted",
        description="'weighted': the criterion weights make the overall; 'mean': every "
        "criterion counts once and the weights only break ties (schema 1.1).",
    )


class AnalysisReport(FrozenModel):
    """One analysed call: the top-level object of ``callcoach analyze --format json``."""

    schema_version: str = SCHEMA_VERSION
    generator: str = Field(description="callcoach version that wrote this file.")
    call: CallOut
    speakers: list[SpeakerOut]
    roles: RolesOut
    metrics: list[MetricOut]
    findings: dict[str, list[FindingOut]] = Field(description="Findings per detector name.")
    scorecard: ScorecardOut | None = Field(
        default=None, description="Present when a rubric was applied (--rubric)."
    )
    transcript: list[UtteranceOut] = Field(description="The utterances, merged into turns.")

    @model_validator(mode="before")
    @classmethod
    def _of_analysis(cls, data: Any) -> Any:
        if not isinstance(data, Analysis):
            return data
        from callcoach import __version__

        # Speakers and utterances join the call with the roles: validated with them at hand.
        context = {"roles": data.roles}
        return {
            "generator": f"callcoach {__version__}",
            "call": data.call,
            "speakers": [
                SpeakerOut.model_validate(s, from_attributes=True, context=context)
                for s in data.call.speakers
            ],
            "roles": data.roles,
            "metrics": data.metrics,
            "findings": dict(sorted(data.findings.items())),
            "scorecard": data.scorecard,
            "transcript": [
                UtteranceOut.model_validate(u, from_attributes=True, context=context)
                for u in data.call.utterances
            ],
        }


def timing_warnings(timed: int, utterances: int) -> list[str]:
    """The warning of a call with ``timed`` of its ``utterances`` timed (none when all or
    none are)."""
    if 0 < timed < utterances:
        return [
            f"partly timed: {utterances - timed} of {utterances} utterances"
            " have no start or end time; time-based metrics cover the timed part only"
        ]
    return []


@overload
def build_report(analysis: Analysis, /) -> AnalysisReport: ...


@overload
def build_report(
    call: Call,
    roles: RoleAssignment,
    metrics: Sequence[Metric],
    findings: Mapping[str, Sequence[Finding]],
    scorecard: Scorecard | None = None,
) -> AnalysisReport: ...


def build_report(
    call: Analysis | Call,
    roles: RoleAssignment | None = None,
    metrics: Sequence[Metric] = (),
    findings: Mapping[str, Sequence[Finding]] | None = None,
    scorecard: Scorecard | None = None,
) -> AnalysisReport:
    """The ``AnalysisReport`` of an ``Analysis``.

    The older form ``build_report(call, roles, metrics, findings, scorecard=None)`` still
    works: it is the same report of ``Analysis(call, roles, metrics, findings, scorecard)``.
    """
    if isinstance(call, Analysis):
        if roles is not None or metrics or findings is not None or scorecard is not None:
            raise TypeError("build_report(analysis) takes no further arguments")
        analysis = call
    else:
        if roles is None:
            raise TypeError("build_report(call, roles, metrics, findings) needs the roles")
        analysis = Analysis(
            call,
            roles,
            tuple(metrics),
            {k: tuple(v) for k, v in (findings or {}).items()},
            scorecard,
        )
    return AnalysisReport.model_validate(analysis, from_attributes=True)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``AnalysisReport``, with its version in ``$id``."""
    schema = AnalysisReport.model_json_schema()
    schema["$id"] = f"urn:callcoach:schema:analysis:{SCHEMA_VERSION}"
    return schema
