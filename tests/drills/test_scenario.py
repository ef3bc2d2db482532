"""Scenario files: the shipped ones load and are consistent; bad files get clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from callcoach.drills.cues import check_stall_lines
from callcoach.drills.scenario import (
    SIGNALS,
    ScenarioError,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
)
from callcoach.scoring import load_rubric

SEEDS = {
    "finance-month-end",
    "sports-chat",
    "think-about-it",
    "send-proposal",
    "upsell-vs-new-sale",
    "status-quo",
}


def test_the_seed_situations_ship() -> None:
    assert set(builtin_scenarios()) >= SEEDS
    assert len(builtin_scenarios()) >= 6


@pytest.mark.parametrize("name", builtin_scenarios())
def test_shipped_scenario_is_valid(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.id == name
    assert scenario.call_type in load_rubric("expert-not-friend").call_types
    assert scenario.persona.stalls and scenario.persona.assumptions
    ends = {n.end for n in scenario.nodes.values() if n.end}
    assert "advanced" in ends and ends - {"advanced"}, "a drill can be won and lost"


@pytest.mark.parametrize("name", builtin_scenarios())
def test_stall_lines_are_stalls_to_the_stall_detector(name: str) -> None:
    """A node marked as a stall must read as one, or stall handling is never cued."""
    assert check_stall_lines(load_scenario(name)) == []


def test_load_by_path_and_by_name_agree(tiny_file: Path) -> None:
    assert load_scenario(tiny_file).id == "tiny"
    assert load_scenario("finance-month-end") is load_scenario("finance-month-end")


def _error(text: str, source: str = "bad.yaml") -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, source=source)
    return str(caught.value)


def _edit(tiny_yaml: str, change: dict[str, object]) -> str:
    data = yaml.safe_load(tiny_yaml)
    for path, value in change.items():
        node = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        last = keys[-1]
        if value is None:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return yaml.safe_dump(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"nodes.intro.branches.0.goto": "nowhere"},
            "nodes.intro.branches[0].goto: unknown node 'nowhere'",
        ),
        (
            {"nodes.intro.branches.1.when": {"any": ["pitchy"]}},
            "nodes.intro.branches[1].when.any: unknown signal(s) ['pitchy']",
        ),
        ({"persona.name": None}, "persona.name: Field required"),
        ({"start": "begin"}, "start: unknown node 'begin'"),
        ({"nodes.won.default": "intro"}, "nodes.won: an 'end' node finishes the drill"),
        (
            {"nodes.cost.default": None, "nodes.cost.branches": []},
            "nodes.cost: a node needs branches, a default, or 'end'",
        ),
        (
            {"nodes.intro.branches.0.when": {}},
            "nodes.intro.branches[0].when: a condition needs at least one",
        ),
        ({"max_turns": 0}, "max_turns: Input should be greater than or equal to 1"),
        ({"id": "Not An Id"}, "id: String should match pattern"),
        ({"surprise": 1}, "surprise: Extra inputs are not permitted"),
        (
            {"nodes.intro.say": ["  "]},
            "nodes.intro.say: every line the prospect says must be non-empty",
        ),
    ],
)
def test_invalid_scenario_names_the_file_and_field(
    tiny_yaml: str, change: dict[str, object], expected: str
) -> None:
    message = _error(_edit(tiny_yaml, change), source="my/bad.yaml")
    assert message.startswith("my/bad.yaml: invalid scenario: ")
    assert expected in message


def test_unreachable_node_and_no_ending_are_reported(tiny_yaml: str) -> None:
    data = yaml.safe_load(tiny_yaml)
    data["nodes"]["island"] = {"say": "Nobody gets here.", "end": "neutral"}
    assert "nodes: node(s) ['island'] cannot be reached" in _error(yaml.safe_dump(data))
    data = yaml.safe_load(tiny_yaml)
    data["nodes"]["intro"]["branches"] = [{"when": {"any": ["question"]}, "goto": "intro"}]
    data["nodes"] = {"intro": data["nodes"]["intro"]}
    assert "no 'end' node can be reached" in _error(yaml.safe_dump(data))


def test_not_yaml_and_not_a_mapping() -> None:
    assert _error("id: [unclosed\n", source="x.yaml").startswith("x.yaml:2: not valid YAML")
    assert "a scenario is a YAML mapping" in _error("- just\n- a list\n")


def test_missing_file_names_the_shipped_scenarios(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"no such scenario file .*finance-month-end"):
        load_scenario(tmp_path / "missing.yaml")


def test_every_signal_is_documented_in_the_cues_module() -> None:
    from callcoach.drills import cues

    assert cues.__doc__ is not None
    for signal in SIGNALS:
        assert signal in cues.__doc__
