"""The schema: created by the migrations from empty, matching the models, upgrade idempotent."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from callcoach.app import database as commands
from callcoach.errors import StorageError
from callcoach.storage.database import make_engine, resolve_url
from callcoach.storage.models import Base
from callcoach.storage.schema import current_revision, ensure_schema, head_revision

TABLES = {
    "accounts",
    "call_reps",
    "calls",
    "deal_links",
    "deals",
    "findings",
    "imports",
    "reps",
    "scorecards",
    "speakers",
    "utterances",
}


def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    assert "created schema revision" in commands.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert TABLES | {"alembic_version"} <= set(inspect(engine).get_table_names())
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(db_url: str) -> None:
    commands.upgrade(db_url)
    assert "already at revision" in commands.upgrade(db_url)


def test_migrations_match_the_models(db_url: str) -> None:
    commands.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_unknown_revision_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        ensure_schema(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
        with pytest.raises(StorageError, match="newer callcoach"):
            ensure_schema(engine)
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/w.db")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert (connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) > 0
    finally:
        engine.dispose()


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.delenv("CALLCOACH_DB_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/callcoach/callcoach.db"
    monkeypatch.setenv("CALLCOACH_DB_URL", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url(f"{tmp_path}/x.db") == f"sqlite:///{tmp_path}/x.db"


def test_unsupported_database_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match="only SQLite and PostgreSQL"):
        make_engine("mysql://u@h/db")
