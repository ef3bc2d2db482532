"""``callcoach export`` → ``callcoach import`` into an empty database → export: identical."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from callcoach.app.database import export_dump
from callcoach.app.imports import import_paths
from callcoach.model import Deal, DealLink
from callcoach.storage import Repository, make_engine
from tests.storage.conftest import REP, ROOT, write_calls

EXAMPLE = ROOT / "examples" / "01-northwind-discovery-expert.vtt"


def _fill(db_url: str, tmp_path: Path) -> None:
    write_calls(tmp_path / "calls", 3)
    import_paths(
        [tmp_path / "calls"], db_url, rep=[REP], detectors=["question", "small_talk"],
        rubric="expert-not-friend",
    )  # fmt: skip
    import_paths([EXAMPLE], db_url, detectors=["question"], rubric="expert-not-friend")
    engine = make_engine(db_url)
    try:
        repository = Repository(engine)
        deal = Deal(
            id="D-1",
            source="hubspot",
            name="Acme — renewal ✓",
            account="Acme 0",
            amount=1234.5,
            currency="EUR",
            stage="closedwon",
            won=True,
            created=date(2026, 1, 2),
            close_date=date(2026, 2, 3),
            owner=REP,
            contact_emails=("sam@acme.io", "ops@acme.io"),
            row=7,
        )
        repository.save_deals([deal, Deal(id="D-2", source="generic")])
        first = repository.call_ids()[0]
        repository.save_links([DealLink(first, "D-1", "deal-id", 1.0, "deal id in metadata")])
    finally:
        engine.dispose()


def test_round_trip_is_byte_identical(db_url: str, tmp_path: Path) -> None:
    _fill(db_url, tmp_path)
    first = tmp_path / "first.jsonl"
    assert export_dump(db_url, first) == 4
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    summary = import_paths([first], empty)
    assert len(summary.added) == 4 and not summary.failed
    assert (summary.deals_added, summary.links) == (2, 1)
    second = tmp_path / "second.jsonl"
    export_dump(empty, second)
    assert first.read_bytes() == second.read_bytes()
    again = import_paths([first], empty)
    assert len(again.skipped) == 4 and (again.deals_added, again.deals_updated) == (0, 0)
    kinds = [json.loads(line)["type"] for line in first.read_text("utf-8").splitlines()]
    assert kinds == ["header", "call", "call", "call", "call", "deal", "deal", "link"]


def test_sqlite_dump_into_postgresql_round_trips(pg_url: str, tmp_path: Path) -> None:
    db_url = pg_url
    source = f"sqlite:///{tmp_path / 'source.db'}"
    _fill(source, tmp_path)
    export_dump(source, tmp_path / "a.jsonl")
    import_paths([tmp_path / "a.jsonl"], db_url)
    export_dump(db_url, tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_a_malformed_dump_names_the_line(tmp_path: Path) -> None:
    dump = tmp_path / "bad.jsonl"
    header = '{"format":"callcoach-dump","type":"header","version":1}'
    dump.write_text(f'{header}\n{{"type":"deal","id":"x"}}\n', encoding="utf-8")
    summary = import_paths([dump], f"sqlite:///{tmp_path / 'x.db'}")
    assert [(o.source, o.status) for o in summary.failed] == [(f"{dump}:2", "failed")]
    assert "malformed deal record" in (summary.failed[0].reason or "")
