"""The CLI's output is whole at any terminal width: tables fold, messages never wrap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.cli import app

runner = CliRunner()
WIDTHS = (40, 80, 300)


def _whole_words(phrase: str, output: str) -> bool:
    """Every word of ``phrase`` printed whole (folded cells may put them on several lines)."""
    printed = set(re.split(r"[\s│┃┆|]+", output))
    return all(word in printed for word in phrase.split())


@pytest.mark.parametrize("width", WIDTHS)
def test_missing_file_message_is_one_line(
    width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    missing = tmp_path / ("a-rather-long-folder-name-" * 3) / "nope.vtt"
    result = runner.invoke(app, ["analyze", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output.splitlines()[0]


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_fold_instead_of_cutting(
    width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, timed_call_text: str
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    call = tmp_path / "call.txt"
    call.write_text(timed_call_text, encoding="utf-8")
    shown = runner.invoke(app, ["speakers", str(call)])
    assert shown.exit_code == 0, shown.output
    assert "…" not in shown.output
    assert _whole_words("Thanks for taking the time today, Sam.", shown.output)
    args = ["analyze", str(call), "--rep", "Dana Reyes", "--rubric", "expert-not-friend"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    assert _whole_words("Close on a concrete next step", result.output)
    assert _whole_words("The one thing to work on:", result.output)
    assert max(len(line) for line in result.output.splitlines()) <= max(width, len(str(call)))
