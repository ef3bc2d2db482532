"""Exit codes as the README states them: 0 all ok, 1 some input failed, 2 usage error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["speakers", "analyze"])
def test_a_missing_transcript_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = runner.invoke(app, [command, str(tmp_path / "missing.vtt")])
    assert result.exit_code == 2, result.output
    assert "no such file" in result.output and "Traceback" not in result.output


def test_an_unknown_rubric_is_a_usage_error(tmp_path: Path, timed_call_text: str) -> None:
    call = tmp_path / "call.txt"
    call.write_text(timed_call_text, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(call), "--rep", "Dana", "--rubric", "nope"])
    assert result.exit_code == 2, result.output
    assert "nope" in result.output and "expert-not-friend" in result.output


@pytest.mark.parametrize(
    "command",
    [["insights"], ["export", "--out", "dump.jsonl"], ["report", ".", "--out", "r"]],
)
def test_reading_a_missing_database_never_creates_one(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "--db", "typo.db"])
    assert result.exit_code == 2, result.output
    assert "no such database: typo.db" in result.output
    assert not (tmp_path / "typo.db").exists()


@pytest.mark.parametrize("command", [["import", "--db", "x.db"], ["report", "--out", "r"]])
def test_an_unknown_rubric_is_a_usage_error_everywhere(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, timed_call_text: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "call.txt").write_text(timed_call_text, encoding="utf-8")
    result = runner.invoke(app, [command[0], "call.txt", *command[1:], "--rubric", "nope"])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "x.db").exists()


def test_speakers_never_shows_a_guess_that_analyze_refuses(tmp_path: Path) -> None:
    call = tmp_path / "unclear.txt"
    call.write_text("Alex: Hi there.\nJordan: Hello.\nAlex: Okay.\nJordan: Sure.\n")
    shown = runner.invoke(app, ["speakers", str(call)])
    assert shown.exit_code == 0, shown.output
    assert "roles: not decided" in shown.output and "analyze needs" in shown.output
    assert runner.invoke(app, ["analyze", str(call)]).exit_code == 1
