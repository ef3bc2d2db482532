"""Signing in and out: ``GET/POST /login`` and ``POST /logout``.

Failed sign-ins are rate-limited per email and per client address (``WebSettings``); while
locked out, even the right password gets 429, so guessing gains nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from callcoach.web.auth import (
    SESSION_COOKIE,
    end_session,
    optional_user,
    safe_next,
    start_session,
    verify_csrf,
)
from callcoach.web.security import hash_secret, verify_password
from callcoach.web.state import web_state
from callcoach.web.templating import render

__all__ = ["router"]

router = APIRouter()


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _page(
    request: Request, next_url: str, email: str = "", error: str | None = None, status: int = 200
) -> HTMLResponse:
    no_users = web_state(request).accounts.user_count() == 0
    context = {"next": next_url, "email": email, "error": error, "no_users": no_users}
    return render(request, "login.html.j2", context, status_code=status)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    if optional_user(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _page(request, safe_next(next))


@router.post("/login", dependencies=[Depends(verify_csrf)], response_class=HTMLResponse)
def login(
    request: Request,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    state = web_state(request)
    target = safe_next(next)
    email_key = "email:" + email.strip().lower()
    client_key = "client:" + _client(request)
    attempts = state.settings.login_attempts
    wait = max(state.limiter.blocked(email_key), state.limiter.blocked(client_key, attempts * 4))
    if wait:
        minutes = max(1, round(wait / 60))
        response = _page(
            request,
            target,
            email,
            f"Too many failed sign-ins: try again in about {minutes} minute(s).",
            status=429,
        )
        response.headers["Retry-After"] = str(int(wait))
        return response
    found = state.accounts.password_hash(email)
    user, stored = found if found is not None else (None, None)
    ok, rehash = verify_password(stored, password)
    if not ok or user is None or user.disabled:
        state.limiter.fail(email_key)
        state.limiter.fail(client_key)
        return _page(request, target, email, "Wrong email or password.", status=401)
    state.limiter.clear(email_key)
    if rehash is not None:
        state.accounts.set_password_hash(user.id, rehash)
    redirect = RedirectResponse(target, status_code=303)
    old = request.cookies.get(SESSION_COOKIE)
    if old:  # a session from before this sign-in is never reused
        state.accounts.delete_session(hash_secret(old))
    start_session(request, redirect, user.id)
    return redirect


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response)
    return response
