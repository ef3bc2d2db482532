"""``callcoach serve``, ``callcoach user …`` and ``callcoach token …``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from callcoach.cli import app

PASSWORD = "a long test password"


def _run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=input)


def _db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def test_user_add_list_passwd_disable(tmp_path: Path) -> None:
    db = _db(tmp_path)
    added = _run(
        "user", "add", "Boss@Example.com", "--role", "admin", "--name", "Ada  Admin",
        "--password-stdin", "--db", db, input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "added admin Ada Admin <boss@example.com>" in added.output
    rep = _run(
        "user", "add", "rep@example.com", "--role", "rep", "--name", "Dana Reyes",
        "--team", "East", "--team", "West", "--no-password", "--db", db,
    )  # fmt: skip
    assert rep.exit_code == 0, rep.output
    listed = _run("user", "list", "--db", db)
    assert listed.exit_code == 0
    assert "boss@example.com" in listed.output and "East, West" in listed.output
    assert "tokens" in listed.output  # the rep has no password: API tokens only
    again = _run(
        "user", "add", "boss@example.com", "--role", "rep", "--name", "X",
        "--password-stdin", "--db", db, input=PASSWORD + "\n",
    )  # fmt: skip
    assert again.exit_code == 1 and "exists" in again.output
    passwd = _run(
        "user", "passwd", "rep@example.com", "--password-stdin", "--db", db,
        input="another long password\n",
    )  # fmt: skip
    assert passwd.exit_code == 0, passwd.output
    disabled = _run("user", "disable", "rep@example.com", "--db", db)
    assert disabled.exit_code == 0 and "disabled" in disabled.output
    assert "disabled" in _run("user", "list", "--db", db).output
    assert _run("user", "disable", "nobody@example.com", "--db", db).exit_code == 1


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["not-an-email", "--role", "rep", "--name", "X"], PASSWORD, "not an email"),
        (["a@example.com", "--role", "rep", "--name", " "], PASSWORD, "--name"),
        (["a@example.com", "--role", "rep", "--name", "X"], "short", "at least"),
        (["a@example.com", "--role", "boss", "--name", "X"], PASSWORD, "boss"),
    ],
)
def test_user_add_refuses_bad_input(
    tmp_path: Path, args: list[str], stdin: str, message: str
) -> None:
    result = _run(
        "user", "add", *args, "--password-stdin", "--db", _db(tmp_path), input=stdin + "\n"
    )
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_user_add_without_a_terminal_needs_password_stdin(tmp_path: Path) -> None:
    result = _run(
        "user", "add", "a@example.com", "--role", "rep", "--name", "X", "--db", _db(tmp_path)
    )
    assert result.exit_code == 2
    assert "--password-stdin" in result.output


def test_token_create_list_revoke_and_use(tmp_path: Path) -> None:
    from callcoach.web.app import create_app
    from callcoach.web.settings import WebSettings

    db = _db(tmp_path)
    assert _run("token", "create", "nobody@example.com", "--db", db).exit_code == 1
    _run(
        "user", "add", "boss@example.com", "--role", "admin", "--name", "Ada Admin",
        "--password-stdin", "--db", db, input=PASSWORD + "\n",
    )  # fmt: skip
    created = CliRunner().invoke(
        app, ["token", "create", "boss@example.com", "--scope", "write", "--db", db]
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("cc_") and len(token) > 40
    assert "shown once" in created.output
    listed = _run("token", "list", "boss@example.com", "--db", db)
    assert listed.exit_code == 0 and token[:10] in listed.output and token not in listed.output
    settings = WebSettings(db_url=db, secret_key="k" * 40, upload_dir=tmp_path / "up")
    with TestClient(create_app(settings)) as client:
        headers = {"Authorization": f"Bearer {token}"}
        me = client.get("/api/v1/me", headers=headers)
        assert me.status_code == 200 and me.json()["token_scope"] == "write"
        revoked = _run("token", "revoke", "1", "--db", db)
        assert revoked.exit_code == 0, revoked.output
        assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert _run("token", "revoke", "1", "--db", db).exit_code == 1
    assert _run("token", "revoke", "cc_unknown", "--db", db).exit_code == 1


def test_serve_says_how_to_create_the_admin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    started: dict[str, Any] = {}

    def fake_run(application: Any, **options: Any) -> None:
        started.update(options, app=application)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("CALLCOACH_SECRET_KEY", "s" * 40)
    result = _run("serve", "--db", _db(tmp_path), "--port", "8123", "--upload-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "callcoach user add" in result.output and "--role admin" in result.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8123
    assert started["app"].state.callcoach.settings.max_upload_bytes == 20 * 1024 * 1024


@pytest.mark.parametrize(
    "args",
    [["--port", "0"], ["--max-upload-mb", "0"], ["--rubric", "../../etc/passwd"]],
)
def test_serve_refuses_bad_options(tmp_path: Path, args: list[str]) -> None:
    result = _run("serve", "--db", _db(tmp_path), *args)
    assert result.exit_code == 2, result.output


def test_the_secret_key_file_is_created_once_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from callcoach.web.settings import ENV_SECRET, WebSettings, load_secret_key

    monkeypatch.delenv(ENV_SECRET, raising=False)
    settings = WebSettings(secret_key_file=tmp_path / "key")
    first = load_secret_key(settings)
    assert len(first) >= 32
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600
    assert load_secret_key(settings) == first
