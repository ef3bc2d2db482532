"""Drill scenarios: a prospect persona and a branching script, read from YAML and validated.

A scenario names the prospect (role, company, their real problem and its cost, their
assumptions, the stalls they raise and what unlocks them) and a graph of *nodes*; the
``start`` node's lines open the drill. Each node is something the prospect says; its
``branches`` pick the next node from what the trainee just did, in order, first match wins.
What the trainee did is a set of *signals* derived from the detectors (see
``callcoach.drills.cues``), plus ``mentions`` (words of the scenario's domain, such as
"month-end") and the nodes visited so far. A node with ``end`` finishes the drill with that
outcome.

Every problem in a file is reported with the file and the field path
(``nodes.discovery.branches[1].goto: unknown node 'pich' (known: …)``).
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from callcoach.errors import CallcoachError
from callcoach.yamlspec import YamlSpecs

__all__ = [
    "SIGNALS",
    "Branch",
    "Condition",
    "Node",
    "Persona",
    "Scenario",
    "ScenarioError",
    "Stall",
    "builtin_scenarios",
    "load_scenario",
    "parse_scenario",
]

# What a trainee's reply can do, each derived from detector findings on the transcript so far
# (callcoach/drills/cues.py says which detector and label gives which signal).
SIGNALS: dict[str, str] = {
    "question": "asked a question",
    "open_question": "asked an open question",
    "closed_question": "asked a closed (yes/no, either-or, confirming) question",
    "business_question": "asked about the prospect's business",
    "open_business_question": "asked an open question about the prospect's business",
    "personal_question": "asked a personal / small-talk question",
    "small_talk": "made small talk",
    "no_question": "said something without asking anything",
    "self_focus": "talked about themselves or their product, without asking",
    "quantified": "asked for or put a number on the cost of the problem",
    "challenge": "challenged the prospect's assumption with an insight or reframe",
    "candor": "stated a limit or a poor fit upfront",
    "summary": "summarized back what the prospect said",
    "probed_stall": "probed the prospect's stall",
    "reframed_stall": "reframed the prospect's stall",
    "accepted_stall": "accepted the prospect's stall",
    "ignored_stall": "answered a stall without probing, reframing or accepting it",
    "next_step": "proposed a concrete next step (action with a date or owner)",
    "committed_next_step": "asked the prospect to commit to a concrete next step",
    "vague_next_step": "proposed a vague follow-up",
}

Outcome = Literal["advanced", "stalled", "lost", "neutral"]


class ScenarioError(CallcoachError):
    """A scenario file is missing or invalid; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Stall(_Strict):
    """A stall the prospect raises, and what unlocks it (shown after the drill)."""

    says: str = Field(min_length=1)
    unlock: str = Field(min_length=1)


class Persona(_Strict):
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    company: str = Field(min_length=1)
    problem: str = Field(min_length=1, description="Their real problem, in a sentence or two.")
    cost: str = Field(min_length=1, description="What the problem costs them, with numbers.")
    assumptions: tuple[str, ...] = ()
    stalls: tuple[Stall, ...] = ()


