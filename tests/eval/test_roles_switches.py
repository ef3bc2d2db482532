import argparse

import pytest

from callcoach import roles
from callcoach.eval.roles_switches import ON_OFF, add_on_off, apply_on_off


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
