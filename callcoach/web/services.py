"""What the API routes (and pages) do, without HTTP: reading stored calls, reps, deals and
insights within a user's view, and checking comments and uploads.

Each function takes the app's ``WebState`` and the ``WebUser``; scoping always goes through
``callcoach.web.access``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fastapi import HTTPException

from callcoach.errors import CallcoachError
from callcoach.model import Deal
from callcoach.storage.accounts import CallSummary, StoredComment, UploadJob
from callcoach.storage.records import normalize_key
from callcoach.storage.repository import Repository, StoredRep
from callcoach.web.access import can_see_call, upload_rep, visible_calls_filter
from callcoach.web.auth import WebUser
from callcoach.web.jobs import UploadRejected, UploadRequest, accept_upload
from callcoach.web.state import WebState

__all__ = [
    "DEFAULT_CALL_TYPES",
    "add_comment",
    "call_findings",
    "call_report",
    "check_call_type",
    "deals",
    "insights",
    "rep_detail",
    "reps",
    "rubric",
    "rubric_summaries",
    "start_upload",
    "visible_call",
]

DEFAULT_CALL_TYPES = ("discovery", "demo", "negotiation", "follow-up")
REP_CALLS_LIMIT = 500


def visible_call(state: WebState, user: WebUser, call_id: str) -> CallSummary | None:
    """The call's summary if it is stored and ``user`` may see it; else None."""
    return state.accounts.call_in_scope(call_id, visible_calls_filter(user))


def call_report(state: WebState, call_id: str) -> str:
    """The stored call's analysis report as JSON (``AnalysisReport``)."""
    try:
        report = Repository(state.engine).report(call_id)
    except KeyError:  # deleted meanwhile
        raise HTTPException(404, "no such call") from None
    return report.model_dump_json()


def call_findings(state: WebState, call_id: str, detector: str | None) -> list[dict[str, Any]]:
    try:
        record = Repository(state.engine).record(call_id)
    except KeyError:
        raise HTTPException(404, "no such call") from None
    findings: list[dict[str, Any]] = list(record["findings"])
    return [f for f in findings if detector is None or f.get("detector") == detector]


def add_comment(
    state: WebState,
    user: WebUser,
    call_id: str,
    body: str,
    utterance_id: str | None,
    finding: int | None,
) -> StoredComment:
    """Store a comment after checking its anchor exists on the call (else 422)."""
    if utterance_id is not None or finding is not None:
        try:
            record = Repository(state.engine).record(call_id)
        except KeyError:
            raise HTTPException(404, "no such call") from None
        if utterance_id is not None and utterance_id not in {u["id"] for u in record["utterances"]}:
            raise HTTPException(422, f"the call has no utterance {utterance_id!r}")
        if finding is not None and finding >= len(record["findings"]):
            raise HTTPException(422, f"the call has no finding {finding}")
    return state.accounts.add_comment(
        call_id, user.id, body.strip() or body, utterance_id=utterance_id, finding=finding
    )


def reps(state: WebState) -> list[StoredRep]:
    return Repository(state.engine).reps()


def rep_detail(
    state: WebState, user: WebUser, name: str
) -> tuple[StoredRep, list[CallSummary], list[dict[str, Any]]] | None:
    """(the rep, their visible calls newest first, their scores oldest first) or None."""
    key = normalize_key(name)
    rep = next((r for r in reps(state) if normalize_key(r.name) == key), None)
    if rep is None:
        return None
    page = state.accounts.list_calls(
        visible_calls_filter(user), rep=rep.name, limit=REP_CALLS_LIMIT
    )
    cards = state.accounts.scorecards([c.id for c in page.calls])
    scores: list[dict[str, Any]] = []
    for call in sorted(page.calls, key=lambda c: (c.date is None, c.date or date.min, c.id)):
        for card in cards.get(call.id, []):
            scores.append(
                {
                    "call_id": call.id,
                    "date": call.date,
                    "rubric_id": card["rubric_id"],
                    "overall": card["overall"],
                    "criteria": {c["id"]: c["score"] for c in card["criteria"]},
                }
            )
    return rep, list(page.calls), scores


