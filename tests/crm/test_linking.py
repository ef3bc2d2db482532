"""Call ↔ deal linking: deal id in metadata, e-mail/domain + date, company + date, ambiguity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from callcoach.crm import link_calls
from callcoach.crm.linking import normalise_company
from callcoach.model import Deal


@dataclass(frozen=True)
class FakeCall:
    id: str
    date: date | None
    emails: tuple[str, ...] = ()
    account: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)


def deal(deal_id: str, **kwargs: object) -> Deal:
    defaults: dict[str, object] = {
        "created": date(2026, 1, 1),
        "close_date": date(2026, 3, 31),
        "won": True,
    }
    defaults.update(kwargs)
    return Deal(id=deal_id, source="generic", **defaults)  # type: ignore[arg-type]


DEALS = [
    deal("N1", account="Northwind Logistics, Inc.", contact_emails=("tom@northwind.example",)),
    deal(
        "N2",
        account="Northwind Logistics",
        contact_emails=("erin@northwind.example",),
        created=date(2026, 3, 1),
        close_date=date(2026, 6, 30),
    ),
    deal("H1", account="Harborview Dental", contact_emails=("ann@gmail.com",)),
    deal("C1", account="Cobalt Freight GmbH", created=None, close_date=None, won=None),
]


def test_deal_id_in_metadata_wins_over_everything() -> None:
    call = FakeCall("c1", None, metadata={"opportunity_id": "H1"})
    result = link_calls([call], DEALS)
    assert [(x.deal_id, x.method, x.confidence) for x in result.links] == [("H1", "deal-id", 1.0)]


def test_unknown_metadata_deal_falls_back_and_says_so() -> None:
    call = FakeCall("c1", None, metadata={"deal_id": "ZZ"})
    (unlinked,) = link_calls([call], DEALS).unlinked
    assert "'ZZ', which was not imported" in unlinked.reason
    assert "no date" in unlinked.reason


def test_domain_and_date() -> None:
    call = FakeCall("c1", date(2026, 2, 10), emails=("rep@seller.example", "bob@northwind.example"))
    (link,) = link_calls([call], DEALS).links
    assert (link.deal_id, link.method) == ("N1", "email-domain+date")
    assert "northwind.example" in link.reason and "2026-02-10" in link.reason


def test_overlapping_deals_of_one_domain_are_ambiguous_not_guessed() -> None:
    call = FakeCall("c1", date(2026, 3, 15), emails=("bob@northwind.example",))
    result = link_calls([call], DEALS)
    assert result.links == ()
    (ambiguous,) = result.ambiguous
    assert ambiguous.deal_ids == ("N1", "N2") and "2 deals open then fit" in ambiguous.reason


def test_exact_contact_email_narrows_overlapping_deals() -> None:
    call = FakeCall("c1", date(2026, 3, 15), emails=("erin@northwind.example",))
    (link,) = link_calls([call], DEALS).links
    assert link.deal_id == "N2" and link.confidence > 0.9


def test_date_outside_every_open_period_is_unlinked() -> None:
    call = FakeCall("c1", date(2026, 8, 1), emails=("tom@northwind.example",))
    (unlinked,) = link_calls([call], DEALS).unlinked
    assert "no deal open on 2026-08-01" in unlinked.reason


def test_public_mail_domains_do_not_link_by_domain() -> None:
    stranger = FakeCall("c1", date(2026, 2, 1), emails=("someone@gmail.com",))
    contact = FakeCall("c2", date(2026, 2, 1), emails=("ann@gmail.com",))
    result = link_calls([stranger, contact], DEALS)
    assert [x.call_id for x in result.unlinked] == ["c1"]
    assert [(x.call_id, x.deal_id) for x in result.links] == [("c2", "H1")]


def test_company_name_and_date() -> None:
    call = FakeCall("c1", date(2026, 5, 1), account="COBALT FREIGHT")
    (link,) = link_calls([call], DEALS).links
    assert (link.deal_id, link.method, link.confidence) == ("C1", "company+date", 0.7)
    assert normalise_company("Northwind Logistics, Inc.") == "northwind logistics"
