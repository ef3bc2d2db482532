"""`callcoach drill list|run` and `callcoach screen` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.cli import app
from callcoach.drills.scenario import builtin_scenarios
from tests.conftest import ROOT
from tests.drills.conftest import DRILL_EXAMPLES, INTERVIEWS

runner = CliRunner()
FRIEND = DRILL_EXAMPLES / "finance-month-end.friend.txt"


def test_drill_list_shows_every_shipped_scenario() -> None:
    result = runner.invoke(app, ["drill", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in builtin_scenarios():
        assert name in result.output


def test_drill_check(tmp_path: Path, tiny_yaml: str) -> None:
    good = tmp_path / "tiny.yaml"
    good.write_text(tiny_yaml, encoding="utf-8")
    result = runner.invoke(app, ["drill", "check", str(good)])
    assert result.exit_code == 0, result.output
    assert "ok — tiny, 5 nodes, endings advanced, stalled, 1 stall line(s) checked" in result.output
    quiet = tmp_path / "quiet.yaml"
    quiet.write_text(tiny_yaml.replace("Can you send me some info?", "Tell me more."), "utf-8")
    result = runner.invoke(app, ["drill", "check", str(quiet)])
    assert result.exit_code == 1
    assert "nodes.send_info.say: marked 'stall: send-info' but the stall detector" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(tiny_yaml.replace("start: intro", "start: begin"), "utf-8")
    result = runner.invoke(app, ["drill", "check", str(bad)])
    assert result.exit_code == 1 and "start: unknown node 'begin'" in result.output


def test_run_from_a_replies_file_prints_cues_and_the_scorecard() -> None:
    result = runner.invoke(app, ["drill", "run", "finance-month-end", "--replies", str(FRIEND)])
    assert result.exit_code == 0, result.output
    assert "Maria Alvarez: Maria Alvarez speaking." in result.output
    assert "↳" in result.output  # a cue after each reply
    assert "Drill over:" in result.output and "scorecard (expert-not-friend)" in result.output


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_run_writes_a_report(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"drill.{fmt}"
    args = ["drill", "run", "finance-month-end", "--replies", str(FRIEND)]
    result = runner.invoke(app, [*args, "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        report = json.loads(text)
        assert report["scenario"]["id"] == "finance-month-end"
        assert report["analysis"]["scorecard"]["rubric_id"] == "expert-not-friend"
        replies = [t for t in report["turns"] if t["role"] == "rep"]
        assert len(replies) == 3 and all(t["cue_line"] for t in replies)
        for turn in replies:  # every signal names the detector finding behind it
            assert {e["signal"] for e in turn["evidence"]} == set(turn["signals"])
            assert all(
                e["detector"] and e["version"] for e in turn["evidence"] if e["label"] != "none"
            )
        assert report["ending"] in {
            "advanced",
            "stalled",
            "lost",
            "neutral",
            "out_of_time",
            "unfinished",
        }
    elif fmt == "md":
        assert text.startswith("# Drill: Director of Finance")
        assert "## Scorecard" in text and "> cue:" in text
    else:
        assert text.startswith("<!DOCTYPE html>") and 'id="scorecard"' in text
        assert "http://" not in text and "https://" not in text


def test_json_to_stdout_keeps_stdout_clean() -> None:
    args = ["drill", "run", "finance-month-end", "--replies", str(FRIEND), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["scenario"]["id"] == "finance-month-end"


def test_interactive_reads_replies_from_stdin_until_an_empty_line() -> None:
    typed = "Hi Maria, how does your month-end close work today?\n\nthis is never read\n"
    result = runner.invoke(app, ["drill", "run", "finance-month-end"], input=typed)
    assert result.exit_code == 0, result.output
    assert "You: Hi Maria, how does your month-end close work today?" in result.output
    assert "this is never read" not in result.output
    assert "Drill over: unfinished" in result.output


def test_interactive_ends_cleanly_at_end_of_input() -> None:
    result = runner.invoke(app, ["drill", "run", "think-about-it"], input="Sure, take your time!")
    assert result.exit_code == 0, result.output
    assert "Drill over:" in result.output and "Traceback" not in result.output


def test_interactive_in_a_real_process_with_piped_stdin(tmp_path: Path) -> None:
    out = tmp_path / "drill.md"
    command = [sys.executable, "-m", "callcoach", "drill", "run", "sports-chat"]
    done = subprocess.run(
        [*command, "--format", "md", "--out", str(out)],
        input="Ha, great game. How are technicians scheduled today?\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Tom Becker:" in done.stdout and "Traceback" not in done.stderr
    assert "How are technicians scheduled today?" in out.read_text(encoding="utf-8")


def test_unused_replies_are_reported() -> None:
    replies = DRILL_EXAMPLES / "send-proposal.friend.txt"
    result = runner.invoke(app, ["drill", "run", "think-about-it", "--replies", str(replies)])
    assert result.exit_code == 0, result.output


def test_invalid_scenario_file_is_a_clear_error(tmp_path: Path, tiny_yaml: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(tiny_yaml.replace("goto: cost", "goto: costs"), encoding="utf-8")
    result = runner.invoke(app, ["drill", "run", str(bad), "--replies", str(FRIEND)])
    assert result.exit_code == 1
    assert f"{bad}: invalid scenario: nodes.intro.branches[0].goto: unknown node 'costs'" in (
        result.output
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["drill", "run", "no-such-drill"], "no such scenario file or shipped scenario"),
        (["drill", "run", "finance-month-end", "--replies", "missing.txt"], "no such replies file"),
        (
            ["drill", "run", "finance-month-end", "--out", "x.html"],
            "choose --format md, json or html",
        ),
        (
            ["drill", "run", "finance-month-end", "--format", "md", "--out", "x.html"],
            "does not match --format md",
        ),
        (
            [
                "screen",
                str(INTERVIEWS / "sam-okafor.vtt"),
                "--candidate",
                "Sam",
                "--roleplay-start",
                "soon",
            ],
            "is not a time like 12:30",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_empty_replies_file_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "replies.txt"
    empty.write_text("# only a comment\n\n", encoding="utf-8")
    result = runner.invoke(app, ["drill", "run", "finance-month-end", "--replies", str(empty)])
    assert result.exit_code == 2 and "no replies" in result.output


def test_screen_in_the_terminal_and_as_files(tmp_path: Path) -> None:
    interview = str(INTERVIEWS / "jordan-ellis.vtt")
    result = runner.invoke(
        app, ["screen", interview, "--candidate", "Jordan"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "lean: relationship-first" in result.output and "Caveats:" in result.output
    for fmt in ("json", "md", "html"):
        out = tmp_path / f"screen.{fmt}"
        args = ["screen", interview, "--candidate", "Jordan", "--format", fmt, "--out", str(out)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "not a verdict" in text and "people person" in text


def test_screen_unknown_candidate_is_an_error() -> None:
    interview = str(INTERVIEWS / "jordan-ellis.vtt")
    result = runner.invoke(app, ["screen", interview, "--candidate", "Nobody"])
    assert result.exit_code == 1 and "Nobody" in result.output
    assert "Traceback" not in result.output


def test_screen_with_a_given_roleplay_window(tmp_path: Path) -> None:
    out = tmp_path / "screen.json"
    args = ["screen", str(INTERVIEWS / "sam-okafor.vtt"), "--candidate", "Sam"]
    window = ["--roleplay-start", "1:10", "--roleplay-end", "0:02:30"]
    result = runner.invoke(app, [*args, *window, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["roleplay"]["how"].startswith("given on the command line")
    assert all(70 <= b["start"] < 150 for b in report["behaviours"])