def deals(state: WebState, user: WebUser) -> list[tuple[Deal, list[str]]]:
    """The deals ``user`` may see, each with the ids of its linked calls they may see."""
    repository = Repository(state.engine)
    scope = visible_calls_filter(user)
    visible_deals = state.accounts.visible_deal_keys(scope)
    visible_calls = None if scope.everything else state.accounts.visible_call_ids(scope)
    linked: dict[str, list[str]] = {}
    for link in repository.links():
        if visible_calls is None or link.call_id in visible_calls:
            linked.setdefault(link.deal_id, []).append(link.call_id)
    return [
        (deal, sorted(linked.get(deal.id, [])))
        for deal in repository.deals()
        if visible_deals is None or (deal.source, deal.id) in visible_deals
    ]


def insights(
    state: WebState, user: WebUser, rubric_id: str | None, min_closed_deals: int
) -> str | None:
    """The insights report (JSON) over the deals and calls ``user`` may see; None without
    deals. The same computation as ``callcoach insights``."""
    from callcoach.app.insights import insights_over

    repository = Repository(state.engine)
    scope = visible_calls_filter(user)
    all_deals = repository.deals()
    visible_deals = state.accounts.visible_deal_keys(scope)
    deal_list = [d for d in all_deals if visible_deals is None or (d.source, d.id) in visible_deals]
    if not deal_list:
        return None
    calls = [c for c in repository.calls() if can_see_call(user, c)]
    report = insights_over(repository, deal_list, calls, rubric_id, min_closed_deals)
    return report.model_dump_json()


def rubric_summaries() -> list[dict[str, Any]]:
    from callcoach.scoring import builtin_rubrics, load_rubric

    result = []
    for name in builtin_rubrics():
        loaded = load_rubric(name)
        result.append(
            {
                "id": loaded.id,
                "title": loaded.title,
                "version": loaded.version,
                "description": loaded.description,
                "call_types": list(loaded.call_types),
                "criteria": len(loaded.criteria),
            }
        )
    return result


def rubric(rubric_id: str) -> dict[str, Any] | None:
    """A built-in rubric as JSON; None for anything else (never a file path)."""
    from callcoach.scoring import builtin_rubrics, load_rubric

    if rubric_id not in builtin_rubrics():
        return None
    data: dict[str, Any] = load_rubric(rubric_id).model_dump(mode="json")
    return data


def start_upload(
    state: WebState,
    user: WebUser,
    data: bytes,
    filename: str | None,
    rep: str | None,
    call_date: date | None,
    call_type: str | None,
) -> UploadJob:
    """Check an upload by ``user`` (who it is attributed to, its call type, size and kind),
    keep it and queue its analysis; the new job. ``HTTPException`` 403 (a rep not theirs),
    413 (over the limit), 415 (not a transcript) or 422 (empty, unknown call type).

    The upload page and ``POST /api/v1/calls`` both call this; follow the job with
    ``state.accounts.job(job.id)`` (status, stage, progress, error).
    """
    try:
        attributed = upload_rep(user, rep)
    except PermissionError as exc:
        raise HTTPException(403, str(exc)) from None
    check_call_type(state, call_type)
    upload = UploadRequest(data, filename, attributed, call_type or None, call_date)
    try:
        job = accept_upload(state.accounts, state.settings, user.id, upload)
    except UploadRejected as exc:
        raise HTTPException(exc.status, str(exc)) from None
    state.jobs.submit(job.id)
    return job


def check_call_type(state: WebState, call_type: str | None) -> None:
    """422 unless ``call_type`` is empty or one the upload rubric knows."""
    if not call_type:
        return
    known: Sequence[str] = DEFAULT_CALL_TYPES
    if state.settings.rubric:
        from callcoach.scoring import load_rubric

        try:
            known = load_rubric(state.settings.rubric).call_types
        except CallcoachError:
            known = DEFAULT_CALL_TYPES
    if call_type not in known:
        raise HTTPException(422, f"call_type {call_type!r}: use one of {', '.join(known)}")
