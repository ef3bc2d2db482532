"""``create_app(settings)``: the FastAPI application of ``callcoach serve``.

Routes: ``/login``, ``/logout`` (``login``), the HTML pages (``pages``), the REST API under
``/api/v1`` (``api``; its OpenAPI schema at ``/api/v1/openapi.json``) and static files at
``/static``. Every response carries a strict Content Security Policy (scripts from this
server only) and ``nosniff``/``DENY`` framing headers; request bodies are cut off past the
upload limit with 413 before they are parsed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from callcoach import __version__
from callcoach.errors import CallcoachError, StorageError
from callcoach.storage.accounts import Accounts
from callcoach.storage.database import make_engine
from callcoach.storage.schema import ensure_schema
from callcoach.web.auth import CSRF_COOKIE, NotAuthenticated, is_api, login_redirect_target
from callcoach.web.jobs import JobRunner
from callcoach.web.security import LoginLimiter
from callcoach.web.settings import WebSettings, load_secret_key
from callcoach.web.state import WebState

__all__ = ["create_app"]

log = logging.getLogger("callcoach.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Multipart framing around an uploaded file (boundaries, headers, the small form fields).
_BODY_SLACK = 64 * 1024


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The app over the database of ``settings.db_url`` (its schema created when empty).

    Raises ``CallcoachError`` (``StorageError`` for the database, e.g. an old schema that
    needs ``callcoach db upgrade``) before anything is served.
    """
    settings = settings or WebSettings()
    engine = make_engine(settings.db_url)
    ensure_schema(engine)
    accounts = Accounts(engine)
    state = WebState(
        settings=settings,
        engine=engine,
        accounts=accounts,
        secret_key=load_secret_key(settings),
        limiter=LoginLimiter(settings.login_attempts, settings.login_window_s),
        jobs=JobRunner(engine, accounts, settings),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if accounts.user_count() == 0:
            log.warning("no users yet: %s", FIRST_USER_HINT)
        state.jobs.start()
        try:
            yield
        finally:
            state.jobs.stop()
            engine.dispose()

    app = FastAPI(
        title="callcoach",
        version=__version__,
        summary="Evidence-backed coaching from sales calls: the REST API of callcoach serve.",
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.callcoach = state

    from callcoach.web import api, login, pages
    from callcoach.web.templating import STATIC

    app.include_router(login.router, include_in_schema=False)
    app.include_router(api.router)
    app.include_router(pages.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders, key=state)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + _BODY_SLACK)
    return app


FIRST_USER_HINT = (
    'create the first admin with: callcoach user add EMAIL --role admin --name "Full Name"'
)

API_DESCRIPTION = """\
Authenticate with `Authorization: Bearer TOKEN` (create one with
`callcoach token create EMAIL --scope read|write`). A read-scoped token can only read.
Without credentials every route answers 401; a call you may not see answers 404, exactly
like a call that does not exist. Admins see every call, managers the calls of the reps on
their teams, reps their own calls.
"""


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, _exc: Exception) -> Response:
        if is_api(request):
            return JSONResponse(
                {"detail": "not authenticated: send Authorization: Bearer TOKEN"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return RedirectResponse(login_redirect_target(request), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if is_api(request) or request.url.path.startswith("/static/"):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return _error_page(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(StorageError)
    async def storage_error(request: Request, exc: Exception) -> Response:
        log.error("storage error on %s: %s", request.url.path, exc)
        message = "the database is not available right now; try again"
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=503)
        return _error_page(request, 503, message, None)

    @app.exception_handler(CallcoachError)
    async def callcoach_error(request: Request, exc: Exception) -> Response:
        if is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=422)
        return _error_page(request, 422, str(exc), None)


_TITLES = {
    400: "Bad request",
    401: "Sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "Cannot do that",
    429: "Too many requests",
    503: "Unavailable",
}


def _error_page(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None
) -> Response:
    from callcoach.web.auth import optional_user
    from callcoach.web.templating import render

    optional_user(request)  # the nav shows who is signed in, on error pages too
    if status == 404 and message == "Not Found":
        message = "There is nothing here, or you may not see it."
    title = _TITLES.get(status, "Error")
    response = render(request, "error.html.j2", {"title": title, "message": message}, status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class SecurityHeaders:
    """Security headers on every response; sets the CSRF nonce cookie when one was made."""

    def __init__(self, app: ASGIApp, key: WebState) -> None:
        self.app = app
        self.web = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        https = scope.get("scheme") == "https" or self.web.settings.secure_cookies
        static = str(scope.get("path", "")).startswith("/static/")

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = {
                    b"content-security-policy": CSP.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"DENY",
                    b"referrer-policy": b"same-origin",
                }
                if not static:  # pages and API answers hold private data: never cached
                    extra[b"cache-control"] = b"no-store"
                if scope.get("scheme") == "https":  # browsers then refuse plain HTTP
                    extra[b"strict-transport-security"] = b"max-age=31536000"
                for name, value in extra.items():
                    if name not in names:
                        headers.append((name, value))
                nonce = state.get("csrf_nonce")
                if nonce:
                    cookie = f"{CSRF_COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Lax"
                    if https:
                        cookie += "; Secure"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)


class BodyLimit:
    """413 for a request body over ``limit`` bytes, by Content-Length or as it streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _too_large(scope, receive, send, self.limit)
                    return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, _limit_text(self.limit))
            return message

        await self.app(scope, counted, send)


def _limit_text(limit: int) -> str:
    upload = limit - _BODY_SLACK
    size = f"{upload / 2**20:g} MB" if upload >= 2**20 else f"{upload} bytes"
    return f"the request is larger than the upload limit ({size})"


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse({"detail": _limit_text(limit)}, status_code=413)
    response.headers["connection"] = "close"
    await response(scope, receive, send)
