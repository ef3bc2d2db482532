"""The branching engine: scripted branching, endings, the drill as a Call, and scoring."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

import callcoach
from callcoach.detectors import Embedder
from callcoach.drills import engine
from callcoach.drills.cues import Assessment, Signal, cues_for
from callcoach.drills.scenario import parse_scenario
from callcoach.model import Call, RoleAssignment


def scripted(signals: Mapping[str, tuple[str, ...]]) -> engine.Assessor:
    """An assessor that gives each reply text the signals listed for it (none otherwise)."""

    def assess(
        call: Call, roles: RoleAssignment, utterance_id: str, embedder: Embedder | None
    ) -> Assessment:
        text = call.utterance(utterance_id).text
        found = tuple(Signal(name, "test", name, text) for name in signals.get(text, ()))
        return Assessment(found, cues_for(found), {})

    return assess


@pytest.fixture
def tiny(tiny_yaml: str) -> engine.DrillState:
    return engine.start(parse_scenario(tiny_yaml, source="tiny"))


def test_start_speaks_the_start_node(tiny: engine.DrillState) -> None:
    assert [t.text for t in tiny.turns] == ["Pat speaking.", "What's this about?"]
    assert tiny.node == "intro" and not tiny.finished


def test_signals_choose_the_branch(tiny: engine.DrillState) -> None:
    pitch = "We are the best platform."
    state = engine.reply(tiny, pitch, assessor=scripted({pitch: ("self_focus", "no_question")}))
    assert state.node == "send_info"
    assert state.turns[-1].text == "Sounds interesting. Can you send me some info?"
    trainee = state.turns[-2]
    assert trainee.role == "rep" and trainee.signals == ("no_question", "self_focus")
    assert trainee.cue_line == "you're talking about yourselves — ask about their problem"
    accept = "Sure, I'll send it."
    state = engine.reply(state, accept, assessor=scripted({accept: ("accepted_stall",)}))
    assert state.finished and state.ending == "stalled"
    assert state.turns[-1].text == "Great, thanks."


def test_mentions_and_visited_conditions(tiny: engine.DrillState) -> None:
    ask = "How does your Month End close work?"
    book = "Can we meet Tuesday at 2pm?"
    play = scripted({book: ("next_step",)})
    state = engine.reply(tiny, ask, assessor=play)
    assert state.node == "cost" and "cost" in state.visited
    state = engine.reply(state, book, assessor=play)
    assert state.ending == "advanced" and state.replies == 2


def test_no_branch_and_no_default_repeats_the_node(tiny: engine.DrillState) -> None:
    state = engine.reply(tiny, "Hmm.", assessor=scripted({}))
    assert state.node == "intro" and state.turns[-1].text == "Sorry, what do you mean?"


def test_default_branch(tiny: engine.DrillState) -> None:
    pitch = "We are great."
    state = engine.reply(tiny, pitch, assessor=scripted({pitch: ("self_focus",)}))
    state = engine.reply(state, "What a nice day.", assessor=scripted({}))
    assert state.node == "intro" and state.turns[-2].text == "Pat speaking."


def test_max_turns_runs_out_of_time(tiny: engine.DrillState) -> None:
    state, used = engine.play(tiny.scenario, ["Hmm."] * 10, assessor=scripted({}))
    assert used == 4 and state.ending == "out_of_time"
    assert state.turns[-1].text == tiny.scenario.out_of_time


def test_stop_and_reply_after_the_end(tiny: engine.DrillState) -> None:
    stopped = engine.stop(tiny)
    assert stopped.ending == "unfinished"
    with pytest.raises(ValueError, match="has ended"):
        engine.reply(stopped, "hello", assessor=scripted({}))


def test_reply_whitespace_is_normalised(tiny: engine.DrillState) -> None:
    state = engine.reply(tiny, "  so   tell me\tmore ", assessor=scripted({}))
    assert state.turns[2].text == "so tell me more"


def test_the_drill_is_a_call_with_declared_roles(tiny: engine.DrillState) -> None:
    state = engine.reply(tiny, "Hello there.", assessor=scripted({}))
    call = engine.to_call(state)
    assert [u.id for u in call.utterances] == ["u0000", "u0001", "u0002", "u0003"]
    assert [u.speaker for u in call.utterances][:3] == ["Pat Lee", "Pat Lee", "You"]
    assert call.source == "drill:tiny" and not call.has_timestamps
    roles = engine.roles(state.scenario)
    assert roles.role_of("You") == "rep" and roles.role_of("Pat Lee") == "prospect"
    assert engine.to_call(state).id == call.id  # same transcript, same id


def test_real_detectors_drive_the_script(tiny: engine.DrillState) -> None:
    """With the real cue detectors: accepting "send me some info" loses the drill."""
    state = engine.reply(
        tiny, "We are the leading platform and our product automates everything for you."
    )
    if state.node != "send_info":
        pytest.skip("the self-talk detector no longer calls this pitch self-focused")
    state = engine.reply(state, "Sure, no problem, I'll send it over today.")
    assert state.ending == "stalled"
    assert "accepted_stall" in state.turns[-2].signals
    assert state.turns[-2].cue_line is not None and "accepted the stall" in state.turns[-2].cue_line


def test_finished_drill_scores_with_the_ordinary_analysis(tiny: engine.DrillState) -> None:
    state, _ = engine.play(
        tiny.scenario,
        ["How does your month-end close work today?", "Could we meet Tuesday at 2pm?"],
    )
    analysis = callcoach.analyze(
        engine.to_call(state), roles=engine.roles(state.scenario), rubric="expert-not-friend"
    )
    assert analysis.scorecard is not None and analysis.scorecard.overall is not None
