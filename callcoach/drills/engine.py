"""The drill engine: play a scenario's branching script against the trainee's replies.

The state is immutable: ``start(scenario)`` gives the opening, ``reply(state, text)`` adds the
trainee's reply with its live cue and the prospect's answer, ``stop(state)`` ends a drill the
trainee leaves early. ``to_call(state)`` is the drill as a ``Call`` (the same model every
transcript becomes), so ``finish`` scores it with the ordinary ``callcoach.analyze``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from callcoach.detectors import Embedder
from callcoach.drills.cues import Assessment, Cue, Signal, assess
from callcoach.drills.scenario import Node, Scenario
from callcoach.model import Call, RoleAssignment, Speaker, Utterance

__all__ = [
    "DEFAULT_AGAIN",
    "Assessor",
    "DrillState",
    "Ending",
    "Prospect",
    "ProspectMove",
    "Turn",
    "play",
    "reply",
    "roles",
    "start",
    "stop",
    "to_call",
]

DEFAULT_AGAIN = "Mm-hm. Go on."


@dataclass(frozen=True, slots=True)
class ProspectMove:
    """What a free-form prospect (``callcoach.drills.llm``) says next, and whether it ends."""

    lines: tuple[str, ...]
    ending: Ending | None = None


# (drill so far, ending with the cued reply; what the reply did) -> the prospect's answer.
# None plays the scenario's script.
Prospect = Callable[["DrillState", Assessment], ProspectMove]

# (call so far, roles, id of the reply, embedder) -> what the reply did. ``cues.assess`` runs
# the detectors; tests and other front ends may pass their own.
Assessor = Callable[[Call, RoleAssignment, str, Embedder | None], Assessment]

Ending = Literal["advanced", "stalled", "lost", "neutral", "out_of_time", "unfinished"]


@dataclass(frozen=True, slots=True)
class Turn:
    """One line of the drill. Trainee turns carry their signals and cues."""

    speaker: str
    role: Literal["rep", "prospect"]
    text: str
    node: str | None = None
    signals: tuple[str, ...] = ()
    cues: tuple[Cue, ...] = ()
    cue_line: str | None = None
    evidence: tuple[Signal, ...] = ()


@dataclass(frozen=True, slots=True)
class DrillState:
    scenario: Scenario
    turns: tuple[Turn, ...]
    node: str
    visited: frozenset[str]
    replies: int = 0
    ending: Ending | None = None
    last: Assessment | None = field(default=None, compare=False)

    @property
    def finished(self) -> bool:
        return self.ending is not None


def _say(node_name: str, node: Node, scenario: Scenario) -> tuple[Turn, ...]:
    return tuple(Turn(scenario.persona.name, "prospect", line, node_name) for line in node.say)


def start(scenario: Scenario) -> DrillState:
    """The drill before the trainee's first reply: the start node's lines are spoken."""
    node = scenario.nodes[scenario.start]
    return DrillState(
        scenario,
        _say(scenario.start, node, scenario),
        scenario.start,
        frozenset({scenario.start}),
    )


def roles(scenario: Scenario) -> RoleAssignment:
    """The trainee is the rep, the persona the prospect: declared, never guessed."""
    return RoleAssignment(
        {scenario.trainee: "rep", scenario.persona.name: "prospect"},
        1.0,
        "explicit",
        reasons=("drill: the trainee is the rep",),
    )


def to_call(state: DrillState) -> Call:
    """The drill's transcript as a Call (no timestamps: typed replies have no real timing)."""
    scenario = state.scenario
    utterances = tuple(
        Utterance(id=f"u{i:04d}", index=i, speaker=t.speaker, text=t.text, start=None, end=None)
        for i, t in enumerate(state.turns)
    )
    digest = hashlib.sha256(
        "\n".join(f"{t.speaker}: {t.text}" for t in state.turns).encode("utf-8")
    ).hexdigest()
    return Call(
        id=digest,
        source=f"drill:{scenario.id}",
        format="drill",
        utterances=utterances,
        speakers=(Speaker(scenario.persona.name), Speaker(scenario.trainee)),
        title=f"Drill: {scenario.title}",
    )


def _next_node(state: DrillState, node: Node, signals: frozenset[str], text: str) -> str | None:
    for branch in node.branches:
        if branch.when.holds(signals, text, state.visited):
            return branch.goto
    return node.default


def reply(
    state: DrillState,
    text: str,
    embedder: Embedder | None = None,
    assessor: Assessor = assess,
    prospect: Prospect | None = None,
) -> DrillState:
    """The trainee says ``text``: cue it, then let the prospect answer (by the script, or by
    ``prospect`` when one is given)."""
    if state.finished:
        raise ValueError("the drill has ended; start a new one")
    scenario = state.scenario
    text = " ".join(text.split())
    turns = (*state.turns, Turn(scenario.trainee, "rep", text))
    grown = replace(state, turns=turns)
    uid = f"u{len(turns) - 1:04d}"
    found = assessor(to_call(grown), roles(scenario), uid, embedder)
    names = found.names
    cued = Turn(
        scenario.trainee,
        "rep",
        text,
        state.node,
        tuple(sorted(names)),
        found.cues,
        found.line(),
        found.signals,
    )
    turns = (*state.turns, cued)
    replies = state.replies + 1
    if prospect is not None:
        return _free_form(replace(state, turns=turns, replies=replies, last=found), prospect)
    node = scenario.nodes[state.node]
    target = _next_node(state, node, names, text)
    if target is None:
        again = Turn(scenario.persona.name, "prospect", node.again or DEFAULT_AGAIN, state.node)
        turns = (*turns, again)
        target_name = state.node
    else:
        target_name = target
        turns = (*turns, *_say(target, scenario.nodes[target], scenario))
    ending: Ending | None = scenario.nodes[target_name].end
    if ending is None and replies >= scenario.max_turns:
        turns = (*turns, Turn(scenario.persona.name, "prospect", scenario.out_of_time, None))
        ending = "out_of_time"
    return DrillState(
        scenario,
        turns,
        target_name,
        state.visited | {target_name},
        replies,
        ending,
        found,
    )


def _free_form(state: DrillState, prospect: Prospect) -> DrillState:
    assert state.last is not None
    move = prospect(state, state.last)
    scenario = state.scenario
    turns = (*state.turns, *(Turn(scenario.persona.name, "prospect", t) for t in move.lines))
    ending = move.ending
    if ending is None and state.replies >= scenario.max_turns:
        turns = (*turns, Turn(scenario.persona.name, "prospect", scenario.out_of_time))
        ending = "out_of_time"
    return replace(state, turns=turns, ending=ending)


def stop(state: DrillState) -> DrillState:
    """The trainee ends the drill (empty reply, Ctrl-D, or no replies left)."""
    return state if state.finished else replace(state, ending="unfinished")


def play(
    scenario: Scenario,
    replies: Iterable[str],
    embedder: Embedder | None = None,
    assessor: Assessor = assess,
    prospect: Prospect | None = None,
) -> tuple[DrillState, int]:
    """Play ``replies`` until the drill ends; returns the state and how many replies were used."""
    state = start(scenario)
    used = 0
    for text in replies:
        if state.finished:
            break
        state = reply(state, text, embedder=embedder, assessor=assessor, prospect=prospect)
        used += 1
    return stop(state), used
