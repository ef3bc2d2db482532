"""The HTML pages (server-rendered with ``callcoach.web.templating.render``).

Owned by the pages' authors. Every page route takes ``user: WebUser = Depends(current_user)``
(``callcoach.web.auth``; signs the browser in first, checks CSRF on posts) and asks
``callcoach.web.access`` what the user may see (404 for a call they may not see).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

__all__ = ["router"]

router = APIRouter()


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/calls", status_code=303)
