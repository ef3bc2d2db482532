"""The mapping and CSV examples in docs/crm.md are run, so they cannot rot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from callcoach.crm import load_deals, load_mapping

DOC = Path(__file__).resolve().parents[2] / "docs" / "crm.md"


def block(language: str) -> str:
    (text,) = [b.split("```", 1)[0] for b in DOC.read_text("utf-8").split(f"```{language}\n")[1:]]
    return text


def test_mapping_example_reads_the_csv_example(tmp_path: Path) -> None:
    (tmp_path / "mapping.yaml").write_text(block("yaml"), encoding="utf-8")
    (tmp_path / "deals.csv").write_text(block("csv"), encoding="utf-8")
    mapping = load_mapping(tmp_path / "mapping.yaml")
    result = load_deals(tmp_path / "deals.csv", "generic", mapping)
    assert result.errors == ()
    won, lost = result.deals
    assert (won.id, won.amount, won.currency, won.won) == ("P-1", 12500.0, "EUR", True)
    assert won.close_date == date(2026, 3, 5) and won.owner == "Maria Lopez"
    assert (lost.id, lost.won, lost.amount) == ("P-2", False, 99.0)
