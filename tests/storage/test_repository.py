"""The Repository API: storing analyses, reading them back, deals, links, reps, accounts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from callcoach.api import Analysis, analyze
from callcoach.errors import StorageError
from callcoach.ingest import load_call
from callcoach.model import Deal, DealLink
from callcoach.report import build_report
from callcoach.report.schema import AnalysisReport
from callcoach.storage import Repository, ensure_schema, make_engine
from callcoach.storage import repository as repository_module
from callcoach.storage.models import CallRow, FindingRow, SpeakerRow, UtteranceRow
from callcoach.storage.records import record_from_analysis
from tests.storage.conftest import PROSPECT, REP, write_calls


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


def _analysed(path: Path, rubric: str | None = None) -> tuple[Analysis, AnalysisReport]:
    analysis = analyze(
        load_call(path), rep=REP, detectors=["question", "small_talk"], rubric=rubric
    )
    report = build_report(
        analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
    )
    return analysis, report


def _rows(engine: Engine, model: type[SpeakerRow | UtteranceRow | FindingRow], call_id: str) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(model).where(model.call_id == call_id)
        return int(connection.scalar(query) or 0)


def test_add_analysis_is_idempotent(engine: Engine, tmp_path: Path) -> None:
    [path] = write_calls(tmp_path, 1)
    analysis, report = _analysed(path)
    repository = Repository(engine)
    assert not repository.has_call(analysis.call.id)
    assert repository.add_analysis(analysis, report) is True
    assert repository.has_call(analysis.call.id)
    assert repository.add_analysis(analysis, report) is False
    assert repository.call_ids() == [analysis.call.id]
    assert repository.utterance_count(analysis.call.id) == len(analysis.call.utterances)


def test_stored_record_and_report_equal_the_fresh_ones(engine: Engine) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "01-northwind-discovery-expert.vtt"
    analysis = analyze(
        load_call(example), detectors=["question", "small_talk"], rubric="expert-not-friend"
    )
    report = build_report(
        analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
    )
    repository = Repository(engine)
    repository.add_analysis(analysis, report)
    assert repository.record(analysis.call.id) == record_from_analysis(analysis, report)
    assert repository.report(analysis.call.id) == report


def test_failure_after_utterances_leaves_nothing(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [path] = write_calls(tmp_path, 1)
    analysis, report = _analysed(path)

    def explode(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repository_module, "_insert_findings", explode)
    repository = Repository(engine)
    with pytest.raises(RuntimeError, match="disk on fire"):
        repository.add_analysis(analysis, report)
    assert not repository.has_call(analysis.call.id)
    for model in (SpeakerRow, UtteranceRow, FindingRow):
        assert _rows(engine, model, analysis.call.id) == 0
    assert repository.reps() == []
    assert repository.accounts() == []


def test_calls_features_reps_and_accounts(engine: Engine, tmp_path: Path) -> None:
    paths = write_calls(tmp_path, 2)
    repository = Repository(engine)
    ids = []
    for path in paths:
        analysis, report = _analysed(path, rubric="expert-not-friend")
        repository.add_analysis(analysis, report)
        ids.append(analysis.call.id)
    calls = {c.id: c for c in repository.calls()}
    assert set(calls) == set(ids)
    first = calls[ids[0]]
    assert first.reps == (REP,) and first.prospects == (PROSPECT,)
    assert first.account == "Acme 0" and first.metadata["company"] == "Acme 0"
    assert first.duration_seconds == pytest.approx(17.0)
    features = repository.call_features()
    values = features[ids[0]]
    assert values["duration_minutes"] == pytest.approx(17.0 / 60)
    assert values["rep_questions"] == 2
    assert (values["count:question:question"] or 0) >= 1
    assert "small_talk_minutes" in values
    assert any(key.startswith("criterion:") for key in values)
    assert repository.call_features("no-such-rubric")[ids[0]].get("score:overall") is None
    assert [(r.name, r.calls) for r in repository.reps()] == [(REP, 2)]
    assert [(a.name, a.calls) for a in repository.accounts()] == [("Acme 0", 1), ("Acme 1", 1)]


def test_deals_upsert_and_links_replace(engine: Engine, tmp_path: Path) -> None:
    [path] = write_calls(tmp_path, 1)
    analysis, report = _analysed(path)
    repository = Repository(engine)
    repository.add_analysis(analysis, report)
    won = Deal(
        id="006A",
        source="salesforce",
        account="Acme 0",
        amount=12000.5,
        won=True,
        close_date=date(2026, 3, 1),
        contact_emails=("sam@acme.io",),
        row=2,
    )
    open_deal = Deal(id="006B", source="salesforce", account="Other Co", created=date(2026, 1, 5))
    assert repository.save_deals([won, open_deal]) == (2, 0)
    assert repository.save_deals([won, open_deal]) == (0, 0)
    lost = dataclasses.replace(won, won=False)
    assert repository.save_deals([lost]) == (0, 1)
    assert repository.deals() == [lost, open_deal]
    call_id = analysis.call.id
    first = DealLink(call_id, "006A", "deal-id", 1.0, "metadata deal_id")
    repository.save_links([first])
    second = DealLink(call_id, "006B", "company+date", 0.7, "company and date")
    repository.save_links([second])
    assert repository.links() == [second]
    with pytest.raises(StorageError, match="not stored"):
        repository.save_links([DealLink("0" * 64, "006A", "deal-id", 1.0, "")])
    accounts = {a.name: (a.calls, a.deals) for a in repository.accounts()}
    assert accounts == {"Acme 0": (1, 1), "Other Co": (0, 1)}


def test_repository_on_a_session_leaves_the_commit_to_the_caller(
    engine: Engine, tmp_path: Path
) -> None:
    from sqlalchemy.orm import Session

    [path] = write_calls(tmp_path, 1)
    analysis, report = _analysed(path)
    with Session(engine) as session:
        assert Repository(session).add_analysis(analysis, report)
        session.rollback()
    assert not Repository(engine).has_call(analysis.call.id)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(CallRow)) == 0


def test_open_repository_creates_the_schema(db_url: str) -> None:
    from callcoach.app.database import open_repository

    with open_repository(db_url) as repository:
        assert repository.calls() == [] and repository.deals() == []
