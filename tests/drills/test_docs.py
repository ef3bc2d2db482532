"""docs/training.md: the walk-through's commands run, and the cue table matches the code."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.cli import app
from callcoach.drills.cues import CUES
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "training.md").read_text(encoding="utf-8")


def _walkthrough() -> list[list[str]]:
    section = DOC.split("## Walk-through", 1)[1]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line) for line in block.strip().splitlines()]


def test_walkthrough_has_the_commands() -> None:
    commands = [words[:3] for words in _walkthrough()]
    assert ["callcoach", "drill", "list"] in commands
    assert ["callcoach", "drill", "run"] in commands
    assert any(words[:2] == ["callcoach", "screen"] for words in _walkthrough())


@pytest.mark.parametrize("words", _walkthrough(), ids=lambda w: " ".join(w[1:4]))
def test_walkthrough_command_runs(
    words: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = words[1:]
    if "--out" in args:
        at = args.index("--out") + 1
        args[at] = str(tmp_path / args[at])
    # Commands without --replies are interactive: end them at once, as Ctrl-D would.
    result = CliRunner().invoke(app, args, input="", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if "--out" in args:
        assert Path(args[args.index("--out") + 1]).stat().st_size > 0


def test_every_cue_text_is_in_the_docs() -> None:
    for spec in CUES:
        assert f"| {spec.signal} | {spec.text} |" in DOC, spec.signal


def test_the_scenario_example_in_the_docs_is_valid() -> None:
    from callcoach.drills.scenario import parse_scenario

    section = DOC.split("## Writing a scenario", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    scenario = parse_scenario(example, source="docs/training.md")
    assert scenario.start == "intro" and "lost" in scenario.nodes
