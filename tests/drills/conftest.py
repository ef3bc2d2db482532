"""Shared pieces for the drills tests: a small scenario written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

DRILL_EXAMPLES = ROOT / "examples" / "drills"
INTERVIEWS = ROOT / "examples" / "interviews"

# A tiny script: a pitch gets "send me some info"; accepting it ends the call; a question
# that mentions the close gets the cost; asking for a meeting after the cost wins.
TINY = """
id: tiny
title: Tiny test drill
summary: A scenario written for the tests.
goal: Find the cost and book a meeting.
persona:
  name: Pat Lee
  role: Controller
  company: Test Co
  problem: The close is manual.
  cost: Ten hours a week.
  stalls:
    - says: Send me some info.
      unlock: Ask what they would look for.
start: intro
max_turns: 4
nodes:
  intro:
    say: ["Pat speaking.", "What's this about?"]
    branches:
      - when: {mentions: [month-end close]}
        goto: cost
      - when: {any: [self_focus]}
        goto: send_info
    again: Sorry, what do you mean?
  cost:
    say: It costs us about ten hours a week.
    branches:
      - when: {any: [next_step], visited: [cost]}
        goto: won
    default: cost
  send_info:
    say: Sounds interesting. Can you send me some info?
    stall: send-info
    branches:
      - when: {any: [accepted_stall]}
        goto: lost
    default: intro
  won:
    say: Tuesday works.
    end: advanced
  lost:
    say: Great, thanks.
    end: stalled
"""


@pytest.fixture
def tiny_yaml() -> str:
    return TINY


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path
