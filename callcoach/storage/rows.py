"""Records ↔ table rows: the one place that knows how a call record is spread over the tables
(``calls``, ``speakers``, ``utterances``, ``findings``, ``scorecards``) and read back.

The repository decides *when* rows are written and read (transactions, upserts, keys); these
functions only say *what* goes in each column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any, TypeVar

from callcoach.model import Deal, DealLink
from callcoach.schema.analysis import FindingOut, ScorecardOut, SpeakerOut
from callcoach.storage.models import CallRow, FindingRow, ScorecardRow, SpeakerRow, UtteranceRow
from callcoach.storage.records import CallRecord, UtteranceRecord, deal_record

__all__ = [
    "EMAIL_LIMIT",
    "call_values",
    "deal_of_row",
    "deal_values",
    "finding_rows",
    "link_of_row",
    "of_row",
    "record_of_rows",
    "scorecard_rows",
    "speaker_rows",
    "stored_email",
    "utterance_rows",
]

T = TypeVar("T")

# Longer e-mail addresses fit no column (and are no address): stored as unknown.
EMAIL_LIMIT = 320


def stored_email(email: str | None) -> str | None:
    return email if email is not None and len(email) <= EMAIL_LIMIT else None


def call_values(record: CallRecord, import_id: int | None) -> dict[str, Any]:
    """The ``calls`` row of a record (its account is resolved by the repository)."""
    return {
        "id": record.id,
        "source": record.source,
        "format": record.format,
        "title": record.title,
        "date": record.date,
        "duration_seconds": record.duration_seconds,
        "metadata": record.metadata,
        "warnings": _json(record.warnings),
        "roles": record.roles.model_dump(mode="json"),
        "metrics": _json(record.metrics),
        "detectors": list(record.detectors),
        "import_id": import_id,
    }


def speaker_rows(call_id: str, speakers: Iterable[SpeakerOut]) -> list[dict[str, Any]]:
    return [
        {
            "call_id": call_id,
            "position": i,
            "name": s.name,
            "email": stored_email(s.email),
            "role": s.role,
        }
        for i, s in enumerate(speakers)
    ]


def utterance_rows(call_id: str, utterances: Iterable[UtteranceRecord]) -> list[dict[str, Any]]:
    return [
        {
            "call_id": call_id,
            "position": u.index,
            "utterance_id": u.id,
            "speaker": u.speaker,
            "text": u.text,
            "start": u.start,
            "end": u.end,
            "segments": _json(u.segments),
        }
        for u in utterances
    ]


def finding_rows(call_id: str, findings: Iterable[FindingOut]) -> list[dict[str, Any]]:
    return [
        {"call_id": call_id, "position": i, **f.model_dump(mode="json")}
        for i, f in enumerate(findings)
    ]


def scorecard_rows(call_id: str, scorecards: Iterable[ScorecardOut]) -> list[dict[str, Any]]:
    return [
        {
            "call_id": call_id,
            "rubric_id": card.rubric_id,
            "rubric_version": card.rubric_version,
            "overall": card.overall,
            "data": card.model_dump(mode="json"),
        }
        for card in scorecards
    ]


def record_of_rows(
    row: CallRow,
    speakers: Iterable[SpeakerRow],
    utterances: Iterable[UtteranceRow],
    findings: Iterable[FindingRow],
    scorecards: Iterable[ScorecardRow],
) -> CallRecord:
    """The record that ``call_values`` and the ``*_rows`` functions spread over the tables
    (each iterable in its stored order)."""
    return CallRecord.model_validate(
        {
            "id": row.id,
            "source": row.source,
            "format": row.format,
            "title": row.title,
            "date": row.date,
            "duration_seconds": row.duration_seconds,
            "metadata": row.metadata_,
            "warnings": row.warnings,
            "roles": row.roles,
            "speakers": [{"name": s.name, "email": s.email, "role": s.role} for s in speakers],
            "utterances": [
                {
                    "id": u.utterance_id,
                    "index": u.position,
                    "speaker": u.speaker,
                    "text": u.text,
                    "start": u.start,
                    "end": u.end,
                    "segments": u.segments,
                }
                for u in utterances
            ],
            "detectors": row.detectors,
            "metrics": row.metrics,
            "findings": [
                {
                    "detector": f.detector,
                    "version": f.version,
                    "params": f.params,
                    "label": f.label,
                    "confidence": f.confidence,
                    "evidence": f.evidence,
                    "attributes": f.attributes,
                }
                for f in findings
            ],
            "scorecards": [c.data for c in scorecards],
        }
    )


def deal_values(deal: Deal) -> dict[str, Any]:
    """The ``deals`` row of a deal, less its ``account_id`` (resolved by the repository)."""
    return {**deal_record(deal), "created": deal.created, "close_date": deal.close_date}


def of_row(cls: type[T], row: Any, **derived: Any) -> T:
    """A dataclass ``cls`` from a row (an ORM object or a plain row): each field from the
    row's attribute of the same name, but those given in ``derived``."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{n: getattr(row, n) for n in names if n not in derived}, **derived)


def deal_of_row(r: Any) -> Deal:
    """A ``Deal`` from a ``deals`` row (an ORM object or a plain row)."""
    return of_row(Deal, r, contact_emails=tuple(r.contact_emails or ()))


def link_of_row(r: Any) -> DealLink:
    """A ``DealLink`` from a ``deal_links`` row."""
    return of_row(DealLink, r)


def _json(items: Iterable[Any]) -> list[Any]:
    return [item.model_dump(mode="json") for item in items]
