"""The HTML pages: calls, a call, a rep, the team, insights, rubrics and uploads.

Every page route takes ``user: WebUser = Depends(current_user)`` (``callcoach.web.auth``:
signs the browser in first, checks CSRF on posts) and asks ``callcoach.web.access`` what the
user may see: a call or rep the user may not see is answered 404, exactly like one that does
not exist. What a page shows is built by ``callcoach.web.views`` (pure functions over stored
data); the routes only read, check and render.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callcoach.report import words
from callcoach.report.html import stylesheet
from callcoach.storage.accounts import CallSummary
from callcoach.storage.repository import Repository, StoredCall
from callcoach.web import services
from callcoach.web.access import (
    can_comment,
    can_delete_call,
    can_see_call,
    can_see_rep,
    upload_rep,
    visible_calls_filter,
)
from callcoach.web.auth import WebUser, current_user
from callcoach.web.jobs import UploadRejected, UploadRequest, accept_upload
from callcoach.web.state import WebState, web_state
from callcoach.web.templating import render
from callcoach.web.views import data
from callcoach.web.views.call import COMMENT_LIMIT, Comment
from callcoach.web.views.calls import call_list, parse_query
from callcoach.web.views.upload import upload_view
from callcoach.web.views.urls import Urls

__all__ = ["router"]

router = APIRouter()
User = Annotated[WebUser, Depends(current_user)]
URLS = Urls()
NOT_FOUND = "no such page, or not one you may see"
RECENT_UPLOADS = 10


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return render(
        request,
        name,
        {"urls": URLS, "w": words, "comment_limit": COMMENT_LIMIT, **context},
        status_code,
    )


def _visible(state: WebState, user: WebUser) -> list[StoredCall]:
    """Every stored call ``user`` may see (headers only)."""
    return [c for c in Repository(state.engine).calls() if can_see_call(user, c)]


def _deals(state: WebState, user: WebUser) -> set[tuple[str, str]] | None:
    """(source, id) of the deals ``user`` may see; None: every deal (an admin)."""
    return state.accounts.visible_deal_keys(visible_calls_filter(user))


def _rubric(value: str | None) -> str | None:
    return (value.strip()[:64] or None) if value else None


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse(URLS.calls(), status_code=303)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon (browsers ask for one on every site): an empty answer, not a 404 in the log."""
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/assets/report.css")
def report_css() -> Response:
    """The HTML report's stylesheet (no user data; the same for everyone)."""
    return Response(
        str(stylesheet()),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/calls", response_class=HTMLResponse)
def calls_page(request: Request, user: User) -> HTMLResponse:
    state = web_state(request)
    query, errors = parse_query(dict(request.query_params))
    scope = visible_calls_filter(user)
    found = state.accounts.list_calls(
        scope,
        rep=query.rep or None,
        date_from=query.date_from,
        date_to=query.date_to,
        min_score=query.min_score,
        max_score=query.max_score,
        limit=query.per_page,
        offset=(query.page - 1) * query.per_page,
    )
    visible = state.accounts.list_calls(scope, limit=1).total if query.filtered else found.total
    reps = [] if user.role == "rep" else [r.name for r in services.reps(state)]
    view = call_list(
        found.calls,
        found.total,
        visible,
        query,
        [r for r in reps if can_see_rep(user, r)],
        errors,
    )
    return _page(request, "calls.html.j2", v=view, can_upload=True)


def _visible_call(state: WebState, user: WebUser, call_id: str) -> CallSummary:
    summary = services.visible_call(state, user, call_id)
    if summary is None:
        raise HTTPException(404, NOT_FOUND)
    return summary


@router.get("/calls/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, user: User, call_id: str) -> HTMLResponse:
    state = web_state(request)
    summary = _visible_call(state, user, call_id)
    comments = [
        Comment(str(c.id), c.utterance_id or "", c.author, c.created_at, c.body)
        for c in state.accounts.comments(call_id)
    ]
    try:
        page = data.load_call_page(
            Repository(state.engine), call_id, comments, can_comment(user, summary)
        )
    except KeyError:  # deleted meanwhile
        raise HTTPException(404, NOT_FOUND) from None
    return _page(request, "call.html.j2", p=page, can_delete=can_delete_call(user, summary))


@router.post("/calls/{call_id}/delete")
def delete_call(request: Request, user: User, call_id: str) -> RedirectResponse:
    """Delete a stored call with its analysis and comments (admins and managers)."""
    state = web_state(request)
    summary = _visible_call(state, user, call_id)
    if not can_delete_call(user, summary):
        raise HTTPException(403, "only admins and managers delete calls")
    state.accounts.delete_call(call_id)
    return RedirectResponse(URLS.calls(), status_code=303)


@router.post("/calls/{call_id}/comments")
def add_comment(
    request: Request,
    user: User,
    call_id: str,
    text: Annotated[str, Form(max_length=COMMENT_LIMIT)],
    utterance_id: Annotated[str | None, Form(max_length=64)] = None,
) -> RedirectResponse:
    state = web_state(request)
    summary = _visible_call(state, user, call_id)
    if not can_comment(user, summary):
        raise HTTPException(403, "only managers and admins comment on calls")
    if not text.strip():
        raise HTTPException(422, "the comment is empty")
    services.add_comment(state, user, call_id, text, utterance_id or None, None)
    anchor = f"#{utterance_id}" if utterance_id else ""
    return RedirectResponse(URLS.call(call_id) + anchor, status_code=303)


@router.get("/reps/{name:path}", response_class=HTMLResponse)
def rep_page(request: Request, user: User, name: str, rubric: str | None = None) -> HTMLResponse:
    state = web_state(request)
    if not can_see_rep(user, name):
        raise HTTPException(404, NOT_FOUND)
    view = data.load_rep_page(
        Repository(state.engine), name, _visible(state, user), _rubric(rubric)
    )
    if view is None:
        raise HTTPException(404, NOT_FOUND)
    return _page(request, "rep.html.j2", v=view)


@router.get("/team", response_class=HTMLResponse)
def team_page(request: Request, user: User, rubric: str | None = None) -> HTMLResponse:
    state = web_state(request)
    view = data.load_team_page(
        Repository(state.engine), _visible(state, user), _rubric(rubric), _deals(state, user)
    )
    return _page(request, "team.html.j2", v=view)


@router.get("/insights", response_class=HTMLResponse)
def insights_page(request: Request, user: User, rubric: str | None = None) -> HTMLResponse:
    state = web_state(request)
    view = data.load_insights(
        Repository(state.engine), _visible(state, user), _rubric(rubric), _deals(state, user)
    )
    return _page(request, "insights.html.j2", v=view)


@router.get("/rubrics", response_class=HTMLResponse)
def rubrics_page(request: Request, user: User) -> HTMLResponse:
    state = web_state(request)
    views = data.load_rubrics(Repository(state.engine), _visible(state, user))
    return _page(request, "rubrics.html.j2", rubrics=views)


def _upload_form(
    request: Request, user: User, errors: list[str], status_code: int = 200
) -> HTMLResponse:
    state = web_state(request)
    reps = [] if user.role == "rep" else [r.name for r in services.reps(state)]
    return _page(
        request,
        "upload.html.j2",
        status_code,
        job=None,
        errors=errors,
        reps=[r for r in reps if can_see_rep(user, r)],
        default_rep=user.name if user.role == "rep" else None,
        call_types=_call_types(state),
        max_mb=f"{state.settings.max_upload_bytes / 2**20:g}",
        recent=[upload_view(j) for j in state.accounts.jobs(user.id, RECENT_UPLOADS)],
    )


def _call_types(state: WebState) -> tuple[str, ...]:
    """The call types an upload may name: those of the rubric uploads are scored with."""
    if state.settings.rubric:
        from callcoach.errors import CallcoachError
        from callcoach.scoring import load_rubric

        try:
            return tuple(load_rubric(state.settings.rubric).call_types)
        except CallcoachError:
            pass
    return tuple(services.DEFAULT_CALL_TYPES)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, user: User) -> HTMLResponse:
    return _upload_form(request, user, [])


@router.post("/upload", response_model=None)
def upload(
    request: Request,
    user: User,
    file: Annotated[UploadFile, File()],
    rep: Annotated[str | None, Form(max_length=200)] = None,
    call_date: Annotated[str | None, Form(max_length=20)] = None,
    call_type: Annotated[str | None, Form(max_length=40)] = None,
) -> Response:
    state = web_state(request)
    try:
        attributed = upload_rep(user, rep or None)
    except PermissionError as exc:
        return _upload_form(request, user, [str(exc)], 403)
    try:
        day = date.fromisoformat(call_date) if call_date else None
    except ValueError:
        return _upload_form(request, user, [f"call date {call_date!r} is not YYYY-MM-DD"], 422)
    try:
        services.check_call_type(state, call_type or None)
    except HTTPException as exc:
        return _upload_form(request, user, [str(exc.detail)], exc.status_code)
    # A plain (not async) route: reading, sniffing and storing the file runs in the thread
    # pool, never on the event loop that serves everyone else's pages.
    body = file.file.read(state.settings.max_upload_bytes + 1)
    try:
        job = accept_upload(
            state.accounts,
            state.settings,
            user.id,
            UploadRequest(body, file.filename, attributed, call_type or None, day),
        )
    except UploadRejected as exc:
        return _upload_form(request, user, [str(exc)], exc.status)
    state.jobs.submit(job.id)
    return RedirectResponse(URLS.upload_page(job.id), status_code=303)


@router.get("/uploads/{job_id}", response_class=HTMLResponse)
def upload_status_page(request: Request, user: User, job_id: str) -> HTMLResponse:
    job = web_state(request).accounts.job(job_id[:64])
    if job is None or (job.user_id != user.id and not user.is_admin):
        raise HTTPException(404, NOT_FOUND)
    return _page(request, "upload.html.j2", job=upload_view(job))
