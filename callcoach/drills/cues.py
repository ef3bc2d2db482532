"""Live cues: what the trainee's last reply did, read off the detectors' findings.

After each reply the drill runs the cue detectors on the transcript so far (the whole drill,
so stall handling and summaries see their context) and keeps the findings whose evidence lies
in the reply. They become *signals* (the branching script reads them) and *cues* (the one line
the trainee sees). There is no separate lexicon here: a signal is a detector finding.

=======================  ==============================================================
signal                   finding in the reply
=======================  ==============================================================
question                 ``question``
open_question            ``question_type`` open
closed_question          ``question_type`` closed
business_question        ``question_topic`` business
open_business_question   one question both open and business
personal_question        ``question_topic`` personal
small_talk               ``small_talk`` span holding the reply
no_question              no ``question`` finding in the reply
self_focus               ``self_talk`` self (the reply is mostly about us), and no question
quantified               ``quantified_pain`` (elicited or quantified by the rep)
challenge                ``challenge``
candor                   ``candor``
summary                  ``summarize``
probed_stall             ``stall_response`` probed, the reply being the response
reframed_stall           ``stall_response`` reframed
accepted_stall           ``stall_response`` accepted
ignored_stall            ``stall_response`` other
next_step                ``next_step`` next_step
committed_next_step      ``next_step`` next_step with committed = true
vague_next_step          ``next_step`` vague_next_step
=======================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from callcoach import pipeline
from callcoach.detectors import Embedder
from callcoach.model import Call, Finding, RoleAssignment, Speaker, Utterance

if TYPE_CHECKING:
    from callcoach.drills.scenario import Scenario

__all__ = [
    "CUES",
    "CUE_DETECTORS",
    "Assessment",
    "Cue",
    "CueSpec",
    "Signal",
    "assess",
    "check_stall_lines",
    "cue_line",
    "cues_for",
    "reply_signals",
]

CUE_DETECTORS: tuple[str, ...] = (
    "question",
    "question_type",
    "question_topic",
    "quantified_pain",
    "stall",
    "stall_response",
    "small_talk",
    "self_talk",
    "next_step",
    "challenge",
    "candor",
    "summarize",
)

Tone = Literal["good", "warn", "info"]


@dataclass(frozen=True, slots=True)
class CueSpec:
    signal: str
    tone: Tone
    text: str


# Most important first: how the trainee handled a stall decides the call; a closed question
# matters less than accepting "I'll think about it". ``cues_for`` keeps this order.
CUES: tuple[CueSpec, ...] = (
    CueSpec("accepted_stall", "warn", "you accepted the stall — ask what's behind it"),
    CueSpec("probed_stall", "good", "good: you probed the stall"),
    CueSpec("reframed_stall", "good", "good: you reframed the stall"),
    CueSpec("ignored_stall", "warn", "the prospect stalled — probe it before moving on"),
    CueSpec("quantified", "good", "good: you quantified the cost"),
    CueSpec("challenge", "good", "good: you challenged their assumption"),
    CueSpec("summary", "good", "good: you summarized back what you heard"),
    CueSpec(
        "committed_next_step", "good", "good: concrete next step, and you asked them to commit"
    ),
    CueSpec("next_step", "good", "good: concrete next step — now ask them to commit"),
    CueSpec("vague_next_step", "warn", "vague next step — propose a date and an owner"),
    CueSpec("candor", "good", "good: upfront about a limit"),
    CueSpec("personal_question", "warn", "small talk — ask about their business instead"),
    CueSpec("small_talk", "warn", "small talk — ask about their business instead"),
    CueSpec("self_focus", "warn", "you're talking about yourselves — ask about their problem"),
    CueSpec("open_business_question", "good", "good: open question about their business"),
    CueSpec("closed_question", "warn", "closed question — try an open one"),
    CueSpec("open_question", "info", "open question — tie it to their business"),
    CueSpec("no_question", "info", "no question — ask one to keep them talking"),
)

# Cues that say the same thing, or that a stronger cue already covers, are not repeated.
_COVERED_BY: Mapping[str, tuple[str, ...]] = {
    # "Sure, I'll send it today" after a stall is accepting it, not a next step; an open
    # question or a booked meeting right after a stall digs into it, whatever the first
    # words ("Fair enough. How do you decide when a machine is due?").
    "accepted_stall": ("open_business_question", "committed_next_step"),
    "ignored_stall": ("question",),
    "next_step": ("committed_next_step", "accepted_stall"),
    "vague_next_step": ("accepted_stall",),
    # A challenge or a candid limit speaks for "us" by nature; a pitch is not small talk.
    "self_focus": ("accepted_stall", "challenge", "candor"),
    "small_talk": (
        "personal_question",
        "business_question",
        "quantified",
        "challenge",
        "summary",
        "self_focus",
    ),
    # Asking for the number or for the meeting is rightly closed; so is a probe like "is it
    # the price or the timing?"; a small-talk question should not be asked at all.
    "closed_question": (
        "quantified",
        "next_step",
        "committed_next_step",
        "probed_stall",
        "personal_question",
        "small_talk",
    ),
    "open_question": ("open_business_question", "personal_question", "small_talk", "probed_stall"),
    "open_business_question": ("probed_stall",),
    "no_question": (
        "accepted_stall",
        "quantified",
        "challenge",
        "summary",
        "next_step",
        "committed_next_step",
        "vague_next_step",
        "candor",
        "small_talk",
        "self_focus",
    ),
}

_STALL_SIGNALS = {
    "probed": "probed_stall",
    "reframed": "reframed_stall",
    "accepted": "accepted_stall",
    "other": "ignored_stall",
}
_SIMPLE = {"challenge": "challenge", "candor": "candor", "summarize": "summary"}


@dataclass(frozen=True, slots=True)
class Signal:
    """One thing the reply did, with the finding that shows it."""

    name: str
    detector: str
    label: str
    quote: str
    version: str = ""


@dataclass(frozen=True, slots=True)
class Cue:
    signal: str
    tone: Tone
    text: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The reply's signals and cues, and every finding on the transcript so far."""

    signals: tuple[Signal, ...]
    cues: tuple[Cue, ...]
    findings: Mapping[str, tuple[Finding, ...]]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(s.name for s in self.signals)

    def line(self, limit: int = 2) -> str:
        return cue_line(self.cues, limit)


