"""``callcoach crm import``: read a deal export, store the deals, link every stored call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from callcoach.app.database import open_engine
from callcoach.crm.csv_import import RowError, open_deals
from callcoach.crm.linking import AmbiguousLink, link_calls, relevant_deals
from callcoach.crm.mapping import load_mapping
from callcoach.model import Deal

__all__ = ["CrmImportSummary", "crm_import"]

_SHOWN_ERRORS = 20


@dataclass(frozen=True, slots=True)
class CrmImportSummary:
    """What an import read, stored and linked."""

    path: str
    source: str
    deals_read: int
    errors: tuple[RowError, ...]
    added: int
    updated: int
    calls: int
    linked: int
    ambiguous: tuple[AmbiguousLink, ...]
    unlinked: int
    removed: int = 0  # stored deals of this source that the export no longer has
    warnings: tuple[RowError, ...] = ()
    links_added: int = 0
    links_removed: int = 0

    def lines(self) -> list[str]:
        """A short human summary: counts, the first bad rows, every ambiguous call."""
        out = [
            f"{self.path}: {self.deals_read} deals read ({self.source}), "
            f"{len(self.errors)} rows skipped; {self.added} added, {self.updated} updated, "
            f"{self.removed} removed (no longer in the export)",
            f"{self.calls} stored calls: {self.linked} linked, {len(self.ambiguous)} ambiguous, "
            f"{self.unlinked} unlinked; links: {self.links_added} new, "
            f"{self.links_removed} removed",
        ]
        out += [f"  warning {w}" for w in self.warnings[:_SHOWN_ERRORS]]
        if len(self.warnings) > _SHOWN_ERRORS:
            out.append(f"  … and {len(self.warnings) - _SHOWN_ERRORS} more warnings")
        out += [f"  skipped {error}" for error in self.errors[:_SHOWN_ERRORS]]
        if len(self.errors) > _SHOWN_ERRORS:
            out.append(f"  … and {len(self.errors) - _SHOWN_ERRORS} more skipped rows")
        out += [
            f"  ambiguous call {a.call_id[:12]}: deals {', '.join(a.deal_ids)} ({a.reason})"
            for a in self.ambiguous
        ]
        return out


def crm_import(
    path: str | Path,
    source: str = "generic",
    mapping: str | Path | None = None,
    db_url: str | None = None,
) -> CrmImportSummary:
    """Import a deal export into the database at ``db_url`` and relink every stored call.

    One transaction reconciles the database with the export: deals of ``source`` are added,
    updated or (when the export no longer has them) removed with their links, and every call's
    links are recomputed from the current deals, so no stale link survives. The export is
    streamed and stored in batches. ``mapping`` is an optional YAML mapping file (see
    docs/crm.md) layered over ``source``'s. Raises ``CrmError`` for an unreadable file or
    mapping (nothing is changed then), ``StorageError`` for the database.
    """
    from callcoach.storage import Repository
    from callcoach.storage.database import write_session

    spec = load_mapping(mapping, source) if mapping is not None else None
    with (
        open_engine(db_url) as engine,
        open_deals(path, source, spec) as reader,
        write_session(engine) as session,
    ):
        repository = Repository(session)
        counted = _Counted(reader)
        sync = repository.sync_deals(reader.mapping.source, counted, keep=reader.skipped_ids)
        calls = repository.calls()
        result = link_calls(calls, relevant_deals(calls, repository.iter_deals()))
        links = repository.replace_all_links(list(result.links))
    return CrmImportSummary(
        path=str(path),
        source=source,
        deals_read=counted.count,
        errors=tuple(reader.errors),
        added=sync.added,
        updated=sync.updated,
        calls=len(calls),
        linked=len(result.links),
        ambiguous=result.ambiguous,
        unlinked=len(result.unlinked),
        removed=sync.removed,
        warnings=tuple(reader.warnings),
        links_added=links.added,
        links_removed=links.removed,
    )


class _Counted:
    """The deals of a reader, counted as they stream by."""

    def __init__(self, deals: Iterable[Deal]) -> None:
        self.deals = deals
        self.count = 0

    def __iter__(self) -> Iterator[Deal]:
        for deal in self.deals:
            self.count += 1
            yield deal
