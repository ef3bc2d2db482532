"""Reading a CRM deal export (CSV) into ``Deal`` objects, keeping good rows and listing bad ones.

Row numbers count the header as row 1, like a spreadsheet, so "row 7" is what the user sees
when they open the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from callcoach.crm.errors import CrmError
from callcoach.crm.mapping import FieldMapping, builtin_mapping
from callcoach.crm.values import Money, ValueProblem, parse_amount, parse_date, parse_flag
from callcoach.model import Deal
from callcoach.model.deal import deal_text_problem

__all__ = ["DealImport", "DealReader", "RowError", "load_deals", "open_deals", "read_deals"]

# Characters that separate e-mail addresses in a contact cell ("a@x.com; <b@y.org>").
_EMAIL_SEPARATORS = str.maketrans({c: " " for c in ",;<>\"'()[]\t\r\n"})
_MAX_EMAIL = 254  # RFC 5321: no longer address exists
_CHUNK = 1 << 20


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
    warnings: tuple[RowError, ...] = ()


def load_deals(
    path: str | Path, source: str = "generic", mapping: FieldMapping | None = None
) -> DealImport:
    """Deals in the CSV export at ``path``, read with ``mapping`` (default: ``source``'s).

    Raises ``CrmError`` when the file cannot be read or lacks a deal id column; a bad row
    (unreadable amount or date, missing or duplicate id, contradictory won/closed flags) is
    listed in ``errors`` with its row number and the good rows are kept; a row with more or
    fewer cells than the header is kept and listed in ``warnings``.
    """
    with open_deals(path, source, mapping) as reader:
        deals = tuple(reader)
        return DealImport(deals, tuple(reader.errors), tuple(reader.warnings))


def read_deals(text: str, mapping: FieldMapping, source_name: str = "<text>") -> DealImport:
    """Deals in CSV ``text`` (see ``load_deals``)."""
    reader = DealReader(io.StringIO(text, newline=""), mapping)
    deals = tuple(reader)
    return DealImport(deals, tuple(reader.errors), tuple(reader.warnings))


@dataclass
class DealReader:
    """Deals streamed from a CSV text stream, one row at a time (memory stays flat for a
    million-row export). ``errors`` and ``warnings`` fill up while it is iterated.

    The stream must be opened with ``newline=""``: only CR and LF end a row, so a form feed,
    NEL or U+2028 inside a cell stays in the cell, and quoted cells may span lines.
    """

    stream: Iterable[str]
    mapping: FieldMapping
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    skipped_ids: set[str] = field(default_factory=set)  # ids of rows refused (not deleted)
    _close: Callable[[], None] | None = None

    def __iter__(self) -> Iterator[Deal]:
        lines = iter(self.stream)
        first = next(lines, None)
        if first is None or not first.strip():
            raise CrmError("the file is empty")
        reader = csv.reader(itertools.chain([first], lines), _sniff(first))
        try:
            header = next(reader)
            where = _locate(header, self.mapping)
            first_row: dict[str, int] = {}
            for offset, cells in enumerate(reader):
                row = offset + 2
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    self.warnings.append(
                        RowError(row, f"{len(cells)} cells, the header has {len(header)}")
                    )
                try:
                    deal = _deal(row, cells, where, self.mapping)
                except ValueProblem as exc:
                    self.errors.append(RowError(row, str(exc)))
                    deal_id = _cell(cells, where, "id")
                    if deal_id:
                        self.skipped_ids.add(deal_id)
                    continue
                if deal.id in first_row:
                    earlier = first_row[deal.id]
                    self.errors.append(
                        RowError(
                            row, f"duplicate deal id {deal.id[:80]!r} (first at row {earlier})"
                        )
                    )
                    continue
                first_row[deal.id] = row
                yield deal
        except csv.Error as exc:
            raise CrmError(f"not valid CSV near row {reader.line_num}: {exc}") from None

    def __enter__(self) -> DealReader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._close is not None:
            self._close()


def open_deals(
    path: str | Path, source: str = "generic", mapping: FieldMapping | None = None
) -> DealReader:
    """A ``DealReader`` over the file at ``path`` (use it in a ``with`` block).

    The encoding is found without reading the file into memory: a UTF-16 or UTF-8 byte
    order mark (Excel's "Unicode text" is UTF-16), else UTF-8 when every byte decodes, else
    Windows-1252.
    """
    path = Path(path).expanduser()
    spec = mapping or builtin_mapping(source)
    try:
        if not path.is_file():
            raise CrmError(f"{path}: cannot read deal export: not a file")
        encoding = _encoding(path)
        handle = path.open("r", encoding=encoding, newline="")
    except OSError as exc:
        raise CrmError(f"{path}: cannot read deal export: {exc.strerror}") from None
    return _NamedReader(handle, spec, _close=handle.close, path=str(path))


@dataclass
class _NamedReader(DealReader):
    path: str = ""

    def __iter__(self) -> Iterator[Deal]:
        try:
            yield from super().__iter__()
        except CrmError as exc:
            raise CrmError(f"{self.path}: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CrmError(f"{self.path}: cannot read deal export: {exc}") from None


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        start = handle.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if len(start) >= 4 and start[1::2] == b"\0\0" and start[0::2] != b"\0\0":
            return "utf-16-le"  # UTF-16 without a byte order mark (ASCII header)
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            # Salesforce and Excel also write Windows-1252; latin-1 never fails.
            return "cp1252" if _cp1252_decodes(path) else "latin-1"
    return "utf-8"


def _cp1252_decodes(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("cp1252")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
    return True


def _sniff(first: str) -> type[csv.Dialect] | csv.Dialect:
    delimiter = max(",;\t", key=first.count)
    return csv.excel_tab if delimiter == "\t" else _Semicolon if delimiter == ";" else csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


def _cell(cells: list[str], where: Mapping[str, list[int]], field_name: str) -> str:
    columns = where.get(field_name)
    if not columns or columns[0] >= len(cells):
        return ""
    return cells[columns[0]].strip()


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
        return _cell(cells, where, field_name)

    deal_id = cell("id")
    if not deal_id:
        raise ValueProblem("no deal id")
    money = _money(cell("amount"), spec)
    currency = (cell("currency").upper() or None) if "currency" in where else None
    if money is not None and money.currency and currency and money.currency != currency:
        raise ValueProblem(f"amount is in {money.currency} but the currency column says {currency}")
    stage = cell("stage") or None
    for field_name in ("id", "account", "currency", "stage", "owner"):
        problem = deal_text_problem(field_name, cell(field_name))
        if problem:
            raise ValueProblem(problem)
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
    """Addresses in the contact cells: one linear split, no backtracking regex."""
    found: list[str] = []
    for column in columns:
        if column < len(cells):
            for token in cells[column].translate(_EMAIL_SEPARATORS).split():
                if _is_email(token):
                    found.append(token.lower())
    return tuple(dict.fromkeys(found))


def _is_email(token: str) -> bool:
    if len(token) > _MAX_EMAIL or token.count("@") != 1:
        return False
    local, _, domain = token.partition("@")
    tld = domain.rpartition(".")[2]
    return bool(local) and "." in domain and len(tld) >= 2 and tld.isascii() and tld.isalpha()
