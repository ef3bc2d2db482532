"""The shared reader of shipped-or-file YAML specs: rubrics and drill scenarios say the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from callcoach.drills.scenario import ScenarioError, load_scenario
from callcoach.errors import RubricError
from callcoach.scoring import load_rubric


@pytest.mark.parametrize(
    ("load", "error", "kind", "shipped"),
    [
        (load_rubric, RubricError, "rubric", "built-in rubrics: "),
        (load_scenario, ScenarioError, "scenario", "shipped scenarios: "),
    ],
)
def test_both_kinds_name_the_file_and_the_problem(
    load: Callable[[Path], object],
    error: type[Exception],
    kind: str,
    shipped: str,
    tmp_path: Path,
) -> None:
    with pytest.raises(error, match=f"nope.yaml: no such {kind} file \\({shipped}"):
        load(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(error, match=f"bad.yaml: cannot read {kind}: "):
        load(bad)
    bad.write_text("id: x\ntitle: [unclosed\n")
    with pytest.raises(error, match=r"bad\.yaml:3: not valid YAML"):
        load(bad)
    bad.write_text("- a list\n")
    with pytest.raises(error, match=f"bad.yaml: a {kind} is a YAML mapping with id, title"):
        load(bad)


def test_a_shipped_spec_is_parsed_once() -> None:
    assert load_rubric("expert-not-friend") is load_rubric("expert-not-friend")
    assert load_scenario("finance-month-end") is load_scenario("finance-month-end")
