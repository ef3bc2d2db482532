"""The REST API, ``/api/v1``: calls (upload, list, get, delete), their scorecards, findings
and comments, upload jobs, reps, deals, insights and rubrics.

Every route takes ``current_user`` (401 without credentials; a read-scoped token cannot
write) and asks ``callcoach.web.access`` what the user may see; a call outside the user's
view is a 404, like a missing one. Handlers only translate HTTP to the service functions in
``callcoach.web.services`` and the stores, and back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from callcoach.schema.base import attributes
from callcoach.storage.accounts import CallSummary, StoredComment, UploadJob
from callcoach.web import services
from callcoach.web.access import (
    can_comment,
    can_delete_call,
    can_see_rep,
    visible_calls_filter,
)
from callcoach.web.auth import WebUser, bearer_scheme, current_user
from callcoach.web.state import web_state

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1",
    dependencies=[Depends(bearer_scheme)],  # documents bearer auth on every operation
    responses={401: {"description": "No or invalid credentials."}},
)

User = Annotated[WebUser, Depends(current_user)]
CallId = Annotated[
    str, Path(min_length=1, max_length=64, description="The call id (SHA-256 of its source).")
]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such call, or not one you may see."}
}


class _Out(BaseModel):
    # Built from the storage layer's frozen dataclasses by attribute, not copied field by field.
    model_config = ConfigDict(frozen=True, from_attributes=True)


class UserOut(_Out):
    id: int
    email: str
    name: str
    role: Literal["admin", "manager", "rep"]
    teams: list[str]
    token_scope: Literal["read", "write"] | None = Field(
        description="The scope of the API token used; null for a browser session."
    )


class CallSummaryOut(_Out):
    id: str
    title: str | None
    date: date | None
    duration_seconds: float | None
    format: str
    reps: list[str]
    prospects: list[str]
    account: str | None
    rubric: str | None = Field(description="Rubric id of the score shown (the first by id).")
    overall: float | None = Field(description="Overall score 1–5; null when not scored.")


class CallListOut(_Out):
    total: int = Field(description="Calls matching the filters, all pages together.")
    limit: int
    offset: int
    calls: list[CallSummaryOut]


class UploadOut(_Out):
    id: str
    call_id: str = Field(description="The id the call has (or will have) once analysed.")
    filename: str
    format: str | None
    size: int
    rep: str | None
    call_type: str | None
    call_date: date | None
    status: Literal["queued", "running", "done", "failed"]
    stage: str
    progress: float = Field(ge=0, le=1)
    error: str | None = Field(description="Why the analysis failed (the ingest message).")
    created_at: datetime
    finished_at: datetime | None
    status_url: str
    call_url: str


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(min_length=1, max_length=5000)
    utterance_id: str | None = Field(default=None, max_length=64)
    finding: int | None = Field(default=None, ge=0, description="A finding's index in the call.")


class CommentOut(_Out):
    id: int
    call_id: str
    author: str
    utterance_id: str | None
    finding: int | None
    body: str
    created_at: datetime


class RepOut(_Out):
    name: str
    email: str | None
    calls: int


class RepScoreOut(_Out):
    call_id: str
    date: date | None
    rubric_id: str
    overall: float | None
    criteria: dict[str, int | None]


class RepDetailOut(_Out):
    name: str
    email: str | None
    calls: list[CallSummaryOut]
    scores: list[RepScoreOut] = Field(description="Each scored call's scores, oldest first.")


class DealOut(_Out):
    source: str
    id: str
    name: str | None
    account: str | None
    amount: float | None
    currency: str | None
    stage: str | None
    won: bool | None
    created: date | None
    close_date: date | None
    owner: str | None
    calls: list[str] = Field(description="Ids of the linked calls you may see.")
    synthetic: bool = Field(
        description="The deal says it is synthetic (generated demo data, not a real deal)."
    )


class RubricSummaryOut(_Out):
    id: str
    title: str
    version: str
    description: str
    call_types: list[str]
    criteria: int


def _summary(call: CallSummary) -> CallSummaryOut:
    return CallSummaryOut.model_validate(call)


def _upload(job: UploadJob) -> UploadOut:
    return UploadOut.model_validate(
        attributes(
            job,
            UploadOut,
            status_url=f"/api/v1/uploads/{job.id}",
            call_url=f"/api/v1/calls/{job.call_id}",
        )
    )


def _comment(comment: StoredComment) -> CommentOut:
    return CommentOut.model_validate(comment)


def _visible_call(request: Request, user: WebUser, call_id: str) -> CallSummary:
    """The call's summary, or 404 when it is missing or outside the user's view."""
    call = services.visible_call(web_state(request), user, call_id)
    if call is None:
        raise HTTPException(404, "no such call")
    return call


# -- who am I ----------------------------------------------------------------------------------


@router.get("/me", response_model=UserOut, tags=["users"])
def me(user: User) -> UserOut:
    """The signed-in user (or the owner of the token)."""
    return UserOut.model_validate(user)


# -- calls -------------------------------------------------------------------------------------


@router.post(
    "/calls",
    status_code=202,
    response_model=UploadOut,
    tags=["calls"],
    responses={
        403: {"description": "The rep named is not yours to upload for."},
        413: {"description": "The file is over the upload limit."},
        415: {"description": "Not a transcript (audio, video, a document, binary data)."},
    },
)
async def upload_call(
    request: Request,
    response: Response,
    user: User,
    file: Annotated[UploadFile, File(description="A transcript: VTT, SRT, JSON, text, Markdown.")],
    rep: Annotated[
        str | None, Form(max_length=255, description="The rep's name as in the transcript.")
    ] = None,
    call_date: Annotated[date | None, Form(description="The call's date (YYYY-MM-DD).")] = None,
    call_type: Annotated[
        str | None,
        Form(
            max_length=64,
            description="A call type of the upload rubric: discovery, demo, negotiation, "
            "follow-up, cold-call (expert-not-friend). Guessed when absent.",
        ),
    ] = None,
) -> UploadOut:
    """Upload a transcript; it is analysed in the background (202). Follow ``status_url``
    until ``status`` is ``done`` (then ``call_url`` has the analysis) or ``failed``."""
    state = web_state(request)
    data = await file.read(state.settings.max_upload_bytes + 1)
    job = await run_in_threadpool(
        services.start_upload, state, user, data, file.filename, rep, call_date, call_type
    )
    response.headers["Location"] = f"/api/v1/uploads/{job.id}"
    return _upload(job)


@router.get("/calls", response_model=CallListOut, tags=["calls"])
def list_calls(
    request: Request,
    user: User,
    rep: Annotated[str | None, Query(max_length=255, description="A rep's name.")] = None,
    date_from: Annotated[date | None, Query(description="On or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(description="On or before (YYYY-MM-DD).")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=5)] = None,
    max_score: Annotated[float | None, Query(ge=0, le=5)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> CallListOut:
    """The calls you may see, newest first, filtered and paginated."""
    page = web_state(request).accounts.list_calls(
        visible_calls_filter(user),
        rep=rep,
        date_from=date_from,
        date_to=date_to,
        min_score=min_score,
        max_score=max_score,
        limit=limit,
        offset=offset,
    )
    return CallListOut(
        total=page.total, limit=limit, offset=offset, calls=[_summary(c) for c in page.calls]
    )


@router.get(
    "/calls/{call_id}",
    tags=["calls"],
    response_class=Response,
    responses={
        200: {
            "description": "The versioned analysis JSON (as `callcoach analyze --format json`).",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        **NOT_FOUND,
    },
)
def get_call(request: Request, user: User, call_id: CallId) -> Response:
    """A call's full analysis: call, speakers, roles, metrics, findings, scorecard and
    transcript (JSON Schema: ``callcoach schema``)."""
    _visible_call(request, user, call_id)
    report = services.call_report(web_state(request), call_id)
    return Response(report, media_type="application/json")


@router.delete(
    "/calls/{call_id}",
    status_code=204,
    tags=["calls"],
    responses={403: {"description": "Reps cannot delete calls."}, **NOT_FOUND},
)
def delete_call(request: Request, user: User, call_id: CallId) -> Response:
    """Delete a call with its analysis and comments (admins; managers for their teams)."""
    call = _visible_call(request, user, call_id)
    if not can_delete_call(user, call):
        raise HTTPException(403, "only admins and managers can delete calls")
    web_state(request).accounts.delete_call(call_id)
    return Response(status_code=204)


@router.get(
    "/calls/{call_id}/scorecards",
    tags=["calls"],
    responses={
        200: {"content": {"application/json": {"schema": {"type": "array", "items": {}}}}},
        **NOT_FOUND,
    },
)
def call_scorecards(request: Request, user: User, call_id: CallId) -> list[dict[str, Any]]:
    """Every scorecard of the call (one per rubric applied), criteria and evidence included."""
    _visible_call(request, user, call_id)
    return web_state(request).accounts.scorecards([call_id])[call_id]


@router.get(
    "/calls/{call_id}/findings",
    tags=["calls"],
    responses={
        200: {"content": {"application/json": {"schema": {"type": "array", "items": {}}}}},
        **NOT_FOUND,
    },
)
def call_findings(
    request: Request,
    user: User,
    call_id: CallId,
    detector: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    """The call's findings (each with its evidence), optionally of one detector."""
    _visible_call(request, user, call_id)
    return services.call_findings(web_state(request), call_id, detector)


