"""CRM imports on SQLite and PostgreSQL: re-imports reconcile (no stale link, deleted deals
removed, "updated" counts real changes), hostile cells are refused per row, never stored
as infinity. Cases from the issue-12 campaign are kept here.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from rich.console import Console

from callcoach.app.crm import crm_import
from callcoach.app.imports import import_paths
from callcoach.cli import run_insights
from callcoach.storage import Repository, make_engine

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-crm" / "calls"
CALLS = [
    DEMO / name
    for name in (
        "001-quarryhillfoods-1.json",
        "001-quarryhillfoods-2.json",
        "002-evergreenschools-1.json",
        "003-lakesidemotors-1.json",
    )
]
HEADER = "deal_id,name,account,amount,currency,stage,created,close_date,owner,contact_emails"
QUARRY = (
    "Q-1,Quarry AP,Quarry Hill Foods,11000,USD"
    ",Closed Lost,2026-04-01,{close},Maria Lopez,luis.shah@quarryhillfoods.example"
)
EVERGREEN = (
    "E-1,Evergreen AP,Evergreen Schools,15500,USD"
    ",Closed Won,2026-04-01,2026-07-31,Dev Patel,erin.hall@evergreenschools.example"
)
EVERGREEN_2 = (
    "E-2,Evergreen upsell,Evergreen Schools,4000,USD"
    ",Closed Won,2026-04-01,2026-07-31,Dev Patel,ops@evergreenschools.example"
)
LAKESIDE = (
    "L-1,Lakeside AP,Lakeside Motors,9000,USD,Closed Won,2026-01-01,2026-07-31,Dev Patel,{lakeside}"
)


def _state(db_url: str) -> tuple[set[str], set[tuple[str, str]]]:
    engine = make_engine(db_url)
    try:
        repository = Repository(engine)
        calls = {c.id: c.source.rsplit("/", 1)[-1] for c in repository.calls()}
        deals = {d.id for d in repository.deals()}
        links = {(calls[x.call_id], x.deal_id) for x in repository.links()}
    finally:
        engine.dispose()
    return deals, links


def _lakeside_email() -> str:
    import json

    data = json.loads((DEMO / "003-lakesidemotors-1.json").read_text(encoding="utf-8"))
    return next(p["email"] for p in data["participants"] if p.get("role") != "rep")


def test_a_re_import_reconciles_deals_and_links(db_url: str, tmp_path: Path) -> None:
    import_paths(CALLS, db_url, detectors=["question"])
    lakeside = _lakeside_email()
    first = tmp_path / "deals.csv"
    rows = [
        HEADER,
        QUARRY.format(close="2026-07-31"),
        EVERGREEN,
        LAKESIDE.format(lakeside=lakeside),
    ]
    first.write_text("\n".join(rows) + "\n", encoding="utf-8")
    summary = crm_import(first, "generic", None, db_url)
    assert (summary.added, summary.updated, summary.removed) == (3, 0, 0)
    deals, links = _state(db_url)
    assert deals == {"Q-1", "E-1", "L-1"}
    assert links == {
        ("001-quarryhillfoods-1.json", "Q-1"),
        ("001-quarryhillfoods-2.json", "Q-1"),
        ("002-evergreenschools-1.json", "E-1"),
        ("003-lakesidemotors-1.json", "L-1"),
    }
    same = crm_import(first, "generic", None, db_url)
    assert (same.added, same.updated, same.removed, same.links_added, same.links_removed) == (
        0,
        0,
        0,
        0,
        0,
    )

    # The edited export: Quarry closes before its second call, an overlapping Evergreen deal
    # appears (the Evergreen call now fits two deals), Lakeside is deleted, rows move.
    edited = tmp_path / "edited.csv"
    rows = [
        HEADER,
        EVERGREEN_2.replace("ops@", "erin.hall@"),
        EVERGREEN,
        QUARRY.format(close="2026-04-30"),
    ]
    edited.write_text("\n".join(rows) + "\n", encoding="utf-8")
    summary = crm_import(edited, "generic", None, db_url)
    assert (summary.added, summary.updated, summary.removed) == (1, 1, 1)
    assert [a.deal_ids for a in summary.ambiguous] == [("E-1", "E-2")]
    deals, links = _state(db_url)
    assert deals == {"Q-1", "E-1", "E-2"}
    assert links == {("001-quarryhillfoods-1.json", "Q-1")}  # no stale link survives
    assert summary.linked == 1 and summary.links_removed == 2  # + the deleted deal's link


def test_a_refused_row_never_deletes_its_stored_deal(db_url: str, tmp_path: Path) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(f"{HEADER}\n{EVERGREEN}\n", encoding="utf-8")
    crm_import(export, "generic", None, db_url)
    export.write_text(f"{HEADER}\n{EVERGREEN.replace('15500', 'lots')}\n", encoding="utf-8")
    summary = crm_import(export, "generic", None, db_url)
    assert [e.row for e in summary.errors] == [2] and summary.removed == 0
    assert _state(db_url)[0] == {"E-1"}


HOSTILE = [
    ("9" * 400, "beyond"),
    ("1e400", "amount"),
    ("inf", "amount"),
    ("nan", "amount"),
    ("100 abc", "ISO 4217"),
    ("-5", "negative"),
]


def test_hostile_amounts_are_refused_per_row_and_insights_still_run(
    db_url: str, tmp_path: Path
) -> None:
    lines = [HEADER]
    for i, (amount, _) in enumerate(HOSTILE):
        lines.append(f"X-{i},n,Acme,{amount},,Closed Won,2026-01-01,2026-02-01,Ann,a@acme.example")
    lines.append("OK-1,n,Acme,100 usd,,Closed Won,2026-01-01,2026-02-01,Ann,a@acme.example")
    export = tmp_path / "deals.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = crm_import(export, "generic", None, db_url)
    assert summary.added == 1
    reasons = {e.row: e.reason for e in summary.errors}
    for row, (_, word) in enumerate(HOSTILE, start=2):
        assert word in reasons[row], (row, reasons[row])
    engine = make_engine(db_url)
    try:
        [deal] = Repository(engine).deals()
    finally:
        engine.dispose()
    assert (deal.amount, deal.currency) == (100.0, "USD")
    import_paths(CALLS[:2], db_url, detectors=["question"])
    run_insights(db_url, None, console=Console(file=io.StringIO(), width=120))


def test_cells_with_line_separators_stay_in_their_row(db_url: str, tmp_path: Path) -> None:
    odd = "\x85", "\u2028", "\x0c", "\u2029", "\x1c"
    rows = [HEADER] + [
        f"S-{i},Deal{sep}name,Acme{sep}Corp,100,USD,Open,2026-01-01,2026-02-01,Ann,a@acme.example"
        for i, sep in enumerate(odd)
    ]
    export = tmp_path / "deals.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8", newline="")
    summary = crm_import(export, "generic", None, db_url)
    assert (summary.deals_read, summary.added, len(summary.errors)) == (len(odd), len(odd), 0)


def test_ragged_rows_are_kept_with_a_warning(db_url: str, tmp_path: Path) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(
        f"{HEADER}\nR-1,Short,Acme\nR-2,{EVERGREEN.split(',', 1)[1]},extra\n", "utf-8"
    )
    summary = crm_import(export, "generic", None, db_url)
    assert summary.added == 2
    assert [w.row for w in summary.warnings] == [2, 3]
    assert any("warning row 2" in line for line in summary.lines())


def test_excel_utf16_export_is_read(db_url: str, tmp_path: Path) -> None:
    export = tmp_path / "deals.csv"
    text = f"{HEADER}\n{EVERGREEN.replace('Evergreen AP', 'Évergreen ✓')}\n".replace(",", "\t")
    export.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    summary = crm_import(export, "generic", None, db_url)
    assert summary.added == 1, summary.lines()


@pytest.mark.parametrize("when", ["1/2/26", "01.02.26", "1/2/126"])
def test_two_digit_years_are_refused(db_url: str, tmp_path: Path, when: str) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(f"{HEADER}\nT-1,n,Acme,1,USD,Open,{when},,Ann,\n", "utf-8")
    summary = crm_import(export, "generic", None, db_url)
    assert summary.added == 0 and "four digits" in summary.errors[0].reason
