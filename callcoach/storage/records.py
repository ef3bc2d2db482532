"""A stored call as one typed record: what the database holds and the dump carries.

``CallRecord.model_validate(analysis, from_attributes=True)`` (or ``record_from_analysis``)
builds it from a fresh analysis; the repository writes and reads it (``storage.rows`` turns it
into table rows and back); ``record.to_json()`` is its dump line and
``CallRecord.model_validate(json_object)`` reads one back; ``report_from_record`` rebuilds the
``AnalysisReport`` of ``callcoach analyze`` from it, so a stored call can be reported on again
without re-running the detectors.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import to_jsonable_python

from callcoach.model import Deal, DealLink
from callcoach.model.analysis import Analysis
from callcoach.schema.analysis import (
    AnalysisReport,
    CallOut,
    FindingOut,
    MetricOut,
    RolesOut,
    ScorecardOut,
    SpeakerOut,
    UtteranceOut,
    build_report,
    timing_warnings,
)
from callcoach.schema.base import FrozenModel, attributes, timestamp

__all__ = [
    "CallRecord",
    "RolesRecord",
    "SegmentRecord",
    "UtteranceRecord",
    "WarningRecord",
    "account_of",
    "deal_from_record",
    "deal_record",
    "link_from_record",
    "link_record",
    "normalize_key",
    "record_from_analysis",
    "report_from_record",
]

# Metadata fields (any case) that name the customer's company, in order of preference.
ACCOUNT_FIELDS = ("account", "company", "organization", "organisation", "customer")


def normalize_key(name: str) -> str:
    """Case- and whitespace-folded name, the unique key of reps and accounts."""
    return " ".join(name.casefold().split())


def account_of(metadata: dict[str, Any]) -> str | None:
    """The customer company named in a call's metadata, if any."""
    lowered = {str(k).casefold(): v for k, v in metadata.items()}
    for name in ACCOUNT_FIELDS:
        value = lowered.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


class SegmentRecord(FrozenModel):
    """A ``model.Segment``: one cue / line of the source file."""

    text: str
    start: float | None
    end: float | None
    line: int | None


class UtteranceRecord(FrozenModel):
    """A ``model.Utterance`` with its source segments."""

    id: str
    index: int
    speaker: str | None
    text: str
    start: float | None
    end: float | None
    segments: list[SegmentRecord]


class WarningRecord(FrozenModel):
    """A ``model.IngestWarning``."""

    message: str
    line: int | None

    def __str__(self) -> str:  # as ``IngestWarning`` says it
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


class RolesRecord(FrozenModel):
    """A ``model.RoleAssignment``, whole (the report keeps only its summary)."""

    method: str
    confidence: float
    reasons: list[str]
    unavailable_reason: str | None
    roles: dict[str, str]
    speaker_scores: dict[str, float]


class CallRecord(FrozenModel):
    """Everything stored of one analysed call. Field names and JSON forms are the dump's.

    ``record["field"]`` and ``record.get("field")`` give a field's JSON form (as in the dump
    line), for code written when a record was a plain dict.
    """

    id: str
    source: str
    format: str
    title: str | None
    date: date | None
    duration_seconds: float | None
    metadata: dict[str, Any]
    warnings: list[WarningRecord]
    roles: RolesRecord
    speakers: list[SpeakerOut]
    utterances: list[UtteranceRecord]
    detectors: list[str] = Field(description="Every detector that ran, found something or not.")
    metrics: list[MetricOut]
    findings: list[FindingOut] = Field(description="All findings, by detector name.")
    scorecards: list[ScorecardOut]

    @model_validator(mode="before")
    @classmethod
    def _of_analysis(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, Analysis):
            return data
        report = (info.context or {}).get("report")
        if not isinstance(report, AnalysisReport):
            report = build_report(data)
        call = data.call
        return attributes(
            call,
            cls,
            duration_seconds=call.duration,
            metadata=dict(call.metadata),
            roles=data.roles,
            speakers=report.speakers,
            detectors=sorted(data.findings),
            metrics=report.metrics,
            findings=[f for name in sorted(report.findings) for f in report.findings[name]],
            scorecards=[report.scorecard] if report.scorecard is not None else [],
        )

    def to_json(self) -> dict[str, Any]:
        """The record as plain JSON values (the dump line, less its ``type``)."""
        return self.model_dump(mode="json")

    def __getitem__(self, name: str) -> Any:
        if name not in type(self).model_fields:
            raise KeyError(name)
        return to_jsonable_python(getattr(self, name))

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default


