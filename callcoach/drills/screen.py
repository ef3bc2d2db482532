"""The hiring mindset screen: does a candidate talk about selling as relationships or as value?

Two kinds of evidence, both quoted with their timestamp:

- *statements*: the candidate's sentences that the ``mindset`` detector labels
  relationship_first ("I'm a people person", "I take clients to dinner") or problem_first
  ("I find out what the problem costs them", "I qualify out early"), over the whole interview;
- *behaviours*: in the interview's role-play, what the candidate did as the rep, read off the
  same detectors as the drills' live cues (open business questions, quantified cost, probing
  or accepting a stall, small talk, talking about themselves, a concrete next step).

The lean is computed from counts with a rule printed in the report; it is a screen, not a
verdict, and the report says what the text cannot show.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from callcoach import pipeline
from callcoach.detectors import Embedder
from callcoach.drills.cues import CUE_DETECTORS, cues_for, reply_signals
from callcoach.errors import CallcoachError
from callcoach.model import Call, Finding, RoleAssignment, Utterance
from callcoach.roles import resolve_roles
from callcoach.schema.base import attributes, timestamp
from callcoach.schema.screen import (
    SCREEN_SCHEMA_VERSION,
    BehaviourOut,
    CountsOut,
    RoleplayOut,
    ScreenReport,
    StatementOut,
)

__all__ = [
    "SCREEN_SCHEMA_VERSION",
    "BehaviourOut",
    "RoleplayOut",
    "ScreenReport",
    "StatementOut",
    "find_roleplay",
    "screen_call",
]


# A lean needs a clear majority: (value − relationship) / all, averaged over the kinds of
# evidence present, beyond ±LEAN_MARGIN; below MIN_EVIDENCE pieces the screen abstains.
LEAN_MARGIN = 1 / 3
MIN_EVIDENCE = 3
ACKNOWLEDGEMENT_WORDS = 5

_ROLEPLAY_START = re.compile(
    r"\b(role[\s-]?play|let'?s pretend|pretend (that )?i'?m|i'?ll (play|be) (the|a|your)|"
    r"you'?re the (rep|seller|account executive|ae)|sell me)\b",
    re.IGNORECASE,
)
_ROLEPLAY_END = re.compile(
    r"\b(end (of )?the role[\s-]?play|out of (the )?role|step(ping)? out of|break character|"
    r"out of character|let'?s stop (there|here)|back to the interview|that'?s the end of)\b",
    re.IGNORECASE,
)

CAVEATS: tuple[str, ...] = (
    "This is a screen, not a verdict: it points the interviewer at quotes worth a follow-up "
    "question. A person makes the hiring decision, with the whole interview and references.",
    "It reads only what the candidate said about selling and what they did in the role-play. "
    "It does not infer, use or report age, gender, ethnicity, nationality, accent, disability, "
    "health, religion, family status or any other protected attribute; the name only labels "
    "the report.",
    "What the text cannot know: tone, sincerity and body language; whether claims (quota "
    "numbers, wins) are true; how the candidate performs with real buyers; and anything "
    "mis-transcribed. Phrase lists miss unusual wording and can match a sentence said ironically "
    "or quoted from someone else — read every quote in context.",
    "Nervous candidates and candidates interviewing in a second language may say less; few "
    "statements is absence of evidence, not evidence of a mindset.",
)


@dataclass(frozen=True, slots=True)
class Roleplay:
    utterances: tuple[Utterance, ...]
    how: str


def find_roleplay(
    call: Call,
    candidate: str,
    start: float | None = None,
    end: float | None = None,
) -> Roleplay:
    """The role-play part: between ``start`` and ``end`` seconds when given, else from the
    interviewer's cue ("let's do a role-play", "I'll be the CFO") to the one that ends it
    ("let's step out of the role-play") or the end of the interview. A short reply by the
    candidate right after the set-up ("Sure, let's do it.") is left out."""
    us = call.utterances
    if start is not None or end is not None:
        lo = start if start is not None else float("-inf")
        hi = end if end is not None else float("inf")
        inside = tuple(u for u in us if u.start is not None and lo <= u.start < hi)
        return Roleplay(inside, f"given on the command line ({len(inside)} utterances)")
    opening = next(
        (i for i, u in enumerate(us) if u.speaker != candidate and _ROLEPLAY_START.search(u.text)),
        None,
    )
    if opening is None:
        return Roleplay((), "no interviewer line announced a role-play (give --roleplay-start)")
    closing = next(
        (
            i
            for i in range(opening + 1, len(us))
            if us[i].speaker != candidate and _ROLEPLAY_END.search(us[i].text)
        ),
        len(us),
    )
    # "Sure, let's do it." between the set-up and the first in-character line is not role-play.
    first = opening + 1
    while (
        first < closing - 1
        and us[first].speaker == candidate
        and us[first].word_count <= ACKNOWLEDGEMENT_WORDS
        and us[first + 1].speaker != candidate
    ):
        first += 1
    where = f"“{_clip(us[opening].text)}”"
    ends = f" until “{_clip(us[closing].text)}”" if closing < len(us) else " to the end"
    return Roleplay(us[first:closing], f"from the interviewer's {where}{ends}")


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(u: Utterance) -> dict[str, Any]:
    """Where a quote stands, as statements and behaviours both give it."""
    return {"utterance_id": u.id, "timestamp": timestamp(u.start), "start": u.start, "line": u.line}


def _statements(
    findings: Sequence[Finding], call: Call, roleplay_ids: frozenset[str]
) -> list[StatementOut]:
    out = []
    for f in findings:
        if f.label not in ("relationship_first", "problem_first"):
            continue
        e = f.evidence[0]
        u = call.utterance(e.utterance_id)
        out.append(
            StatementOut.model_validate(
                attributes(
                    f,
                    StatementOut,
                    stance=f.label,
                    quote=e.quote,
                    phrase=str(f.attributes.get("phrase", "")),
                    in_roleplay=e.utterance_id in roleplay_ids,
                    **_place(u),
                )
            )
        )
    return out


def _behaviours(
    roleplay: Roleplay,
    call: Call,
    roles: RoleAssignment,
    candidate: str,
    embedder: Embedder | None,
) -> list[BehaviourOut]:
    if not roleplay.utterances:
        return []
    part = Call(
        id=call.id,
        source=call.source,
        format=call.format,
        utterances=roleplay.utterances,
        speakers=call.speakers,
        date=call.date,
    )
    findings = pipeline.run(part, roles, pipeline.build(CUE_DETECTORS), embedder=embedder)
    out = []
    for u in roleplay.utterances:
        if u.speaker != candidate:
            continue
        signals = {s.name: s for s in reply_signals(findings, u.id)}
        for cue in cues_for(tuple(signals.values())):
            if cue.tone == "info":
                continue
            signal = signals[cue.signal]
            out.append(
                BehaviourOut.model_validate(
                    attributes(
                        cue,
                        BehaviourOut,
                        quote=signal.quote or u.text,
                        detector=signal.detector,
                        **_place(u),
                    )
                )
            )
    return out


def _balance(good: int, bad: int) -> float | None:
    return None if good + bad == 0 else (good - bad) / (good + bad)


LEAN_RULE = (
    "balance = (value − relationship) / (value + relationship) for statements, and "
    "(good − warn) / (good + warn) for role-play behaviours; the lean is value-first when "
    f"their mean is above +{LEAN_MARGIN:.2f}, relationship-first below −{LEAN_MARGIN:.2f}, "
    f"else mixed; with fewer than {MIN_EVIDENCE} pieces of evidence, not enough evidence."
)


def _lean(counts: CountsOut) -> str:
    total = (
        counts.relationship_statements
        + counts.value_statements
        + counts.good_behaviours
        + counts.warn_behaviours
    )
    if total < MIN_EVIDENCE:
        return "not enough evidence"
    parts = [
        b
        for b in (
            _balance(counts.value_statements, counts.relationship_statements),
            _balance(counts.good_behaviours, counts.warn_behaviours),
        )
        if b is not None
    ]
    score = sum(parts) / len(parts)
    if score > LEAN_MARGIN:
        return "value-first"
    if score < -LEAN_MARGIN:
        return "relationship-first"
    return "mixed"


def _summary(candidate: str, lean: str, counts: CountsOut, roleplay: Roleplay) -> str:
    said = (
        f"{candidate} made {counts.value_statements} statement(s) framing sales as "
        f"problem-solving or revenue and {counts.relationship_statements} framing it as "
        "relationships or likeability."
    )
    if roleplay.utterances:
        did = (
            f" In the role-play: {counts.good_behaviours} behaviour(s) of the method (open "
            f"business questions, quantified cost, probed stalls, concrete next steps) and "
            f"{counts.warn_behaviours} against it (small talk, closed questions, talking about "
            "themselves, accepted stalls)."
        )
    else:
        did = " No role-play was found, so behaviour was not screened."
    verdict = {
        "value-first": " The evidence leans value-first.",
        "relationship-first": " The evidence leans relationship-first: probe how they would "
        "handle a buyer who likes them but has no budget or no problem.",
        "mixed": " The evidence is mixed: follow up on the quotes below.",
        "not enough evidence": " There is too little evidence to lean either way.",
    }[lean]
    return said + did + verdict


def screen_call(
    call: Call,
    candidate: str,
    roleplay_start: float | None = None,
    roleplay_end: float | None = None,
    embedder: Embedder | None = None,
) -> ScreenReport:
    """Screen an interview transcript for ``candidate`` (a speaker name or unique part of one)."""
    from callcoach import __version__

    roles = resolve_roles(call, rep=candidate, required=True)
    if len(roles.reps) != 1:
        raise CallcoachError(f"--candidate {candidate!r} must name exactly one speaker")
    name = roles.reps[0]
    roleplay = find_roleplay(call, name, roleplay_start, roleplay_end)
    mindset = pipeline.run(call, roles, pipeline.build(["mindset"]), embedder=embedder)
    statements = _statements(
        mindset.get("mindset", ()), call, frozenset(u.id for u in roleplay.utterances)
    )
    behaviours = _behaviours(roleplay, call, roles, name, embedder)
    counts = CountsOut(
        relationship_statements=sum(s.stance == "relationship_first" for s in statements),
        value_statements=sum(s.stance == "problem_first" for s in statements),
        good_behaviours=sum(b.tone == "good" for b in behaviours),
        warn_behaviours=sum(b.tone == "warn" for b in behaviours),
    )
    lean = _lean(counts)
    caveats = list(CAVEATS)
    if not call.has_timestamps:
        caveats.append("This file has no timestamps: quotes are located by utterance id and line.")
    if not roleplay.utterances:
        caveats.append(f"Role-play: {roleplay.how}.")
    rp = roleplay.utterances
    return ScreenReport(
        generator=f"callcoach {__version__}",
        source=call.source,
        candidate=name,
        interviewers=list(roles.prospects),
        has_timestamps=call.has_timestamps,
        lean=lean,
        lean_rule=LEAN_RULE,
        summary=_summary(name, lean, counts, roleplay),
        counts=counts,
        statements=statements,
        roleplay=RoleplayOut(
            found=bool(rp),
            how=roleplay.how,
            start=timestamp(rp[0].start) if rp else None,
            end=timestamp(rp[-1].end) if rp else None,
            candidate_turns=sum(u.speaker == name for u in rp),
        ),
        behaviours=behaviours,
        caveats=caveats,
    )
