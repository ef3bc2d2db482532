"""Outputs: atomic files, unique names, literal brackets, clear errors (issue 12)."""

from __future__ import annotations

import errno
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.api import analyze
from callcoach.cli import app
from callcoach.errors import OutputError
from callcoach.ingest.loader import load_text
from callcoach.model import Speaker, Utterance
from callcoach.report.output import unique_stems, write_atomic
from callcoach.report.team import relative_href

runner = CliRunner()

CALL = {
    "segments": [
        {"speaker": "Rita", "text": "How does your team plan stock today?", "start": 0, "end": 4},
        {
            "speaker": "Paul",
            "text": "Spreadsheets, and it takes a whole day.",
            "start": 4,
            "end": 9,
        },
        {"speaker": "Rita", "text": "What does a wrong forecast cost you?", "start": 9, "end": 12},
        {
            "speaker": "Paul",
            "text": "Storage we never needed, every quarter.",
            "start": 12,
            "end": 16,
        },
    ]
}


def _call(path: Path, speaker: str = "Paul") -> Path:
    data = json.loads(json.dumps(CALL))
    for segment in data["segments"]:
        if segment["speaker"] == "Paul":
            segment["speaker"] = speaker
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_a_lone_surrogate_in_a_speaker_name_is_replaced(tmp_path: Path) -> None:
    source = _call(tmp_path / "s.json", "Pa\udcffl")
    for fmt in ("html", "md", "json"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            app, ["analyze", str(source), "--rep", "Rita", "-f", fmt, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        # Ingest may already write "?" for it; the model writes U+FFFD.
        assert re.search("Pa[\ufffd?]l", out.read_text(encoding="utf-8"))
    assert "<html" not in result.output
    assert not _leftovers(tmp_path)
    assert Speaker("a\ud800").name == "a\ufffd"
    assert Utterance("u", 0, "b\udfff", "c\udcff", None, None).speaker == "b\ufffd"


def test_call_date_far_in_the_future_is_a_usage_error(tmp_path: Path) -> None:
    source = _call(tmp_path / "c.json")
    result = runner.invoke(
        app, ["analyze", str(source), "--rep", "Rita", "--call-date", "9999-12-31"]
    )
    assert result.exit_code == 2, result.output
    assert "9999-12-31" in result.output and "Traceback" not in result.output


def test_next_step_dates_beyond_the_calendar_are_left_unresolved() -> None:
    text = "Rita: Can we meet next week on Tuesday?\nPaul: Yes, next Tuesday, and end of month.\n"
    for when in (date(9999, 12, 31), date(1, 1, 1)):
        call = load_text(text, source="<test>", format="text", call_date=when)
        analysis = analyze(call, rep="Rita", detectors=["next_step"])
        assert analysis.findings["next_step"]


@pytest.mark.parametrize("name", ["a[bold]b.json", "[link=javascript:x]q.json", "[red]z.json"])
def test_square_brackets_in_file_names_print_literally(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "in[/b]"
    _call(folder / name)
    _call(folder / "other.json")
    out = tmp_path / "o[/x]"
    result = runner.invoke(
        app, ["analyze", str(folder), "--rep", "Rita", "-f", "md", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert name in result.output and str(out) in result.output
    assert (out / (name.removesuffix(".json") + ".md")).exists()


def test_out_with_brackets_for_one_call(tmp_path: Path) -> None:
    source = _call(tmp_path / "c.json")
    out = tmp_path / "o[/x]" / "r[b].md"
    result = runner.invoke(
        app, ["analyze", str(source), "--rep", "Rita", "-f", "md", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output and out.exists()


def test_same_file_name_in_two_folders_gets_two_reports(tmp_path: Path) -> None:
    _call(tmp_path / "in" / "east" / "call.json", "Paul")
    _call(tmp_path / "in" / "west" / "call.json", "Pam")
    _call(tmp_path / "in" / "team.json", "Pat")  # must not overwrite team.html
    out = tmp_path / "out"
    args = ["analyze", str(tmp_path / "in"), "-r", "--rep", "Rita", "--rubric", "expert-not-friend"]
    result = runner.invoke(app, [*args, "-f", "html", "-f", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 analyzed" in result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "east__call.html",
        "east__call.json",
        "team-2.html",
        "team-2.json",
        "team.html",
        "team.json",
        "west__call.html",
        "west__call.json",
    ]
    assert "Pam" in (out / "west__call.json").read_text(encoding="utf-8")
    team = json.loads((out / "team.json").read_text(encoding="utf-8"))
    links = sorted(c["report"] for c in team["calls"])
    assert links == ["./east__call.html", "./team-2.html", "./west__call.html"]


def test_team_links_are_always_relative(tmp_path: Path) -> None:
    assert relative_href("javascript:alert(1).html") == "./javascript%3Aalert%281%29.html"
    assert relative_href("//evil.example/x.html").startswith("./")
    _call(tmp_path / "in" / "javascript:alert(1).json")
    _call(tmp_path / "in" / "data:text.json", "Pam")
    out = tmp_path / "out"
    args = ["analyze", str(tmp_path / "in"), "--rep", "Rita", "--rubric", "expert-not-friend"]
    result = runner.invoke(app, [*args, "-f", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "team.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in page and 'href="data' not in page
    assert 'href="./javascript%3Aalert%281%29.html"' in page


def test_unique_stems() -> None:
    files = [
        Path("/a/x/call.vtt"),
        Path("/a/y/call.vtt"),
        Path("/a/y/call.json"),
        Path("/a/Team.srt"),
    ]
    stems = unique_stems(files, reserved=("team",))
    assert stems == {
        Path("/a/x/call.vtt"): "x__call",
        Path("/a/y/call.vtt"): "y__call",
        Path("/a/y/call.json"): "call.json",
        Path("/a/Team.srt"): "Team-2",
    }
    assert len({s.casefold() for s in unique_stems([Path("A.vtt"), Path("a.srt")]).values()}) == 2


def test_out_at_an_existing_file_or_folder_is_a_clear_error(tmp_path: Path) -> None:
    source = _call(tmp_path / "c.json")
    (tmp_path / "X.html").mkdir()
    (tmp_path / "file").write_text("keep", encoding="utf-8")
    result = runner.invoke(
        app,
        ["analyze", str(source), "--rep", "Rita", "-f", "html", "--out", str(tmp_path / "X.html")],
    )
    assert result.exit_code == 2 and "is a folder" in result.output
    result = runner.invoke(
        app, ["analyze", str(source), "--rep", "Rita", "-f", "md", "--out", str(tmp_path / "file")]
    )
    assert result.exit_code == 2 and "not a folder" in result.output
    assert (tmp_path / "file").read_text(encoding="utf-8") == "keep"
    assert not _leftovers(tmp_path)


def test_disk_full_leaves_no_tmp_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _call(tmp_path / "in" / "a.json")
    _call(tmp_path / "in" / "b.json", "Pam")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["analyze", str(tmp_path / "in"), "--rep", "Rita", "-f", "md", "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output
    assert (
        str(tmp_path / "in" / "a.json") in result.output
        and str(tmp_path / "in" / "b.json") in result.output
    )
    assert not _leftovers(tmp_path)
    assert not list(out.glob("*.md"))


def test_write_atomic_errors(tmp_path: Path) -> None:
    (tmp_path / "d.html").mkdir()
    with pytest.raises(OutputError, match="folder"):
        write_atomic(tmp_path / "d.html", "x")
    write_atomic(tmp_path / "sub" / "ok.md", "caf\u00e9 \udcff")
    assert (tmp_path / "sub" / "ok.md").read_text(encoding="utf-8") == "caf\u00e9 ?"
    assert not _leftovers(tmp_path)


def test_batch_failures_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _call(folder / "good.json")
    # Two speakers who say the same: roles cannot be told apart without --rep.
    (folder / "same.txt").write_text("Ann: Hello there.\nBen: Hello there.\n", encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", str(folder), "-f", "md", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("FAILED")]
    assert failed and all(str(folder) in line for line in failed)
