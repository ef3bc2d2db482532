"""The list of calls: filters by rep, date and score, newest first, a page at a time."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol
from urllib.parse import urlencode

from callcoach.report import words
from callcoach.storage.repository import StoredCall

__all__ = [
    "CallList",
    "CallQuery",
    "CallRow",
    "ListedCall",
    "call_list",
    "call_rows",
    "parse_query",
    "stored_rows",
]

PER_PAGE = 25
MAX_PER_PAGE = 200
TEXT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class CallQuery:
    """The list's filters, as given in the page's query string."""

    rep: str = ""
    date_from: date | None = None
    date_to: date | None = None
    min_score: float | None = None
    max_score: float | None = None
    page: int = 1
    per_page: int = PER_PAGE

    def params(self, **changes: object) -> str:
        """This query as a query string (with ``changes``), leaving defaults out."""
        query = replace(self, **changes)  # type: ignore[arg-type]
        pairs = {
            "rep": query.rep,
            "from": query.date_from.isoformat() if query.date_from else "",
            "to": query.date_to.isoformat() if query.date_to else "",
            "min_score": _number(query.min_score),
            "max_score": _number(query.max_score),
            "page": str(query.page) if query.page != 1 else "",
            "per_page": str(query.per_page) if query.per_page != PER_PAGE else "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})

    @property
    def filtered(self) -> bool:
        return bool(
            self.rep
            or self.date_from
            or self.date_to
            or self.min_score is not None
            or self.max_score is not None
        )


@dataclass(frozen=True, slots=True)
class CallRow:
    id: str
    title: str
    date: date | None
    duration: str
    reps: tuple[str, ...]
    prospects: tuple[str, ...]
    account: str | None
    overall: float | None
    rubric: str | None

    @property
    def score_class(self) -> str:
        """The CSS class of the score badge (s1…s5; sn when not scored)."""
        return f"s{round(self.overall)}" if self.overall is not None else "sn"


@dataclass(frozen=True, slots=True)
class CallList:
    rows: tuple[CallRow, ...]
    total: int  # calls matching the filters
    visible: int  # calls this user may see at all
    query: CallQuery
    pages: int
    reps: tuple[str, ...]  # every rep on a visible call, for the filter
    errors: tuple[str, ...]

    @property
    def previous(self) -> str | None:
        return self.query.params(page=self.query.page - 1) if self.query.page > 1 else None

    @property
    def next(self) -> str | None:
        return self.query.params(page=self.query.page + 1) if self.query.page < self.pages else None


def parse_query(params: Mapping[str, str]) -> tuple[CallQuery, tuple[str, ...]]:
    """The filters from a query string; a bad value is left out with a message saying why."""
    errors: list[str] = []

    def day(name: str, label: str) -> date | None:
        raw = params.get(name, "").strip()
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            errors.append(f"{label}: {raw[:40]!r} is not a date (YYYY-MM-DD); filter ignored")
            return None

    def score(name: str, label: str) -> float | None:
        raw = params.get(name, "").strip()
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not 0 <= value <= 5:
            errors.append(f"{label}: {raw[:40]!r} is not a score from 0 to 5; filter ignored")
            return None
        return value

    def whole(name: str, default: int, high: int) -> int:
        raw = params.get(name, "").strip()
        if not raw:
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= high:
            errors.append(f"{name}: {raw[:40]!r} is not a whole number from 1 to {high}")
            return default
        return int(raw)

    query = CallQuery(
        rep=params.get("rep", "").strip()[:TEXT_LIMIT],
        date_from=day("from", "from"),
        date_to=day("to", "to"),
        min_score=score("min_score", "lowest score"),
        max_score=score("max_score", "highest score"),
        page=whole("page", 1, 1_000_000),
        per_page=whole("per_page", PER_PAGE, MAX_PER_PAGE),
    )
    return query, tuple(errors)


class ListedCall(Protocol):
    """A call as a list query returns it (``callcoach.storage.accounts.CallSummary``)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def date(self) -> date | None: ...
    @property
    def duration_seconds(self) -> float | None: ...
    @property
    def reps(self) -> Sequence[str]: ...
    @property
    def prospects(self) -> Sequence[str]: ...
    @property
    def account(self) -> str | None: ...
    @property
    def rubric(self) -> str | None: ...
    @property
    def overall(self) -> float | None: ...


def call_rows(calls: Sequence[ListedCall]) -> list[CallRow]:
    """Rows for ``calls``, in their order."""
    return [
        CallRow(
            id=c.id,
            title=c.title or "untitled call",
            date=c.date,
            duration=_duration(c.duration_seconds),
            reps=tuple(c.reps),
            prospects=tuple(c.prospects),
            account=c.account,
            overall=c.overall,
            rubric=c.rubric,
        )
        for c in calls
    ]


def stored_rows(
    calls: Sequence[StoredCall], scores: Mapping[str, tuple[str, float | None]]
) -> list[CallRow]:
    """Rows for stored calls with each call's (rubric, overall score), newest first."""
    rows = [
        CallRow(
            id=c.id,
            title=c.title or c.source.rsplit("/", 1)[-1],
            date=c.date,
            duration=_duration(c.duration_seconds),
            reps=c.reps,
            prospects=c.prospects,
            account=c.account,
            overall=scores[c.id][1] if c.id in scores else None,
            rubric=scores[c.id][0] if c.id in scores else None,
        )
        for c in calls
    ]
    rows.sort(key=lambda r: (r.date is not None, r.date or date.min, r.id), reverse=True)
    return rows


def call_list(
    calls: Sequence[ListedCall],
    total: int,
    visible: int,
    query: CallQuery,
    reps: Sequence[str] = (),
    errors: Sequence[str] = (),
) -> CallList:
    """One page of the list: ``calls`` are that page's calls (already filtered and ordered
    by the query), ``total`` how many match, ``visible`` how many the user may see at all."""
    pages = max(1, math.ceil(total / query.per_page))
    return CallList(
        rows=tuple(call_rows(calls)),
        total=total,
        visible=visible,
        query=query,
        pages=pages,
        reps=tuple(sorted(set(reps), key=str.casefold)),
        errors=tuple(errors),
    )


def _duration(seconds: float | None) -> str:
    return words.seconds(seconds) if seconds is not None else "—"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
