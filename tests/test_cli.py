from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from callcoach.cli import app
from tests.conftest import ROOT

runner = CliRunner()


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_analyze_one_file_prints_a_table(tmp_path: Path, timed_call_text: str) -> None:
    call = _write(tmp_path, "call.txt", timed_call_text)
    result = runner.invoke(app, ["analyze", str(call), "--rep", "Dana Reyes"])
    assert result.exit_code == 0, result.output
    assert "Rep talk share (by time)" in result.output
    assert "Traceback" not in result.output


def test_analyze_one_file_to_markdown_file(tmp_path: Path, timed_call_text: str) -> None:
    call = _write(tmp_path, "call.txt", timed_call_text)
    report = tmp_path / "report.md"
    args = ["analyze", str(call), "--rep", "Dana", "--format", "md", "--out", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert "## Conversation metrics" in text and "Dana Reyes" in text


def test_batch_goes_on_past_a_corrupt_file(tmp_path: Path, timed_call_text: str) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    _write(calls, "a.txt", timed_call_text)
    _write(calls, "b.txt", timed_call_text.replace("Sam Patel", "Lee Wong"))
    _write(calls, "broken.srt", "1\n00:00:01,000 --> garbage\nDana Reyes: hello\n")
    _write(calls, "binary.vtt", b"\x00\x01\x02\x03" * 100)
    out = tmp_path / "out"
    args = ["analyze", str(calls), "--rep", "Dana Reyes", "--format", "json", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    assert "broken.srt" in result.output and "binary.vtt" in result.output
    assert "2 analyzed, 2 failed" in result.output
    assert "Traceback" not in result.output
    report = json.loads((out / "a.json").read_text(encoding="utf-8"))
    assert report["schema_version"] == "1.1"
    assert {s["name"]: s["role"] for s in report["speakers"]} == {
        "Dana Reyes": "rep",
        "Sam Patel": "prospect",
    }


def test_batch_with_files_needs_an_out_folder(tmp_path: Path, timed_call_text: str) -> None:
    _write(tmp_path, "a.txt", timed_call_text)
    _write(tmp_path, "b.txt", timed_call_text)
    result = runner.invoke(app, ["analyze", str(tmp_path), "--rep", "Dana", "--format", "md"])
    assert result.exit_code == 2
    assert "--out" in result.output


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.vtt")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_corrupt_single_file_names_file_and_line(tmp_path: Path) -> None:
    bad = _write(tmp_path, "bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\n2\nnot a time\n")
    result = runner.invoke(app, ["analyze", str(bad), "--rep", "A"])
    assert result.exit_code == 1
    assert "bad.srt:" in result.output
    assert "Traceback" not in result.output


def test_unsure_roles_stop_and_list_the_speakers(tmp_path: Path) -> None:
    text = "Alex: Hi there.\nJordan: Hello.\nAlex: Okay.\nJordan: Sure.\n"
    call = _write(tmp_path, "unclear.txt", text)
    result = runner.invoke(app, ["analyze", str(call)])
    assert result.exit_code == 1
    assert "--rep" in result.output
    assert "Alex" in result.output and "Jordan" in result.output


def test_speakers_lists_share_and_first_line(tmp_path: Path, timed_call_text: str) -> None:
    call = _write(tmp_path, "call.txt", timed_call_text)
    result = runner.invoke(app, ["speakers", str(call)])
    assert result.exit_code == 0, result.output
    assert "Dana Reyes" in result.output and "Thanks for" in result.output


def test_detectors_lists_the_registry() -> None:
    result = runner.invoke(app, ["detectors"])
    assert result.exit_code == 0, result.output
    assert "question" in result.output


def test_schema_matches_the_documented_file() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    documented = ROOT / "docs" / "schema" / "analysis.schema.json"
    assert json.loads(result.stdout) == json.loads(documented.read_text(encoding="utf-8")), (
        "regenerate with: callcoach schema > docs/schema/analysis.schema.json"
    )


def test_import_export_round_trip_and_upgrade(tmp_path: Path, timed_call_text: str) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    _write(calls, "a.txt", timed_call_text)
    _write(calls, "broken.srt", "1\n00:00:01,000 --> garbage\nDana Reyes: hello\n")
    db = str(tmp_path / "cc.db")
    first = runner.invoke(app, ["import", str(calls), "--db", db, "--rep", "Dana Reyes"])
    assert first.exit_code == 1, first.output
    assert "1 added, 0 already stored (skipped), 1 failed" in first.output
    assert "broken.srt" in first.output and "Traceback" not in first.output
    again = runner.invoke(app, ["import", str(calls / "a.txt"), "--db", db, "--rep", "Dana Reyes"])
    assert again.exit_code == 0 and "0 added, 1 already stored" in again.output
    dump = tmp_path / "dump.jsonl"
    exported = runner.invoke(app, ["export", "--db", db, "--out", str(dump)])
    assert exported.exit_code == 0 and "exported 1 calls" in exported.output
    other = str(tmp_path / "other.db")
    assert runner.invoke(app, ["import", str(dump), "--db", other]).exit_code == 0
    redump = tmp_path / "dump2.jsonl"
    assert runner.invoke(app, ["export", "--db", other, "--out", str(redump)]).exit_code == 0
    assert dump.read_bytes() == redump.read_bytes()
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", db])
    assert upgraded.exit_code == 0 and "already at revision" in upgraded.output


def _deal_call(deal_id: str, won_text: str) -> str:
    import json as _json

    return _json.dumps(
        {
            "date": "2026-10-06",
            "deal_id": deal_id,
            "participants": [
                {"name": "Dana Reyes", "email": "dana@tallyline.example", "role": "rep"},
                {"name": "Sam Patel", "email": "sam@acme.example", "role": "prospect"},
            ],
            "segments": [
                {"start": 0, "end": 4, "speaker": "Dana Reyes", "text": "How does close work?"},
                {"start": 5, "end": 9, "speaker": "Sam Patel", "text": won_text},
            ],
        }
    )


def test_crm_import_insights_and_team_report_with_revenue(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    _write(calls, "a.json", _deal_call("D-1", "It takes nine days and costs us $40k a month."))
    _write(calls, "b.json", _deal_call("D-2", "I need to think about it."))
    deals = _write(
        tmp_path,
        "deals.csv",
        "deal_id,amount,won,close_date,created\n"
        "D-1,10000,true,2026-11-01,2026-09-01\n"
        "D-2,5000,false,2026-11-02,2026-09-01\n"
        "D-3,not money,true,2026-11-03,2026-09-01\n",
    )
    db = str(tmp_path / "cc.db")
    assert runner.invoke(app, ["import", str(calls), "--db", db]).exit_code == 0
    imported = runner.invoke(app, ["crm", "import", str(deals), "--source", "generic", "--db", db])
    assert imported.exit_code == 0, imported.output
    assert "2 deals read" in imported.output and "row 4" in imported.output
    assert "2 linked" in imported.output
    page = tmp_path / "insights.html"
    shown = runner.invoke(app, ["insights", "--db", db, "--json", "--html", str(page)])
    assert shown.exit_code == 0, shown.output
    assert "not enough data" in shown.output.lower()
    assert "<script" not in page.read_text(encoding="utf-8")
    out = tmp_path / "reports"
    team = runner.invoke(app, ["report", str(calls), "--db", db, "--out", str(out)])
    assert team.exit_code == 0, team.output
    assert 'id="insights"' in (out / "team.html").read_text(encoding="utf-8")


def test_speakers_shows_the_decision_analyze_makes(tmp_path: Path) -> None:
    text = "Alex: Hi there.\nJordan: Hello.\nAlex: Okay.\nJordan: Sure.\n"
    call = _write(tmp_path, "unclear.txt", text)
    result = runner.invoke(app, ["speakers", str(call)])
    assert result.exit_code == 0, result.output
    assert "not decided" in result.output and "--rep" in result.output
    table = result.output.split("roles:")[0]
    assert "│ rep " not in table and "unknown" in table  # no guess for a call analyze refuses
