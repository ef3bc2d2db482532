"""Stalls and closes on the bundled sample calls read the way a sales coach reads them.

Sample calls are the project's own (examples/); the rep roles come from the manifest.
"""

from __future__ import annotations

import pytest

import callcoach
from callcoach.api import Analysis
from callcoach.manifest import load_manifest
from tests.conftest import EXAMPLES

DETECTORS = ["stall", "stall_response", "next_step", "small_talk"]


def _analysis(file: str) -> Analysis:
    path = EXAMPLES / file
    info = load_manifest(EXAMPLES / "manifest.yaml").for_file(path)
    assert info is not None
    call = callcoach.load_call(path, call_date=info.date, speaker_names=info.speaker_labels)
    return callcoach.analyze(call, rep=list(info.reps), detectors=DETECTORS)


@pytest.fixture(scope="module")
def friend_demo() -> Analysis:
    return _analysis("04-summitridge-demo-friend.whisperx.json")


@pytest.fixture(scope="module")
def expert_discovery() -> Analysis:
    return _analysis("01-northwind-discovery-expert.vtt")


def test_the_brush_off_is_a_stall_and_the_promise_after_it_a_consolation(
    friend_demo: Analysis,
) -> None:
    kinds = [f.attributes["kind"] for f in friend_demo.findings["stall"]]
    assert "send-info" in kinds and "authority" in kinds
    handling = {f.label for f in friend_demo.findings["stall_response"]}
    assert handling == {"accepted"}
    steps = [f for f in friend_demo.findings["next_step"] if f.label == "next_step"]
    assert steps and all(
        f.attributes["answers_stall"] for f in steps if f.attributes["owner"] == "rep"
    )


def test_the_probed_stall_and_the_booked_meeting(expert_discovery: Analysis) -> None:
    [stall] = expert_discovery.findings["stall"]
    assert stall.attributes["kind"] == "think-about-it"
    assert expert_discovery.findings["stall_response"][0].label == "probed"
    found = expert_discovery.findings["next_step"]
    booked = [f for f in found if f.label == "next_step" and f.attributes["accepted"] is True]
    assert any(f.attributes["date"] for f in booked)
    assert not any(f.attributes["answers_stall"] for f in booked)
    assert any(f.label == "next_step_accept" for f in found)


@pytest.mark.parametrize(
    "file", ["01-northwind-discovery-expert.vtt", "02-harborview-discovery-friend.vtt"]
)
def test_the_opening_greeting_is_small_talk(file: str) -> None:
    spans = _analysis(file).findings["small_talk"]
    assert spans and spans[0].evidence[0].utterance_id == "u0000"