def _in(finding: Finding, utterance_id: str) -> bool:
    return any(e.utterance_id == utterance_id for e in finding.evidence)


def _signal(name: str, finding: Finding, utterance_id: str) -> Signal:
    quote = next((e.quote for e in finding.evidence if e.utterance_id == utterance_id), "")
    quote = quote or finding.evidence[0].quote
    return Signal(name, finding.detector, finding.label, quote, finding.version)


def _question_signals(found: Mapping[str, tuple[Finding, ...]], uid: str) -> list[Signal]:
    signals: list[Signal] = []
    forms: dict[int, str] = {}
    for f in found.get("question_type", ()):
        if _in(f, uid) and f.label in ("open", "closed"):
            signals.append(_signal(f"{f.label}_question", f, uid))
            forms[f.evidence[0].char_start] = f.label
    chatty = any(_in(f, uid) for f in found.get("small_talk", ()))
    for f in found.get("question_topic", ()):
        if not _in(f, uid) or f.label not in ("business", "personal"):
            continue
        # The topic model alone calls many "you" questions personal ("What would you need to
        # think through?"): a personal question needs a small-talk phrase or the small-talk
        # detector's agreement.
        if f.label == "personal" and f.attributes.get("source") == "model" and not chatty:
            continue
        signals.append(_signal(f"{f.label}_question", f, uid))
        if f.label == "business" and forms.get(f.evidence[0].char_start) == "open":
            signals.append(_signal("open_business_question", f, uid))
    asked = [f for f in found.get("question", ()) if _in(f, uid)]
    signals += [_signal("question", f, uid) for f in asked[:1]]
    return signals


