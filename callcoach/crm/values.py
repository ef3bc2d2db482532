"""Parsing the values CRM exports write: amounts with currency, dates and yes/no flags.

Amount rule (docs/crm.md): currency symbols and ISO codes around the number are read as the
currency; spaces, non-breaking spaces and apostrophes are thousands separators. When both
``.`` and ``,`` occur, the right-most one is the decimal separator (``$12,500.00``,
``12.500,00 €``). When only one kind occurs more than once it groups thousands
(``1,250,000``). A single separator is read with the mapping's decimal separator, except
that exactly three digits after a single decimal separator (``12.500`` with ``decimal='.'``)
is refused as ambiguous rather than guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from iso4217 import Currency

__all__ = [
    "MAX_AMOUNT",
    "Money",
    "ValueProblem",
    "currency_codes",
    "parse_amount",
    "parse_date",
    "parse_flag",
]

# No deal is worth more (a quadrillion in any currency); beyond it a cell is a typo or junk,
# and 400 nines would otherwise be stored as infinity and break every statistic.
MAX_AMOUNT = 1e15

_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF"}
_CODE = re.compile(r"\b([A-Za-z]{3})\b")
_NUMBER = re.compile(r"^-?[0-9][0-9.,' \u00a0\u202f]*$|^-?[.,][0-9]+$")
_TRUE = {"true", "yes", "y", "1", "won", "x"}
_FALSE = {"false", "no", "n", "0", "lost", ""}


class ValueProblem(ValueError):
    """A cell that cannot be read; the message is the reason shown with the row number."""


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str | None


def parse_amount(text: str, decimal: str = ".") -> Money | None:
    """The amount and currency in ``text``; None for an empty cell."""
    raw = text.strip()
    if not raw:
        return None
    currency, number = _split_currency(raw)
    number = number.strip()
    if number.startswith("(") and number.endswith(")"):
        raise ValueProblem(f"negative amount {raw!r}")
    if not _NUMBER.match(number):
        raise ValueProblem(f"not an amount: {raw!r}")
    if number.startswith("-"):
        raise ValueProblem(f"negative amount {raw!r}")
    value = float(_normalise_number(number, decimal, raw))
    if not math.isfinite(value) or value > MAX_AMOUNT:
        raise ValueProblem(f"amount {raw[:40]!r} is beyond {MAX_AMOUNT:,.0f}")
    return Money(value, currency)


@cache
def currency_codes() -> frozenset[str]:
    """The ISO 4217 currency codes (USD, EUR, …)."""
    return frozenset(c.code for c in Currency)


def _split_currency(raw: str) -> tuple[str | None, str]:
    found: set[str] = set()
    rest = raw
    for symbol, code in _SYMBOLS.items():
        if symbol in rest:
            found.add(code)
            rest = rest.replace(symbol, " ")
    for code in _CODE.findall(rest):
        if code.upper() not in currency_codes():
            raise ValueProblem(f"not an amount: {raw[:40]!r} ({code!r} is no ISO 4217 currency)")
        found.add(code.upper())
    rest = _CODE.sub(" ", rest)
    if len(found) > 1:
        raise ValueProblem(f"amount {raw!r} names more than one currency: {sorted(found)}")
    return (found.pop() if found else None), rest


def _normalise_number(number: str, decimal: str, raw: str) -> str:
    digits = re.sub(r"[ '\u00a0\u202f]", "", number)
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        point = "." if digits.rfind(".") > digits.rfind(",") else ","
        group = "," if point == "." else "."
        if digits.count(point) > 1:
            raise ValueProblem(f"not an amount: {raw!r}")
        return digits.replace(group, "").replace(point, ".")
    separator = "." if dots else "," if commas else None
    if separator is None:
        return digits
    if digits.count(separator) > 1:
        if not re.fullmatch(rf"\d{{1,3}}(\{separator}\d{{3}})+", digits):
            raise ValueProblem(f"not an amount: {raw!r}")
        return digits.replace(separator, "")
    whole, _, fraction = digits.partition(separator)
    if separator != decimal:
        if len(fraction) != 3 or not whole:
            raise ValueProblem(
                f"amount {raw!r}: {separator!r} is not the decimal separator {decimal!r} "
                "and does not group thousands"
            )
        return whole + fraction
    if len(fraction) == 3 and whole and whole != "0":
        raise ValueProblem(
            f"ambiguous amount {raw!r}: three digits after the only {separator!r}; "
            "write the amount with cents or without separators, or set 'decimal' in a mapping"
        )
    return f"{whole or '0'}.{fraction}"


def parse_date(text: str, day_first: bool = False) -> date | None:
    """ISO dates (with an optional time), ``M/D/YYYY`` (``D/M/YYYY`` with ``day_first``)
    and ``D.M.YYYY``; None for an empty cell."""
    raw = text.strip()
    if not raw:
        return None
    iso = raw.replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(iso).date()
    except ValueError:
        pass
    first = raw.split()[0]
    order = "D/M/YYYY" if day_first else "M/D/YYYY"
    year = re.split(r"[/.]", first)[-1]
    if year.isdigit() and len(year) != 4:
        # 03/04/25: 1925 or 2025? Refused rather than guessed (strptime would accept "25").
        raise ValueProblem(f"not a date: {raw[:40]!r} (the year must have four digits: {order})")
    slash = "%d/%m/%Y" if day_first else "%m/%d/%Y"
    for fmt in (slash, "%d.%m.%Y"):
        try:
            return datetime.strptime(first, fmt).date()
        except ValueError:
            continue
    raise ValueProblem(f"not a date: {raw[:40]!r} (expected YYYY-MM-DD, {order} or D.M.YYYY)")


def parse_flag(text: str) -> bool:
    """A yes/no cell: true/false, yes/no, 1/0 (case-insensitive); empty is False."""
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem(f"not a yes/no value: {text!r}")
