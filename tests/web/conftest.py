"""Fixtures for the web app tests: an app over a fresh SQLite database, users of each role,
calls attributed to two reps on two teams, and signed-in clients.

``team_web`` (module scope, read-only use) holds:
- admin ``admin@example.com``; manager ``east.manager@example.com`` (team East);
- reps ``Alice Moreno`` (East) and ``Bruno Silva`` (West), each with one stored call.
Tests that change data build their own ``WebEnv`` with ``web_env``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("argon2")

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from callcoach.storage.accounts import Accounts, Role
from callcoach.web.app import create_app
from callcoach.web.security import hash_password, new_api_token
from callcoach.web.settings import WebSettings

PASSWORD = "a long test password"
# Detectors that need no sentence-embedding model: the web tests check the web app, not the
# analysis, and stay fast.
FAST_DETECTORS = (
    "candor",
    "challenge",
    "listening",
    "next_step",
    "quantified_pain",
    "question",
    "question_type",
    "self_talk",
    "small_talk",
    "stall",
    "stall_response",
)


def call_text(rep: str, prospect: str, topic: str = "month-end close") -> str:
    """A short invented call between ``rep`` and ``prospect`` in the plain-text format."""
    return "\n".join(
        [
            f"[00:00:00] {rep}: Thanks for making time today, {prospect.split()[0]}.",
            f"[00:00:05] {prospect}: Sure, we have half an hour.",
            f"[00:00:09] {rep}: How does {topic} work for your team right now?",
            f"[00:00:16] {prospect}: Slowly. It takes eight days and three people.",
            f"[00:00:27] {rep}: What does that delay cost you each quarter?",
            f"[00:00:33] {prospect}: About sixty hours of overtime, maybe more.",
            f"[00:00:44] {rep}: Could we meet Thursday at 10am with your controller?",
            f"[00:00:51] {prospect}: Yes, Thursday works for us.",
        ]
    )


@dataclass
class WebEnv:
    app: FastAPI
    root: Path
    tokens: dict[str, str] = field(default_factory=dict)
    calls: dict[str, str] = field(default_factory=dict)  # rep name -> call id

    @property
    def accounts(self) -> Accounts:
        accounts = self.app.state.callcoach.accounts
        assert isinstance(accounts, Accounts)
        return accounts

    def add_user(
        self,
        email: str,
        role: Role,
        name: str,
        teams: tuple[str, ...] = (),
        password: str | None = PASSWORD,
    ) -> int:
        password_hash = hash_password(password) if password is not None else None
        return self.accounts.add_user(email, name, role, password_hash, teams).id

    def token(self, email: str, scope: str = "write") -> str:
        """A new API token of ``email`` (cached per email and scope)."""
        key = f"{email}:{scope}"
        if key not in self.tokens:
            user = self.accounts.user_by_email(email)
            assert user is not None
            token = new_api_token()
            self.accounts.add_token(user.id, token.hash, token.prefix, scope)  # type: ignore[arg-type]
            self.tokens[key] = token.secret
        return self.tokens[key]

    def auth(self, email: str, scope: str = "write") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(email, scope)}"}

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://testserver.local")

    def store_call(self, rep: str, prospect: str, topic: str = "month-end close") -> str:
        """Analyse and store an invented call attributed to ``rep``; its id."""
        folder = self.root / "calls"
        folder.mkdir(exist_ok=True)
        file = folder / f"{len(list(folder.iterdir()))}.txt"
        file.write_text(call_text(rep, prospect, topic), encoding="utf-8")
        summary = import_transcripts(self.app.state.callcoach.engine, [file], rep)
        assert len(summary.added) == 1, summary
        call_id = summary.added[0].call_id
        assert call_id is not None
        self.calls.setdefault(rep, call_id)
        return call_id


def import_transcripts(engine: Engine, files: list[Path], rep: str) -> Any:
    """Analyse (fast detectors, the default rubric) and store ``files`` as ``rep``'s calls,
    through the import use case; its summary."""
    from callcoach.storage.importer import ImportOptions, import_files

    options = ImportOptions(rep=(rep,), detectors=FAST_DETECTORS, rubric="expert-not-friend")
    return import_files(engine, files, options)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign ``client`` in through the login form; returns the CSRF token for later posts."""
    page = client.get("/login")
    csrf = csrf_of(page.text)
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf


def make_env(root: Path, **overrides: object) -> WebEnv:
    settings = WebSettings(
        db_url=str(root / "web.db"),
        secret_key="test-secret-key-" + "x" * 32,
        upload_dir=root / "uploads",
        detectors=FAST_DETECTORS,
        **overrides,  # type: ignore[arg-type]
    )
    return WebEnv(create_app(settings), root)


def populate_team(env: WebEnv) -> WebEnv:
    env.add_user("admin@example.com", "admin", "Ada Admin")
    env.add_user("east.manager@example.com", "manager", "Erin East", ("East",))
    env.add_user("alice@example.com", "rep", "Alice Moreno", ("East",))
    env.add_user("bruno@example.com", "rep", "Bruno Silva", ("West",))
    env.store_call("Alice Moreno", "Priya Shah", "invoice matching")
    env.store_call("Bruno Silva", "Tom Becker", "inventory counts")
    return env


@pytest.fixture
def web_env(tmp_path: Path) -> Iterator[WebEnv]:
    env = make_env(tmp_path)
    with TestClient(env.app):  # runs the lifespan: the upload worker starts and stops
        yield env


@pytest.fixture(scope="module")
def team_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebEnv]:
    env = populate_team(make_env(tmp_path_factory.mktemp("team_web")))
    with TestClient(env.app):
        yield env
