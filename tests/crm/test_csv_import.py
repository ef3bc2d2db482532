"""Deal exports: Salesforce, HubSpot and mapped generic CSVs, bad rows reported, good kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from callcoach.crm import CrmError, RowError, builtin_mapping, load_deals, load_mapping

DATA = Path(__file__).resolve().parent / "data"


def write(tmp_path: Path, text: str, name: str = "deals.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_salesforce_report() -> None:
    result = load_deals(DATA / "salesforce_report.csv", "salesforce")
    won, lost, open_deal = result.deals
    assert won.id == "006A" and won.won is True and won.amount == 12500.0
    assert won.currency == "USD" and won.owner == "Maria Lopez"
    assert won.created == date(2026, 1, 10) and won.close_date == date(2026, 3, 5)
    assert won.contact_emails == ("tom@northwind.example",) and won.row == 2
    assert lost.won is False and lost.amount == 8000.0
    assert lost.contact_emails == ("erin@harborview.example", "ops@harborview.example")
    assert open_deal.won is None and open_deal.currency is None
    rows = {e.row: e.reason for e in result.errors}
    assert sorted(rows) == [5, 6, 7, 8, 9, 10]
    assert "amount" in rows[5] and "not an amount" in rows[5]
    assert "close date" in rows[6]
    assert rows[7] == "no deal id"
    assert "duplicate deal id '006A' (first at row 2)" in rows[8]
    assert "contradicts" in rows[9]
    assert "EUR" in rows[10] and "USD" in rows[10]
    assert str(RowError(5, "x")) == "row 5: x"


def test_hubspot_export() -> None:
    result = load_deals(DATA / "hubspot_deals.csv", "hubspot")
    assert [d.id for d in result.deals] == ["101", "102", "103"]
    assert [d.won for d in result.deals] == [True, False, None]
    assert result.deals[0].amount == 15000.5
    assert result.deals[0].close_date == date(2026, 3, 1)
    assert result.deals[0].account == "Vantage Legal"
    assert [(e.row, "ambiguous" in e.reason) for e in result.errors] == [(5, True)]


def test_semicolon_cp1252_and_bom(tmp_path: Path) -> None:
    text = "deal_id;amount;stage;owner\nD1;12.500,00 €;Won;Zoë\n"
    result = load_deals(write(tmp_path, text, encoding="cp1252"), "generic")
    assert result.deals[0].amount == 12500.0 and result.deals[0].owner == "Zoë"
    bom = write(tmp_path, "\ufeffdeal_id,won\nD2,yes\n", name="bom.csv", encoding="utf-8")
    assert load_deals(bom).deals[0].won is True


def test_mapping_file_for_another_crm(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "columns:\n  id: Deal Number\n  amount: [Value, Amount]\n  close_date: Closed On\n"
        "  stage: Phase\nwon_stages: [Signed]\nlost_stages: [Dead]\n"
        "decimal: ','\nday_first: true\ndefault_currency: EUR\n",
        name="pipedrive.yaml",
    )
    text = 'Deal Number,Value,Closed On,Phase\nP-1,"12.500",05/03/2026,Signed\nP-2,99,,Dead\n'
    result = load_deals(write(tmp_path, text), "generic", load_mapping(mapping))
    assert [(d.id, d.amount, d.won, d.currency) for d in result.deals] == [
        ("P-1", 12500.0, True, "EUR"),
        ("P-2", 99.0, False, "EUR"),
    ]
    assert result.deals[0].close_date == date(2026, 3, 5)


def test_missing_id_column_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "Name,Amount\nx,1\n")
    with pytest.raises(CrmError, match=r"deals\.csv: no deal id column"):
        load_deals(path, "salesforce")


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(CrmError, match="cannot read deal export"):
        load_deals(tmp_path / "missing.csv")
    with pytest.raises(CrmError, match="empty"):
        load_deals(write(tmp_path, ""))
    with pytest.raises(CrmError, match="unknown CRM source 'pipedrive'"):
        builtin_mapping("pipedrive")
    bad = write(tmp_path, "columns: {id: X, colour: Y}\n", name="m.yaml")
    with pytest.raises(CrmError, match=r"m\.yaml: .*unknown deal fields \['colour'\]"):
        load_mapping(bad)
    with pytest.raises(CrmError, match="invalid YAML"):
        load_mapping(write(tmp_path, "columns: [", name="broken.yaml"))


def test_demo_export_reads_cleanly() -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "demo-crm" / "deals_salesforce.csv"
    result = load_deals(path, "salesforce")
    assert result.errors == ()
    assert sum(d.won is not None for d in result.deals) >= 100
