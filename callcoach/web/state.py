"""The per-app objects every route reaches through ``web_state(request)``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from starlette.requests import HTTPConnection

from callcoach.storage.accounts import Accounts
from callcoach.web.security import LoginLimiter
from callcoach.web.settings import WebSettings

if TYPE_CHECKING:
    from callcoach.web.jobs import JobRunner

__all__ = ["WebState", "web_state"]


@dataclass(frozen=True, slots=True)
class WebState:
    settings: WebSettings
    engine: Engine
    accounts: Accounts
    secret_key: bytes
    limiter: LoginLimiter
    jobs: JobRunner


def web_state(request: HTTPConnection) -> WebState:
    state = request.app.state.callcoach
    assert isinstance(state, WebState)
    return state
