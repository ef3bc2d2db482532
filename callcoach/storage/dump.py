"""``callcoach export``: the whole database as JSON Lines, and reading such a dump back.

Line 1 is a header; then one ``call`` line per call (by id), one ``deal`` line per deal (by
source and id) and one ``link`` line per deal link (by call and deal). Keys are sorted and
separators fixed, so export → import into an empty database → export is byte-identical.
Import runs are a log of this database, not data, and are not exported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from callcoach.errors import StorageError
from callcoach.model import Deal, DealLink
from callcoach.storage.records import (
    CallRecord,
    deal_from_record,
    deal_record,
    link_from_record,
    link_record,
)
from callcoach.storage.repository import Repository
from callcoach.storage.schema import head_revision

__all__ = ["DUMP_FORMAT", "DUMP_VERSION", "Dump", "export", "is_dump", "read_dump"]

DUMP_FORMAT = "callcoach-dump"
DUMP_VERSION = 1


@dataclass(frozen=True, slots=True)
class Dump:
    """A dump read back: call records with their line numbers, deals and links."""

    calls: tuple[tuple[int, CallRecord], ...]
    deals: tuple[Deal, ...]
    links: tuple[DealLink, ...]


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def export(engine: Engine, out: Path) -> int:
    """Write every call, deal and link to ``out`` (atomically); return the number of calls."""
    repository = Repository(engine)
    tmp = out.with_name(out.name + ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(_line({"type": "header", "format": DUMP_FORMAT, "version": DUMP_VERSION}))
            call_ids = repository.call_ids()
            for call_id in call_ids:
                handle.write(_line({"type": "call", **repository.record(call_id)}))
            for deal in repository.deals():
                handle.write(_line({"type": "deal", **deal_record(deal)}))
            for link in repository.links():
                handle.write(_line({"type": "link", **link_record(link)}))
        os.replace(tmp, out)
    except OSError as exc:
        raise StorageError(f"{out}: cannot write the dump: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)  # gone after the rename; removed after any failure
    return len(call_ids)


def is_dump(path: Path) -> bool:
    """Whether ``path`` is a file whose first line is a callcoach dump header."""
    if not path.is_file() or path.suffix.lower() not in (".jsonl", ".ndjson"):
        return False
    try:
        with path.open("r", encoding="utf-8") as handle:
            header = json.loads(handle.readline())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(header, dict) and header.get("format") == DUMP_FORMAT


def read_dump(path: Path) -> Dump:
    """Parse a dump; ``StorageError`` names the line of the first malformed record."""
    calls: list[tuple[int, CallRecord]] = []
    deals: list[Deal] = []
    links: list[DealLink] = []
    for number, record in _records(path):
        kind = record.pop("type", None)
        try:
            if kind == "call":
                calls.append((number, record))
            elif kind == "deal":
                deals.append(deal_from_record(record))
            elif kind == "link":
                links.append(link_from_record(record))
            else:
                raise StorageError(f"{path}:{number}: unknown record type {kind!r}")
        except (KeyError, TypeError, ValueError) as exc:
            raise StorageError(f"{path}:{number}: malformed {kind} record: {exc!r}") from None
    return Dump(tuple(calls), tuple(deals), tuple(links))


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with path.open("r", encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise StorageError(f"{path}:{number}: not JSON: {exc.msg}") from None
                if not isinstance(record, dict):
                    raise StorageError(f"{path}:{number}: expected a JSON object")
                if number == 1:
                    _check_header(path, record)
                    continue
                yield number, record
    except OSError as exc:
        raise StorageError(f"{path}: cannot read the dump: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise StorageError(f"{path}: not UTF-8 text") from None


def _check_header(path: Path, record: dict[str, Any]) -> None:
    if record.get("format") != DUMP_FORMAT:
        raise StorageError(f"{path}:1: not a callcoach dump (no {DUMP_FORMAT} header)")
    if record.get("version") != DUMP_VERSION:
        raise StorageError(
            f"{path}:1: dump version {record.get('version')!r}; this callcoach reads "
            f"version {DUMP_VERSION} (schema {head_revision()})"
        )
