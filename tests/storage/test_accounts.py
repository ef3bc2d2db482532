"""``storage.accounts``: users, teams, sessions, tokens, comments, upload jobs and scoped call
queries, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from callcoach.errors import StorageError
from callcoach.storage.accounts import Accounts, CallScope
from callcoach.storage.database import make_engine
from callcoach.storage.importer import ImportOptions, import_files
from callcoach.storage.schema import ensure_schema
from tests.storage.conftest import PROSPECT, REP, write_calls


@pytest.fixture
def accounts(db_url: str) -> Accounts:
    engine = make_engine(db_url)
    ensure_schema(engine)
    return Accounts(engine)


def test_users_and_teams(accounts: Accounts) -> None:
    boss = accounts.add_user(" Boss@Example.com ", "Ada   Admin", "admin", "$argon2id$x", ())
    assert (boss.email, boss.name, boss.role, boss.has_password) == (
        "boss@example.com",
        "Ada Admin",
        "admin",
        True,
    )
    rep = accounts.add_user("rep@example.com", "Dana Reyes", "rep", None, ["West", "East", "East"])
    assert rep.teams == ("East", "West") and not rep.has_password
    with pytest.raises(StorageError, match="exists"):
        accounts.add_user("BOSS@example.com", "Other", "rep", None)
    with pytest.raises(StorageError, match="role"):
        accounts.add_user("x@example.com", "X", "owner", None)  # type: ignore[arg-type]
    assert [u.email for u in accounts.team_members(["East"])] == ["rep@example.com"]
    assert accounts.team_member_names(["East", "West"]) == ["Dana Reyes"]
    assert accounts.team_member_names(["East"], exclude=rep.id) == []
    assert accounts.user_count() == 2
    found = accounts.password_hash("boss@example.com")
    assert found is not None and found[1] == "$argon2id$x"
    accounts.set_disabled(rep.id, True)
    assert accounts.team_members(["East"]) == []


def test_sessions_expire_and_end(accounts: Accounts) -> None:
    user = accounts.add_user("a@example.com", "A", "rep", None)
    now = datetime.now(UTC)
    accounts.add_session(user.id, "live", now + timedelta(hours=1))
    accounts.add_session(user.id, "old", now - timedelta(seconds=1))
    live = accounts.session_user("live")
    assert live is not None and live.id == user.id
    assert accounts.session_user("old") is None
    assert accounts.session_user("unknown") is None
    accounts.delete_session("live")
    assert accounts.session_user("live") is None
    accounts.add_session(user.id, "a", now + timedelta(hours=1))
    accounts.add_session(user.id, "b", now + timedelta(hours=1))
    assert accounts.end_sessions(user.id) == 2
    assert accounts.session_user("a") is None and accounts.session_user("b") is None


def test_tokens_revoke(accounts: Accounts) -> None:
    user = accounts.add_user("a@example.com", "A", "rep", None)
    token = accounts.add_token(user.id, "h" * 64, "cc_abcdefg", "read")
    found = accounts.token_user("h" * 64)
    assert found is not None and found[1].scope == "read"
    assert accounts.tokens(user.id)[0].last_used_at is not None
    assert accounts.token_id("h" * 64) == token.id
    assert accounts.revoke_token(token.id)
    assert not accounts.revoke_token(token.id)
    assert accounts.token_user("h" * 64) is None
    with pytest.raises(StorageError):
        accounts.add_token(user.id, "g" * 64, "cc_x", "admin")  # type: ignore[arg-type]


def test_scoped_calls_comments_and_delete(accounts: Accounts, tmp_path: Path) -> None:
    engine = accounts._engine
    files = write_calls(tmp_path / "calls", 3)
    summary = import_files(engine, files, ImportOptions(rep=(REP,), detectors=("question",)))
    ids = sorted(o.call_id for o in summary.added if o.call_id)
    assert len(ids) == 3
    everyone = accounts.list_calls(CallScope(None))
    assert everyone.total == 3 and everyone.calls[0].reps == (REP,)
    assert everyone.calls[0].prospects == (PROSPECT,)
    mine = CallScope(frozenset({" ".join(REP.casefold().split())}))
    assert accounts.list_calls(mine).total == 3
    nobody = CallScope(frozenset({"someone else"}))
    assert accounts.list_calls(nobody).total == 0
    assert accounts.call_in_scope(ids[0], nobody) is None
    assert accounts.call_in_scope(ids[0], mine) is not None
    assert accounts.list_calls(CallScope(frozenset())).total == 0
    page = accounts.list_calls(CallScope(None), limit=2, offset=2)
    assert page.total == 3 and len(page.calls) == 1
    assert accounts.list_calls(CallScope(None), rep=REP.upper()).total == 3
    assert accounts.list_calls(CallScope(None), date_from=date(2020, 1, 1)).total == 0
    assert accounts.list_calls(CallScope(None), min_score=1).total == 0  # no rubric: unscored
    user = accounts.add_user("m@example.com", "M", "manager", None)
    comment = accounts.add_comment(ids[0], user.id, "Good probe", utterance_id="u0001")
    assert [c.body for c in accounts.comments(ids[0])] == ["Good probe"]
    assert comment.author == "M"
    assert accounts.delete_call(ids[0])
    assert not accounts.delete_call(ids[0])
    assert accounts.comments(ids[0]) == []  # deleted with the call
    assert accounts.list_calls(CallScope(None)).total == 2


def test_upload_jobs(accounts: Accounts) -> None:
    user = accounts.add_user("a@example.com", "A", "rep", None)
    job = accounts.add_job(
        "j1",
        user.id,
        "c" * 64,
        filename="call.vtt",
        size=10,
        format="vtt",
        rep="A",
        call_type=None,
        call_date=date(2026, 1, 2),
    )
    assert job.status == "queued" and job.progress == 0.0
    assert [j.id for j in accounts.unfinished_jobs()] == ["j1"]
    accounts.update_job("j1", status="running", stage="analysing", progress=2.0)
    running = accounts.job("j1")
    assert running is not None and running.progress == 1.0 and running.stage == "analysing"
    accounts.update_job("j1", status="failed", error="bad file")
    failed = accounts.job("j1")
    assert failed is not None and failed.error == "bad file" and failed.finished_at
    assert accounts.unfinished_jobs() == []
    assert [j.id for j in accounts.jobs(user.id)] == ["j1"]
    assert accounts.jobs(user.id + 1) == []


def test_the_web_tables_migrate_down_and_up_keeping_the_calls(db_url: str, tmp_path: Path) -> None:
    from alembic import command

    from callcoach.storage.database import WRITE
    from callcoach.storage.schema import _config, current_revision, head_revision, upgrade

    engine = make_engine(db_url)
    ensure_schema(engine)
    files = write_calls(tmp_path / "calls", 1)
    import_files(engine, files, ImportOptions(rep=(REP,), detectors=("question",)))
    Accounts(engine).add_user("a@example.com", "A", "admin", None)
    with engine.connect() as connection:  # back to the schema before the web app
        connection.execution_options(**{WRITE: True})
        config = _config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
        connection.commit()
    assert current_revision(engine) == "0001"
    with pytest.raises(StorageError, match="callcoach db upgrade"):
        ensure_schema(engine)  # the web app refuses to start on it, saying what to do
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    accounts = Accounts(engine)
    assert accounts.list_calls(CallScope(None)).total == 1
    assert accounts.user_count() == 0
    assert accounts.add_user("a@example.com", "A", "admin", None).id
