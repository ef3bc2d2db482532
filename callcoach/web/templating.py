"""Jinja2 for the pages: templates in ``callcoach/web/templates``, static files in
``callcoach/web/static`` (served at ``/static``; no CDN, everything works offline).

``render(request, "page.html.j2", {...})`` returns an ``HTMLResponse``. Every template gets
``request``, ``user`` (the ``WebUser`` or None), ``csrf_token()`` and ``static(path)``
(a ``/static/…`` URL). Autoescaping is always on: never mark user text ``|safe``.

``base.html.j2`` has the blocks ``title``, ``head`` (extra ``<link>``/``<meta>``),
``content`` and ``scripts`` (``<script src="{{ static('x.js') }}" defer>``; the Content
Security Policy allows scripts from ``/static`` only, so no inline scripts or handlers;
inline ``style`` attributes are allowed) and a nav with Calls, Team, Insights, Rubrics,
Upload and the sign-out button. ``{% block nav %}`` can be emptied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from callcoach.web.auth import csrf_token

__all__ = ["STATIC", "TEMPLATES", "environment", "render", "templates"]

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = lambda path: "/static/" + str(path).lstrip("/")
    return env


templates = Jinja2Templates(env=environment())


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render template ``name`` with ``context`` plus ``user`` and ``csrf_token``."""
    values: dict[str, Any] = {
        "user": getattr(request.state, "user", None),
        "csrf_token": lambda: csrf_token(request),
    }
    values.update(context or {})
    return templates.TemplateResponse(request, name, values, status_code=status_code)
