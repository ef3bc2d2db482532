from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.errors import CallcoachError, RoleError
from callcoach.roster import Roster, RosterError, RosterMember, load_roster

DATA = Path(__file__).resolve().parent / "data" / "roles"


def test_yaml_team_with_mappings_names_and_emails() -> None:
    roster = load_roster(DATA / "team.yaml")
    assert roster.members == (
        RosterMember("Dana Reyes", "dana@acme.io", "AE"),
        RosterMember("Lee Chen", None, "SE"),
        RosterMember(None, "sam.ops@acme.io", None),
    )
    assert roster.source.endswith("team.yaml")


def test_yaml_plain_list_and_csv() -> None:
    assert load_roster(DATA / "list.yaml").members == (
        RosterMember("Dana Reyes"),
        RosterMember(None, "lee@acme.io"),
    )
    assert load_roster(DATA / "team.csv").members == (
        RosterMember("Dana Reyes", "dana@acme.io", "AE"),
        RosterMember(None, "lee@acme.io", "SE"),
    )


def test_matches_by_name_email_label_and_unique_first_name() -> None:
    roster = load_roster(DATA / "team.yaml")
    assert roster.matches("  dana   REYES ")
    assert roster.matches("Speaker 1", email="DANA@acme.io")
    assert roster.matches("sam.ops@acme.io")
    assert roster.matches("Lee")
    assert not roster.matches("Sam Patel", email="sam@globex.com")
    assert not roster.matches(None)
    assert not roster.matches("Reyes")


def test_shared_first_name_does_not_match() -> None:
    roster = Roster((RosterMember("Dana Reyes"), RosterMember("Dana Smith")))
    assert not roster.matches("Dana")
    assert roster.matches("Dana Smith")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_missing.yaml", "bad_missing.yaml:3: entry #2: needs a name or an email"),
        ("bad_email.yaml", "bad_email.yaml:2: entry #1: 'dana at acme' is not an email address"),
        ("bad_key.yaml", "bad_key.yaml:2: entry #1: unknown key(s) ['mail']"),
        ("bad_header.csv", "bad_header.csv:1: CSV header must have a 'name' and/or 'email'"),
        ("bad_row.csv", "bad_row.csv:3: entry 'Lee Chen, not-an-email': 'not-an-email' is not"),
        ("not_a_list.yaml", "not_a_list.yaml:1: the team must be a list"),
        ("invalid.yaml", "invalid.yaml:3: invalid YAML"),
        ("missing.yaml", "missing.yaml: no such roster file"),
    ],
)
def test_bad_rosters_name_file_line_and_entry(name: str, expected: str) -> None:
    with pytest.raises(RosterError) as info:
        load_roster(DATA / name)
    assert expected in str(info.value)
    assert isinstance(info.value, RoleError) and isinstance(info.value, CallcoachError)


def test_empty_roster_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("team: []\n", encoding="utf-8")
    with pytest.raises(RosterError, match="lists nobody"):
        load_roster(empty)
    blank = tmp_path / "blank.yml"
    blank.write_text("", encoding="utf-8")
    with pytest.raises(RosterError, match="empty"):
        load_roster(blank)
