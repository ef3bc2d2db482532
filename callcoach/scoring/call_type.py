"""Guess the kind of call (discovery, demo, negotiation, follow-up, cold call) from what is said.

Cue phrases are counted per type; a cue in the first third of the call (where the agenda is
set) counts double. Mentions of a future demo or contract ("let's book a demo") are not cues:
they describe the next call, not this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callcoach.model import Call

_CUES: dict[str, tuple[str, ...]] = {
    "demo": (
        r"share my screen",
        r"let me show you",
        r"(?:as )?you can see (?:here|on)",
        r"walk you through (?:the|how|our)",
        r"on (?:this|the) screen",
        r"click (?:on|here|into)",
        r"here'?s (?:where|how) you",
        r"if I (?:open|click|go to)",
        r"\bsharing (?:now|my screen)\b",
        r"\b(?:drive|share) the screen\b",
        r"\bhere'?s the (?:\w+ )?(?:view|screen|dashboard|page|report|audit trail|queue"
        r"|workflow)\b",
        r"\bthis is (?:the|a|your) (?:\w+ )?(?:dashboard|screen|view|home page|main page)\b",
    ),
    "negotiation": (
        r"\bdiscount(?:s|ed)?\b",
        # Procurement as a step ("procurement wants …"), not as someone's department ("Marcus
        # from procurement" joins demos and order follow-ups too).
        r"\b(?:redlines?|(?<!from )(?<!in )(?<!of )procurement(?! team\b)|legal review)\b",
        r"\bper seat\b",
        r"\blist price\b",
        r"\b(?:payment|contract) terms\b",
        r"\b(?:sign|signing|signature on) (?:the|this) (?:contract|order|agreement)\b",
        # The proposal or quote on the table; not "your pricing", which any buyer asks about.
        r"\b(?:the|your|our) (?:proposal|quote)\b",
    ),
    "follow-up": (
        r"following up",
        r"follow up on",
        r"last time we (?:spoke|talked|met)",
        r"as promised",
        r"since we (?:last )?(?:spoke|talked|met)",
        r"when we spoke",
        r"recap (?:of|from) (?:our|last)",
    ),
    # Counted only in the first utterances (_OPENING): how an unexpected call opens.
    "cold-call": (
        r"\bcold[- ]call(?:ing)?\b",
        r"\b(?:the )?reason (?:I'?m|I am) calling\b",
        r"\bwhy I'?m calling\b",
        r"\byou don'?t know me\b",
        r"\bout of the blue\b",
        r"\b(?:caught|catch) you at a (?:bad|good|busy) time\b",
        r"\bI'?ll be (?:(?:super|really|very|real) )?(?:quick|brief)\b",
        r"\b(?:30|thirty|sixty|60|a few) seconds to\b",
        r"\b(?:got|have|spare) (?:a (?:quick )?|two )?(?:minute|sec|second)s?\b",
        r"\bis (?:now|this) a (?:bad|good|okay|ok) time\b",
        # The buyer who did not expect the call.
        r"\bwhat(?:'?s| is) (?:this|it|that) (?:regarding|about|in reference to|concerning)\b",
        r"\bwho(?:'?s| is) (?:this|calling)\b",
        r"\bhow did you get (?:this|my|our) number\b",
        r"\bis this a sales call\b",
    ),
    "discovery": (
        r"tell me (?:a bit )?(?:more )?about",
        r"how do you (?:handle|manage|do|track)",
        r"walk me through",
        r"what (?:prompted|made you)",
        r"biggest challenge",
        r"(?:learn|understand) (?:more )?(?:about )?(?:how|your|what)",
        r"ask you (?:a few|some) questions",
    ),
}
_COMPILED = {kind: re.compile("|".join(p), re.IGNORECASE) for kind, p in _CUES.items()}
# A cold call announces itself in its first few utterances ("the reason I'm calling").
_OPENING = 6
_FUTURE = re.compile(
    r"(?:book|schedule|set up|next|another|follow-up|a) (?:a |the )?(?:demo|call|meeting)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CallTypeGuess:
    call_type: str
    confidence: float
    reason: str


# Pseudo-count of cue hits that the margin is measured against: confidence is
# 0.5 + 0.5 * (top - runner_up) / (top + PRIOR), so two cue hits (one sentence in the
# first third) are not near-certainty. Chosen by leave one call out on the sales calls
# together with the rubric's refusal floor (docs/evaluation/salescalls.md).
PRIOR = 4.0


def guess_call_type(call: Call, call_types: tuple[str, ...], prior: float = PRIOR) -> CallTypeGuess:
    scores = dict.fromkeys((k for k in call_types if k in _COMPILED), 0.0)
    n = max(1, len(call.utterances))
    for position, utterance in enumerate(call.utterances):
        weight = 2.0 if position < n / 3 else 1.0
        text = _FUTURE.sub(" ", utterance.text)
        for kind in scores:
            if kind == "cold-call" and position >= _OPENING:
                continue
            scores[kind] += weight * len(_COMPILED[kind].findall(text))
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    fallback = "discovery" if "discovery" in call_types else call_types[0]
    if not ranked or ranked[0][1] == 0:
        return CallTypeGuess(fallback, 0.3, f"no call-type cues; assumed {fallback}")
    (best, top), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    confidence = round(min(0.95, 0.5 + 0.5 * (top - runner_up) / (top + prior)), 2)
    summary = ", ".join(f"{kind} {score:g}" for kind, score in ranked if score)
    return CallTypeGuess(best, confidence, f"cue phrases (first third counts double): {summary}")
