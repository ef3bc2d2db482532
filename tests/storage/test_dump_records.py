"""A malformed dump record is reported with its line and skipped; the rest is imported.

Runs on SQLite and PostgreSQL (``db_url``). Cases from the issue-12 campaign are kept.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcoach.app.database import export_dump
from callcoach.app.imports import import_paths
from callcoach.errors import StorageError
from callcoach.model import Deal
from callcoach.storage import Repository, make_engine
from callcoach.storage.dump import read_dump
from tests.storage.conftest import REP, write_calls

HUGE = 10**40


def _source_dump(tmp_path: Path) -> Path:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    write_calls(tmp_path / "calls", 2)
    import_paths([tmp_path / "calls"], source, rep=[REP], detectors=["question"])
    engine = make_engine(source)
    try:
        deals = [Deal(id=f"D-{i}", source="generic", amount=100.0 * i) for i in (1, 2)]
        Repository(engine).save_deals(deals)
    finally:
        engine.dispose()
    dump = tmp_path / "good.jsonl"
    export_dump(source, dump)
    return dump


def _bad_lines(dump: Path) -> list[str]:
    lines = dump.read_text(encoding="utf-8").splitlines()
    call = json.loads(next(line for line in lines if '"type":"call"' in line))
    deal = json.loads(next(line for line in lines if '"type":"deal"' in line))
    huge_call = {**call, "id": "f" * 64, "utterances": [{**call["utterances"][0], "index": HUGE}]}
    typed_call = {**call, "id": "e" * 64, "utterances": "not a list"}
    return [
        json.dumps(huge_call),
        json.dumps(typed_call),
        json.dumps({**deal, "id": "D-bad-amount", "amount": "abc"}),
        json.dumps({**deal, "id": "D-huge-row", "row": HUGE}),
        json.dumps({**deal, "id": "D-inf", "amount": 1e308 * 10}),  # Infinity
        json.dumps({**deal, "id": "D-bool", "amount": True}),
        '{"type":"deal","id":"D-missing"}',
        json.dumps({**deal, "id": "D-no-source", "source": None}),  # found by the fuzz test
        '{"type":"link","call_id":"x","deal_id":"D-1","method":"m","confidence":"high","reason":""}',
        '{"type":"deal","id":"D-digits","amount":' + "9" * 5000 + "}",
        "not json at all",
        "[1, 2]",
        '{"type":"mystery"}',
    ]


def test_malformed_records_are_skipped_with_their_line(db_url: str, tmp_path: Path) -> None:
    good = _source_dump(tmp_path)
    lines = good.read_text(encoding="utf-8").splitlines()
    bad = _bad_lines(good)
    # Bad records first, right after the header: everything after them must still arrive.
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([lines[0], *bad, *lines[1:]]) + "\n", encoding="utf-8")
    summary = import_paths([mixed], db_url)
    assert len(summary.added) == 2
    assert summary.deals_added == 2
    failed = {o.source.rsplit(":", 1)[-1]: o.reason or "" for o in summary.failed}
    assert sorted(int(n) for n in failed) == list(range(2, 2 + len(bad)))
    assert "64 bits" in failed["2"] or "unstorable" in failed["2"]
    assert "'amount' must be" in failed["4"]
    assert "missing field" in failed["8"]
    assert "not JSON" in failed[str(2 + bad.index("not json at all"))]
    engine = make_engine(db_url)
    try:
        assert sorted(d.id for d in Repository(engine).deals()) == ["D-1", "D-2"]
    finally:
        engine.dispose()


def test_a_bad_header_still_stops_the_import(tmp_path: Path) -> None:
    dump = tmp_path / "bad.jsonl"
    dump.write_text('{"format":"callcoach-dump","type":"header","version":99}\n', "utf-8")
    try:
        read_dump(dump)
    except StorageError as exc:
        assert "bad.jsonl:1" in str(exc)
    else:
        raise AssertionError("a newer dump version must be refused")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def good_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _source_dump(tmp_path_factory.mktemp("dump"))


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_any_mutated_record_is_skipped_not_fatal(good_dump: Path, data: st.DataObject) -> None:
    lines = good_dump.read_text(encoding="utf-8").splitlines()
    index = data.draw(st.integers(1, len(lines) - 1))
    record = json.loads(lines[index])
    key = data.draw(st.sampled_from(sorted(record)))
    record[key] = data.draw(_JSON)
    lines[index] = json.dumps(record)
    with tempfile.TemporaryDirectory() as folder:
        mutated = Path(folder) / "m.jsonl"
        mutated.write_text("\n".join(lines) + "\n", encoding="utf-8")
        summary = import_paths([mutated], f"sqlite:///{Path(folder) / 'x.db'}")
    # Every call record is accounted for: stored, or failed with its line.
    calls = sum('"type":"call"' in line or '"type": "call"' in line for line in lines)
    assert len(summary.added) + len(summary.failed) >= calls - 1
