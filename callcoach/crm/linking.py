"""Attaching calls to deals: by a deal id in the call's metadata, else by who was on the call
and when it happened. A call that fits several deals is listed as ambiguous, never guessed.

Order of the rules (docs/crm.md):

1. ``deal-id`` — the call's metadata names an imported deal (``deal_id``, ``crm_deal_id``,
   ``opportunity_id``, ``hubspot_deal_id``).
2. ``email-domain+date`` — a participant's e-mail address or domain is one of the deal's
   contact domains and the call date is within the deal's open period (created … close date,
   either end open when unknown). An exact contact address narrows several deals to one.
   Public mail domains (gmail.com, …) never link by domain alone.
3. ``company+date`` — the call's account/company name equals the deal's account once legal
   suffixes and punctuation are dropped, with the same date rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from callcoach.model import Deal, DealLink

__all__ = [
    "DEAL_ID_KEYS",
    "PUBLIC_MAIL_DOMAINS",
    "AmbiguousLink",
    "LinkResult",
    "StoredCallLike",
    "UnlinkedCall",
    "link_calls",
    "normalise_company",
    "relevant_deals",
]

DEAL_ID_KEYS = ("deal_id", "crm_deal_id", "opportunity_id", "hubspot_deal_id")
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
    }
)
_SUFFIX = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|bv|nv|plc|corp|corporation|co|company)\b"
)
_CONFIDENCE = {"deal-id": 1.0, "email": 0.95, "domain": 0.85, "company": 0.7}


class StoredCallLike(Protocol):
    """What linking reads from a stored call (``callcoach.storage`` ``StoredCall`` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def date(self) -> date | None: ...

    @property
    def emails(self) -> Sequence[str]: ...

    @property
    def account(self) -> str | None: ...

    @property
    def metadata(self) -> Mapping[str, str]: ...


@dataclass(frozen=True, slots=True)
class AmbiguousLink:
    """A call that fits more than one deal equally well; the user decides."""

    call_id: str
    deal_ids: tuple[str, ...]
    method: str
    reason: str


@dataclass(frozen=True, slots=True)
class UnlinkedCall:
    call_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    links: tuple[DealLink, ...]
    ambiguous: tuple[AmbiguousLink, ...]
    unlinked: tuple[UnlinkedCall, ...]


def normalise_company(name: str) -> str:
    """``"Northwind Logistics, Inc."`` → ``"northwind logistics"``."""
    lowered = re.sub(r"[^\w\s]", " ", name.lower())
    return " ".join(_SUFFIX.sub(" ", lowered).split())


def relevant_deals(calls: Sequence[StoredCallLike], deals: Iterable[Deal]) -> list[Deal]:
    """The deals that share a deal id, contact address, domain or company with any of
    ``calls``: ``link_calls`` over them gives the same result as over all deals, and a
    million-row deal table streams through without being held in memory."""
    ids: set[str] = set()
    emails: set[str] = set()
    domains: set[str] = set()
    companies: set[str] = set()
    for call in calls:
        ids.update(call.metadata[k].strip() for k in DEAL_ID_KEYS if call.metadata.get(k))
        found = {e.strip().lower() for e in call.emails if "@" in e}
        emails |= found
        domains |= {e.rsplit("@", 1)[1] for e in found}
        if call.account:
            companies.add(normalise_company(call.account))
    companies.discard("")
    kept = []
    for deal in deals:
        if (
            deal.id in ids
            or emails.intersection(deal.contact_emails)
            or domains.intersection(deal.domains)
            or (deal.account and normalise_company(deal.account) in companies)
        ):
            kept.append(deal)
    return kept


def link_calls(calls: Sequence[StoredCallLike], deals: Sequence[Deal]) -> LinkResult:
    """Links for every call that fits exactly one deal; ambiguous and unlinked calls listed.

    The deals are indexed once (by id, contact address, contact domain and company), so each
    call looks at the few deals that share something with it, not at every deal.
    """
    index = _DealIndex(deals)
    links: list[DealLink] = []
    ambiguous: list[AmbiguousLink] = []
    unlinked: list[UnlinkedCall] = []
    for call in calls:
        outcome = _link_one(call, index)
        if isinstance(outcome, DealLink):
            links.append(outcome)
        elif isinstance(outcome, AmbiguousLink):
            ambiguous.append(outcome)
        else:
            unlinked.append(outcome)
    return LinkResult(tuple(links), tuple(ambiguous), tuple(unlinked))


class _DealIndex:
    def __init__(self, deals: Sequence[Deal]) -> None:
        self.by_id: dict[str, Deal] = {}
        self.by_email: defaultdict[str, list[Deal]] = defaultdict(list)
        self.by_domain: defaultdict[str, list[Deal]] = defaultdict(list)
        self.by_company: defaultdict[str, list[Deal]] = defaultdict(list)
        for deal in deals:
            self.by_id.setdefault(deal.id, deal)
            for email in dict.fromkeys(deal.contact_emails):
                self.by_email[email].append(deal)
            for domain in deal.domains:
                self.by_domain[domain].append(deal)
            if deal.account:
                company = normalise_company(deal.account)
                if company:
                    self.by_company[company].append(deal)


def _link_one(call: StoredCallLike, index: _DealIndex) -> DealLink | AmbiguousLink | UnlinkedCall:
    named = [call.metadata[k].strip() for k in DEAL_ID_KEYS if call.metadata.get(k, "").strip()]
    for deal_id in named:
        if deal_id in index.by_id:
            return DealLink(call.id, deal_id, "deal-id", 1.0, f"call metadata names deal {deal_id}")
    unknown = f"metadata names deal {named[0]!r}, which was not imported; " if named else ""
    if call.date is None:
        return UnlinkedCall(call.id, unknown + "the call has no date to match a deal's period")
    when = call.date
    found = _by_email(call, index, when) or _by_company(call, index, when)
    if found is None:
        return UnlinkedCall(
            call.id, unknown + f"no deal open on {when.isoformat()} shares a domain or company"
        )
    kind, method, matches, reason = found
    if len(matches) > 1:
        ids = tuple(sorted(d.id for d in matches))
        return AmbiguousLink(call.id, ids, method, f"{reason}; {len(ids)} deals open then fit")
    deal = matches[0]
    return DealLink(call.id, deal.id, method, _CONFIDENCE[kind], f"{reason} on {when.isoformat()}")


def _open_on(deal: Deal, when: date) -> bool:
    if deal.created is not None and when < deal.created:
        return False
    return not (deal.close_date is not None and when > deal.close_date)


def _open_deals(groups: Iterable[list[Deal]], when: date) -> list[Deal]:
    """The distinct deals of ``groups`` open on ``when``, in a stable order."""
    seen: dict[tuple[str, str], Deal] = {}
    for group in groups:
        for deal in group:
            if _open_on(deal, when):
                seen.setdefault((deal.source, deal.id), deal)
    return list(seen.values())


_Match = tuple[str, str, list[Deal], str]


def _by_email(call: StoredCallLike, index: _DealIndex, when: date) -> _Match | None:
    emails = {e.strip().lower() for e in call.emails if "@" in e}
    exact = _open_deals((index.by_email.get(e, []) for e in sorted(emails)), when)
    if exact:
        shared = sorted(emails & {e for d in exact for e in d.contact_emails})
        return "email", "email-domain+date", exact, f"contact {', '.join(shared)} was on the call"
    domains = {e.rsplit("@", 1)[1] for e in emails} - PUBLIC_MAIL_DOMAINS
    by_domain = _open_deals((index.by_domain.get(d, []) for d in sorted(domains)), when)
    if by_domain:
        shared = sorted(domains & {x for d in by_domain for x in d.domains})
        return "domain", "email-domain+date", by_domain, f"participant domain {', '.join(shared)}"
    return None


def _by_company(call: StoredCallLike, index: _DealIndex, when: date) -> _Match | None:
    if not call.account:
        return None
    company = normalise_company(call.account)
    if not company:
        return None
    matches = _open_deals([index.by_company.get(company, [])], when)
    if not matches:
        return None
    return "company", "company+date", matches, f"company {call.account!r}"