def _other_signals(found: Mapping[str, tuple[Finding, ...]], uid: str) -> list[Signal]:
    signals: list[Signal] = []
    for f in found.get("stall_response", ()):
        if uid in (f.attributes.get("response_utterances") or ()) and f.label in _STALL_SIGNALS:
            signals.append(_signal(_STALL_SIGNALS[f.label], f, uid))
    for f in found.get("quantified_pain", ()):
        if _in(f, uid):
            signals.append(_signal("quantified", f, uid))
    for f in found.get("small_talk", ()):
        if _in(f, uid):
            signals.append(_signal("small_talk", f, uid))
    for f in found.get("self_talk", ()):
        if f.label == "self" and _in(f, uid):
            signals.append(_signal("self_focus", f, uid))
    for f in found.get("next_step", ()):
        if not _in(f, uid):
            continue
        if f.label == "vague_next_step":
            signals.append(_signal("vague_next_step", f, uid))
        elif f.label == "next_step":
            signals.append(_signal("next_step", f, uid))
            if f.attributes.get("committed"):
                signals.append(_signal("committed_next_step", f, uid))
    for detector, name in _SIMPLE.items():
        signals += [_signal(name, f, uid) for f in found.get(detector, ()) if _in(f, uid)]
    return signals


def reply_signals(
    findings: Mapping[str, tuple[Finding, ...]], utterance_id: str
) -> tuple[Signal, ...]:
    """What the utterance ``utterance_id`` did, one signal per kind (first finding wins)."""
    signals = _question_signals(findings, utterance_id) + _other_signals(findings, utterance_id)
    if not any(s.name == "question" for s in signals):
        signals.append(Signal("no_question", "question", "none", ""))
    else:
        signals = [s for s in signals if s.name != "self_focus"]
    unique: dict[str, Signal] = {}
    for s in signals:
        unique.setdefault(s.name, s)
    return tuple(unique.values())


def cues_for(signals: Sequence[Signal] | frozenset[str]) -> tuple[Cue, ...]:
    """Cues for the signals, most important first, without ones a stronger cue covers."""
    names = {s if isinstance(s, str) else s.name for s in signals}
    return tuple(
        Cue(spec.signal, spec.tone, spec.text)
        for spec in CUES
        if spec.signal in names and not any(c in names for c in _COVERED_BY.get(spec.signal, ()))
    )


def cue_line(cues: Sequence[Cue], limit: int = 2) -> str:
    """The one line shown after a reply: the ``limit`` most important cues."""
    return " · ".join(c.text for c in cues[:limit]) or "—"


def assess(
    call: Call,
    roles: RoleAssignment,
    utterance_id: str,
    embedder: Embedder | None = None,
) -> Assessment:
    """Run the cue detectors on ``call`` and read off what utterance ``utterance_id`` did."""
    chain = pipeline.build(CUE_DETECTORS)
    findings = pipeline.run(call, roles, chain, embedder=embedder)
    signals = reply_signals(findings, utterance_id)
    return Assessment(signals, cues_for(signals), findings)


def check_stall_lines(scenario: Scenario) -> list[str]:
    """Nodes marked ``stall`` whose lines the stall detector does not read as a stall (their
    stall handling could never be cued), as ``nodes.<name>.say: …`` problems."""
    roles = RoleAssignment({"Prospect": "prospect", "Rep": "rep"}, 1.0, "explicit")
    chain = pipeline.build(["stall"])
    problems = []
    for name, node in scenario.nodes.items():
        if node.stall is None:
            continue
        utterances = tuple(
            Utterance(id=f"u{i:04d}", index=i, speaker="Prospect", text=t, start=None, end=None)
            for i, t in enumerate(node.say)
        )
        call = Call(
            id=f"check:{name}",
            source=f"<node {name}>",
            format="drill",
            utterances=utterances,
            speakers=(Speaker("Prospect"),),
        )
        if not pipeline.run(call, roles, chain).get("stall"):
            problems.append(
                f"nodes.{name}.say: marked 'stall: {node.stall}' but the stall detector finds "
                "no stall in it (reword it the way buyers stall, or drop 'stall')"
            )
    return problems
