"""The application layer's use cases, as the CLI and the web app call them."""

from __future__ import annotations

import json
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from callcoach.app.analyze import report_file
from callcoach.app.database import open_engine, open_repository, require_database
from callcoach.app.evaluation import eval_kind
from callcoach.app.executors import InlineExecutor
from callcoach.app.loop import drive
from callcoach.app.options import AnalysisOptions, detector_names, resolve_rubric
from callcoach.app.outputs import OutputFormat, team_entry, write_team
from callcoach.app.reports import write_call_reports
from callcoach.cli import app
from callcoach.errors import StorageError, UsageError
from callcoach.manifest import load_manifest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAMPLES = [
    EXAMPLES / "01-northwind-discovery-expert.vtt",
    EXAMPLES / "03-cobalt-demo-expert.srt",
    EXAMPLES / "09-oakline-demo-friend.txt",
]
LIGHT = ("small_talk", "next_step")  # no embeddings: fast
DEALS = "id,name,account,amount,currency,stage,created,closed,owner,email\n"


def test_a_rubric_is_resolved_once_and_bad_ones_are_usage_errors() -> None:
    rubric = resolve_rubric("expert-not-friend", "discovery")
    assert rubric is not None and rubric.id == "expert-not-friend"
    assert resolve_rubric(None) is None
    with pytest.raises(UsageError, match="--rubric"):
        resolve_rubric("no-such-rubric")
    with pytest.raises(UsageError, match="--call-type 'haggling'"):
        resolve_rubric("expert-not-friend", "haggling")
    with pytest.raises(UsageError, match="needs --rubric"):
        resolve_rubric(None, "discovery")
    assert detector_names(" question, ,stall ") == ("question", "stall")
    assert detector_names(None) is None


def test_the_call_sheet_fills_in_what_the_options_leave_open() -> None:
    manifest = load_manifest(EXAMPLES / "manifest.yaml")
    _, report = report_file(SAMPLES[0], AnalysisOptions(detectors=LIGHT, manifest=manifest))
    assert str(report.call.date) == "2026-10-06"
    assert [s.name for s in report.speakers if s.role == "rep"] == ["Dana Whitfield"]
    options = AnalysisOptions(detectors=LIGHT, manifest=manifest, rep=("Mark Chen",))
    _, report = report_file(SAMPLES[0], options)
    assert [s.name for s in report.speakers if s.role == "rep"] == ["Mark Chen"]


def test_many_calls_keep_only_summary_sized_reports_and_the_team_is_unchanged(
    tmp_path: Path,
) -> None:
    from callcoach.report import team

    options = AnalysisOptions(detectors=LIGHT, rubric=resolve_rubric("expert-not-friend"))
    formats = (OutputFormat.json, OutputFormat.html)
    done = write_call_reports(SAMPLES, options, formats, tmp_path)
    assert [d.error for d in done] == [None] * 3
    entries = [d.entry for d in done if d.entry is not None]
    assert all(not e.transcript and not e.findings and not e.metrics for e in entries)
    full = [report_file(f, options)[1] for f in SAMPLES]
    assert [team_entry(r) for r in full] == entries
    links = {r.call.source: f"{Path(r.call.source).stem}.html" for r in full}
    (path,) = write_team(entries, links, (OutputFormat.json,), tmp_path)
    expected = team.build_team_report(full, links).model_dump(mode="json")
    assert json.loads(path.read_text(encoding="utf-8")) == expected
    written = json.loads((tmp_path / f"{SAMPLES[0].stem}.json").read_text(encoding="utf-8"))
    assert written["transcript"] and written == full[0].model_dump(mode="json")


class _Recording(InlineExecutor):
    """Runs nothing until asked: shows how many tasks the loop keeps in flight."""

    def __init__(self) -> None:
        super().__init__(AnalysisOptions(), preload=False)
        self.pending: list[Future[Any]] = []
        self.most = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.pending.append(future)
        self.most = max(self.most, sum(not f.done() for f in self.pending))
        for older in self.pending[:-1]:  # finish the oldest as a new one comes in
            if not older.done():
                older.set_result(args[0])
                break
        return future


def test_the_loop_keeps_a_bounded_window_and_reports_every_file() -> None:
    executor = _Recording()
    files = [Path(f"call-{i}.vtt") for i in range(10)]

    def start(file: Path) -> Future[Any] | str:
        if file.name == "call-3.vtt":
            return "skipped call-3.vtt"  # e.g. already stored: no task
        future = executor.submit(str, str(file))
        if len(executor.pending) == 9:  # the last one: let everything finish
            for pending in executor.pending:
                if not pending.done():
                    pending.set_result(str(file))
        return future

    def finish(file: Path, future: Future[Any]) -> str:
        return f"done {file.name}"

    outcomes = list(drive(files, executor, start, finish, window=3))
    assert executor.most <= 3
    assert sorted(outcomes) == sorted(
        ["skipped call-3.vtt"] + [f"done call-{i}.vtt" for i in range(10) if i != 3]
    )


def test_reading_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(StorageError, match="no such database"), open_engine(missing, "read"):
        pass
    with pytest.raises(UsageError, match="no such database"):
        require_database(str(missing))
    assert not missing.exists()
    with open_repository(missing) as repository:  # writing creates it, with the schema
        assert repository.call_ids() == []
    require_database(str(missing))
    with open_repository(missing, "read") as repository:
        assert repository.deals() == []


