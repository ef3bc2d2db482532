"""Schema versions: Alembic run programmatically against the shipped migrations.

An empty database is created on first use; a database at an older revision is left alone
until ``callcoach db upgrade`` (a schema change is the user's decision, not a side effect).
"""

from __future__ import annotations

import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from callcoach.errors import StorageError
from callcoach.storage.database import BUSY_TIMEOUT_MS, WRITE

__all__ = [
    "MIGRATIONS",
    "check_schema",
    "current_revision",
    "ensure_schema",
    "head_revision",
    "upgrade",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision this callcoach ships."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise StorageError(f"{MIGRATIONS}: no migrations found")
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's revision, or None for an empty database.

    SQLite can answer "database is locked" without waiting while another process creates
    the file's schema or switches it to WAL (the busy handler is not always called then):
    such a read is retried for up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            with engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision()
        except OperationalError as exc:
            if not _is_locked(exc) or time.monotonic() + delay > deadline:
                raise StorageError(
                    f"{_where(engine)}: cannot read the schema version: {exc}"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        except SQLAlchemyError as exc:
            raise StorageError(f"{_where(engine)}: cannot read the schema version: {exc}") from None


def _is_locked(exc: OperationalError) -> bool:
    text = str(exc.orig or exc).lower()
    return "database is locked" in text or "database is busy" in text


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; return (revision before, revision after)."""
    before = current_revision(engine)
    _check_known(engine, before)
    config = _config()
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WRITE: True})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
    except (SQLAlchemyError, CommandError) as exc:
        raise StorageError(f"{_where(engine)}: schema upgrade failed: {exc}") from None
    return before, head_revision()


def ensure_schema(engine: Engine) -> None:
    """Create the schema in an empty database; refuse one that is older or newer than ours."""
    revision = current_revision(engine)
    if revision is None:
        upgrade(engine)
        return
    _check_known(engine, revision)
    head = head_revision()
    if revision != head:
        raise StorageError(
            f"{_where(engine)}: the database schema is at revision {revision}, this callcoach "
            f"needs {head}: run `callcoach db upgrade` (back up the database first)"
        )


def check_schema(engine: Engine) -> None:
    """For reading: the database must hold this callcoach's schema; nothing is created."""
    revision = current_revision(engine)
    if revision is None:
        raise StorageError(
            f"{_where(engine)}: not a callcoach database (no schema): import calls first "
            "with `callcoach import`, or check --db"
        )
    _check_known(engine, revision)
    head = head_revision()
    if revision != head:
        raise StorageError(
            f"{_where(engine)}: the database schema is at revision {revision}, this callcoach "
            f"needs {head}: run `callcoach db upgrade` (back up the database first)"
        )


def _check_known(engine: Engine, revision: str | None) -> None:
    if revision is None:
        return
    try:
        known = ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise StorageError(
            f"{_where(engine)}: the database schema is at revision {revision}, which this "
            "callcoach does not know: it was written by a newer callcoach"
        )


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
