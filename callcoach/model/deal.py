"""CRM deals and their links to calls."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

# The longest text each deal field may hold, on SQLite and PostgreSQL alike (the database
# columns have these sizes); a longer cell is refused with the row's number.
DEAL_TEXT_LIMITS = {"id": 255, "source": 32, "account": 255, "currency": 16, "stage": 128,
                    "owner": 255}  # fmt: skip
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def deal_text_problem(field: str, value: str | None) -> str | None:
    """Why ``value`` cannot be stored in the deal field ``field``, or None."""
    limit = DEAL_TEXT_LIMITS.get(field)
    if value is None or limit is None or len(value) <= limit:
        return None
    return f"{field} is {len(value)} characters long; at most {limit} are stored"


@dataclass(frozen=True, slots=True)
class Deal:
    """One opportunity from a CRM export. ``won`` is None while the deal is open."""

    id: str
    source: str  # salesforce | hubspot | generic
    name: str | None = None
    account: str | None = None
    amount: float | None = None
    currency: str | None = None
    stage: str | None = None
    won: bool | None = None
    created: date | None = None
    close_date: date | None = None
    owner: str | None = None
    contact_emails: tuple[str, ...] = ()
    row: int | None = None  # 1-based data row in the source file (header = row 1)

    def __post_init__(self) -> None:
        # An amount that is no number (inf, nan: stored by older versions) is unknown, so no
        # statistic over deals can fail on it.
        if self.amount is not None and not _finite(self.amount):
            object.__setattr__(self, "amount", None)
        # NUL and lone surrogates: PostgreSQL refuses them; both databases store U+FFFD.
        for name in ("id", "name", "account", "currency", "stage", "owner"):
            value = getattr(self, name)
            if isinstance(value, str) and _UNSTORABLE.search(value):
                object.__setattr__(self, name, _UNSTORABLE.sub("\ufffd", value))
        if any(_UNSTORABLE.search(e) for e in self.contact_emails):
            emails = tuple(_UNSTORABLE.sub("\ufffd", e) for e in self.contact_emails)
            object.__setattr__(self, "contact_emails", emails)

    @property
    def closed(self) -> bool:
        return self.won is not None

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(
            sorted({e.rsplit("@", 1)[-1].lower() for e in self.contact_emails if "@" in e})
        )


@dataclass(frozen=True, slots=True)
class DealLink:
    """A call attached to a deal, and how we know."""

    call_id: str
    deal_id: str
    method: str  # deal-id | email-domain+date | company+date
    confidence: float
    reason: str


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except (OverflowError, TypeError):
        return False
