"""Guess the kind of call (discovery, demo, negotiation, follow-up) from what is said in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from callcoach.model import Call

# Phrases that mark a call type; weights are counts of hits, so a call with many demo cues
# and one pricing question still reads as a demo.
_CUES: dict[str, tuple[str, ...]] = {
    "demo": (
        r"share my screen",
        r"let me show you",
        r"\bdemo\b",
        r"walk you through",
        r"on the screen",
        r"\bdashboard\b",
        r"click (?:on|here)",
    ),
    "negotiation": (
        r"\bdiscount\b",
        r"\bcontract\b",
        r"\bterms\b",
        r"\bredlines?\b",
        r"\bprocurement\b",
        r"\bper seat\b",
        r"\blist price\b",
        r"\bsign(?:ed|ing)? (?:the|this)\b",
    ),
    "follow-up": (
        r"following up",
        r"follow up on",
        r"last time we (?:spoke|talked|met)",
        r"as promised",
        r"since we last",
        r"when we spoke",
    ),
    "discovery": (
        r"tell me about",
        r"how do you (?:handle|manage|do)",
        r"walk me through",
        r"what (?:prompted|made you)",
        r"biggest challenge",
        r"how does .{0,30} work today",
    ),
}
_COMPILED = {kind: re.compile("|".join(p), re.IGNORECASE) for kind, p in _CUES.items()}


@dataclass(frozen=True, slots=True)
class CallTypeGuess:
    call_type: str
    confidence: float
    reason: str


def guess_call_type(call: Call, call_types: tuple[str, ...]) -> CallTypeGuess:
    text = "\n".join(u.text for u in call.utterances)
    counts = {kind: len(_COMPILED[kind].findall(text)) for kind in call_types if kind in _COMPILED}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0:
        fallback = "discovery" if "discovery" in call_types else call_types[0]
        return CallTypeGuess(fallback, 0.3, "no call-type cues; assumed " + fallback)
    (best, hits), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0)
    confidence = round(min(0.95, 0.5 + 0.5 * (hits - runner_up) / (hits + 1)), 2)
    summary = ", ".join(f"{kind} {n}" for kind, n in ranked if n)
    return CallTypeGuess(best, confidence, f"cue phrases: {summary}")