def _known_signals(values: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [v for v in values if v not in SIGNALS]
    if unknown:
        raise ValueError(f"unknown signal(s) {unknown} (known: {', '.join(SIGNALS)})")
    return values


class Condition(_Strict):
    """All given parts must hold: ``all`` signals, one of ``any``, none of ``none``, one of
    the ``mentions`` phrases in the reply, every node of ``visited``, no node of
    ``not_visited``."""

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    visited: tuple[str, ...] = ()
    not_visited: tuple[str, ...] = ()

    _signals = field_validator("all", "any", "none")(_known_signals)

    @field_validator("mentions")
    @classmethod
    def _phrases(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if any(not v.strip() for v in values):
            raise ValueError("mentions must be non-empty phrases")
        return values

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not (self.all or self.any or self.none or self.mentions or self.visited):
            raise ValueError("a condition needs at least one of all, any, none, mentions, visited")
        return self

    def holds(self, signals: frozenset[str], reply: str, visited: frozenset[str]) -> bool:
        return (
            all(s in signals for s in self.all)
            and (not self.any or any(s in signals for s in self.any))
            and not any(s in signals for s in self.none)
            and (not self.mentions or any(_mentioned(p, reply) for p in self.mentions))
            and all(n in visited for n in self.visited)
            and not any(n in visited for n in self.not_visited)
        )


def _mentioned(phrase: str, reply: str) -> bool:
    # Word-prefix match, so "reconcil" finds "reconciliation" and "month-end" finds "month end".
    words = [re.escape(w) for w in re.split(r"[\s\-]+", phrase.strip().lower()) if w]
    pattern = r"\b" + r"[\s\-]*".join(words)
    return re.search(pattern, reply.lower()) is not None


class Branch(_Strict):
    when: Condition
    goto: str
    note: str = Field(default="", description="Why the prospect reacts so (for authors).")


class Node(_Strict):
    say: tuple[str, ...] = Field(min_length=1, description="What the prospect says here.")
    stall: str | None = Field(
        default=None, description="The stall kind this line raises (checked by the stall detector)."
    )
    branches: tuple[Branch, ...] = ()
    default: str | None = Field(default=None, description="Next node when no branch matches.")
    again: str | None = Field(
        default=None, description="Said when no branch matches and there is no default."
    )
    end: Outcome | None = None

    @field_validator("say", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("say")
    @classmethod
    def _lines(cls, lines: tuple[str, ...]) -> tuple[str, ...]:
        if any(not line.strip() for line in lines):
            raise ValueError("every line the prospect says must be non-empty")
        return lines

    @model_validator(mode="after")
    def _shape(self) -> Node:
        if self.end is not None and (self.branches or self.default):
            raise ValueError("an 'end' node finishes the drill: it has no branches or default")
        if self.end is None and not self.branches and self.default is None:
            raise ValueError("a node needs branches, a default, or 'end'")
        return self


class Scenario(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1, description="The situation, for `drill list`.")
    call_type: str = "discovery"
    goal: str = Field(min_length=1, description="What the trainee should achieve.")
    persona: Persona
    trainee: str = Field(default="You", min_length=1, description="The trainee's speaker name.")
    start: str = Field(description="The first node: its 'say' lines open the drill.")
    nodes: dict[str, Node] = Field(min_length=1)
    max_turns: int = Field(default=12, ge=1, le=60)
    out_of_time: str = Field(
        default="I'm sorry, I have to jump to another meeting.",
        description="Said when max_turns replies were given without reaching an end node.",
    )

    @model_validator(mode="after")
    def _graph(self) -> Scenario:
        if self.trainee == self.persona.name:
            raise ValueError("trainee and persona.name must differ (they are the two speakers)")
        known = set(self.nodes)
        if self.start not in known:
            raise _FieldError(("start",), f"unknown node {self.start!r}{_known(known)}")
        for name, node in self.nodes.items():
            targets: list[tuple[tuple[str | int, ...], str]] = (
                [(("default",), node.default)] if node.default else []
            )
            targets += [(("branches", i, "goto"), b.goto) for i, b in enumerate(node.branches)]
            for i, branch in enumerate(node.branches):
                for field in ("visited", "not_visited"):
                    for n in getattr(branch.when, field):
                        if n not in known:
                            loc = ("nodes", name, "branches", i, "when", field)
                            raise _FieldError(loc, f"unknown node {n!r}{_known(known)}")
            for where, target in targets:
                if target not in known:
                    raise _FieldError(
                        ("nodes", name, *where), f"unknown node {target!r}{_known(known)}"
                    )
        reachable = self._reachable()
        unreachable = sorted(known - reachable)
        if unreachable:
            raise _FieldError(
                ("nodes",), f"node(s) {unreachable} cannot be reached from {self.start!r}"
            )
        if not any(self.nodes[n].end for n in reachable):
            raise _FieldError(
                ("nodes",), "no 'end' node can be reached: the drill could never finish"
            )
        return self

    def _reachable(self) -> set[str]:
        seen = {self.start}
        queue = deque([self.start])
        while queue:
            node = self.nodes[queue.popleft()]
            for target in [node.default, *(b.goto for b in node.branches)]:
                if target is not None and target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen


class _FieldError(ValueError):
    """A graph problem at a known field path (pydantic only knows the model's own path)."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def _known(names: set[str]) -> str:
    return f" (known: {', '.join(sorted(names))})"


def builtin_scenarios() -> list[str]:
    """Names of the scenarios shipped in ``callcoach/drills/scenarios/``."""
    return _SCENARIOS.names()


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A shipped scenario by name (``finance-month-end``) or a YAML file."""
    return _SCENARIOS.load(name_or_path)


def parse_scenario(text: str, source: str) -> Scenario:
    """Validate a scenario's YAML text; ``source`` names it in error messages."""
    data = _SCENARIOS.mapping(text, source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise ScenarioError(f"{source}: invalid scenario: {problems}") from None


_SCENARIOS = YamlSpecs(
    "scenario",
    "callcoach.drills",
    "scenarios",
    shipped="shipped scenarios",
    fields="id, title, persona, start, nodes, …",
    error=ScenarioError,
    parse=parse_scenario,
)


def _describe(error: Any) -> str:
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, _FieldError):
        return f"{_path(cause.loc)}: {cause.message}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{_path(error['loc'])}: {message}"


def _path(loc: tuple[int | str, ...]) -> str:
    """``nodes.intro.branches[0].when.any`` from pydantic's location tuple."""
    parts: list[str] = []
    for key in loc:
        if isinstance(key, int) and parts:
            parts[-1] = f"{parts[-1]}[{key}]"
        else:
            parts.append(str(key))
    return ".".join(parts) or "(top level)"
