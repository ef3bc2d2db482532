import argparse

import pytest

from callcoach import roles
from callcoach.eval.roles_switches import (
    ON_OFF,
    add_on_off,
    add_split_check,
    apply_on_off,
    apply_split_check,
)


def test_each_flag_defaults_to_the_shipped_switch() -> None:
    parser = argparse.ArgumentParser()
    add_on_off(parser)
    args = parser.parse_args([])
    for name in ON_OFF:
        assert getattr(args, name.lower()) == ("on" if getattr(roles, name) else "off")


def test_a_flag_sets_its_switch_and_leaves_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ON_OFF:
        monkeypatch.setattr(roles, name, getattr(roles, name))  # restored after the test
    parser = argparse.ArgumentParser()
    add_on_off(parser, ("SAYS_BOTH", "ADDRESSED"))
    flipped = "off" if roles.SAYS_BOTH else "on"
    kept = roles.ADDRESSED
    apply_on_off(parser.parse_args(["--says-both", flipped]), ("SAYS_BOTH", "ADDRESSED"))
    assert roles.SAYS_BOTH is (flipped == "on")
    assert roles.ADDRESSED is kept
    with pytest.raises(SystemExit):
        parser.parse_args(["--says-both", "maybe"])


def test_split_check_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "SPLIT_CHECK", roles.SPLIT_CHECK)  # restored after the test
    parser = argparse.ArgumentParser()
    add_split_check(parser)
    assert parser.parse_args([]).split_check == (roles.SPLIT_CHECK or "off")
    apply_split_check(parser.parse_args(["--split-check", "off"]))
    assert roles.SPLIT_CHECK is None
    apply_split_check(parser.parse_args(["--split-check", "refuse"]))
    assert roles.SPLIT_CHECK == "refuse"
    with pytest.raises(SystemExit):
        parser.parse_args(["--split-check", "maybe"])


def test_handoff_from_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "HANDOFF_FROM", roles.HANDOFF_FROM)  # restored after the test
    parser = argparse.ArgumentParser()
    add_split_check(parser)
    assert parser.parse_args([]).handoff_from == roles.HANDOFF_FROM
    apply_split_check(parser.parse_args(["--handoff-from", "both"]))
    assert roles.HANDOFF_FROM == "both"
