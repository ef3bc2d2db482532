"""Hiring mindset: does the candidate frame sales as relationships or as problem-solving?

For interview transcripts: the candidate is whoever the roles mark as "rep". Each sentence
of theirs that frames selling as friendship/likeability ("I'm a people person", "people buy
from people they like") is ``relationship_first``; as diagnosis and revenue ("I quantify the
cost of the problem", "I care about closed revenue") ``problem_first``.

A mindset statement says how the candidate sells in general. A sentence about one deal is
none, wherever the detector runs (a sales call is analysed with every detector): one about
the listener's own things ("built on your numbers"), one with a when ("you'll have the
business case Friday", "I'll send the proposal by noon tomorrow": a next step), or a claim
about what our customers get ("the ROI our clients see").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from callcoach.detectors._patterns import Lexicon, LexiconDetector, PhraseMatch
from callcoach.detectors.registry import register

__all__ = ["MindsetDetector", "about_one_deal"]

# "your" + a word: the listener's own things. A candidate speaks of a rep's customers or
# team in general with it too ("understand your buyer's problem"), so those stay.
_YOUR_THINGS = (
    r"\byour\s+(?!(?:own\s+)?(?:customers?|clients?|buyers?|prospects?|accounts?|champions?"
    r"|reps?|team|territory|pipeline|quota|deals?|job|manager)(?:'s|s')?\b)[^\W\d_]+"
)
_WHEN = (
    r"\b(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|next (?:week|month)|this (?:afternoon|evening)|end of (?:the )?(?:day|week)"
    r"|by (?:noon|eod|cob|close of business))\b"
)
_OUR_RESULTS = (
    r"\bour (?:customers|clients|clinics|users|accounts|sites|practices|members)\s+"
    r"(?:\w+\s+)?(?:see|saw|get|got|report|reported|average|averaged|achieve|achieved)\b"
)
_ONE_DEAL = re.compile(f"{_YOUR_THINGS}|{_WHEN}|{_OUR_RESULTS}", re.IGNORECASE)


def about_one_deal(sentence: str) -> bool:
    """True when ``sentence`` is about one deal rather than how the speaker sells: the
    listener's own things, a when, or what our customers get (module docstring)."""
    return _ONE_DEAL.search(sentence) is not None


@register
class MindsetDetector(LexiconDetector):
    """Candidate statements labelled relationship_first or problem_first."""

    name: ClassVar[str] = "mindset"
    version: ClassVar[str] = "1.1.0"
    description: ClassVar[str] = (
        "Interview statements framing sales as relationships/likeability (relationship_first) "
        "or as problem-solving/revenue (problem_first); the candidate is the 'rep' role. "
        "Sentences about one deal (the listener's things, a dated step, our customers' "
        "results) are none."
    )
    lexicon: ClassVar[str] = "mindset"
    role: ClassVar[str | None] = "rep"
    confidence: ClassVar[Mapping[str, float]] = {
        "relationship_first": 0.75,
        "problem_first": 0.75,
    }

    def _moments(self, lexicon: Lexicon, text: str) -> list[tuple[int, int, PhraseMatch]]:
        return [m for m in super()._moments(lexicon, text) if not about_one_deal(text[m[0] : m[1]])]
