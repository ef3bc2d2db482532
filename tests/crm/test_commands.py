"""The demo flow through storage: import calls, import deals (link), insights."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from callcoach.app.crm import crm_import
from callcoach.cli import run_insights
from callcoach.crm import CrmError

storage = pytest.importorskip("callcoach.app.imports")
database = pytest.importorskip("callcoach.app.database")

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-crm"


def test_import_link_and_insights(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    calls = sorted((DEMO / "calls").glob("00[1-3]-*.json"))
    summary = storage.import_paths(calls, db, detectors=["question"])
    assert len(summary.added) == len(calls)
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "\n".join((DEMO / "deals_salesforce.csv").read_text(encoding="utf-8").splitlines()[:4])
        + "\n006BAD,x,y,z,Closed Won,lots,USD,1/1/2026,2/1/2026,1,1,a@b.example,SYNTHETIC\n",
        encoding="utf-8",
    )
    result = crm_import(deals, "salesforce", None, db)
    assert (result.deals_read, result.added, result.updated) == (3, 3, 0)
    assert [e.row for e in result.errors] == [5]
    assert result.linked == len(calls) and result.unlinked == 0
    assert "3 deals read (salesforce), 1 rows skipped" in result.lines()[0]
    again = crm_import(deals, "salesforce", None, db)
    assert (again.added, again.updated) == (0, 0)

    out = io.StringIO()
    assert run_insights(db, None, console=Console(file=out, width=200)) == 0
    assert "Not enough data to conclude" in out.getvalue()
    out = io.StringIO()
    run_insights(db, None, as_json=True, console=Console(file=out, width=200))
    report = json.loads(out.getvalue())
    assert report["enough_data"] is False and report["closed_deals"] == 3


def test_insights_without_deals_says_what_to_do(tmp_path: Path) -> None:
    database.upgrade(str(tmp_path / "empty.db"))  # a callcoach database without deals
    with pytest.raises(CrmError, match="callcoach crm import"):
        run_insights(str(tmp_path / "empty.db"), None, console=Console(file=io.StringIO()))
