"""A stored call as one plain JSON-able dict: what the database holds and the dump carries.

``record_from_analysis`` builds it from a fresh analysis, the repository writes and reads
it, and ``report_from_record`` rebuilds the ``AnalysisReport`` of ``callcoach analyze``
from it, so a stored call can be reported on again without re-running the detectors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from callcoach.api import Analysis
from callcoach.model import Deal, DealLink
from callcoach.report.schema import (
    AnalysisReport,
    CallOut,
    FindingOut,
    MetricOut,
    RolesOut,
    ScorecardOut,
    SpeakerOut,
    UtteranceOut,
    timestamp,
)

__all__ = [
    "CallRecord",
    "account_of",
    "deal_from_record",
    "deal_record",
    "link_from_record",
    "link_record",
    "normalize_key",
    "record_from_analysis",
    "report_from_record",
]

CallRecord = dict[str, Any]

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


def record_from_analysis(analysis: Analysis, report: AnalysisReport) -> CallRecord:
    """The record of an analysed call; ``report`` is ``build_report`` of the same analysis."""
    call = analysis.call
    roles = analysis.roles
    return {
        "id": call.id,
        "source": call.source,
        "format": call.format,
        "title": call.title,
        "date": call.date.isoformat() if call.date is not None else None,
        "duration_seconds": call.duration,
        "metadata": dict(call.metadata),
        "warnings": [{"message": w.message, "line": w.line} for w in call.warnings],
        "roles": {
            "method": roles.method,
            "confidence": roles.confidence,
            "reasons": list(roles.reasons),
            "unavailable_reason": roles.unavailable_reason,
            "roles": dict(roles.roles),
            "speaker_scores": dict(roles.speaker_scores),
        },
        "speakers": [
            {"name": s.name, "email": s.email, "role": roles.role_of(s.name)} for s in call.speakers
        ],
        "utterances": [
            {
                "id": u.id,
                "index": u.index,
                "speaker": u.speaker,
                "text": u.text,
                "start": u.start,
                "end": u.end,
                "segments": [
                    {"text": s.text, "start": s.start, "end": s.end, "line": s.line}
                    for s in u.segments
                ],
            }
            for u in call.utterances
        ],
        "detectors": sorted(analysis.findings),
        "metrics": [m.model_dump(mode="json") for m in report.metrics],
        "findings": [
            f.model_dump(mode="json")
            for name in sorted(report.findings)
            for f in report.findings[name]
        ],
        "scorecards": [report.scorecard.model_dump(mode="json")] if report.scorecard else [],
    }


def report_from_record(record: CallRecord, generator: str) -> AnalysisReport:
    """The ``AnalysisReport`` of a stored call (first scorecard, if any)."""
    roles: dict[str, str] = record["roles"]["roles"]
    utterances = record["utterances"]
    findings: dict[str, list[FindingOut]] = {name: [] for name in record["detectors"]}
    for item in record["findings"]:
        findings.setdefault(item["detector"], []).append(FindingOut.model_validate(item))
    scorecards = record["scorecards"]
    return AnalysisReport(
        generator=generator,
        call=CallOut(
            id=record["id"],
            source=record["source"],
            format=record["format"],
            title=record["title"],
            date=date.fromisoformat(record["date"]) if record["date"] else None,
            duration_seconds=record["duration_seconds"],
            utterance_count=len(utterances),
            has_timestamps=bool(utterances)
            and all(u["start"] is not None and u["end"] is not None for u in utterances),
            warnings=[
                f"line {w['line']}: {w['message']}" if w["line"] is not None else w["message"]
                for w in record["warnings"]
            ],
        ),
        speakers=[SpeakerOut.model_validate(s) for s in record["speakers"]],
        roles=RolesOut(
            method=record["roles"]["method"],
            confidence=record["roles"]["confidence"],
            reasons=record["roles"]["reasons"],
            unavailable_reason=record["roles"]["unavailable_reason"],
        ),
        metrics=[MetricOut.model_validate(m) for m in record["metrics"]],
        findings=dict(sorted(findings.items())),
        scorecard=ScorecardOut.model_validate(scorecards[0]) if scorecards else None,
        transcript=[
            UtteranceOut(
                id=u["id"],
                speaker=u["speaker"],
                role=roles.get(u["speaker"], "unknown") if u["speaker"] is not None else "unknown",
                start=u["start"],
                end=u["end"],
                timestamp=timestamp(u["start"]),
                line=u["segments"][0]["line"] if u["segments"] else None,
                text=u["text"],
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
