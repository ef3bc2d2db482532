"""The JSON output of ``callcoach analyze``: one pydantic model per object, schema generated.

Bump ``SCHEMA_VERSION`` (major for removals/renames, minor for additions) whenever a field
changes, and regenerate ``docs/schema/analysis.schema.json`` with ``callcoach schema``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from callcoach.model import (
    Call,
    CriterionScore,
    Evidence,
    Finding,
    MeasuredValue,
    Metric,
    RoleAssignment,
    Scorecard,
)

SCHEMA_VERSION = "1.0"


class FrozenModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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


class MetricOut(FrozenModel):
    name: str
    value: float | None = Field(description="null when unavailable; 'reason' then says why.")
    unit: str
    description: str
    reason: str | None
    evidence: list[EvidenceOut]
    details: dict[str, Any]


class FindingOut(FrozenModel):
    detector: str
    version: str
    params: dict[str, Any]
    label: str
    confidence: float
    evidence: list[EvidenceOut]
    attributes: dict[str, Any]


class SpeakerOut(FrozenModel):
    name: str
    email: str | None
    role: str = Field(description="rep, prospect or unknown.")


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


class UtteranceOut(FrozenModel):
    id: str
    speaker: str | None
    role: str
    start: float | None
    end: float | None
    timestamp: str | None
    line: int | None
    text: str


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
    overall: float | None = Field(description="Weighted mean of the observed criteria, 1–5.")
    overall_derivation: str
    strengths: list[str] = Field(description="Ids of the (up to) two strongest criteria.")
    focus: str | None = Field(description="Id of the one criterion to work on next.")
    criteria: list[CriterionOut]
    key_moments: list[KeyMomentOut]


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


def timestamp(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def evidence_out(evidence: Evidence) -> EvidenceOut:
    return EvidenceOut(
        utterance_id=evidence.utterance_id,
        speaker=evidence.speaker,
        start=evidence.start,
        end=evidence.end,
        timestamp=timestamp(evidence.start),
        line=evidence.line,
        quote=evidence.quote,
        char_start=evidence.char_start,
        char_end=evidence.char_end,
    )


def _jsonable(value: Mapping[str, Any]) -> dict[str, Any]:
    # Attributes may hold tuples, dates or numpy scalars; JSON gets their plain forms.
    result: dict[str, Any] = json.loads(json.dumps(dict(value), default=_plain))
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)


def metric_out(metric: Metric) -> MetricOut:
    return MetricOut(
        name=metric.name,
        value=metric.value,
        unit=metric.unit,
        description=metric.description,
        reason=metric.reason,
        evidence=[evidence_out(e) for e in metric.evidence],
        details=_jsonable(metric.details),
    )


def finding_out(finding: Finding) -> FindingOut:
    return FindingOut(
        detector=finding.detector,
        version=finding.version,
        params=_jsonable(finding.params),
        label=finding.label,
        confidence=finding.confidence,
        evidence=[evidence_out(e) for e in finding.evidence],
        attributes=_jsonable(finding.attributes),
    )


def measured_out(value: MeasuredValue) -> MeasuredValueOut:
    return MeasuredValueOut(
        id=value.id,
        description=value.description,
        value=value.value,
        unit=value.unit,
        reason=value.reason,
        evidence=[evidence_out(e) for e in value.evidence],
    )


def criterion_out(criterion: CriterionScore) -> CriterionOut:
    return CriterionOut(
        id=criterion.id,
        title=criterion.title,
        weight=criterion.weight,
        score=criterion.score,
        derivation=criterion.derivation,
        measures=[measured_out(m) for m in criterion.measures],
        evidence=[evidence_out(e) for e in criterion.evidence],
        to_improve=criterion.to_improve,
        tip=criterion.tip,
    )


def scorecard_out(card: Scorecard) -> ScorecardOut:
    return ScorecardOut(
        rubric_id=card.rubric_id,
        rubric_version=card.rubric_version,
        call_type=card.call_type,
        call_type_confidence=card.call_type_confidence,
        call_type_reason=card.call_type_reason,
        overall=card.overall,
        overall_derivation=card.overall_derivation,
        strengths=list(card.strengths),
        focus=card.focus,
        criteria=[criterion_out(c) for c in card.criteria],
        key_moments=[
            KeyMomentOut(kind=m.kind, title=m.title, evidence=evidence_out(m.evidence))
            for m in card.key_moments
        ],
    )


def build_report(
    call: Call,
    roles: RoleAssignment,
    metrics: tuple[Metric, ...],
    findings: Mapping[str, tuple[Finding, ...]],
    scorecard: Scorecard | None = None,
) -> AnalysisReport:
    from callcoach import __version__

    return AnalysisReport(
        generator=f"callcoach {__version__}",
        call=CallOut(
            id=call.id,
            source=call.source,
            format=call.format,
            title=call.title,
            date=call.date,
            duration_seconds=call.duration,
            utterance_count=len(call.utterances),
            has_timestamps=call.has_timestamps,
            warnings=[str(w) for w in call.warnings] + _timing_warnings(call),
        ),
        speakers=[
            SpeakerOut(name=s.name, email=s.email, role=roles.role_of(s.name))
            for s in call.speakers
        ],
        roles=RolesOut(
            method=roles.method,
            confidence=roles.confidence,
            reasons=list(roles.reasons),
            unavailable_reason=roles.unavailable_reason,
        ),
        metrics=[metric_out(m) for m in metrics],
        findings={
            name: [finding_out(f) for f in items] for name, items in sorted(findings.items())
        },
        scorecard=scorecard_out(scorecard) if scorecard is not None else None,
        transcript=[
            UtteranceOut(
                id=u.id,
                speaker=u.speaker,
                role=roles.role_of(u.speaker),
                start=u.start,
                end=u.end,
                timestamp=timestamp(u.start),
                line=u.line,
                text=u.text,
            )
            for u in call.utterances
        ],
    )


def _timing_warnings(call: Call) -> list[str]:
    timed = len(call.timed_utterances)
    if 0 < timed < len(call.utterances):
        return [
            f"partly timed: {len(call.utterances) - timed} of {len(call.utterances)} utterances"
            " have no start or end time; time-based metrics cover the timed part only"
        ]
    return []


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``AnalysisReport``, with its version in ``$id``."""
    schema = AnalysisReport.model_json_schema()
    schema["$id"] = f"urn:callcoach:schema:analysis:{SCHEMA_VERSION}"
    return schema
