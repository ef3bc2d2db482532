"""Hiring mindset: does the candidate frame sales as relationships or as problem-solving?

For interview transcripts: the candidate is whoever the roles mark as "rep". Each sentence
of theirs that frames selling as friendship/likeability ("I'm a people person", "people buy
from people they like") is ``relationship_first``; as diagnosis and revenue ("I quantify the
cost of the problem", "I care about closed revenue") ``problem_first``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from callcoach.detectors._patterns import LexiconDetector
from callcoach.detectors.registry import register

__all__ = ["MindsetDetector"]


@register
class MindsetDetector(LexiconDetector):
    """Candidate statements labelled relationship_first or problem_first."""

    name: ClassVar[str] = "mindset"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Interview statements framing sales as relationships/likeability (relationship_first) "
        "or as problem-solving/revenue (problem_first); the candidate is the 'rep' role."
    )
    lexicon: ClassVar[str] = "mindset"
    role: ClassVar[str | None] = "rep"
    confidence: ClassVar[Mapping[str, float]] = {
        "relationship_first": 0.75,
        "problem_first": 0.75,
    }
