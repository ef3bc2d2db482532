"""What the CLI's ``import``, ``export`` and ``db upgrade`` commands do, without the CLI.

Each function opens the database named by ``db_url`` (a URL, a SQLite file path, or None
for ``CALLCOACH_DB_URL`` / the default file) and raises ``CallcoachError`` subclasses only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from callcoach.roster import Roster
from callcoach.scoring import Rubric
from callcoach.storage.database import describe, make_engine, resolve_url
from callcoach.storage.dump import export
from callcoach.storage.importer import (
    ImportOptions,
    ImportSummary,
    ProgressCallback,
    collect_files,
    import_files,
)
from callcoach.storage.repository import Repository
from callcoach.storage.schema import check_schema, ensure_schema
from callcoach.storage.schema import upgrade as upgrade_schema

__all__ = ["export_dump", "import_paths", "open_repository", "upgrade"]


@contextmanager
def open_repository(db_url: str | None = None) -> Iterator[Repository]:
    """The repository of ``db_url`` (schema created when empty), closed on exit."""
    engine = make_engine(db_url)
    try:
        ensure_schema(engine)
        yield Repository(engine)
    finally:
        engine.dispose()


def import_paths(
    paths: Sequence[Path],
    db_url: str | None = None,
    rep: Sequence[str] | None = None,
    roster: Roster | None = None,
    rubric: Rubric | str | None = None,
    progress: ProgressCallback | None = None,
    *,
    detectors: Sequence[str] | None = None,
    min_confidence: float = 0.6,
    call_type: str | None = None,
) -> ImportSummary:
    """Import transcript files, folders of them and ``callcoach export`` dumps.

    Already stored calls are skipped; a call that fails (unreadable, roles unresolved) is
    listed in the summary and the others go on.
    """
    files = collect_files(paths)
    if isinstance(rubric, str):
        from callcoach.scoring import load_rubric

        rubric = load_rubric(rubric)  # once, not per call
    options = ImportOptions(
        rep=tuple(rep or ()),
        roster=roster,
        rubric=rubric,
        detectors=tuple(detectors) if detectors is not None else None,
        min_confidence=min_confidence,
        call_type=call_type,
    )
    engine = make_engine(db_url)
    try:
        return import_files(engine, files, options, progress)
    finally:
        engine.dispose()


def export_dump(db_url: str | None, out: Path) -> int:
    """Write the database to ``out`` as a JSON Lines dump; return the number of calls."""
    engine = make_engine(db_url, read_only=True)  # a read never creates or changes a database
    try:
        check_schema(engine)
        return export(engine, out)
    finally:
        engine.dispose()


def upgrade(db_url: str | None = None) -> str:
    """Upgrade the schema to this callcoach's newest revision; say what was done."""
    engine = make_engine(db_url)
    try:
        before, after = upgrade_schema(engine)
    finally:
        engine.dispose()
    where = describe(resolve_url(db_url))
    if before == after:
        return f"{where}: schema already at revision {after}"
    if before is None:
        return f"{where}: created schema revision {after}"
    return f"{where}: upgraded schema from revision {before} to {after}"
