"""Engines and sessions: which database, and how to talk to it safely.

The URL comes from the caller (``--db``), else ``CALLCOACH_DB_URL``, else a SQLite file in
the user data directory. SQLite runs in WAL mode with foreign keys on and a busy timeout,
and write transactions start with ``BEGIN IMMEDIATE`` so that two importing processes
queue for the write lock instead of failing with "database is locked".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from callcoach.errors import StorageError

__all__ = [
    "ENV_URL",
    "WRITE",
    "default_sqlite_path",
    "describe",
    "make_engine",
    "resolve_url",
    "write_session",
]

ENV_URL = "CALLCOACH_DB_URL"
BUSY_TIMEOUT_MS = 60_000
# Execution option that marks a connection whose transaction will write (SQLite: IMMEDIATE).
WRITE = "callcoach_write"


def default_sqlite_path() -> Path:
    """``callcoach.db`` in the user data directory (``$XDG_DATA_HOME/callcoach`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("callcoach", appauthor=False)) / "callcoach.db"


def resolve_url(db: str | Path | None = None) -> str:
    """The database URL: ``db`` (a URL or a SQLite file path), else the env, else the default.

    ``postgresql://`` and ``postgres://`` URLs get the psycopg (v3) driver.
    """
    if db is None or str(db) == "":
        db = os.environ.get(ENV_URL) or None
    if db is None:
        return _sqlite_url(default_sqlite_path())
    text = str(db)
    if "://" not in text:
        return _sqlite_url(Path(text).expanduser())
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix) :]
    return text


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def describe(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(db: str | Path | None = None) -> Engine:
    """An engine for ``db`` (see ``resolve_url``); creates the SQLite file's folder."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"{url}: not a database URL or file path ({exc})") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StorageError(f"{describe(url)}: only SQLite and PostgreSQL databases are supported")
    options: dict[str, Any] = {"json_serializer": _json_dumps}
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"{folder}: cannot create the database folder: {exc}") from None
        options["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    try:
        engine = create_engine(parsed, **options)
    except (SQLAlchemyError, ImportError) as exc:
        raise StorageError(f"{describe(url)}: cannot open the database: {exc}") from None
    if backend == "sqlite":
        _configure_sqlite(engine)
    return engine


def _json_dumps(value: Any) -> str:
    # NaN is not JSON and PostgreSQL rejects it; fail loudly rather than store a lie.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose one transaction writes: committed on success, rolled back on error."""
    with Session(engine) as session:
        session.connection(execution_options={WRITE: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
