"""Opening the database: the one place that creates engines, checks schemas and disposes.

Every use case that touches storage (import, batch, CRM import, insights, export, schema
upgrades, the web app) opens its engine here, so the rules are the same everywhere: a
writer creates the schema in an empty database and refuses an older or newer one; a reader
never creates or changes anything; the engine is disposed however the block ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from callcoach.errors import UsageError
from callcoach.storage.database import describe, make_engine, resolve_url
from callcoach.storage.dump import export
from callcoach.storage.repository import Repository
from callcoach.storage.schema import check_schema, ensure_schema
from callcoach.storage.schema import upgrade as upgrade_schema

__all__ = [
    "Access",
    "connect",
    "export_dump",
    "open_engine",
    "open_repository",
    "require_database",
    "upgrade",
]

# write: create the schema when the database is empty, refuse another revision.
# read: the database must exist and hold this callcoach's schema; nothing is created.
# bare: only connect (schema upgrades decide for themselves).
Access = Literal["write", "read", "bare"]


def connect(db: str | Path | None = None, access: Access = "write") -> Engine:
    """An engine for ``db`` ready for ``access``, for a long-lived process (the web app):
    the caller disposes it. Everything else uses ``open_engine``. Raises ``StorageError``."""
    engine = make_engine(db, read_only=access == "read")
    try:
        if access == "write":
            ensure_schema(engine)
        elif access == "read":
            check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def open_engine(db: str | Path | None = None, access: Access = "write") -> Iterator[Engine]:
    """An engine for ``db`` (a URL, a SQLite file, or None for ``$CALLCOACH_DB_URL`` / the
    default file), ready for ``access``; disposed on exit. Raises ``StorageError``."""
    engine = connect(db, access)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def open_repository(db: str | Path | None = None, access: Access = "write") -> Iterator[Repository]:
    """The repository of ``db`` (schema created when empty and writing), closed on exit."""
    with open_engine(db, access) as engine:
        yield Repository(engine)


def require_database(db: str | Path | None, *, default_too: bool = False) -> None:
    """Refuse a SQLite database file that does not exist: a typo in ``--db`` must never
    create (or quietly read) a new, empty database. ``db`` None means the environment's or
    the default file, checked only with ``default_too``. Raises ``UsageError``."""
    if db is None and not default_too:
        return
    url = resolve_url(db)
    if not url.startswith("sqlite:///"):
        return  # a server database: whether it holds callcoach's schema is checked on use
    path = Path(url.removeprefix("sqlite:///"))
    if path.name != ":memory:" and not path.is_file():
        shown = db if db is not None else path
        raise UsageError(
            f"no such database: {shown} (create one with: callcoach import … --db {shown})"
        )


def upgrade(db: str | Path | None = None) -> str:
    """Upgrade the schema to this callcoach's newest revision; say what was done."""
    with open_engine(db, "bare") as engine:
        before, after = upgrade_schema(engine)
    where = describe(resolve_url(db))
    if before == after:
        return f"{where}: schema already at revision {after}"
    if before is None:
        return f"{where}: created schema revision {after}"
    return f"{where}: upgraded schema from revision {before} to {after}"


def export_dump(db: str | Path | None, out: Path) -> int:
    """Write the database to ``out`` as a JSON Lines dump; return the number of calls.
    A read: it never creates or changes a database."""
    with open_engine(db, "read") as engine:
        return export(engine, out)
