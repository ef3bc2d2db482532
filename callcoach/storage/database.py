"""Engines and sessions: which database, and how to talk to it safely.

The URL comes from the caller (``--db``), else ``CALLCOACH_DB_URL``, else a SQLite file in
the user data directory. SQLite runs in WAL mode with foreign keys on and a busy timeout,
and write transactions start with ``BEGIN IMMEDIATE`` so that two importing processes
queue for the write lock instead of failing with "database is locked".
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
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
    "storage_errors",
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


def make_engine(db: str | Path | None = None, *, read_only: bool = False) -> Engine:
    """An engine for ``db`` (see ``resolve_url``); creates the SQLite file's folder.

    ``read_only`` engines (``insights``, ``export``, ``report --db``) never create or change
    anything: a missing SQLite file is a ``StorageError`` ("no such database"), the file is
    opened read-only (no WAL switch, works on a read-only file), and PostgreSQL sessions are
    read-only transactions.
    """
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"{url}: not a database URL or file path ({exc})") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StorageError(f"{describe(url)}: only SQLite and PostgreSQL databases are supported")
    options: dict[str, Any] = {"json_serializer": _json_dumps}
    if read_only:
        return _read_only_engine(url, parsed, backend, options)
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


def _read_only_engine(url: str, parsed: URL, backend: str, options: dict[str, Any]) -> Engine:
    if backend == "postgresql":
        options["connect_args"] = {"options": "-c default_transaction_read_only=on"}
        try:
            return create_engine(parsed, **options)
        except (SQLAlchemyError, ImportError) as exc:
            raise StorageError(f"{describe(url)}: cannot open the database: {exc}") from None
    database = parsed.database or ""
    if not database or database == ":memory:" or not Path(database).is_file():
        raise StorageError(
            f"{database or describe(url)}: no such database (check --db; "
            "`callcoach import` creates one)"
        )
    uri = Path(database).resolve().as_uri() + "?mode=ro"
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000),
        **options,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN DEFERRED")

    return engine


def _retry_locked(statement: Callable[[], object]) -> None:
    """Run ``statement``, retrying while another process holds the lock that SQLite does not
    wait for (switching a fresh file to WAL), up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


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
        _retry_locked(lambda: cursor.execute("PRAGMA journal_mode = WAL"))
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


@contextmanager
def storage_errors(doing: str) -> Iterator[None]:
    """A database error inside as ``StorageError("cannot {doing} the database: …")``."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot {doing} the database: {short_error(exc)}") from None


def short_error(exc: SQLAlchemyError) -> str:
    """The driver's message without SQLAlchemy's statement dump and background link."""
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
