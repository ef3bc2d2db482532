"""Who is asking: a browser session cookie or an ``Authorization: Bearer`` API token.

Route dependencies:

- ``current_user`` → ``WebUser``. Without valid credentials: 401 JSON on ``/api/…`` paths,
  a 303 redirect to ``/login?next=…`` elsewhere. It also enforces, for every route:
  a read-scoped token cannot change anything (403), and a cookie-authenticated request that
  changes something (POST, PUT, PATCH, DELETE) must carry the CSRF token, as the form field
  ``csrf_token`` or the ``X-CSRF-Token`` header (403 otherwise). So page handlers that take
  ``Depends(current_user)`` get CSRF checking on their form posts for free.
- ``optional_user`` → ``WebUser | None`` (no redirect, no CSRF check).
- ``require_role("admin", "manager")`` → a dependency giving the user, or 403.
- ``verify_csrf`` → checks the CSRF token of a request that has no user yet (login).

Templates get the CSRF token with ``csrf_token(request)`` (the ``csrf_token()`` global in
every template): put ``<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">``
in each form, or send it as ``X-CSRF-Token`` from JavaScript (it is also in
``<meta name="csrf-token">`` of ``base.html.j2``).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.security import HTTPBearer
from starlette.datastructures import FormData
from starlette.requests import HTTPConnection
from starlette.responses import Response

from callcoach.storage.accounts import Role, StoredUser
from callcoach.web.security import csrf_for, hash_secret, new_session_token
from callcoach.web.state import web_state

__all__ = [
    "CSRF_COOKIE",
    "SAFE_METHODS",
    "SESSION_COOKIE",
    "NotAuthenticated",
    "WebUser",
    "csrf_token",
    "current_user",
    "end_session",
    "optional_user",
    "require_role",
    "start_session",
    "verify_csrf",
]

SESSION_COOKIE = "callcoach_session"
CSRF_COOKIE = "callcoach_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Documents bearer auth in the OpenAPI schema; errors are ours, not FastAPI's 403.
bearer_scheme = HTTPBearer(auto_error=False, description="An API token: callcoach token create")


@dataclass(frozen=True, slots=True)
class WebUser:
    """The signed-in user of a request.

    ``team_reps``: the names of the reps whose calls this user sees besides their own (a
    manager's team members; empty for an admin, who sees everything, and for a rep).
    ``token_scope``: "read" or "write" for an API token, None for a browser session.
    """

    id: int
    email: str
    name: str
    role: Role
    teams: tuple[str, ...]
    team_reps: tuple[str, ...] = ()
    token_scope: Literal["read", "write"] | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


class NotAuthenticated(Exception):
    """No valid credentials: 401 on the API, a redirect to the login page elsewhere."""


def is_api(request: HTTPConnection) -> bool:
    return request.url.path.startswith("/api/")


def _web_user(request: HTTPConnection, user: StoredUser, scope: str | None) -> WebUser:
    team_reps: tuple[str, ...] = ()
    if user.role == "manager" and user.teams:
        team_reps = tuple(web_state(request).accounts.team_member_names(user.teams, user.id))
    token_scope: Literal["read", "write"] | None = None
    if scope is not None:
        token_scope = "write" if scope == "write" else "read"
    return WebUser(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        teams=user.teams,
        team_reps=team_reps,
        token_scope=token_scope,
    )


def _bearer(request: HTTPConnection) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise NotAuthenticated
    return value.strip()


def _authenticate(request: HTTPConnection) -> WebUser | None:
    """The user of the request's token or session, else None (raises for a bad header)."""
    cached = getattr(request.state, "user", None)
    if isinstance(cached, WebUser):
        return cached
    accounts = web_state(request).accounts
    token = _bearer(request)
    user: WebUser | None = None
    if token is not None:
        found = accounts.token_user(hash_secret(token))
        if found is None:
            raise NotAuthenticated
        user = _web_user(request, found[0], found[1].scope)
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            stored = accounts.session_user(hash_secret(cookie))
            if stored is not None:
                user = _web_user(request, stored, None)
    if user is not None:
        request.state.user = user
    return user


async def _submitted_csrf(request: Request) -> str | None:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form: FormData = await request.form()  # cached: the handler's Form() reads it again
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    return None


def csrf_token(request: HTTPConnection) -> str:
    """This browser's CSRF token (an HMAC of its ``callcoach_csrf`` nonce cookie)."""
    nonce = getattr(request.state, "csrf_nonce", None) or request.cookies.get(CSRF_COOKIE)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.csrf_nonce = nonce  # the CSRF middleware sets the cookie
    return csrf_for(web_state(request).secret_key, nonce)


async def verify_csrf(request: Request) -> None:
    """403 unless the request carries this browser's CSRF token."""
    nonce = request.cookies.get(CSRF_COOKIE)
    submitted = await _submitted_csrf(request)
    if not nonce or not submitted:
        raise HTTPException(403, "CSRF token missing: reload the page and try again")
    expected = csrf_for(web_state(request).secret_key, nonce)
    if not hmac.compare_digest(expected, submitted):
        raise HTTPException(403, "CSRF token invalid: reload the page and try again")


async def current_user(request: Request) -> WebUser:
    """The signed-in user; see the module docstring for what else it checks."""
    user = _authenticate(request)
    if user is None:
        raise NotAuthenticated
    if request.method not in SAFE_METHODS:
        if user.token_scope == "read":
            raise HTTPException(403, "this API token is read-only (scope read)")
        if user.token_scope is None:
            await verify_csrf(request)
    return user


def optional_user(request: Request) -> WebUser | None:
    try:
        return _authenticate(request)
    except NotAuthenticated:
        return None


def require_role(*roles: Role) -> Callable[[Request], Awaitable[WebUser]]:
    """A dependency: the current user when their role is one of ``roles``, else 403."""

    async def dependency(request: Request) -> WebUser:
        user = await current_user(request)
        if user.role not in roles:
            raise HTTPException(403, f"this needs the role {' or '.join(roles)}")
        return user

    return dependency


def secure_cookie(request: HTTPConnection) -> bool:
    return web_state(request).settings.secure_cookies or request.url.scheme == "https"


def start_session(request: HTTPConnection, response: Response, user_id: int) -> None:
    """Sign ``user_id`` in: a new random session cookie (HttpOnly, SameSite=Lax)."""
    state = web_state(request)
    token = new_session_token()
    hours = state.settings.session_hours
    state.accounts.add_session(
        user_id, hash_secret(token), datetime.now(UTC) + timedelta(hours=hours)
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(hours * 3600),
        httponly=True,
        samesite="lax",
        secure=secure_cookie(request),
        path="/",
    )


def end_session(request: HTTPConnection, response: Response) -> None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        web_state(request).accounts.delete_session(hash_secret(cookie))
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookie(request)
    )


def login_redirect_target(request: HTTPConnection) -> str:
    """``/login?next=<this path>``."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="")


def safe_next(value: str | None) -> str:
    """A local path to go to after signing in (never another site)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(c) < 32 for c in value):
        return "/"
    return value
