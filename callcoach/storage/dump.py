"""``callcoach export``: the whole database as JSON Lines, and reading such a dump back.

Line 1 is a header; then one ``call`` line per call (by id), one ``deal`` line per deal (by
source and id) and one ``link`` line per deal link (by call and deal). Keys are sorted and
separators fixed, so export → import into an empty database → export is byte-identical.
Import runs are a log of this database, not data, and are not exported.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine

from callcoach.errors import StorageError
from callcoach.model import Deal, DealLink
from callcoach.model.call import clean_text
from callcoach.model.deal import DEAL_TEXT_LIMITS, deal_text_problem
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
    """A dump read back: call records with their line numbers, deals and links, and the
    records that were skipped (line number, reason)."""

    calls: tuple[tuple[int, CallRecord], ...]
    deals: tuple[Deal, ...]
    links: tuple[DealLink, ...]
    errors: tuple[tuple[int, str], ...] = ()


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
                handle.write(_line({"type": "call", **repository.record(call_id).to_json()}))
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
    """Parse a dump. A malformed record (not JSON, a huge number, a wrong type) is skipped and
    listed in ``errors`` with its line; only an unreadable file or a bad header raises
    ``StorageError``."""
    calls: list[tuple[int, CallRecord]] = []
    deals: list[Deal] = []
    links: list[DealLink] = []
    errors: list[tuple[int, str]] = []
    for number, record in _records(path):
        if isinstance(record, str):
            errors.append((number, record))
            continue
        kind = record.pop("type", None)
        try:
            if kind == "call":
                calls.append((number, _checked_call(record)))
            elif kind == "deal":
                deals.append(deal_from_record(_checked(record, _DEAL_FIELDS)))
            elif kind == "link":
                links.append(link_from_record(_checked(record, _LINK_FIELDS)))
            else:
                errors.append((number, f"unknown record type {kind!r}"))
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            errors.append((number, f"malformed {kind} record: {_describe(exc)}"))
    return Dump(tuple(calls), tuple(deals), tuple(links), tuple(errors))


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    if isinstance(exc, ValidationError):
        return _validation_problem(exc)
    return str(exc)[:300]


def _validation_problem(exc: ValidationError) -> str:
    """The first problem pydantic found, as "'where': what" (and how many more there are)."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    if first["type"] == "missing":
        text = f"missing field {where!r}"
    else:
        text = f"{where!r}: {first['msg']}"
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return (text + more)[:300]


# Every field of a deal and a link record, and the JSON types it may hold (None: null).
_DEAL_FIELDS: dict[str, tuple[type | None, ...]] = {
    "id": (str,),
    "source": (str,),
    "name": (str, None),
    "account": (str, None),
    "amount": (float, int, None),
    "currency": (str, None),
    "stage": (str, None),
    "won": (bool, None),
    "created": (str, None),
    "close_date": (str, None),
    "owner": (str, None),
    "contact_emails": (list,),
    "row": (int, None),
}
_LINK_FIELDS: dict[str, tuple[type | None, ...]] = {
    "call_id": (str,),
    "deal_id": (str,),
    "method": (str,),
    "confidence": (float, int),
    "reason": (str,),
}
# Numbers beyond these cannot be a deal amount or a row, and no database column takes them.
MAX_AMOUNT = 1e15
MAX_ROW = 2**31 - 1


def _checked(record: dict[str, Any], fields: dict[str, tuple[type | None, ...]]) -> dict[str, Any]:
    for name, types in fields.items():
        value = record[name]
        allowed = None in types if value is None else _is_a(value, types)
        if not allowed:
            wanted = " or ".join("null" if t is None else t.__name__ for t in types)
            raise TypeError(f"{name!r} must be {wanted}, not {type(value).__name__}")
    amount, row = record.get("amount"), record.get("row")
    if amount is not None and not (math.isfinite(amount) and abs(amount) <= MAX_AMOUNT):
        raise ValueError(f"'amount' {amount!r:.40} is beyond ±{MAX_AMOUNT:g}")
    if row is not None and not 0 <= row <= MAX_ROW:
        raise ValueError(f"'row' {row!r:.40} is out of range")
    if not all(isinstance(e, str) for e in record.get("contact_emails", [])):
        raise TypeError("'contact_emails' must be a list of strings")
    for name in DEAL_TEXT_LIMITS if fields is _DEAL_FIELDS else ():
        problem = deal_text_problem(name, record.get(name))
        if problem:
            raise ValueError(problem)
    confidence = record.get("confidence")
    if confidence is not None and not (math.isfinite(confidence) and 0 <= confidence <= 1):
        raise ValueError("'confidence' must be between 0 and 1")
    return record


def _is_a(value: Any, types: tuple[type | None, ...]) -> bool:
    if isinstance(value, bool):  # JSON true is no number
        return bool in types
    return any(t is not None and t is not bool and isinstance(value, t) for t in types)


def _checked_call(record: dict[str, Any]) -> CallRecord:
    if not isinstance(record.get("id"), str):
        raise TypeError("'id' must be a string")
    _check_numbers(record)
    return CallRecord.model_validate(_clean_strings(record))


def _clean_strings(value: Any) -> Any:
    """Every string with NUL and lone surrogates replaced by U+FFFD, as ``Call`` does."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_strings(v) for v in value]
    return value


def _check_numbers(value: Any, depth: int = 0) -> None:
    """Reject integers no database column holds (SQLite and PostgreSQL: 64-bit)."""
    if isinstance(value, bool) or depth > 64:
        return
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise OverflowError(f"the integer {str(value)[:20]}… does not fit in 64 bits")
    if isinstance(value, dict):
        for item in value.values():
            _check_numbers(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item, depth + 1)


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, record) per line, or (line number, why it is unreadable)."""
    try:
        with path.open("r", encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    if number == 1:
                        raise StorageError(f"{path}:1: not JSON: {exc.msg}") from None
                    yield number, f"not JSON: {exc.msg}"
                    continue
                except (ValueError, RecursionError) as exc:  # 4,300+ digit integers, depth
                    yield number, f"unreadable JSON: {str(exc)[:200]}"
                    continue
                if not isinstance(record, dict):
                    if number == 1:
                        raise StorageError(f"{path}:1: not a callcoach dump header")
                    yield number, "expected a JSON object"
                    continue
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
