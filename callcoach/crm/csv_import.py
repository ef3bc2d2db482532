"""Reading a CRM deal export (CSV) into ``Deal`` objects, keeping good rows and listing bad ones.

Row numbers count the header as row 1, like a spreadsheet, so "row 7" is what the user sees
when they open the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from callcoach.crm.errors import CrmError
from callcoach.crm.mapping import FieldMapping, builtin_mapping
from callcoach.crm.values import Money, ValueProblem, parse_amount, parse_date, parse_flag
from callcoach.model import Deal

__all__ = ["DealImport", "RowError", "load_deals", "read_deals"]

_EMAIL = re.compile(r"[^\s,;<>\"']+@[^\s,;<>\"']+\.[A-Za-z]{2,}")


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that was skipped, and why."""

    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass(frozen=True, slots=True)
class DealImport:
    """The deals read from one file and the rows that could not be used."""

    deals: tuple[Deal, ...]
    errors: tuple[RowError, ...]


def load_deals(
    path: str | Path, source: str = "generic", mapping: FieldMapping | None = None
) -> DealImport:
    """Deals in the CSV export at ``path``, read with ``mapping`` (default: ``source``'s).

    Raises ``CrmError`` when the file cannot be read or lacks a deal id column; a bad row
    (unreadable amount or date, missing or duplicate id, contradictory won/closed flags) is
    listed in ``errors`` with its row number and the good rows are kept.
    """
    path = Path(path).expanduser()
    spec = mapping or builtin_mapping(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CrmError(f"{path}: cannot read deal export: {exc.strerror}") from None
    text = _decode(raw)
    try:
        return read_deals(text, spec, source_name=str(path))
    except CrmError as exc:
        raise CrmError(f"{path}: {exc}") from None


def read_deals(text: str, mapping: FieldMapping, source_name: str = "<text>") -> DealImport:
    """Deals in CSV ``text`` (see ``load_deals``)."""
    dialect = _sniff(text)
    reader = csv.reader(text.splitlines(), dialect)
    header = next(reader, None)
    if header is None:
        raise CrmError("the file is empty")
    where = _locate(header, mapping)
    deals: list[Deal] = []
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    try:
        for offset, cells in enumerate(reader):
            row = offset + 2
            if not any(c.strip() for c in cells):
                continue
            try:
                deal = _deal(row, cells, where, mapping)
            except ValueProblem as exc:
                errors.append(RowError(row, str(exc)))
                continue
            if deal.id in first_row:
                errors.append(
                    RowError(
                        row, f"duplicate deal id {deal.id!r} (first at row {first_row[deal.id]})"
                    )
                )
                continue
            first_row[deal.id] = row
            deals.append(deal)
    except csv.Error as exc:
        raise CrmError(f"not valid CSV near row {reader.line_num}: {exc}") from None
    return DealImport(tuple(deals), tuple(errors))


def _decode(raw: bytes) -> str:
    # Salesforce and Excel write UTF-8 with a BOM or Windows-1252; both occur in the wild.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return csv.excel_tab if delimiter == "\t" else _Semicolon if delimiter == ";" else csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


def _locate(header: list[str], mapping: FieldMapping) -> dict[str, list[int]]:
    """Column indexes per deal field (several for ``contact_emails``)."""
    index = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    where: dict[str, list[int]] = {}
    for field_name, candidates in mapping.columns.items():
        found = [index[c.strip().lower()] for c in candidates if c.strip().lower() in index]
        if found:
            where[field_name] = found if field_name == "contact_emails" else found[:1]
    if "id" not in where:
        wanted = " or ".join(repr(c) for c in mapping.columns["id"])
        raise CrmError(
            f"no deal id column ({wanted}) in the header of a {mapping.source} export; "
            "pass a mapping file that names it"
        )
    return where


def _deal(row: int, cells: list[str], where: Mapping[str, list[int]], spec: FieldMapping) -> Deal:
    def cell(field_name: str) -> str:
        columns = where.get(field_name)
        if not columns or columns[0] >= len(cells):
            return ""
        return cells[columns[0]].strip()

    deal_id = cell("id")
    if not deal_id:
        raise ValueProblem("no deal id")
    money = _money(cell("amount"), spec)
    currency = (cell("currency").upper() or None) if "currency" in where else None
    if money is not None and money.currency and currency and money.currency != currency:
        raise ValueProblem(f"amount is in {money.currency} but the currency column says {currency}")
    stage = cell("stage") or None
    return Deal(
        id=deal_id,
        source=spec.source,
        name=cell("name") or None,
        account=cell("account") or None,
        amount=money.amount if money else None,
        currency=currency or (money.currency if money else None) or spec.default_currency,
        stage=stage,
        won=_outcome(cell, where, stage, spec),
        created=_date(cell("created"), "created date", spec),
        close_date=_date(cell("close_date"), "close date", spec),
        owner=cell("owner") or None,
        contact_emails=_emails(cells, where.get("contact_emails", [])),
        row=row,
    )


def _money(text: str, spec: FieldMapping) -> Money | None:
    try:
        return parse_amount(text, spec.decimal)
    except ValueProblem as exc:
        raise ValueProblem(f"amount: {exc}") from None


def _date(text: str, what: str, spec: FieldMapping) -> date | None:
    try:
        return parse_date(text, spec.day_first)
    except ValueProblem as exc:
        raise ValueProblem(f"{what}: {exc}") from None


def _outcome(
    cell: Callable[[str], str],
    where: Mapping[str, list[int]],
    stage: str | None,
    spec: FieldMapping,
) -> bool | None:
    """Won (True), lost (False) or open (None): the won/closed flags when the export has
    them, else the stage name."""
    by_stage = spec.outcome_of_stage(stage) if stage else None
    if "won" not in where and "closed" not in where:
        return by_stage
    try:
        won = parse_flag(cell("won")) if "won" in where else None
        closed = parse_flag(cell("closed")) if "closed" in where else None
    except ValueProblem as exc:
        raise ValueProblem(f"won/closed flag: {exc}") from None
    if won and closed is False:
        raise ValueProblem("marked won but not closed")
    if won:
        outcome: bool | None = True
    elif closed:
        outcome = False
    elif closed is False:
        outcome = None
    else:
        outcome = by_stage
    flags = "won" if outcome else "lost" if outcome is False else "open"
    if by_stage is not None and (by_stage != outcome or (won is False and by_stage)):
        raise ValueProblem(f"stage {stage!r} contradicts the won/closed flags ({flags})")
    return outcome


def _emails(cells: list[str], columns: list[int]) -> tuple[str, ...]:
    found: list[str] = []
    for column in columns:
        if column < len(cells):
            found.extend(e.lower() for e in _EMAIL.findall(cells[column]))
    return tuple(dict.fromkeys(found))