@router.get(
    "/calls/{call_id}/comments",
    response_model=list[CommentOut],
    tags=["comments"],
    responses=NOT_FOUND,
)
def call_comments(request: Request, user: User, call_id: CallId) -> list[CommentOut]:
    """Comments on the call's moments and findings, oldest first."""
    _visible_call(request, user, call_id)
    return [_comment(c) for c in web_state(request).accounts.comments(call_id)]


@router.post(
    "/calls/{call_id}/comments",
    status_code=201,
    response_model=CommentOut,
    tags=["comments"],
    responses={403: {"description": "Reps cannot comment."}, **NOT_FOUND},
)
def add_comment(request: Request, user: User, call_id: CallId, comment: CommentIn) -> CommentOut:
    """Comment on a moment (``utterance_id``) or finding of a call (admins and managers)."""
    call = _visible_call(request, user, call_id)
    if not can_comment(user, call):
        raise HTTPException(403, "only admins and managers can comment")
    stored = services.add_comment(
        web_state(request), user, call_id, comment.body, comment.utterance_id, comment.finding
    )
    return _comment(stored)


@router.delete(
    "/calls/{call_id}/comments/{comment_id}",
    status_code=204,
    tags=["comments"],
    responses={403: {"description": "Not your comment."}, **NOT_FOUND},
)
def delete_comment(
    request: Request,
    user: User,
    call_id: CallId,
    comment_id: Annotated[int, Path(ge=1, le=2**62)],
) -> Response:
    """Delete a comment (its author, or an admin)."""
    _visible_call(request, user, call_id)
    accounts = web_state(request).accounts
    comment = next((c for c in accounts.comments(call_id) if c.id == comment_id), None)
    if comment is None:
        raise HTTPException(404, "no such comment")
    if comment.user_id != user.id and not user.is_admin:
        raise HTTPException(403, "only its author or an admin can delete a comment")
    accounts.delete_comment(comment_id)
    return Response(status_code=204)


