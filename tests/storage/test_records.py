"""The typed call record: built from an analysis, JSON round trip, stored and read back."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from callcoach.api import analyze
from callcoach.ingest import load_call
from callcoach.model import Call, RoleAssignment, Speaker
from callcoach.schema.analysis import build_report
from callcoach.storage import Repository, ensure_schema, make_engine
from callcoach.storage.records import CallRecord, record_from_analysis
from tests.reliability.test_partial_timing import PARTLY
from tests.storage.conftest import REP, write_calls
from tests.test_metrics import make_call

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "01-northwind-discovery-expert.vtt"
LIGHT = ["question", "small_talk"]


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def test_record_is_built_from_the_analysis_with_or_without_its_report() -> None:
    analysis = analyze(load_call(EXAMPLE), detectors=LIGHT, rubric="expert-not-friend")
    record = record_from_analysis(analysis)
    assert record == record_from_analysis(analysis, build_report(analysis))
    assert record == CallRecord.model_validate(analysis, from_attributes=True)
    assert record.id == analysis.call.id and record.date == analysis.call.date
    assert [u.id for u in record.utterances] == [u.id for u in analysis.call.utterances]
    assert record.roles.roles == dict(analysis.roles.roles)
    assert record.detectors == sorted(LIGHT)
    assert len(record.findings) == sum(len(f) for f in analysis.findings.values())
    assert [c.rubric_id for c in record.scorecards] == ["expert-not-friend"]


def test_json_round_trip_and_dict_style_access() -> None:
    call = dataclasses.replace(load_call(EXAMPLE), date=date(2026, 3, 4))
    analysis = analyze(call, detectors=LIGHT)
    record = record_from_analysis(analysis)
    data = record.to_json()
    assert CallRecord.model_validate(data) == record
    assert record["date"] == data["date"] == "2026-03-04"
    assert (
        record["utterances"][0]["segments"][0]["line"]
        == data["utterances"][0]["segments"][0]["line"]
    )
    assert record.get("no such field", "x") == "x"
    with pytest.raises(KeyError):
        record["no such field"]


def test_a_record_with_a_wrong_type_is_refused_with_its_field() -> None:
    data = record_from_analysis(analyze(load_call(EXAMPLE), detectors=LIGHT)).to_json()
    with pytest.raises(ValueError, match="utterances"):
        CallRecord.model_validate({**data, "utterances": "not a list"})


def test_stored_report_of_a_partly_timed_call_equals_the_fresh_one(engine: Engine) -> None:
    base = make_call(PARTLY)
    call = Call("partly", "<test>", "text", base.utterances, (Speaker("Rita"), Speaker("Paul")))
    roles = RoleAssignment({"Rita": "rep", "Paul": "prospect"}, 1.0, "explicit")
    analysis = analyze(call, roles=roles, detectors=LIGHT)
    report = build_report(analysis)
    assert any(w.startswith("partly timed") for w in report.call.warnings)
    repository = Repository(engine)
    assert repository.add_analysis(analysis)
    assert repository.record(call.id) == record_from_analysis(analysis)
    assert repository.report(call.id) == report


def test_add_record_takes_the_json_form_too(engine: Engine, tmp_path: Path) -> None:
    [path] = write_calls(tmp_path, 1)
    record = record_from_analysis(analyze(load_call(path), rep=REP, detectors=LIGHT))
    repository = Repository(engine)
    assert repository.add_record(record.to_json()) is True
    assert repository.record(record.id) == record
