"""What ``callcoach crm import`` does, without the CLI: read deals, store them, link calls."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from callcoach.crm.csv_import import RowError, load_deals
from callcoach.crm.linking import AmbiguousLink, link_calls
from callcoach.crm.mapping import load_mapping

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

    def lines(self) -> list[str]:
        """A short human summary: counts, the first bad rows, every ambiguous call."""
        out = [
            f"{self.path}: {self.deals_read} deals read ({self.source}), "
            f"{len(self.errors)} rows skipped; {self.added} added, {self.updated} updated",
            f"{self.calls} stored calls: {self.linked} linked, {len(self.ambiguous)} ambiguous, "
            f"{self.unlinked} unlinked",
        ]
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
    """Import a deal export into the database at ``db_url`` and (re)link every stored call.

    ``mapping`` is an optional YAML mapping file (see docs/crm.md) layered over ``source``'s.
    Raises ``CrmError`` for an unreadable file or mapping, ``StorageError`` for the database.
    """
    from callcoach.storage import Repository, ensure_schema, make_engine

    spec = load_mapping(mapping, source) if mapping is not None else None
    imported = load_deals(path, source, spec)
    engine = make_engine(db_url)
    try:
        ensure_schema(engine)
        repository = Repository(engine)
        added, updated = repository.save_deals(imported.deals)
        calls = repository.calls()
        result = link_calls(calls, repository.deals())
        repository.save_links(list(result.links))
    finally:
        engine.dispose()
    return CrmImportSummary(
        path=str(path),
        source=source,
        deals_read=len(imported.deals),
        errors=imported.errors,
        added=added,
        updated=updated,
        calls=len(calls),
        linked=len(result.links),
        ambiguous=result.ambiguous,
        unlinked=len(result.unlinked),
    )