# -- uploads -----------------------------------------------------------------------------------


@router.get("/uploads", response_model=list[UploadOut], tags=["uploads"])
def list_uploads(
    request: Request, user: User, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[UploadOut]:
    """Your uploads, newest first (an admin sees everyone's)."""
    owner = None if user.is_admin else user.id
    return [_upload(j) for j in web_state(request).accounts.jobs(owner, limit)]


@router.get(
    "/uploads/{upload_id}",
    response_model=UploadOut,
    tags=["uploads"],
    responses={404: {"description": "No such upload of yours."}},
)
def get_upload(
    request: Request, user: User, upload_id: Annotated[str, Path(max_length=64)]
) -> UploadOut:
    """An upload's analysis: status, stage, progress, and the error when it failed."""
    job = web_state(request).accounts.job(upload_id)
    if job is None or (job.user_id != user.id and not user.is_admin):
        raise HTTPException(404, "no such upload")
    return _upload(job)


# -- people, deals, insights, rubrics ----------------------------------------------------------


@router.get("/reps", response_model=list[RepOut], tags=["reps"])
def list_reps(request: Request, user: User) -> list[RepOut]:
    """The reps whose calls you may see, with their number of calls."""
    return [
        RepOut.model_validate(r)
        for r in services.reps(web_state(request))
        if can_see_rep(user, r.name)
    ]


@router.get(
    "/reps/{name}",
    response_model=RepDetailOut,
    tags=["reps"],
    responses={404: {"description": "No such rep, or not one you may see."}},
)
def get_rep(
    request: Request, user: User, name: Annotated[str, Path(min_length=1, max_length=255)]
) -> RepDetailOut:
    """A rep's calls and their scores over time."""
    if not can_see_rep(user, name):
        raise HTTPException(404, "no such rep")
    detail = services.rep_detail(web_state(request), user, name)
    if detail is None:
        raise HTTPException(404, "no such rep")
    rep, calls, scores = detail
    return RepDetailOut.model_validate(
        attributes(
            rep,
            RepDetailOut,
            calls=[_summary(c) for c in calls],
            scores=[RepScoreOut(**s) for s in scores],
        )
    )


@router.get("/deals", response_model=list[DealOut], tags=["deals"])
def list_deals(request: Request, user: User) -> list[DealOut]:
    """CRM deals linked to calls you may see (an admin sees every deal)."""
    from callcoach.insights.build import is_synthetic

    return [
        DealOut.model_validate(attributes(deal, DealOut, calls=calls, synthetic=is_synthetic(deal)))
        for deal, calls in services.deals(web_state(request), user)
    ]


@router.get(
    "/insights",
    tags=["insights"],
    responses={
        200: {
            "description": "Which behaviours go with won revenue (as `callcoach insights --json`)",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        403: {"description": "Reps do not see team insights."},
        409: {"description": "No deals imported yet."},
    },
    response_class=Response,
)
def insights(
    request: Request,
    user: User,
    rubric: Annotated[str | None, Query(max_length=64)] = None,
    min_closed_deals: Annotated[int, Query(ge=1, le=1_000_000)] = 100,
) -> Response:
    """Insights over the calls and deals you may see (admins and managers)."""
    if user.role == "rep":
        raise HTTPException(403, "team insights are for managers and admins")
    report = services.insights(web_state(request), user, rubric, min_closed_deals)
    if report is None:
        raise HTTPException(409, "no deals yet: import a CRM export (callcoach crm import)")
    return Response(report, media_type="application/json")


@router.get("/rubrics", response_model=list[RubricSummaryOut], tags=["rubrics"])
def list_rubrics(user: User) -> list[RubricSummaryOut]:
    """The built-in rubrics."""
    return [RubricSummaryOut(**r) for r in services.rubric_summaries()]


@router.get(
    "/rubrics/{rubric_id}",
    tags=["rubrics"],
    responses={
        200: {"content": {"application/json": {"schema": {"type": "object"}}}},
        404: {"description": "No such rubric."},
    },
)
def get_rubric(
    user: User, rubric_id: Annotated[str, Path(min_length=1, max_length=64)]
) -> dict[str, Any]:
    """A rubric with its criteria, levels and key moments."""
    rubric = services.rubric(rubric_id)
    if rubric is None:
        raise HTTPException(404, "no such rubric")
    return rubric