def record_from_analysis(analysis: Analysis, report: AnalysisReport | None = None) -> CallRecord:
    """The record of an analysed call; ``report`` (``build_report`` of the same analysis, when
    the caller has it) saves building the report again."""
    context = {"report": report} if report is not None else None
    return CallRecord.model_validate(analysis, from_attributes=True, context=context)


def report_from_record(record: CallRecord | Mapping[str, Any], generator: str) -> AnalysisReport:
    """The ``AnalysisReport`` of a stored call (first scorecard, if any); ``record`` may also be
    a record's JSON form."""
    if not isinstance(record, CallRecord):
        record = CallRecord.model_validate(dict(record))
    roles = record.roles.roles
    utterances = record.utterances
    timed = sum(u.start is not None and u.end is not None for u in utterances)
    findings: dict[str, list[FindingOut]] = {name: [] for name in record.detectors}
    for finding in record.findings:
        findings.setdefault(finding.detector, []).append(finding)
    return AnalysisReport(
        generator=generator,
        call=CallOut.model_validate(
            attributes(
                record,
                CallOut,
                utterance_count=len(utterances),
                has_timestamps=bool(utterances) and timed == len(utterances),
                warnings=[str(w) for w in record.warnings]
                + timing_warnings(timed, len(utterances)),
            )
        ),
        speakers=record.speakers,
        roles=RolesOut.model_validate(record.roles, from_attributes=True),
        metrics=record.metrics,
        findings=dict(sorted(findings.items())),
        scorecard=record.scorecards[0] if record.scorecards else None,
        transcript=[
            UtteranceOut.model_validate(
                attributes(
                    u,
                    UtteranceOut,
                    role=roles.get(u.speaker, "unknown") if u.speaker is not None else "unknown",
                    timestamp=timestamp(u.start),
                    line=u.segments[0].line if u.segments else None,
                )
            )
            for u in utterances
        ],
    )


def deal_record(deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.id,
        "source": deal.source,
        "name": deal.name,
        "account": deal.account,
        "amount": deal.amount,
        "currency": deal.currency,
        "stage": deal.stage,
        "won": deal.won,
        "created": deal.created.isoformat() if deal.created else None,
        "close_date": deal.close_date.isoformat() if deal.close_date else None,
        "owner": deal.owner,
        "contact_emails": list(deal.contact_emails),
        "row": deal.row,
    }


def deal_from_record(record: dict[str, Any]) -> Deal:
    return Deal(
        id=record["id"],
        source=record["source"],
        name=record["name"],
        account=record["account"],
        amount=record["amount"],
        currency=record["currency"],
        stage=record["stage"],
        won=record["won"],
        created=date.fromisoformat(record["created"]) if record["created"] else None,
        close_date=date.fromisoformat(record["close_date"]) if record["close_date"] else None,
        owner=record["owner"],
        contact_emails=tuple(record["contact_emails"]),
        row=record["row"],
    )


def link_record(link: DealLink) -> dict[str, Any]:
    return {
        "call_id": link.call_id,
        "deal_id": link.deal_id,
        "method": link.method,
        "confidence": link.confidence,
        "reason": link.reason,
    }


def link_from_record(record: dict[str, Any]) -> DealLink:
    return DealLink(
        call_id=record["call_id"],
        deal_id=record["deal_id"],
        method=record["method"],
        confidence=record["confidence"],
        reason=record["reason"],
    )