def test_crm_import_refuses_a_database_that_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deals = tmp_path / "deals.csv"
    deals.write_text(DEALS + "D-1,n,Acme,100,USD,Open,2026-01-01,,Ann,a@acme.example\n")
    runner = CliRunner()
    typo = tmp_path / "tema.db"
    result = runner.invoke(app, ["crm", "import", str(deals), "--db", str(typo)])
    assert result.exit_code == 2, result.output
    assert f"no such database: {typo}" in result.output and "callcoach import" in result.output
    assert not typo.exists()
    monkeypatch.setenv("CALLCOACH_DB_URL", str(tmp_path / "env.db"))
    result = runner.invoke(app, ["crm", "import", str(deals)])
    assert result.exit_code == 2 and "no such database" in result.output
    assert not (tmp_path / "env.db").exists()
    db = str(tmp_path / "team.db")
    stored = runner.invoke(app, ["import", str(SAMPLES[0]), "--db", db, "--detectors", "question"])
    assert stored.exit_code == 0, stored.output
    result = runner.invoke(app, ["crm", "import", str(deals), "--db", db])
    assert result.exit_code == 0, result.output
    assert "1 deals read" in result.output


def test_import_reads_a_call_sheet_and_the_options_analyze_has(tmp_path: Path) -> None:
    db = tmp_path / "calls.db"
    args = ["import", str(SAMPLES[0]), "--db", str(db), "--detectors", ",".join(LIGHT)]
    args += ["--manifest", str(EXAMPLES / "manifest.yaml"), "--min-confidence", "0.7"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    with open_repository(db, "read") as repository:
        (call_id,) = repository.call_ids()
        record = repository.record(call_id)
    assert record["date"] == "2026-10-06"
    assert set(record["detectors"]) == set(LIGHT)
    bad = CliRunner().invoke(app, ["import", str(SAMPLES[0]), "--db", str(db), "--manifest", "x"])
    assert bad.exit_code == 1 and "no such manifest file" in bad.output


def test_an_unknown_corpus_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no-such-corpus: no corpus found"):
        eval_kind("no-such-corpus")
    result = CliRunner().invoke(app, ["eval", "--data", "no-such-corpus"])
    assert result.exit_code == 2, result.output
    assert "--data no-such-corpus: no corpus found" in result.output
    assert "Traceback" not in result.output
    corpus = tmp_path / "utterances.jsonl"
    corpus.write_text("{not json\n", encoding="utf-8")
    assert eval_kind(str(corpus)) == "corpus"
    result = CliRunner().invoke(app, ["eval", "--data", str(corpus)])
    assert result.exit_code == 1 and "invalid JSON" in result.output  # a bad file: exit 1


def test_report_files_need_no_database_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, callcoach.cli, callcoach.app.reports, callcoach.app.analyze\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_upload_is_analysed_and_stored_once(tmp_path: Path) -> None:
    from callcoach.app.imports import store_transcript
    from callcoach.errors import IngestError

    options = AnalysisOptions(detectors=LIGHT, manifest=load_manifest(EXAMPLES / "manifest.yaml"))
    data = SAMPLES[0].read_bytes()
    stages: list[str] = []
    with open_engine(tmp_path / "web.db") as engine:
        added = store_transcript(
            engine, data, SAMPLES[0].name, options, stage=lambda what, done: stages.append(what)
        )
        assert added.status == "added" and stages == ["analysing", "storing"]
        again = store_transcript(engine, data, "renamed.vtt", options)
        assert (again.status, again.call_id) == ("skipped", added.call_id)
        with pytest.raises(IngestError, match=r"upload\.vtt"):
            store_transcript(engine, b"WEBVTT\n\n00:01.000 --> nonsense\n", "upload.vtt", options)
    with open_repository(tmp_path / "web.db", "read") as repository:
        record = repository.record(added.call_id or "")
    assert record["date"] == "2026-10-06"  # the call sheet's entry for that file name


def test_workers_give_the_same_files_and_records_as_one_process(tmp_path: Path) -> None:
    runner = CliRunner()
    common = ["--detectors", ",".join(LIGHT), "--rep-roster", str(EXAMPLES / "team.yaml")]
    outputs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}"
        args = ["analyze", *map(str, SAMPLES), *common, "-f", "json", "-o", str(out)]
        result = runner.invoke(app, [*args, "--rubric", "expert-not-friend", "-j", workers])
        assert result.exit_code == 0, result.output
        outputs[workers] = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
        db = tmp_path / f"calls-{workers}.db"
        result = runner.invoke(
            app, ["import", *map(str, SAMPLES), "--db", str(db), *common, "-j", workers]
        )
        assert result.exit_code == 0 and "3 added" in result.output, result.output
    assert outputs["1"] == outputs["2"] and "team.json" in outputs["1"]
    records = []
    for workers in ("1", "2"):
        with open_repository(tmp_path / f"calls-{workers}.db", "read") as repository:
            records.append({i: repository.record(i) for i in repository.call_ids()})
    assert records[0] == records[1]
    bad = runner.invoke(app, ["analyze", str(SAMPLES[0]), str(SAMPLES[1]), "-j", "0"])
    assert bad.exit_code == 2 and "--workers must be at least 1" in bad.output
