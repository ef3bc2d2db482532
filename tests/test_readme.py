"""The README's two commands, run through their Python entry points."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.cli import app, collect_transcripts
from tests.conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _first_code_block() -> list[str]:
    block = README.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_starts_with_the_two_commands() -> None:
    assert README.startswith("# callcoach\n\n```bash\n")
    assert _first_code_block() == ["bash scripts/demo.sh", "bash scripts/test.sh"]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci.splitlines()
    assert "-m pytest" in (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")


def _demo_analyze_args() -> list[str]:
    script = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(li for li in script.splitlines() if "callcoach analyze" in li)
    words = shlex.split(line)
    return words[words.index("analyze") :]


def test_demo_command_analyzes_every_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    args = [tmp_path if a == "$out" else a for a in _demo_analyze_args()]
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    calls = collect_transcripts([EXAMPLES])
    assert len(calls) >= 8
    written = {p.suffix for p in tmp_path.iterdir()}
    assert written == {".md", ".json", ".html"}
    assert len(list(tmp_path.glob("*.html"))) == len(calls) + 1  # and team.html
    assert (tmp_path / "team.html").exists() and (tmp_path / "team.json").exists()


def test_python_example_in_readme_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    block = README.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(block, "README.md", "exec"), {})
